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
    void withNoArgumentsItServesTheDemoAndPrintsTheLldbLine() throws Exception {
        // The main job binds 127.0.0.1:3000; it must print the exact lldb-22 line and answer the
        // protocol there: the stop reply of a program paused at its first instruction.
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()).redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()))) {
            String lldbLine = null;
            for (String line; (line = out.readLine()) != null; ) {
                if (line.trim().startsWith("lldb-22 ")) {
                    lldbLine = line.trim();
                    break;
                }
            }
            assertThat(lldbLine).startsWith("lldb-22 -o \"process connect -p wasm connect://127.0.0.1:3000\"")
                    .contains("settings set target.source-map /wasmdbg/test-modules ");
            try (var socket = new java.net.Socket("127.0.0.1", 3000)) {
                socket.setSoTimeout(20_000);
                socket.getOutputStream().write("$?#3f".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                StringBuilder text = new StringBuilder();
                var in = socket.getInputStream();
                while (!text.toString().matches("(?s).*#[0-9a-f]{2}")) { // the ack and the packet may come apart
                    int b = in.read();
                    assertThat(b).as("connection closed after '%s'", text).isNotNegative();
                    text.append((char) b);
                }
                assertThat(text.toString()).startsWith("+$T05thread:1;00:");
            }
        } finally {
            server.destroyForcibly().waitFor();
        }
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

    @Test
    void symbolicateServerStoresAModuleAndAnswersOverHttp(@org.junit.jupiter.api.io.TempDir Path store)
            throws Exception {
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "symbolicate-server", "--port", "0", "--store", store.toString())
                .redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()))) {
            String first = out.readLine();
            assertThat(first).startsWith("wasmdbg: symbolication service on http://127.0.0.1:")
                    .endsWith("(store " + store + ", 0 modules)");
            String base = first.replaceAll(".* on (http://[^ ]+) .*", "$1");
            var http = java.net.http.HttpClient.newHttpClient();
            var put = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/modules?name=f.wasm"))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofFile(TestModules.wasm("fact-O0.wasm"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            String id = put.body().replaceAll(".*\"module\":\"([0-9a-f]+)\".*", "$1");
            var post = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/symbolicate"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"module\": \"" + id + "\", \"addresses\": [\"0x1f0\"]}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(post.body()).contains("\"file\":\"/wasmdbg/test-modules/src/fact.c\",\"line\":54");
        } finally {
            server.destroyForcibly().waitFor();
        }
    }
}
