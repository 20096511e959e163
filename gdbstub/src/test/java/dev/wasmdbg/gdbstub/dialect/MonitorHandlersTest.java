package dev.wasmdbg.gdbstub.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** qRcmd (LLDB's "process plugin packet monitor"): the text as console output packets, then OK. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MonitorHandlersTest extends OneClientTest {
    @Test
    void helpListsTheCommands() throws Exception {
        String text = Replies.monitor(client, "help", RspClient.REPLY);
        assertThat(text).startsWith("wasmdbg monitor commands:\n").contains("  info ", "  symbolize ADDRESS ",
                "  restart ", "  help ");
    }

    @Test
    void anUnknownCommandGetsTheHelp() throws Exception {
        assertThat(Replies.monitor(client, "frobnicate now", RspClient.REPLY)).startsWith("wasmdbg monitor commands:\n");
        assertThat(Replies.monitor(client, "", RspClient.REPLY)).startsWith("wasmdbg monitor commands:\n");
    }

    @Test
    void infoDescribesTheModule() throws Exception {
        String text = Replies.monitor(client, "info", RspClient.REPLY);
        assertThat(text).startsWith("module: " + ServerFixture.path(Fact.MODULE) + "\n")
                .contains("\nidentity: ", "\ndebug information: ", "\nsession: ")
                .contains("(paused)");
    }

    @Test
    void symbolizeACodeAddressOrAFileOffset() throws Exception {
        long image = Replies.moduleBase(client);
        String lldb = Replies.monitor(client, "symbolize 0x" + Long.toHexString(image | Fact.LINE_22), RspClient.REPLY);
        assertThat(lldb).startsWith("sum_squares at ").contains("fact.c:22:");
        assertThat(Replies.monitor(client, "symbolize " + Long.toHexString(Fact.LINE_22), RspClient.REPLY))
                .isEqualTo(lldb);
    }

    @Test
    void symbolizeExplainsBadInput() throws Exception {
        assertThat(Replies.monitor(client, "symbolize", RspClient.REPLY)).startsWith("usage: symbolize ADDRESS");
        assertThat(Replies.monitor(client, "symbolize 0xnothex", RspClient.REPLY)).isEqualTo("not an address: 0xnothex\n");
    }

    @Test
    void textThatIsNotHexIsAnError() throws Exception {
        assertThat(client.request("qRcmd,zz")).matches(Replies.ERROR);
        assertThat(client.request("qRcmd,abc")).matches(Replies.ERROR);
        assertThat(client.request("qC")).isEqualTo("QC1");
    }
}
