package dev.wasmdbg.gdbstub.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The query packets LLDB sends while connecting, and how errors and unknown packets are answered. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BaseHandlersTest extends OneClientTest {
    @Test
    void qSupportedListsWhatTheServerDoes() throws Exception {
        assertThat(client.request("qSupported:xmlRegisters=wasm;multiprocess+;swbreak+"))
                .isEqualTo("PacketSize=20000;qXfer:libraries:read+;vContSupported+;QStartNoAckMode+");
    }

    @Test
    void qProcessInfoDescribesAWasm32Process() throws Exception {
        assertThat(client.request("qProcessInfo")).isEqualTo("pid:1;ppid:1;uid:1;gid:1;euid:1;egid:1;name:"
                + RspClient.hex("fact-O0") + ";triple:" + RspClient.hex("wasm32-unknown-unknown-wasm") + ";ptrsize:4;");
    }

    @Test
    void theOnlyRegisterIsThePc() throws Exception {
        assertThat(client.request("qRegisterInfo0")).isEqualTo("name:pc;alt-name:pc;bitsize:64;offset:0;"
                + "encoding:uint;format:hex;set:General Purpose Registers;gcc:16;dwarf:16;generic:pc;");
        // LLDB asks for registers 0, 1, ... until an error
        assertThat(client.request("qRegisterInfo1")).isEqualTo("E45");
        assertThat(client.request("qRegisterInfo2a")).isEqualTo("E45");
    }

    @Test
    void gAndP0ReadThePcOfTheStop() throws Exception {
        long pc = Replies.pc(client.request("?"));
        String le = RspClient.littleEndian(pc, 8);
        assertThat(client.request("g")).isEqualTo(le);
        assertThat(client.request("p0")).isEqualTo(le);
        assertThat(client.request("p0;thread:1;")).isEqualTo(le);
        assertThat(client.request("p1")).isEqualTo("E45");
    }

    @Test
    void oneThreadAttached() throws Exception {
        assertThat(client.request("qfThreadInfo")).isEqualTo("m1");
        assertThat(client.request("qsThreadInfo")).isEqualTo("l");
        assertThat(client.request("qC")).isEqualTo("QC1");
        assertThat(client.request("qAttached")).isEqualTo("1");
    }

    @Test
    void vContQueryListsTheActions() throws Exception {
        assertThat(client.request("vCont?")).isEqualTo("vCont;c;C;s;S;t");
    }

    @Test
    void unknownPacketsGetTheEmptyReply() throws Exception {
        assertThat(client.request("vMustReplyEmpty")).isEmpty();
        assertThat(client.request("qThisIsNotAPacket")).isEmpty();
        assertThat(client.request("jThreadsInfo")).isEmpty();
        // still answering
        assertThat(client.request("qC")).isEqualTo("QC1");
    }

    @Test
    void errorsCarryTheirTextOnlyAfterQEnableErrorStrings() throws Exception {
        assertThat(client.request("mzz,4")).matches("E[0-9a-f]{2}");
        assertThat(client.request("QEnableErrorStrings")).isEqualTo("OK");
        String reply = client.request("mzz,4");
        assertThat(reply).matches("E[0-9a-f]{2};([0-9a-f]{2})+");
        assertThat(Replies.errorText(reply)).contains("zz");
        assertThat(Replies.errorText(client.request("qWasmLocal:x;0"))).isNotBlank();
    }
}
