package dev.wasmdbg.gdbstub.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.wasm.WasmFile;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * c, C, s, S, vCont, the interrupt byte, k and D: a resume is answered by the stop reply when the
 * program stops (not at once), a step by a trace stop one instruction on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResumeHandlersTest {
    private static final String EXITED = String.format("W%02x", Fact.EXIT_STATUS);

    @Test
    void continueRunsToTheExit() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = server.connect()) {
            assertThat(c.request("c")).isEqualTo(EXITED);
            assertThat(c.console()).contains("fact = 120\n", "sum of squares = 55\n", "point = (4, 6)\n");
            assertThat(c.request("?")).isEqualTo(EXITED);
            // nothing left to run: a resume is answered at once with how it ended
            assertThat(c.request("c")).isEqualTo(EXITED);
        }
    }

    @Test
    void vContContinueAndCWithASignalContinueToo() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = server.connect()) {
            long image = Replies.moduleBase(c);
            c.request("Z0," + Long.toHexString(image | Fact.LINE_22) + ",1");
            assertThat(c.request("vCont;c")).isEqualTo(Replies.breakpoint(image | Fact.LINE_22));
            assertThat(c.request("vCont;c:1")).isEqualTo(Replies.breakpoint(image | Fact.LINE_22));
            assertThat(c.request("vCont;c:-1")).isEqualTo(Replies.breakpoint(image | Fact.LINE_22));
            assertThat(c.request("C05")).isEqualTo(Replies.breakpoint(image | Fact.LINE_22));
            assertThat(c.request("vCont;C05:1")).isEqualTo(Replies.breakpoint(image | Fact.LINE_22));
            assertThat(c.request("c")).isEqualTo(EXITED);
        }
    }

    @Test
    void aResumeIsAnsweredOnlyWhenTheProgramStops() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE, "spin"); RspClient c = server.connect()) {
            c.send("c");
            assertThat(c.nextReply(Duration.ofMillis(300))).as("a reply to c while spinning")
                    .isInstanceOf(RspClient.Silence.class);
            c.interrupt();
            assertThat(Replies.fields(c.reply())).containsEntry("reason", "signal");
        }
    }

    @Test
    void stepRunsOneInstruction() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = server.connect()) {
            long image = Replies.moduleBase(c);
            // paused at the entry's first instruction, "call 7": a step goes into the callee
            long entry = Replies.pc(c.request("?"));
            assertThat(entry).isEqualTo(image | Fact.entry());
            assertThat(Fact.bytes()[(int) Fact.entry()]).as("call").isEqualTo((byte) 0x10);
            WasmFile file = Fact.file();
            int callee = Fact.bytes()[(int) Fact.entry() + 1];
            long calleeStart = file.firstInstruction(file.functionBodies().get(callee - file.importedFunctionCount()));
            assertThat(c.request("s")).isEqualTo(Replies.trace(image | calleeStart));
            assertThat(Replies.callStack(c.request("qWasmCallStack:1"))).hasSize(2);
        }
    }

    @Test
    void everyFormOfStepIsATraceStop() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = server.connect()) {
            long image = Replies.moduleBase(c);
            long pc = Replies.pc(c.request("?"));
            for (String step : new String[] {"s", "S05", "vCont;s", "vCont;s:1", "vCont;S05:1"}) {
                String reply = c.request(step);
                assertThat(Replies.fields(reply)).as(step).containsEntry("reason", "trace");
                long next = Replies.pc(reply);
                assertThat(next).as("%s moves the PC", step).isNotEqualTo(pc);
                assertThat(next & ~0xffffffffL).as("%s stays in the module", step).isEqualTo(image);
                pc = next;
            }
        }
    }

    @Test
    void interruptStopsASpinningProgramInItsLoop() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE, "spin"); RspClient c = server.connect()) {
            long image = Replies.moduleBase(c);
            c.send("vCont;c");
            ServerFixture.sleep(Duration.ofMillis(100));
            c.interrupt();
            String reply = c.reply();
            assertThat(reply).matches("T02thread:1;00:[0-9a-f]{16};reason:signal;");
            long pc = Replies.pc(reply);
            WasmFile.FunctionBody main = Fact.body("main");
            assertThat(pc & 0xffffffffL).isBetween((long) main.offset(), (long) main.end());
            assertThat(pc & ~0xffffffffL).isEqualTo(image);
            // and it goes on from there
            c.send("c");
            ServerFixture.sleep(Duration.ofMillis(50));
            c.interrupt();
            assertThat(c.reply()).startsWith("T02");
        }
    }

    @Test
    void anInterruptWhilePausedIsIgnored() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = server.connect()) {
            c.interrupt();
            assertThat(c.request("qC")).isEqualTo("QC1");
        }
    }

    @Test
    void killEndsTheProgram() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = server.connect()) {
            assertThat(c.request("k")).isEqualTo("X09");
            assertThat(c.request("?")).isEqualTo("X09");
        }
    }

    @Test
    void killEndsARunningProgram() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE, "spin"); RspClient c = server.connect()) {
            c.send("c");
            ServerFixture.sleep(Duration.ofMillis(100));
            assertThat(c.request("k")).isEqualTo("X09");
        }
    }

    @Test
    void detachAnswersOkThenHangsUpAndTheProgramStaysAsItWas() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE)) {
            String where;
            try (RspClient c = server.connect()) {
                long image = Replies.moduleBase(c);
                c.request("Z0," + Long.toHexString(image | Fact.LINE_22) + ",1");
                where = c.request("c");
                assertThat(where).isEqualTo(Replies.breakpoint(image | Fact.LINE_22));
                c.send("D");
                assertThat(c.awaitClosed(RspClient.REPLY)).isEqualTo("OK\n");
            }
            try (RspClient c = server.connect()) {
                assertThat(c.request("?")).isEqualTo(where);
            }
        }
    }
}
