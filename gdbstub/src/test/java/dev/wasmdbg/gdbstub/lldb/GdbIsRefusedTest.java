package dev.wasmdbg.gdbstub.lldb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.gdbstub.GdbServer;
import dev.wasmdbg.testkit.ExternalTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GDB has no WebAssembly architecture: its first packet (qSupported with qRelocInsn+, which LLDB
 * never sends) is answered with an error whose text GDB shows, and the connection is closed.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GdbIsRefusedTest {
    private static final String TEXT = "wasmdbg speaks LLDB's WebAssembly dialect and GDB has no WebAssembly "
            + "architecture. Use LLDB 22 or newer: lldb -o \"process connect -p wasm connect://HOST:PORT\"";

    @Test
    void gdbsHandshakeGetsTheReasonAndTheConnectionEnds() throws Exception {
        try (GdbServer server = Lldb.serve("fact-O0.wasm"); RawClient gdb = new RawClient(server.port())) {
            // what GDB 13 sends first (abridged)
            gdb.send("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;vfork-events+;exec-events+");
            String reply = gdb.readToEnd();
            assertThat(reply).startsWith("+$E." + TEXT + "#");
        }
    }

    @Test
    void gdbShowsWhy() throws Exception {
        // GDB is optional, even in CI (.ci/install-tools does not install it): the exact reply is
        // checked above without it
        Path gdb = ExternalTool.find("gdb").orElse(null);
        Assumptions.assumeTrue(gdb != null, "gdb is not on PATH (Debian package: gdb); skipped");
        try (GdbServer server = Lldb.serve("fact-O0.wasm")) {
            ExternalTool.Result r = ExternalTool.run(List.of(gdb.toString(), "-batch", "-nx", "-ex",
                    "target remote 127.0.0.1:" + server.port()), Path.of("."), "", Duration.ofSeconds(60));
            String out = r.stdout() + r.stderr();
            System.out.println("---- gdb ----\n" + out + "----");
            assertThat(out).contains("Remote failure reply: E." + TEXT);
            // then the connection is gone: GDB says "Remote connection closed", or, when it was
            // writing at that moment, "Remote communication error.  Target disconnected.: Broken pipe."
            assertThat(out).containsAnyOf("Remote connection closed", "Target disconnected");
            assertThat(out).doesNotContain("Remote register badly formatted"); // it went no further
            // the server goes on serving LLDB
            Lldb.Transcript t = Lldb.runOnceFree(server, "bt");
            assertThat(t.of("bt")).contains("fact-O0.wasm`_start.command_export");
        }
    }
}
