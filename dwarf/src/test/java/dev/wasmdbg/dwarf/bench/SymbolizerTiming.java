package dev.wasmdbg.dwarf.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Times llvm-symbolizer as bench/symbolize-vs-llvm.sh needs it, with System.nanoTime (a monotonic
 * clock) around the whole child process, from start to exit, subtracting nothing:
 * <ol>
 *   <li>startup: {@code STARTUP_RUNS} runs over the batch's first address alone (the median is the
 *       startup cost: process start, opening the module, answering one address);</li>
 *   <li>batch: one run, one process, over the whole address file on stdin.</li>
 * </ol>
 * Each run's stdout goes to a file (not through a pipe we read) and is checked afterwards: exit
 * code 0 and one answer per address. Prints {@code key=value} lines for the script.
 *
 * <p>Usage: {@code SymbolizerTiming SYMBOLIZER MODULE ADDRESS_FILE STYLE STARTUP_RUNS TIMEOUT_SECONDS WORK_DIR},
 * STYLE being {@code JSON} or {@code LLVM} (llvm-symbolizer's --output-style).
 */
public final class SymbolizerTiming {
    private SymbolizerTiming() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: SymbolizerTiming SYMBOLIZER MODULE ADDRESS_FILE JSON|LLVM STARTUP_RUNS"
                    + " TIMEOUT_SECONDS WORK_DIR");
            System.exit(2);
        }
        String symbolizer = args[0];
        Path module = Path.of(args[1]).toAbsolutePath();
        Path addresses = Path.of(args[2]).toAbsolutePath();
        String style = args[3];
        int startupRuns = Integer.parseInt(args[4]);
        long timeoutSeconds = Long.parseLong(args[5]);
        Path work = Path.of(args[6]).toAbsolutePath();
        if (!style.equals("JSON") && !style.equals("LLVM")) {
            throw new IllegalArgumentException("style must be JSON or LLVM, not " + style);
        }
        Files.createDirectories(work);
        String key = "llvm." + style.toLowerCase();
        List<String> command = List.of(symbolizer, "--obj=" + module, "--inlining", "--output-style=" + style);

        List<String> batch = Files.readAllLines(addresses, StandardCharsets.US_ASCII);
        batch.removeIf(String::isBlank);
        Path tiny = work.resolve("tiny-input.txt");
        Files.writeString(tiny, batch.get(0) + "\n", StandardCharsets.US_ASCII);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long[] startup = new long[startupRuns];
        for (int i = 0; i < startupRuns; i++) {
            startup[i] = run(command, tiny, work.resolve(style + "-tiny.out"), style, 1, deadline);
        }
        long whole = run(command, addresses, work.resolve(style + "-batch.out"), style, batch.size(), deadline);

        long[] sorted = startup.clone();
        Arrays.sort(sorted);
        System.out.println(key + ".command=" + String.join(" ", command) + " < " + addresses);
        System.out.println(key + ".addresses=" + batch.size());
        System.out.println(key + ".batch_ns=" + whole);
        System.out.println(key + ".startup_runs=" + startupRuns);
        System.out.println(key + ".startup_median_ns=" + (startupRuns == 0 ? 0 : sorted[startupRuns / 2]));
        System.out.println(key + ".startup_min_ns=" + (startupRuns == 0 ? 0 : sorted[0]));
        List<String> all = new ArrayList<>();
        for (long t : startup) {
            all.add(Long.toString(t));
        }
        System.out.println(key + ".startup_all_ns=" + String.join(",", all));
    }

    /** One run: the child's wall time in nanoseconds, after checking it answered every address. */
    private static long run(List<String> command, Path input, Path output, String style, int expected, long deadline)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(input.toFile())
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        long start = System.nanoTime();
        Process p = pb.start();
        boolean done = p.waitFor(Math.max(1, deadline - start), TimeUnit.NANOSECONDS);
        long elapsed = System.nanoTime() - start;
        if (!done) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish in time");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command + " exited with " + p.exitValue());
        }
        int answers = countAnswers(output, style);
        if (answers != expected) {
            throw new IllegalStateException(command + " gave " + answers + " answers for " + expected
                    + " addresses (see " + output + ")");
        }
        return elapsed;
    }

    // JSON: one line per address. LLVM style: each answer's frames end with an empty line.
    private static int countAnswers(Path output, String style) throws IOException {
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        if (style.equals("JSON")) {
            return (int) lines.stream().filter(l -> l.startsWith("{")).count();
        }
        return (int) lines.stream().filter(String::isEmpty).count();
    }
}
