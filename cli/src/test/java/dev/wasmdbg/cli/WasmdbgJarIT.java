package dev.wasmdbg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.testkit.ExternalTool;
import dev.wasmdbg.testkit.TestModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shaded jar, run as users run it: a separate JVM, real stdio and exit codes. */
class WasmdbgJarIT {
    static final Path JAR = Path.of("target", "wasmdbg.jar").toAbsolutePath();

    static ExternalTool.Result wasmdbg(String... args) {
        assertThat(JAR).exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return ExternalTool.run(command, TestModules.dir(), "", Duration.ofMinutes(2));
    }

    @Test
    void withNoArgumentsItRunsTheBundledDemo() {
        var result = wasmdbg();
        assertThat(result.stdout()).isEqualTo("fact = 120\nsum of squares = 55\npoint = (4, 6)\n");
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.stderr()).contains("the demo exited with code 5");
    }

    @Test
    void runForwardsStdoutStderrAndTheExitCode() {
        var rust = wasmdbg("run", "wasm/panic.wasm", "--", "7");
        assertThat(rust.stdout()).isEqualTo("ferris has 66 after 3 deposits\n");
        assertThat(rust.stderr()).contains("index out of bounds: the len is 3 but the index is 7")
                .contains("wasm trap: unreachable executed").contains("panic::pick");
        assertThat(rust.exitCode()).isEqualTo(134);

        var c = wasmdbg("run", "wasm/fact-O2.wasm", "--", "4");
        assertThat(c.stdout()).endsWith("720 / 4 = 180\n");
        assertThat(c.exitCode()).isEqualTo(5);
    }

    @Test
    void runPassesEnvironmentAndPreopenedDirectories() throws Exception {
        // fact.c ignores both, so check the plumbing on a module that only needs them accepted.
        var result = wasmdbg("run", "--env", "A=B", "--dir", "/data=" + Files.createTempDirectory("wasmdbg"),
                "wasm/fact-O0.wasm");
        assertThat(result.exitCode()).isEqualTo(5);
    }
}
