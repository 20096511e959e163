package dev.wasmdbg.gdbstub.lldb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.wasmdbg.debugger.Session;
import dev.wasmdbg.debugger.WasiConfig;
import dev.wasmdbg.debugger.WasiHost;
import dev.wasmdbg.gdbstub.GdbServer;
import dev.wasmdbg.gdbstub.target.SessionTarget;
import dev.wasmdbg.testkit.ExternalTool;
import dev.wasmdbg.testkit.TestModules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives the real {@code lldb-22} against a wasmdbg server started in this JVM: one batch run of
 * lldb per call ({@code -b}: commands given with {@code -o} stop at the first failing one and at a
 * crash stop; those given with {@code -k} run after a crash stop), and its transcript cut into the
 * output of each command.
 */
final class Lldb {
    /** One lldb run is a few hundred milliseconds; a hang must fail the test, not block the build. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Lldb() {}

    /** A server for a test module, started paused, on a free port of 127.0.0.1. */
    static GdbServer serve(String module, String... args) throws Exception {
        Path wasm = TestModules.wasm(module).toAbsolutePath();
        String name = module.replaceFirst("\\.wasm$", "");
        byte[] bytes = Files.readAllBytes(wasm);
        return GdbServer.start(out -> new SessionTarget(Session.launch(bytes, name, null, WasiHost.factory(
                WasiConfig.of(name, List.of(args)).withStdio(InputStream.nullInputStream(), out.stdout(), out.stderr())),
                true), wasm.toString()), new GdbServer.Options("127.0.0.1", 0, false), System.out);
    }

    /** The command-line steps a session starts with: no init file, source paths mapped back, connect. */
    static List<String> connect(GdbServer server) {
        return List.of("settings set target.source-map /wasmdbg/test-modules " + TestModules.dir().toAbsolutePath(),
                "process connect -p wasm connect://127.0.0.1:" + server.port());
    }

    /** Runs lldb-22 with these {@code -o} commands (after connecting) and these {@code -k} ones. */
    static Transcript run(GdbServer server, List<String> commands, List<String> onCrash) {
        return run(server, commands, onCrash, TIMEOUT);
    }

    static Transcript run(GdbServer server, List<String> commands, List<String> onCrash, Duration timeout) {
        Path lldb = ExternalTool.require("lldb-22");
        List<String> line = new ArrayList<>(List.of(lldb.toString(), "-x", "-b"));
        for (String c : connect(server)) {
            line.add("-o");
            line.add(c);
        }
        for (String c : commands) {
            line.add("-o");
            line.add(c);
        }
        for (String c : onCrash) {
            line.add("-k");
            line.add(c);
        }
        long start = System.nanoTime();
        ExternalTool.Result r = ExternalTool.run(line, workDir(), "", timeout);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("---- lldb-22 (" + took.toMillis() + " ms, exit " + r.exitCode() + ") ----\n" + r.stdout()
                + (r.stderr().isBlank() ? "" : "---- stderr ----\n" + r.stderr()) + "----");
        return new Transcript(r.stdout() + r.stderr(), r.exitCode(), took);
    }

    static Transcript run(GdbServer server, String... commands) {
        return run(server, List.of(commands), List.of());
    }

    /**
     * Like {@link #run(GdbServer, String...)} right after another client left: the server may
     * not have seen it go yet, and turns a new client away until it has; so try again a few times.
     */
    static Transcript runOnceFree(GdbServer server, String... commands) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Transcript t = run(server, commands);
            if (attempt == 20 || !t.text().contains("Connection shut down by remote side while waiting for reply to "
                    + "initial handshake packet")) {
                return t;
            }
            Thread.sleep(250);
        }
    }

    private static Path workDir() {
        try {
            return Files.createTempDirectory("lldb-e2e");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a frame line says the program is: {@code function} and {@code file:line}. */
    record Location(int index, String address, String function, String file, int line) {}

    private static final Pattern FRAME = Pattern.compile(
            "frame #(\\d+): (0x[0-9a-f]+) [^`\\s]+`(\\S+?)(?:\\(.*\\))?(?: const)?(?: \\+ \\d+)? at ([^:\\s]+):(\\d+)");

    /** What lldb printed: the whole text, and the output of each command. */
    record Transcript(String text, int exitCode, Duration took) {
        /** The output of the {@code occurrence}-th (0-based) run of {@code command} in this transcript. */
        String of(String command, int occurrence) {
            String marker = "(lldb) " + command + "\n";
            int at = -1;
            for (int i = 0; i <= occurrence; i++) {
                at = text.indexOf(marker, at + 1);
                if (at < 0) {
                    fail("lldb did not run '" + command + "' " + (occurrence + 1) + " time(s); transcript:\n" + text);
                }
            }
            int from = at + marker.length();
            int next = text.indexOf("(lldb) ", from);
            return text.substring(from, next < 0 ? text.length() : next);
        }

        String of(String command) {
            return of(command, 0);
        }

        /** Every frame line in an output, in order. */
        static List<Location> frames(String output) {
            List<Location> out = new ArrayList<>();
            Matcher m = FRAME.matcher(output);
            while (m.find()) {
                out.add(new Location(Integer.parseInt(m.group(1)), m.group(2), m.group(3), m.group(4),
                        Integer.parseInt(m.group(5))));
            }
            return out;
        }

        /** The innermost frame an output shows (a stop, a step, a frame selection). */
        static Location top(String output) {
            List<Location> f = frames(output);
            assertThat(f).as("a frame with a source line in:\n%s", output).isNotEmpty();
            return f.get(0);
        }
    }
}
