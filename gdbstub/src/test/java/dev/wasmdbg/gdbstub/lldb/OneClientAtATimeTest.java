package dev.wasmdbg.gdbstub.lldb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.gdbstub.GdbServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** While a debugger is connected, another one is turned away at once, and the first is undisturbed. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OneClientAtATimeTest {

    @Test
    void aSecondRawClientIsToldWhyAndDisconnected() throws Exception {
        try (GdbServer server = Lldb.serve("fact-O0.wasm"); RawClient first = new RawClient(server.port())) {
            first.send("?");
            assertThat(first.readUntil("#")).startsWith("+$T05thread:1;");
            try (RawClient second = new RawClient(server.port())) {
                second.send("qSupported:swbreak+");
                assertThat(second.readToEnd()).isEqualTo("+$E.another debugger is connected to this wasmdbg "
                        + "server; only one client at a time#" + checksum("E.another debugger is connected to this "
                        + "wasmdbg server; only one client at a time"));
            }
            // the first client is still served
            first.send("qfThreadInfo");
            assertThat(first.readUntil("#")).endsWith("$m1#");
        }
    }

    @Test
    void aSecondLldbFailsFastAndTheFirstGoesOn() throws Exception {
        try (GdbServer server = Lldb.serve("fact-O0.wasm")) {
            try (RawClient first = new RawClient(server.port())) {
                first.send("?");
                first.readUntil("#");
                // LLDB's first packet is QStartNoAckMode, and nothing of an error's text reaches its
                // user at that point: the connection is closed unanswered, and LLDB says so at once.
                for (int attempt = 0; attempt < 5; attempt++) {
                    Lldb.Transcript t = Lldb.run(server, List.of("bt"), List.of(), Duration.ofSeconds(15));
                    assertThat(t.text()).contains("error: Connection shut down by remote side while waiting for "
                            + "reply to initial handshake packet");
                    assertThat(t.exitCode()).isNotZero();
                }
            }
            Lldb.Transcript t = Lldb.runOnceFree(server, "bt");
            assertThat(t.of("bt")).contains("fact-O0.wasm`_start.command_export");
        }
    }

    private static String checksum(String payload) {
        int sum = 0;
        for (char c : payload.toCharArray()) {
            sum += c;
        }
        return String.format("%02x", sum & 0xff);
    }
}
