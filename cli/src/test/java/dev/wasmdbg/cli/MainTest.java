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
    void aTrapExitsWith134AndPrintsASourceBacktrace() {
        // fact.c: ratio's `return a / b;` (line 35) traps; main calls it on line 69.
        assertThat(wasmdbg("run", TestModules.wasm("fact-O0.wasm").toString(), "--", "0")).isEqualTo(134);
        assertThat(err.toString()).startsWith("wasm trap: integer divide by zero\nbacktrace:\n")
                .containsPattern("#0 +ratio\\n +at /wasmdbg/test-modules/src/fact.c:35:")
                .containsPattern("#1 +__main_argc_argv\\n +at /wasmdbg/test-modules/src/fact.c:69:");
    }

    @Test
    void optimizedCodeShowsInlinedFrames() {
        // At -O2 ratio is inlined into main: one wasm frame, two source frames.
        assertThat(wasmdbg("run", TestModules.wasm("fact-O2.wasm").toString(), "--", "0")).isEqualTo(134);
        assertThat(err.toString()).containsPattern("#0 +ratio \\(inlined\\)\\n +at /wasmdbg/test-modules/src/fact.c:35:")
                .containsPattern("#1 +__main_argc_argv\\n +at /wasmdbg/test-modules/src/fact.c:69:");
    }

    @Test
    void rustPanicBacktraceNamesTheIndexingLine() {
        // panic.rs: pick (line 24) indexes items[index] on line 25; main calls it on line 40.
        assertThat(wasmdbg("run", TestModules.wasm("panic.wasm").toString(), "--", "7")).isEqualTo(134);
        assertThat(err.toString()).startsWith("wasm trap: unreachable executed")
                .containsPattern("#\\d+ +core::panicking::panic_bounds_check\\n")
                .containsPattern("#\\d+ +panic::pick\\n +at /wasmdbg/test-modules/src/panic.rs:25:")
                .containsPattern("#\\d+ +panic::main\\n +at /wasmdbg/test-modules/src/panic.rs:40:");
    }

    @Test
    void cppAbortBacktraceNamesTheTemplateMethodAndItsCaller() {
        // shapes.cpp: Stack<T>::at (line 34) calls vector::at, which aborts; main calls it on line 58.
        assertThat(wasmdbg("run", TestModules.wasm("shapes.wasm").toString(), "--", "9")).isEqualTo(134);
        assertThat(err.toString()).startsWith("wasm trap: unreachable executed")
                .containsPattern("#\\d+ +geo::Stack<int>::at\\(int\\) const\\n +at /wasmdbg/test-modules/src/shapes.cpp:34:")
                .containsPattern("#\\d+ +__main_argc_argv\\n +at /wasmdbg/test-modules/src/shapes.cpp:58:");
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
