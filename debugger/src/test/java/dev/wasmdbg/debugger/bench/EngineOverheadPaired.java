package dev.wasmdbg.debugger.bench;

import com.dylibso.chicory.runtime.Instance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The same variants as {@link EngineOverheadBenchmark}, measured in pairs so that the load of a
 * shared machine cancels out. Every variant gets a JVM of its own (a worker, which runs only its
 * own variant, so its JIT profile is its own as in a JMH fork); the coordinator asks the workers
 * for one run each in turn (order rotated every cycle), so only one of them runs at a time and
 * consecutive runs of different variants, ~0.1-0.2 s apart, see the same machine. A variant's
 * ratio is the geometric mean over the cycles of its time divided by the baseline's time in the
 * same cycle, with a 99.9% confidence interval (Student's t on the log-ratios).
 *
 * <pre>
 *   java -cp CP dev.wasmdbg.debugger.bench.EngineOverheadPaired MODULE ROUNDS VARIANTS WARMUP_S MEASURE_S OUT_DIR [WORKER JVM OPTIONS...]
 * </pre>
 *
 * VARIANTS is comma-separated, the baseline first. Each worker runs until it has spent WARMUP_S
 * seconds in runs, then the cycles are measured until each has spent MEASURE_S seconds (and at
 * least 30 cycles). The breakpoint sites are found here and passed to the workers
 * ({@link FactProgram#breakpointSites}); each 20-breakpoint worker checks at the end that none was hit.
 */
public final class EngineOverheadPaired {
    private static final String PREFIX = "@@ ";
    private static final int MIN_CYCLES = 30;

    private EngineOverheadPaired() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--worker")) {
            worker(args[1], Integer.parseInt(args[2]), args[3]);
            return;
        }
        if (args.length < 6) {
            System.err.println("usage: EngineOverheadPaired MODULE ROUNDS VARIANTS WARMUP_S MEASURE_S OUT_DIR [WORKER JVM OPTIONS...]");
            System.exit(2);
        }
        String module = args[0];
        int rounds = Integer.parseInt(args[1]);
        List<String> variants = List.of(args[2].split(","));
        double warmupSeconds = Double.parseDouble(args[3]);
        double measureSeconds = Double.parseDouble(args[4]);
        Path out = Path.of(args[5]);
        List<String> workerJvm = new ArrayList<>(Arrays.asList(args).subList(6, args.length));
        Files.createDirectories(out);

        FactProgram program = new FactProgram(module, rounds);
        String sites = FactProgram.sitesValue(program.neverExecutedSites(EngineOverheadBenchmark.BREAKPOINTS));
        workerJvm.add("-D" + FactProgram.sitesProperty(module) + "=" + sites);
        String testModules = System.getProperty("wasmdbg.testModules");
        if (testModules != null) {
            workerJvm.add("-Dwasmdbg.testModules=" + testModules);
        }

        List<Worker> workers = new ArrayList<>();
        try {
            for (String variant : variants) {
                workers.add(Worker.start(variant, module, rounds, workerJvm));
            }
            System.out.printf(Locale.ROOT, "paired: %s, %s; warmup %.0f s of runs per variant, then at least %.0f s%n",
                    program.describe(), String.join(", ", variants), warmupSeconds, measureSeconds);
            int cycle = 0;
            while (!workers.stream().allMatch(w -> w.spent >= warmupSeconds)) {
                for (int k = 0; k < workers.size(); k++) {
                    workers.get((k + cycle) % workers.size()).run();
                }
                cycle++;
            }
            System.out.printf(Locale.ROOT, "paired: warmed up after %d cycles%n", cycle);
            workers.forEach(w -> w.spent = 0);
            List<double[]> wall = new ArrayList<>(); // [cycle][variant]
            List<double[]> cpu = new ArrayList<>();
            for (int measured = 0; measured < MIN_CYCLES || !workers.stream().allMatch(w -> w.spent >= measureSeconds);
                    measured++, cycle++) {
                double[] w = new double[workers.size()];
                double[] c = new double[workers.size()];
                for (int k = 0; k < workers.size(); k++) {
                    int i = (k + cycle) % workers.size();
                    double[] r = workers.get(i).run();
                    w[i] = r[0];
                    c[i] = r[1];
                }
                wall.add(w);
                cpu.add(c);
            }
            for (Worker w : workers) {
                w.finish();
            }
            writeCsv(out.resolve("paired-runs.csv"), variants, wall, cpu);
            String summary = summary(program, variants, wall, cpu);
            System.out.println();
            System.out.print(summary);
            Files.writeString(out.resolve("paired-summary.txt"), summary, StandardCharsets.UTF_8);
        } finally {
            workers.forEach(Worker::destroy);
        }
    }

    // ---- the coordinator's side of a worker ---------------------------------------------------------

    private static final class Worker {
        final String variant;
        final Process process;
        final BufferedReader from;
        final Writer to;
        double spent; // seconds of runs

        private Worker(String variant, Process process) {
            this.variant = variant;
            this.process = process;
            this.from = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.to = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static Worker start(String variant, String module, int rounds, List<String> jvm) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvm);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(EngineOverheadPaired.class.getName());
            command.add("--worker");
            command.add(module);
            command.add(Integer.toString(rounds));
            command.add(variant);
            Worker w = new Worker(variant, new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            w.expect("ready");
            return w;
        }

        /** One run: {wall ms, cpu ms}. */
        double[] run() {
            String[] reply = ask("run").split(" ");
            double wall = Long.parseLong(reply[0]) / 1e6;
            spent += wall / 1000;
            return new double[] {wall, Long.parseLong(reply[1]) / 1e6};
        }

        void finish() throws InterruptedException {
            String reply = ask("quit");
            if (!reply.equals("ok")) {
                throw new IllegalStateException(variant + ": " + reply);
            }
            process.waitFor();
        }

        void destroy() {
            process.destroy();
        }

        private String ask(String command) {
            try {
                to.write(command + "\n");
                to.flush();
                return expect(null);
            } catch (IOException e) {
                throw new IllegalStateException(variant + " worker: " + e, e);
            }
        }

        private String expect(String what) throws IOException {
            for (String line; (line = from.readLine()) != null; ) {
                if (!line.startsWith(PREFIX)) {
                    System.out.println("[" + variant + "] " + line); // the JVM's own output, if any
                    continue;
                }
                String reply = line.substring(PREFIX.length());
                if (reply.startsWith("error: ") || (what != null && !reply.equals(what))) {
                    throw new IllegalStateException(variant + " worker: " + reply);
                }
                return reply;
            }
            throw new IllegalStateException(variant + " worker ended");
        }
    }

    // ---- the worker ---------------------------------------------------------------------------------

    private static void worker(String module, int rounds, String variant) throws IOException {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // stdout is the protocol
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        EngineOverheadBenchmark bench = new EngineOverheadBenchmark();
        bench.module = module;
        bench.rounds = rounds;
        Supplier<Instance.Builder> builder;
        try {
            builder = bench.prepare(variant);
        } catch (RuntimeException e) {
            out.println(PREFIX + "error: " + e);
            return;
        }
        FactProgram program = bench.program();
        out.println(PREFIX + "ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int sink = 0;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("run")) {
                try {
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    long wall0 = System.nanoTime();
                    sink += program.run(builder.get(), OutputStream.nullOutputStream());
                    long wall = System.nanoTime() - wall0;
                    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                    out.println(PREFIX + wall + " " + cpu);
                } catch (RuntimeException e) {
                    out.println(PREFIX + "error: " + e);
                    return;
                }
            } else if (line.equals("quit")) {
                try {
                    bench.checkNoBreakpointWasHit();
                    out.println(PREFIX + (sink == 0 ? "ok" : "error: exit codes " + sink));
                } catch (RuntimeException e) {
                    out.println(PREFIX + "error: " + e);
                }
                return;
            }
        }
    }

    // ---- results ------------------------------------------------------------------------------------

    private static void writeCsv(Path file, List<String> variants, List<double[]> wall, List<double[]> cpu)
            throws IOException {
        StringBuilder csv = new StringBuilder("cycle,variant,wall_ms,cpu_ms\n");
        for (int c = 0; c < wall.size(); c++) {
            for (int v = 0; v < variants.size(); v++) {
                csv.append(String.format(Locale.ROOT, "%d,%s,%.4f,%.4f%n", c + 1, variants.get(v), wall.get(c)[v],
                        cpu.get(c)[v]));
            }
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    /** Geometric mean of the per-cycle ratios variant/baseline, with its CI: {ratio, low, high}. */
    static double[] pairedRatio(List<double[]> times, int variant, double level) {
        double[] logs = times.stream().mapToDouble(t -> Math.log(t[variant] / t[0])).toArray();
        EngineOverhead.Stats s = EngineOverhead.Stats.of(logs);
        double h = s.halfWidth(level);
        return new double[] {Math.exp(s.mean()), Math.exp(s.mean() - h), Math.exp(s.mean() + h)};
    }

    static double median(List<double[]> times, int variant) {
        double[] xs = times.stream().mapToDouble(t -> t[variant]).sorted().toArray();
        return xs.length % 2 == 1 ? xs[xs.length / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
    }

    static String summary(FactProgram program, List<String> variants, List<double[]> wall, List<double[]> cpu) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "== paired: %s, %d cycles (one run of every variant per cycle); "
                + "ratio = geometric mean of per-cycle ratios to %s, [99.9%% CI]%n", program.describe(), wall.size(),
                variants.get(0)));
        text.append(String.format(Locale.ROOT, "%-38s %12s %26s %12s %26s%n", "variant", "wall ms (med)",
                "wall ratio [99.9% CI]", "cpu ms (med)", "cpu ratio [99.9% CI]"));
        for (int v = 0; v < variants.size(); v++) {
            String wr = "1";
            String cr = "1";
            if (v > 0) {
                double[] w = pairedRatio(wall, v, 0.999);
                double[] c = pairedRatio(cpu, v, 0.999);
                wr = String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", w[0], w[1], w[2]);
                cr = String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", c[0], c[1], c[2]);
            }
            text.append(String.format(Locale.ROOT, "%-38s %12.2f %26s %12.2f %26s%n",
                    EngineOverhead.label(variants.get(v)), median(wall, v), wr, median(cpu, v), cr));
        }
        if (variants.get(0).equals("plain")) {
            for (String target : List.of("engine", "engine20Breakpoints")) {
                int v = variants.indexOf(target);
                if (v > 0) {
                    double[] w = pairedRatio(wall, v, 0.999);
                    double[] c = pairedRatio(cpu, v, 0.999);
                    text.append(String.format(Locale.ROOT,
                            "target %s / plain <= %.2f (paired): %s (wall %.3f, 99.9%% CI up to %.3f; cpu %.3f, up to %.3f)%n",
                            target, EngineOverhead.TARGET, w[0] <= EngineOverhead.TARGET ? "met" : "NOT met", w[0], w[2],
                            c[0], c[2]));
                }
            }
        }
        return text.toString();
    }
}
