package dev.wasmdbg.gdbstub.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "monitor restart" (qRcmd,72657374617274) from every state the program can be in: answered within
 * a second, and afterwards the program is where it was at the first connect, at the same address
 * (same module id), with the client's breakpoints still in place, and nothing of the old run ever
 * reported.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestartTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(1);

    /** One client on a server, with what it saw at connect. */
    private record Connected(ServerFixture server, RspClient client, String entry, long image, long move)
            implements AutoCloseable {
        static Connected to(String... args) throws Exception {
            ServerFixture server = ServerFixture.start(Fact.MODULE, args);
            RspClient client = server.connect();
            String entry = client.request("?");
            long image = Replies.moduleBase(client);
            assertThat(entry).isEqualTo(Replies.stop("05", image | Fact.entry(), "reason:signal;"));
            long move = image | Fact.moveStart(); // move() runs once, before anything else the args choose
            assertThat(client.request("Z0," + Long.toHexString(move) + ",1")).isEqualTo("OK");
            return new Connected(server, client, entry, image, move);
        }

        void restartsAsNew() throws Exception {
            assertThat(Replies.monitor(client, "restart", PROMPTLY)).contains("restarted");
            assertThat(client.request("?", PROMPTLY)).as("the entry stop, same module id").isEqualTo(entry);
            assertThat(Replies.moduleBase(client)).as("module id").isEqualTo(image);
            assertThat(client.nextReply(Duration.ofMillis(300))).as("anything of the old run")
                    .isInstanceOf(RspClient.Silence.class);
            assertThat(client.request("c", PROMPTLY)).as("the breakpoint set before").isEqualTo(Replies.breakpoint(move));
        }

        @Override
        public void close() throws IOException {
            client.close();
            server.close();
        }
    }

    @Test
    void atTheFirstInstruction() throws Exception {
        try (Connected c = Connected.to("spin")) {
            c.restartsAsNew();
        }
    }

    @Test
    void atABreakpoint() throws Exception {
        try (Connected c = Connected.to("spin")) {
            assertThat(c.client().request("c")).isEqualTo(Replies.breakpoint(c.move()));
            c.restartsAsNew();
        }
    }

    @Test
    void whileRunning() throws Exception {
        try (Connected c = Connected.to("spin")) {
            assertThat(c.client().request("c")).isEqualTo(Replies.breakpoint(c.move()));
            c.client().send("c"); // into the spin loop, for good
            assertThat(c.client().nextReply(Duration.ofMillis(200))).isInstanceOf(RspClient.Silence.class);
            // after the restart's OK, no stop reply of the killed run: the next reply to ? is the entry
            c.restartsAsNew();
        }
    }

    @Test
    void afterTheProgramExited() throws Exception {
        try (Connected c = Connected.to("loop", "0")) {
            assertThat(c.client().request("c")).isEqualTo(Replies.breakpoint(c.move()));
            assertThat(c.client().request("c")).isEqualTo("W00");
            c.restartsAsNew();
        }
    }

    @Test
    void afterATrap() throws Exception {
        try (Connected c = Connected.to("0")) {
            assertThat(c.client().request("c")).isEqualTo(Replies.breakpoint(c.move()));
            assertThat(c.client().request("c")).startsWith("T08");
            c.restartsAsNew();
        }
    }

    @Test
    void afterTheTrapEndedTheProgram() throws Exception {
        try (Connected c = Connected.to("0")) {
            c.client().request("c");
            assertThat(c.client().request("c")).startsWith("T08");
            assertThat(c.client().request("c")).startsWith("X08");
            c.restartsAsNew();
        }
    }

    @Test
    void twiceInARow() throws Exception {
        try (Connected c = Connected.to("spin")) {
            assertThat(c.client().request("c")).isEqualTo(Replies.breakpoint(c.move()));
            assertThat(Replies.monitor(c.client(), "restart", PROMPTLY)).contains("restarted");
            c.restartsAsNew();
            c.restartsAsNew();
        }
    }

    @Test
    void theNextClientFindsTheRestartedProgram() throws Exception {
        try (Connected c = Connected.to("spin")) {
            assertThat(c.client().request("c")).isEqualTo(Replies.breakpoint(c.move()));
            c.restartsAsNew();
            c.client().close();
            try (RspClient next = c.server().connect()) {
                assertThat(next.request("?")).isEqualTo(Replies.breakpoint(c.move()));
                assertThat(Replies.moduleBase(next)).isEqualTo(c.image());
            }
        }
    }
}
