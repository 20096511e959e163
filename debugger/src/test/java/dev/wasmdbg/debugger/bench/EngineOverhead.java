package dev.wasmdbg.debugger.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.math3.distribution.TDistribution;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link EngineOverheadBenchmark} and prints each variant's time per run next to plain
 * Chicory's, with the ratios. bench/engine-overhead.sh calls it.
 *
 * <pre>
 *   java -cp CP dev.wasmdbg.debugger.bench.EngineOverhead [JMH OPTIONS...]
 * </pre>
 *
 * JMH options are JMH's own (-wi -w -i -r -p module=... -prof ...), except -f: here it is the number
 * of <em>rounds</em>. Each round runs every variant once, in a fresh JVM of its own (one fork), the
 * order rotated from round to round; so a change in the machine's load during the run falls on
 * every variant alike instead of on whichever ran last. System properties:
 * {@code wasmdbg.bench.variants} (benchmark method names, comma-separated; the first is the
 * baseline, default {@code plain,engine,engine20Breakpoints}) and {@code wasmdbg.bench.out}
 * (a directory for {@code iterations.csv} and {@code summary.txt}).
 *
 * Ratios are of mean times; their confidence intervals come from the measured iterations of both
 * variants (delta method, Student's t with Welch's degrees of freedom), at 99.9% as JMH's errors.
 */
