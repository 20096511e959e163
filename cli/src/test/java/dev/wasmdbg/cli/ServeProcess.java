package dev.wasmdbg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** `java -jar target/wasmdbg.jar serve --once --port 0 --print-ide-config ARGS` as a process of its own. */
final class ServeProcess implements AutoCloseable {
    private final Process process;
    private final StringBuffer stdout = new StringBuffer();

    private ServeProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::drain, "wasmdbg-serve-stdout"); // also keeps the pipe from filling
        reader.setDaemon(true);
        reader.start();
    }

    static ServeProcess start(String... args) throws IOException {
        assertThat(WasmdbgJarIT.JAR).exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", WasmdbgJarIT.JAR.toString(), "serve", "--once", "--port", "0", "--print-ide-config"));
        command.addAll(List.of(args));
        return new ServeProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits for the port and launch.json it prints. */
    PrintedConfig awaitConfig(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<PrintedConfig> printed = PrintedConfig.parse(stdout.toString());
            if (printed.isPresent()) {
                return printed.get();
            }
            if (!process.isAlive()) {
                fail("wasmdbg serve exited with " + process.exitValue() + ":\n" + stdout);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("wasmdbg serve printed no launch.json within " + timeout + ":\n" + stdout);
    }

    /** With --once it ends when its client goes; the exit code, or empty if it is still running. */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
    }

    String output() {
        return stdout.toString();
    }

    private void drain() {
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                stdout.append(buffer, 0, n);
            }
        } catch (IOException e) {
            stdout.append("\n(reading stdout failed: ").append(e).append(")\n");
        }
    }

    @Override
    public void close() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
