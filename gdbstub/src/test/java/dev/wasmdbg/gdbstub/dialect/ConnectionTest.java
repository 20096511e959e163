package dev.wasmdbg.gdbstub.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acks and no-ack mode, malformed frames, one client at a time, and what a client that comes back
 * finds: the program as the last one left it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionTest {
    private static final String BUSY = "E.another debugger is connected to this wasmdbg server; only one client at a time";

    @Test
    void inAckModeEveryPacketIsAckedBeforeItsReply() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = RspClient.open(server.port())) {
            c.send("qC");
            assertThat(c.reply()).isEqualTo("QC1");
            assertThat(c.transcript()).isEqualTo("+$QC1#c5");
        }
    }

    @Test
    void inAckModeADamagedPacketIsNackedAndNotActedOn() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = RspClient.open(server.port())) {
            c.sendBadChecksum("k");
            assertThat(c.next(RspClient.REPLY)).isInstanceOf(RspClient.Nack.class);
            assertThat(c.nextReply(Duration.ofMillis(200))).isInstanceOf(RspClient.Silence.class);
            c.send("?");
            assertThat(c.reply()).startsWith("T05"); // not killed
        }
    }

    @Test
    void noAckModeSendsNoAcksAndAnswersDamagedPacketsWithAnError() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = RspClient.open(server.port())) {
            c.noAck();
            String before = c.transcript();
            assertThat(c.request("qC")).isEqualTo("QC1");
            assertThat(c.transcript().substring(before.length())).isEqualTo("$QC1#c5");
            c.sendBadChecksum("k");
            assertThat(c.reply()).matches(Replies.ERROR);
            c.sendFramed("m0,4}".getBytes(StandardCharsets.ISO_8859_1)); // an escape with nothing after it
            assertThat(c.reply()).matches(Replies.ERROR);
            c.sendFramed("*0".getBytes(StandardCharsets.ISO_8859_1)); // a repeat of nothing
            assertThat(c.reply()).matches(Replies.ERROR);
            c.sendFramed(new byte[0x20001]); // NULs, more than PacketSize
            assertThat(c.reply()).matches(Replies.ERROR);
            assertThat(c.request("?")).startsWith("T05");
        }
    }

    @Test
    void aSecondClientIsToldWhyAndTurnedAway() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient first = server.connect()) {
            try (RspClient second = RspClient.open(server.port())) {
                second.send("qSupported:multiprocess+");
                assertThat(second.awaitClosed(RspClient.REPLY)).isEqualTo(BUSY + "\n");
            }
            // LLDB's first packet: closed unanswered, LLDB then says so at once
            try (RspClient second = RspClient.open(server.port())) {
                second.send("QStartNoAckMode");
                assertThat(second.awaitClosed(RspClient.REPLY)).isEmpty();
            }
            assertThat(first.request("qC")).isEqualTo("QC1");
        }
    }

    @Test
    void aClientThatComesBackFindsTheProgramWhereItWas() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE)) {
            String stop;
            String stack;
            try (RspClient c = server.connect()) {
                long image = Replies.moduleBase(c);
                c.request("Z0," + Long.toHexString(image | Fact.LINE_22) + ",1");
                c.request("c");
                stop = c.request("c"); // the second of five hits
                stack = c.request("qWasmCallStack:1");
                c.request("M100,4:01020304");
            }
            try (RspClient c = server.connect()) {
                assertThat(c.request("?")).isEqualTo(stop);
                assertThat(c.request("qWasmCallStack:1")).isEqualTo(stack);
                assertThat(c.request("m100,4")).isEqualTo("01020304");
                assertThat(c.request("c")).as("the breakpoint left with its client").isEqualTo("W05");
            }
        }
    }

    @Test
    void theProgramIsPausedAtItsEntryTheMomentAClientIsServed() throws Exception {
        // no settling time: the first packets right after the handshake
        for (int i = 0; i < 10; i++) {
            try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = server.connect()) {
                assertThat(c.request("?")).startsWith("T05thread:1;");
            }
            try (ServerFixture server = ServerFixture.start(Fact.MODULE); RspClient c = server.connect()) {
                assertThat(c.request("c")).isEqualTo("W05");
            }
        }
    }

    @Test
    void aFinishedProgramIsStartedAgainPausedForTheNextClient() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE)) {
            try (RspClient c = server.connect()) {
                assertThat(c.request("c")).isEqualTo("W05");
            }
            try (RspClient c = server.connect()) {
                String entry = c.request("?");
                assertThat(Replies.fields(entry)).containsEntry("reason", "signal");
                assertThat(Replies.pc(entry) & 0xffffffffL).isEqualTo(Fact.entry());
                assertThat(Replies.pc(entry) & ~0xffffffffL).isEqualTo(Replies.moduleBase(c));
                assertThat(c.request("c")).isEqualTo("W05");
            }
        }
    }

    @Test
    void aKilledProgramIsStartedAgainPausedForTheNextClient() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE)) {
            try (RspClient c = server.connect()) {
                assertThat(c.request("k")).isEqualTo("X09");
            }
            try (RspClient c = server.connect()) {
                assertThat(Replies.pc(c.request("?")) & 0xffffffffL).isEqualTo(Fact.entry());
            }
        }
    }

    @Test
    void withAcksOnTheNextClientIsServedToo() throws Exception {
        try (ServerFixture server = ServerFixture.start(Fact.MODULE)) {
            server.connect().close();
            try (RspClient c = server.connectWithAcks()) {
                assertThat(c.request("qAttached")).isEqualTo("1");
            }
        }
    }
}