public final class EngineOverhead {
    static final double TARGET = 1.05;
    private static final String BENCHMARK = EngineOverheadBenchmark.class.getName();
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("plain", "plain Chicory (no listener)"),
            Map.entry("engine", "engine, no breakpoints"),
            Map.entry("engine20Breakpoints", "engine, 20 breakpoints never hit"),
            Map.entry("noopListener", "diag: plain machine + empty listener"),
            Map.entry("hookOnly", "diag: plain machine + session hook"),
            Map.entry("hookOnly20Breakpoints", "diag: plain machine + hook, 20 bps"),
            Map.entry("machineOnly", "diag: DebugMachine, no listener"),
            Map.entry("hookCopy", "diag: plain machine + copy of the hook"),
            Map.entry("hookOneVolatile", "diag: plain machine + one-volatile hook"),
            Map.entry("hookNonVolatile", "diag: plain machine + non-volatile hook"),
            Map.entry("engineOneVolatile", "diag: DebugMachine + one-volatile hook"),
            Map.entry("engineOneVolatile20Breakpoints", "diag: same, 20-breakpoint bitmap"));

    private EngineOverhead() {}

    static String label(String variant) {
        return LABELS.getOrDefault(variant, variant);
    }

    /** One measured iteration. */
    record Sample(int round, String variant, String module, String rounds, int iteration, double wallMs, double cpuMs) {}

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        int roundCount = cli.getForkCount().orElse(3);
        List<String> variants = List.of(System.getProperty("wasmdbg.bench.variants",
                "plain,engine,engine20Breakpoints").split(","));
        Path out = Path.of(System.getProperty("wasmdbg.bench.out", "debugger/target/bench"));
        Files.createDirectories(out);
        Collection<String> modules = cli.getParameter("module").orElse(List.of("fact-O0.wasm"));
        Collection<String> roundsParam = cli.getParameter("rounds").orElse(List.of("0"));

        // Where the breakpoints go: the benchmark picks the same sites and fails its trial if one is hit.
        // Found here, not in the benchmark's JVMs, whose JIT profiles must see their own variant only.
        StringBuilder sites = new StringBuilder();
        List<String> jvmArgs = new ArrayList<>(cli.getJvmArgsAppend().orElse(List.of()));
        for (String module : modules) {
            // fact loop N runs the same instructions for every N >= 1: the first N given stands for all.
            FactProgram program = new FactProgram(module, Integer.parseInt(roundsParam.iterator().next()));
            List<FactProgram.Site> found = program.neverExecutedSites(EngineOverheadBenchmark.BREAKPOINTS);
            jvmArgs.add("-D" + FactProgram.sitesProperty(module) + "=" + FactProgram.sitesValue(found));
            sites.append("breakpoint sites in ").append(module).append(" (never executed by ").append(program.describe())
                    .append("; each trial checks their hit counts are 0):\n");
            for (FactProgram.Site s : found) {
                sites.append(String.format(Locale.ROOT, "  0x%05x in %s%n", s.address(), s.functionName()));
            }
        }
        System.out.print(sites);

        List<Sample> samples = new ArrayList<>();
        for (int round = 0; round < roundCount; round++) {
            for (int k = 0; k < variants.size(); k++) {
                String variant = variants.get((k + round) % variants.size());
                System.out.printf(Locale.ROOT, "%n==== round %d of %d: %s%n", round + 1, roundCount, variant);
                Options options = new OptionsBuilder()
                        .parent(cli)
                        .include("^" + Pattern.quote(BENCHMARK + "." + variant) + "$")
                        .forks(1)
                        .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                        .shouldFailOnError(true)
                        .build();
                collect(new Runner(options).run(), round, variant, samples);
            }
        }
        writeCsv(out.resolve("iterations.csv"), samples);
        String summary = summary(samples, variants, roundCount);
        System.out.println();
        System.out.print(summary);
        Files.writeString(out.resolve("summary.txt"), sites + "\n" + summary, StandardCharsets.UTF_8);
    }

    private static void collect(Collection<RunResult> results, int round, String variant, List<Sample> into)
            throws RunnerException {
        if (results.isEmpty()) {
            throw new RunnerException("no results for " + variant);
        }
        for (RunResult run : results) {
            BenchmarkParams params = run.getParams();
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                int i = 0;
                for (IterationResult iteration : fork.getIterationResults()) {
                    Map<String, Result> secondary = iteration.getSecondaryResults();
                    Result cpu = secondary.get("cpuNanos");
                    Result runs = secondary.get("runs");
                    double cpuMs = cpu == null || runs == null || runs.getScore() == 0 ? Double.NaN
                            : cpu.getScore() / runs.getScore() / 1e6;
                    into.add(new Sample(round, variant, params.getParam("module"), params.getParam("rounds"), ++i,
                            iteration.getPrimaryResult().getScore(), cpuMs));
                }
            }
        }
    }

    private static void writeCsv(Path file, List<Sample> samples) throws IOException {
        StringBuilder csv = new StringBuilder("round,variant,module,rounds,iteration,wall_ms_per_run,cpu_ms_per_run\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%d,%.4f,%.4f%n", s.round() + 1, s.variant(), s.module(),
                    s.rounds(), s.iteration(), s.wallMs(), s.cpuMs()));
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    // ---- statistics ---------------------------------------------------------------------------------

    /** Mean, sample variance and count. */
    record Stats(double mean, double variance, int n) {
        static Stats of(double[] xs) {
            double mean = Arrays.stream(xs).average().orElse(Double.NaN);
            double ss = 0;
            for (double x : xs) {
                ss += (x - mean) * (x - mean);
            }
            return new Stats(mean, xs.length > 1 ? ss / (xs.length - 1) : Double.NaN, xs.length);
        }

        /** Half-width of the confidence interval of the mean at {@code level}. */
        double halfWidth(double level) {
            if (n < 2) {
                return Double.NaN;
            }
            return t(level, n - 1) * Math.sqrt(variance / n);
        }
    }

    /** A ratio of means b/a with its confidence interval (delta method, Welch-Satterthwaite df). */
    record Ratio(double value, double low, double high) {
        static Ratio of(Stats b, Stats a, double level) {
            double r = b.mean() / a.mean();
            double vb = b.variance() / (b.n() * b.mean() * b.mean()); // squared relative standard errors
            double va = a.variance() / (a.n() * a.mean() * a.mean());
            double se = r * Math.sqrt(vb + va);
            double df = (vb + va) * (vb + va) / (vb * vb / (b.n() - 1) + va * va / (a.n() - 1));
            double h = t(level, df) * se;
            return new Ratio(r, r - h, r + h);
        }
    }

    static double t(double level, double df) {
        if (!(df > 0) || Double.isInfinite(df)) {
            return Double.NaN;
        }
        return new TDistribution(null, df).inverseCumulativeProbability(0.5 + level / 2);
    }

    private static double[] values(List<Sample> samples, boolean cpu) {
        return samples.stream().mapToDouble(s -> cpu ? s.cpuMs() : s.wallMs()).toArray();
    }

    static String summary(List<Sample> samples, List<String> variants, int roundCount) {
        StringBuilder text = new StringBuilder();
        String baseline = variants.get(0);
        Map<String, List<Sample>> byProgram = new LinkedHashMap<>();
        for (Sample s : samples) {
            byProgram.computeIfAbsent(s.module() + "\u0000" + s.rounds(), k -> new ArrayList<>()).add(s);
        }
        for (var entry : byProgram.entrySet()) {
            List<Sample> program = entry.getValue();
            String module = program.get(0).module();
            int rounds = Integer.parseInt(program.get(0).rounds());
            int n = rounds > 0 ? rounds : FactProgram.defaultRounds(module);
            text.append(String.format(Locale.ROOT,
                    "== %s loop %d: ms per run (instantiate + _start to exit), mean +- 99.9%% CI over the measured "
                            + "iterations of %d round(s)%n", module, n, roundCount));
            text.append(String.format(Locale.ROOT, "%-38s %20s %24s %20s %24s   %s%n", "variant", "wall ms",
                    "wall ratio [99.9% CI]", "cpu ms", "cpu ratio [99.9% CI]", "wall ratio per round"));
            List<Sample> base = program.stream().filter(s -> s.variant().equals(baseline)).toList();
            Stats baseWall = Stats.of(values(base, false));
            Stats baseCpu = Stats.of(values(base, true));
            Map<String, Ratio> wallRatios = new LinkedHashMap<>();
            Map<String, Ratio> cpuRatios = new LinkedHashMap<>();
            for (String variant : variants) {
                List<Sample> mine = program.stream().filter(s -> s.variant().equals(variant)).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                Stats wall = Stats.of(values(mine, false));
                Stats cpu = Stats.of(values(mine, true));
                Ratio wr = Ratio.of(wall, baseWall, 0.999);
                Ratio cr = Ratio.of(cpu, baseCpu, 0.999);
                wallRatios.put(variant, wr);
                cpuRatios.put(variant, cr);
                StringBuilder perRound = new StringBuilder();
                for (int r = 0; r < roundCount; r++) {
                    int round = r;
                    double[] b = values(mine.stream().filter(s -> s.round() == round).toList(), false);
                    double[] a = values(base.stream().filter(s -> s.round() == round).toList(), false);
                    if (b.length > 0 && a.length > 0) {
                        perRound.append(String.format(Locale.ROOT, " %.3f", Stats.of(b).mean() / Stats.of(a).mean()));
                    }
                }
                text.append(String.format(Locale.ROOT, "%-38s %9.2f +- %7.2f %24s %9.2f +- %7.2f %24s  %s%n",
                        label(variant), wall.mean(), wall.halfWidth(0.999),
                        variant.equals(baseline) ? "1" : format(wr), cpu.mean(), cpu.halfWidth(0.999),
                        variant.equals(baseline) ? "1" : format(cr), variant.equals(baseline) ? "" : perRound));
            }
            for (String variant : List.of("engine", "engine20Breakpoints")) {
                Ratio wr = wallRatios.get(variant);
                Ratio cr = cpuRatios.get(variant);
                if (wr == null || !baseline.equals("plain")) {
                    continue;
                }
                text.append(String.format(Locale.ROOT,
                        "target %s / plain <= %.2f: %s (wall %.3f, 99.9%% CI up to %.3f; cpu %.3f, up to %.3f)%n",
                        variant, TARGET, wr.value() <= TARGET ? "met" : "NOT met", wr.value(), wr.high(),
                        cr.value(), cr.high()));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String format(Ratio r) {
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", r.value(), r.low(), r.high());
    }
}
