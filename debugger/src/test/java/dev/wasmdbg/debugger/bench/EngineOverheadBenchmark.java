package dev.wasmdbg.debugger.bench;

import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import dev.wasmdbg.debugger.Breakpoint;
import dev.wasmdbg.debugger.HitCondition;
import dev.wasmdbg.debugger.Session;
import dev.wasmdbg.debugger.StopReason;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What the engine costs a program that never stops: {@code fact loop N} (CPU-bound) from
 * instantiation to exit, under plain Chicory and under a {@link Session}. Every invocation builds a
 * fresh WASI and instance from the already parsed module and runs {@code _start} on the benchmark
 * thread; the sessions are attached ({@link Session#attach} + {@link Session#install}) once per
 * trial, so neither thread start-up nor the session's own parsing (module, DWARF) is measured.
 *
 * <ul>
 *   <li>{@link #plain}: the default {@code InterpreterMachine}, no listener: the baseline.
 *   <li>{@link #engine}: the session's {@code DebugMachine} and per-instruction hook, no breakpoints.
 *   <li>{@link #engine20Breakpoints}: the same with 20 breakpoints on instructions the program never
 *       executes; the trial fails if any of them was hit.
 * </ul>
 * Diagnostics, to tell where a difference comes from: {@link #noopListener} (default machine and an
 * empty listener: the cost of the listener call alone), {@link #hookOnly} (default machine and the
 * session's hook: the call plus the hook's tests), {@link #machineOnly} (the session's machine, no
 * listener: the cost of the machine subclass), {@link #hookOnly20Breakpoints}; and other ways to
 * write the hook ({@link HookVariants}), on the default machine: {@link #hookCopy} (the hook as it
 * is, copied), {@link #hookOneVolatile} (one volatile read instead of two), {@link #hookNonVolatile}
 * (no volatile read: not a correct design); and the session's machine with the one-volatile hook,
 * what the engine would cost with that change: {@link #engineOneVolatile},
 * {@link #engineOneVolatile20Breakpoints} (its bitmap with the 20 never-hit breakpoints, only counted).
 *
 * Run it through {@link EngineOverhead} (bench/engine-overhead.sh), which interleaves the forks of the
 * variants and prints the ratios; the defaults here are for running JMH directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineOverheadBenchmark {
    static final int BREAKPOINTS = 20;
    private static final ExecutionListener NOOP = (instruction, stack) -> {};
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** A test module built from fact.c (test-modules/README.md). */
    @Param({"fact-O0.wasm"})
    public String module;

    /** N in {@code fact loop N}; 0 = the module's default ({@link FactProgram}, ~100 ms a run). */
    @Param({"0"})
    public int rounds;

    private FactProgram program;
    private Session idle;
    private Session armed;
    private boolean armedUsed;
    private List<FactProgram.Site> sites;

    /**
     * Prepares only what this fork's variant uses and runs the program once with it. Nothing else may
     * run wasm here: another machine class or listener passing through Chicory's interpreter loop
     * would change the profile the JIT compiles it with (a bimorphic listener call, say), and the
     * fork would no longer measure its variant alone.
     */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        prepare(params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1));
    }

    /** The setup of {@code variant} (a benchmark method's name); returns how it builds an instance. */
    Supplier<Instance.Builder> prepare(String variant) {
        program = new FactProgram(module, rounds);
        idle = Session.attach(program.bytes, module);
        armed = Session.attach(program.bytes, module);
        // In an attached session a hit would park this thread for good: end the run instead, so the trial fails.
        armed.addListener(stop -> {
            if (stop.reason() != StopReason.EXITED) {
                armed.kill();
            }
        });
        armedUsed = variant.endsWith("20Breakpoints");
        sites = armedUsed ? program.breakpointSites(BREAKPOINTS) : List.of();
        if (armedUsed) {
            for (FactProgram.Site site : sites) {
                Breakpoint b = armed.addBreakpoint(site.address(), HitCondition.ALWAYS);
                if (b.address() != site.address()) {
                    throw new IllegalStateException("breakpoint on 0x" + Integer.toHexString(site.address())
                            + " landed on 0x" + Long.toHexString(b.address()));
                }
            }
        }
        Supplier<Instance.Builder> builder = switch (variant) {
            case "plain" -> this::plainBuilder;
            case "engine" -> this::engineBuilder;
            case "engine20Breakpoints" -> this::engine20BreakpointsBuilder;
            case "noopListener" -> this::noopListenerBuilder;
            case "hookOnly" -> this::hookOnlyBuilder;
            case "hookOnly20Breakpoints" -> this::hookOnly20BreakpointsBuilder;
            case "machineOnly" -> this::machineOnlyBuilder;
            case "hookCopy" -> this::hookCopyBuilder;
            case "hookOneVolatile" -> this::hookOneVolatileBuilder;
            case "hookNonVolatile" -> this::hookNonVolatileBuilder;
            case "engineOneVolatile" -> this::engineOneVolatileBuilder;
            case "engineOneVolatile20Breakpoints" -> this::engineOneVolatile20BreakpointsBuilder;
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
        program.check(builder.get(), variant); // the right answer, and the first warmup run
        return builder;
    }

    FactProgram program() {
        return program;
    }

    @TearDown(Level.Trial)
    public void checkNoBreakpointWasHit() {
        if (HookVariants.slowPaths != 0) {
            throw new IllegalStateException("a diagnostic hook took its slow path");
        }
        if (!armedUsed) {
            return;
        }
        List<Breakpoint> hit = armed.breakpoints().stream().filter(b -> b.hits() != 0).toList();
        if (!hit.isEmpty() || armed.breakpoints().size() != BREAKPOINTS || armed.isTerminated()) {
            throw new IllegalStateException("breakpoints that should never be hit were: " + hit);
        }
    }

    /**
     * CPU time of the benchmark thread per run, beside JMH's wall-clock time: on a shared machine it
     * is much less disturbed by other processes (it leaves out the GC and JIT threads, the same for
     * every variant). Reported per iteration as the totals {@code cpuNanos} and {@code runs}.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        public long cpuNanos;
        public long runs;

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            runs = 0;
        }
    }

    private int run(CpuTime cpu, long started, Instance.Builder builder) {
        int code = program.run(builder, OutputStream.nullOutputStream());
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - started;
        cpu.runs++;
        return code;
    }

    private static long now() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private Instance.Builder plainBuilder() {
        return Instance.builder(program.module);
    }

    private Instance.Builder engineBuilder() {
        return idle.install(Instance.builder(program.module));
    }

    private Instance.Builder engine20BreakpointsBuilder() {
        return armed.install(Instance.builder(program.module));
    }

    private Instance.Builder noopListenerBuilder() {
        return Instance.builder(program.module).withUnsafeExecutionListener(NOOP);
    }

    private Instance.Builder hookOnlyBuilder() {
        // install() sets the session's machine and hook; the default machine replaces the former.
        return idle.install(Instance.builder(program.module)).withMachineFactory(InterpreterMachine::new);
    }

    private Instance.Builder hookOnly20BreakpointsBuilder() {
        return armed.install(Instance.builder(program.module)).withMachineFactory(InterpreterMachine::new);
    }

    private Instance.Builder machineOnlyBuilder() {
        // install() sets the session's machine and hook; no listener leaves the machine alone.
        return idle.install(Instance.builder(program.module)).withUnsafeExecutionListener(null);
    }

    private Instance.Builder hookCopyBuilder() {
        return Instance.builder(program.module).withUnsafeExecutionListener(new HookVariants.Copy());
    }

    private Instance.Builder hookOneVolatileBuilder() {
        return Instance.builder(program.module).withUnsafeExecutionListener(new HookVariants.OneVolatile());
    }

    private Instance.Builder hookNonVolatileBuilder() {
        return Instance.builder(program.module).withUnsafeExecutionListener(new HookVariants.NonVolatile());
    }

    private Instance.Builder engineOneVolatileBuilder() {
        // The session's machine with the one-volatile hook: the engine as it would be with that change.
        return idle.install(Instance.builder(program.module)).withUnsafeExecutionListener(new HookVariants.OneVolatile());
    }

    private Instance.Builder engineOneVolatile20BreakpointsBuilder() {
        return idle.install(Instance.builder(program.module))
                .withUnsafeExecutionListener(new HookVariants.OneVolatile(program.bytes.length, sites));
    }

    @Benchmark
    public int plain(CpuTime cpu) {
        return run(cpu, now(), plainBuilder());
    }

    @Benchmark
    public int engine(CpuTime cpu) {
        return run(cpu, now(), engineBuilder());
    }

    @Benchmark
    public int engine20Breakpoints(CpuTime cpu) {
        return run(cpu, now(), engine20BreakpointsBuilder());
    }

    @Benchmark
    public int noopListener(CpuTime cpu) {
        return run(cpu, now(), noopListenerBuilder());
    }

    @Benchmark
    public int hookOnly(CpuTime cpu) {
        return run(cpu, now(), hookOnlyBuilder());
    }

    @Benchmark
    public int hookOnly20Breakpoints(CpuTime cpu) {
        return run(cpu, now(), hookOnly20BreakpointsBuilder());
    }

    @Benchmark
    public int machineOnly(CpuTime cpu) {
        return run(cpu, now(), machineOnlyBuilder());
    }

    @Benchmark
    public int hookCopy(CpuTime cpu) {
        return run(cpu, now(), hookCopyBuilder());
    }

    @Benchmark
    public int hookOneVolatile(CpuTime cpu) {
        return run(cpu, now(), hookOneVolatileBuilder());
    }

    @Benchmark
    public int hookNonVolatile(CpuTime cpu) {
        return run(cpu, now(), hookNonVolatileBuilder());
    }

    @Benchmark
    public int engineOneVolatile(CpuTime cpu) {
        return run(cpu, now(), engineOneVolatileBuilder());
    }

    @Benchmark
    public int engineOneVolatile20Breakpoints(CpuTime cpu) {
        return run(cpu, now(), engineOneVolatile20BreakpointsBuilder());
    }
}
