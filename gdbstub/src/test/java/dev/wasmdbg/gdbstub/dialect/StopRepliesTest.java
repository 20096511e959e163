package dev.wasmdbg.gdbstub.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of stop, as its exact reply: T packets with signal, thread, PC and reason; W for an
 * exit with its status, X for a program ended by a signal (a trap continued, a kill).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StopRepliesTest {
    private static final String DESCRIPTION = "description:" + RspClient.hex(Fact.DIVIDE_BY_ZERO) + ";";

    @Test
    void entry() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = server.connect()) {
            long image = Replies.moduleBase(c);
            assertThat(c.request("?")).isEqualTo(Replies.stop("05", image | Fact.entry(), "reason:signal;"));
        }
    }

    @Test
    void breakpoint() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = server.connect()) {
            long image = Replies.moduleBase(c);
            c.request("Z0," + Long.toHexString(image | Fact.LINE_22) + ",1");
            String expected = "T05thread:1;00:" + RspClient.littleEndian(image | Fact.LINE_22, 8) + ";reason:breakpoint;";
            assertThat(c.request("c")).isEqualTo(expected);
            assertThat(c.request("?")).as("? repeats the last stop").isEqualTo(expected);
        }
    }

    @Test
    void step() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = server.connect()) {
            assertThat(c.request("s")).matches("T05thread:1;00:[0-9a-f]{16};reason:trace;");
        }
    }

    @Test
    void interrupt() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE, "spin"); RspClient c = server.connect()) {
            c.send("c");
            ServerFixture.sleep(Duration.ofMillis(100));
            c.interrupt();
            assertThat(c.reply()).matches("T02thread:1;00:[0-9a-f]{16};reason:signal;");
        }
    }

    @Test
    void trapThenItsEnd() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE, "0"); RspClient c = server.connect()) {
            long image = Replies.moduleBase(c);
            // SIGFPE, stopped at the dividing instruction with every frame still there
            String trap = Replies.stop("08", image | Fact.DIVIDE, "reason:exception;" + DESCRIPTION);
            assertThat(c.request("c")).isEqualTo(trap);
            assertThat(c.request("?")).isEqualTo(trap);
            // a trap cannot be resumed: continuing ends the program with its signal
            assertThat(c.request("c")).isEqualTo("X08;" + DESCRIPTION);
            assertThat(c.request("?")).isEqualTo("X08;" + DESCRIPTION);
        }
    }

    @Test
    void steppingFromATrapEndsTheProgramToo() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE, "0"); RspClient c = server.connect()) {
            assertThat(c.request("c")).startsWith("T08");
            assertThat(c.request("s")).isEqualTo("X08;" + DESCRIPTION);
        }
    }

    @Test
    void exitWithTheProgramsStatus() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = server.connect()) {
            assertThat(c.request("c")).isEqualTo("W05"); // return counter: 5 squares
        }
    }

    @Test
    void exitZero() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE, "loop", "0"); RspClient c = server.connect()) {
            assertThat(c.request("c")).isEqualTo("W00");
        }
    }

    @Test
    void kill() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = server.connect()) {
            assertThat(c.request("k")).isEqualTo("X09");
        }
    }
}
