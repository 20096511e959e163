package dev.wasmdbg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.testkit.TestModules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's own answers: usage errors, help, exit codes passed through. */
class MainTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int wasmdbg(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void runPassesTheProgramsExitCodeThrough() {
        assertThat(wasmdbg("run", TestModules.wasm("fact-O0.wasm").toString())).isEqualTo(5);
        assertThat(wasmdbg("run", TestModules.wasm("shapes.wasm").toString())).isZero();
    }

    @Test
    void aTrapExitsWith134AndSaysWhy() {
        assertThat(wasmdbg("run", TestModules.wasm("fact-O0.wasm").toString(), "--", "0")).isEqualTo(134);
        assertThat(err.toString()).contains("wasmdbg: the program trapped: integer divide by zero");
    }

    @Test
    void aMissingModuleIsAUsageError() {
        assertThat(wasmdbg("run", "no/such/module.wasm")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("wasmdbg: no such module: no/such/module.wasm" + System.lineSeparator());
    }

    @Test
    void aFileThatIsNotWasmIsAUsageError(@TempDir Path dir) throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus.wasm"), "this is text");
        assertThat(wasmdbg("run", bogus.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("wasmdbg: " + bogus + " is not a valid wasm module: ");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(wasmdbg("--help")).isZero();
        assertThat(out.toString()).contains("run").contains("bundled demo");
    }

    @Test
    void theDemoModuleIsBundled() {
        byte[] demo = Demo.moduleBytes();
        assertThat(demo).startsWith(0x00, 'a', 's', 'm');
    }
}
