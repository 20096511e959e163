package dev.wasmdbg.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A program the end-to-end tests drive (lldb-22, llvm-symbolizer-22, ...). Missing on a developer's
 * machine, the test is skipped; missing in CI (CI=true), the test fails: CI must prove the real thing.
 */
public final class ExternalTool {
    private ExternalTool() {}

    /** The tool's path, or the test is aborted (locally) / failed (CI=true). */
    public static Path require(String name) {
        Optional<Path> found = find(name);
        if (found.isPresent()) {
            return found.get();
        }
        String why = name + " is not on PATH (Debian package: " + debianPackage(name) + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why + "; CI=true, so tests that need it fail instead of skipping");
        }
        Assumptions.abort(why + "; skipped (set CI=true to make this a failure)");
        throw new AssertionError("unreachable");
    }

    public static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String debianPackage(String tool) {
        if (tool.startsWith("lldb")) {
            return "lldb-22";
        }
        return tool.startsWith("llvm-") ? "llvm-22" : tool;
    }

    /** What a finished process printed. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs a command to completion with the given stdin; fails the test if it outlives the timeout. */
    public static Result run(List<String> command, Path workDir, String stdin, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
            CompletableFuture<String> out = readAsync(process.getInputStream());
            CompletableFuture<String> err = readAsync(process.getErrorStream());
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail(command + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("running " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // A thread of its own per pipe: on a 2-core machine the common pool has one thread, and two
    // blocking readers sharing it could deadlock on a full pipe.
    private static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> {
            Thread reader = new Thread(task, "pipe-reader");
            reader.setDaemon(true);
            reader.start();
        });
    }
}
