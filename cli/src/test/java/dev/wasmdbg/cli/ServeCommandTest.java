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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
        List<String> line = new ArrayList<>(List.of("--print-ide-config"));
        line.addAll(List.of(args));
        return PrintedConfig.parse(serveUntil(text -> PrintedConfig.parse(text).isPresent(), line.toArray(String[]::new)))
                .orElseThrow();
    }

    /**
     * Runs {@code wasmdbg serve --once --port 0 ARGS} until what it printed is {@code ready}, then
     * connects where its lldb-22 line connects, so that it ends; what it printed.
     */
    String serveUntil(Predicate<String> ready, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of("serve", "--once", "--port", "0"));
        line.addAll(List.of(args));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.execute(
                new PrintWriter(out, true), new PrintWriter(err, true), line.toArray(String[]::new)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!ready.test(out.toString())) {
            assertThat(exit).as("serve ended early; stderr: %s", err).isNotDone();
            assertThat(System.nanoTime()).as("not ready within 30 s; printed:\n%s", out).isLessThan(deadline);
            Thread.sleep(20);
        }
        Matcher connect = CONNECT.matcher(out.toString());
        assertThat(connect.find()).as("a connect:// in %s", out).isTrue();
        try (Socket client = new Socket(connect.group(1).replaceAll("^\\[|\\]$", ""), Integer.parseInt(connect.group(2)))) {
            assertThat(client.isConnected()).isTrue();
        }
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        return out.toString();
    }

    private static final Pattern CONNECT = Pattern.compile("connect://(\\[[^\\]]*\\]|[^:\"]+):(\\d+)");

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
    void pathsWithSpacesAreQuotedForLldbAndTheWholeCommandForTheShell() throws Exception {
        Path module = TestModules.wasm("fact-O0.wasm");
        PrintedConfig printed = serve("--source-map-prefix", "/build dir/x=/tmp/my src", module.toString());

        // LLDB splits its commands at spaces outside double quotes; the shell's double quotes would
        // take LLDB's away, so the command goes in single quotes.
        assertThat(printed.lldbLine()).isEqualTo("lldb-22 -o \"process connect -p wasm connect://127.0.0.1:"
                + printed.port() + "\" -o 'settings set target.source-map \"/build dir/x\" \"/tmp/my src\"'");
        // launch.json has no such problem: each path is a JSON string of its own.
        assertThat(texts(printed.configuration().get("sourceMap").get(0))).containsExactly("/build dir/x", "/tmp/my src");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
        "/wasmdbg/test-modules       | /wasmdbg/test-modules",     // one word for LLDB: as it is
        "/build dir/x                | \"/build dir/x\"",
        "/it's \"q\"                  | \"/it's \\\"q\\\"\"",       // LLDB unescapes \" in double quotes,
        "C:\\src\\a b                 | \"C:\\\\src\\\\a b\"",      // and \\,
        "/b`t                        | \"/b\\`t\"",                 // and \` (a bare ` starts an expression)
        "^^                          | \"\""})
    void anLldbArgumentIsBareOrInDoubleQuotesWithBackslashEscapes(String path, String quoted) {
        assertThat(ServeCommand.lldbQuote(path)).isEqualTo(quoted);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
        "process connect -p wasm connect://[::1]:3000 | \"process connect -p wasm connect://[::1]:3000\"",
        "settings set target.source-map \"/a b\" /c   | 'settings set target.source-map \"/a b\" /c'",
        "it's $HOME!                                  | 'it'\\''s $HOME!'"})
    void aShellWordIsInDoubleQuotesUnlessSomethingInItWouldExpandThere(String word, String quoted) {
        assertThat(ServeCommand.shellQuote(word)).isEqualTo(quoted);
    }

    @Test
    void theLldbLineIsTheseWordsToAPosixShell() throws Exception {
        Path sh = Path.of("/bin/sh");
        Assumptions.assumeTrue(Files.isExecutable(sh), "no /bin/sh");
        List<SourceMapping> mappings = List.of(new SourceMapping("/build dir/it's \"x\"", Path.of("/tmp/b`q$HOME\\ !")));
        String connect = "process connect -p wasm connect://[::1]:3000";
        String line = ServeCommand.lldbLine(connect, mappings);
        // The shell's words after lldb-22, one a line.
        Process printf = new ProcessBuilder(sh.toString(), "-c", "printf '%s\\n' " + line.substring("lldb-22 ".length()))
                .redirectErrorStream(true).start();
        String words = new String(printf.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(printf.waitFor()).isZero();
        assertThat(words.lines()).containsExactly("-o", connect, "-o",
                "settings set target.source-map \"/build dir/it's \\\"x\\\"\" \"/tmp/b\\`q$HOME\\\\ !\"");
    }

    @Test
    void anIpv6AddressIsInBracketsInTheUrls() throws Exception {
        assumeIpv6Loopback();
        PrintedConfig printed = serve("--host", "::1", TestModules.wasm("fact-O0.wasm").toString());

        String connect = "process connect -p wasm connect://[::1]:" + printed.port();
        assertThat(texts(printed.configuration().get("attachCommands"))).containsExactly(connect);
        assertThat(printed.lldbLine()).isEqualTo("lldb-22 -o \"" + connect + "\"");
        assertThat(out.toString()).contains(" on [::1]:" + printed.port() + "\n").doesNotContain("another machine");
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0, 127.0.0.1", "::, [::1]"})
    void onAWildcardAddressTheUrlsNameLoopbackAndALineSaysWhatToUseFromElsewhere(String host, String loopback)
            throws Exception {
        if (host.contains(":")) {
            assumeIpv6Loopback();
        }
        PrintedConfig printed = serve("--host", host, TestModules.wasm("fact-O0.wasm").toString());

        String connect = "process connect -p wasm connect://" + loopback + ":" + printed.port();
        assertThat(texts(printed.configuration().get("attachCommands"))).containsExactly(connect);
        assertThat(printed.lldbLine()).isEqualTo("lldb-22 -o \"" + connect + "\"");
        assertThat(out.toString()).contains("\n  " + printed.lldbLine() + "\n(from another machine, write this machine's"
                + " name or address instead of " + loopback + ")\n");
    }

    @Test
    void ideConfigOutWritesJustTheLaunchJsonAsPrinted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".vscode/launch.json"); // .vscode/ does not exist yet
        PrintedConfig printed = serve("--ide-config-out", file.toString(), "--source-map-prefix", "/build dir=/src",
                TestModules.wasm("fact-O0.wasm").toString());

        String json = out.toString().substring(out.toString().indexOf("\n{") + 1);
        assertThat(file).content().isEqualTo(json);
        assertThat(PrintedConfig.JSON.readTree(file.toFile())).isEqualTo(printed.launchJson());
        assertThat(out.toString()).contains("\nVS Code's launch.json (LLDB DAP extension) written to " + file + "\n");
    }

    @Test
    void ideConfigOutAloneKeepsTheJsonOffStdout(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("launch.json");
        Files.writeString(file, "an older file, replaced");
        String printed = serveUntil(text -> text.contains(" written to "), "--ide-config-out", file.toString(),
                TestModules.wasm("fact-O0.wasm").toString());

        assertThat(printed).doesNotContain("{").contains("lldb-22 -o ").endsWith(" written to " + file + "\n");
        JsonNode config = PrintedConfig.JSON.readTree(file.toFile()).get("configurations").get(0);
        int port = Integer.parseInt(printed.replaceFirst("(?s).*127\\.0\\.0\\.1:(\\d+).*", "$1"));
        assertThat(texts(config.get("attachCommands"))).containsExactly("process connect -p wasm connect://127.0.0.1:" + port);
    }

    @Test
    void anIdeConfigOutThatCannotBeWrittenIsOneLineAndExitStatus1(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "");
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "serve", "--port", "0",
                "--ide-config-out", notADirectory.resolve("launch.json").toString(), TestModules.wasm("fact-O0.wasm").toString());
        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).isEqualTo("wasmdbg: cannot write " + notADirectory.resolve("launch.json")
                + ": FileAlreadyExists: " + notADirectory + System.lineSeparator());
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(out.toString()).as("nothing served").isEmpty();
    }

    private static void assumeIpv6Loopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            assertThat(socket.isBound()).isTrue();
        } catch (Exception e) {
            Assumptions.abort("no IPv6 loopback here: " + e);
        }
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
                .contains("then serve as usual").contains("--source-map-prefix=FROM=TO").contains("--ide-config-out=FILE");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(e -> texts.add(e.asText()));
        return texts;
    }
}
