package dev.wasmdbg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wasmdbg.testkit.TestModules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `wasmdbg serve --print-ide-config`: the launch.json it prints for the module and port it serves. */
class ServeCommandTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /**
     * Runs {@code wasmdbg serve --once --port 0 --print-ide-config ARGS} until it has printed its
     * configuration, then ends it the way {@code --once} allows: one client comes and goes.
     */
    PrintedConfig serve(String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of("serve", "--once", "--port", "0", "--print-ide-config"));
        line.addAll(List.of(args));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.execute(
                new PrintWriter(out, true), new PrintWriter(err, true), line.toArray(String[]::new)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        PrintedConfig printed = null;
        while (printed == null) {
            assertThat(exit).as("serve ended early; stderr: %s", err).isNotDone();
            assertThat(System.nanoTime()).as("no launch.json within 30 s; printed:\n%s", out).isLessThan(deadline);
            printed = PrintedConfig.parse(out.toString()).orElse(null);
            Thread.sleep(20);
        }
        try (Socket client = new Socket("127.0.0.1", printed.port())) {
            assertThat(client.isConnected()).isTrue();
        }
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        return printed;
    }

    @Test
    void forAModuleItPrintsAnAttachConfigurationWithItsAbsolutePathAndThePortServed() throws Exception {
        Path module = TestModules.wasm("fact-O0.wasm").toAbsolutePath().normalize();
        Path relative = Path.of("").toAbsolutePath().relativize(module); // VS Code runs lldb-dap elsewhere
        PrintedConfig printed = serve(relative.toString());

        assertThat(printed.launchJson().get("version").asText()).isEqualTo("0.2.0");
        assertThat(printed.launchJson().get("configurations")).hasSize(1);
        JsonNode config = printed.configuration();
        assertThat(config.get("type").asText()).isEqualTo("lldb-dap");
        assertThat(config.get("request").asText()).isEqualTo("attach");
        assertThat(config.get("program").asText()).isEqualTo(module.toString());
        assertThat(texts(config.get("attachCommands")))
                .containsExactly("process connect -p wasm connect://127.0.0.1:" + printed.port());
        assertThat(config.has("sourceMap")).as("no mapping unless asked for").isFalse();
    }

    @Test
    void theDemoMapsItsDebugInfoPathsToTheSourcesItExtracted() throws Exception {
        PrintedConfig printed = serve();

        JsonNode config = printed.configuration();
        Path program = Path.of(config.get("program").asText());
        assertThat(program).isAbsolute().isRegularFile();
        Path dir = program.getParent();
        // clang-22 built the demo in /wasmdbg/test-modules: src/fact.c there is src/fact.c here.
        assertThat(config.get("sourceMap")).hasSize(1);
        assertThat(texts(config.get("sourceMap").get(0))).containsExactly("/wasmdbg/test-modules", dir.toString());
        assertThat(dir.resolve("src/fact.c")).hasSameTextualContentAs(TestModules.source("fact.c"));
        assertThat(printed.lldbLine()).endsWith("-o \"settings set target.source-map /wasmdbg/test-modules " + dir + "\"");
    }

    @Test
    void sourceMapPrefixesAreKeptInOrderWithAbsoluteTargets() throws Exception {
        Path module = TestModules.wasm("fact-O0.wasm");
        Path here = Path.of("").toAbsolutePath();
        PrintedConfig printed = serve("--source-map-prefix", "/build/src=checkout/src",
                "--source-map-prefix", "/usr/lib/wasi=/opt/wasi", module.toString());

        JsonNode pairs = printed.configuration().get("sourceMap");
        assertThat(pairs).hasSize(2);
        assertThat(texts(pairs.get(0))).containsExactly("/build/src", here.resolve("checkout/src").toString());
        assertThat(texts(pairs.get(1))).containsExactly("/usr/lib/wasi", "/opt/wasi");
        // One `settings set`: a second one would replace the first mapping in LLDB.
        assertThat(printed.lldbLine()).endsWith("-o \"settings set target.source-map /build/src "
                + here.resolve("checkout/src") + " /usr/lib/wasi /opt/wasi\"");
    }

    @Test
    void withoutTheOptionNoConfigurationIsPrinted() throws Exception {
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.execute(new PrintWriter(out, true),
                new PrintWriter(err, true), "serve", "--once", "--port", "0", TestModules.wasm("fact-O0.wasm").toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!out.toString().contains("lldb-22 ")) {
            assertThat(System.nanoTime()).as("nothing served within 30 s; stderr: %s", err).isLessThan(deadline);
            Thread.sleep(20);
        }
        int port = Integer.parseInt(out.toString().replaceFirst("(?s).*127\\.0\\.0\\.1:(\\d+).*", "$1"));
        new Socket("127.0.0.1", port).close();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString()).doesNotContain("launch.json").doesNotContain("{");
    }

    @Test
    void aPortInUseIsOneLineAndExitStatus1() throws Exception {
        // The IDE's launch.json names a fixed port (3000), so a second server there is a likely mistake.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "serve", "--port",
                    String.valueOf(taken.getLocalPort()), TestModules.wasm("fact-O0.wasm").toString());
            assertThat(exit).isEqualTo(ExitCodes.FAILED);
            assertThat(err.toString()).startsWith("wasmdbg: cannot serve on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .contains("in use");
            assertThat(err.toString().lines()).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-equals-sign", "=/only/to", "/only/from="})
    void aSourceMapPrefixThatIsNotFromEqualsToIsAUsageError(String bad) {
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "serve", "--source-map-prefix", bad, TestModules.wasm("fact-O0.wasm").toString());
        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("Invalid value for option '--source-map-prefix' (FROM=TO): '"
                + bad + "' is not FROM=TO: ");
        assertThat(out.toString()).as("nothing served").isEmpty();
    }

    @Test
    void helpSaysItPrintsTheConfigurationThenServes() {
        assertThat(Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "serve", "--help")).isZero();
        assertThat(out.toString()).contains("--print-ide-config").contains("launch.json")
                .contains("then serve as usual").contains("--source-map-prefix=FROM=TO");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(e -> texts.add(e.asText()));
        return texts;
    }
}
