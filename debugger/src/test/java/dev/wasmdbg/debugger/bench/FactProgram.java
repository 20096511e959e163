package dev.wasmdbg.debugger.bench;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.Instruction;
import dev.wasmdbg.wasm.WasmFile;
import dev.wasmdbg.testkit.TestModules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CPU-bound program of the engine benchmarks: {@code fact loop N} (test-modules/src/fact.c),
 * which calls {@code sum_squares} on five values N times and prints the total. With argv
 * {@code fact loop N} the values are 3..7, so the total is 135 N.
 *
 * <p>Only {@code fact-O0.wasm} does that work N times. In {@code fact-O2.wasm} clang inlined
 * {@code sum_squares} into {@code main}, computed it once before the loop (its result does not
 * depend on the round) and replaced the loop by one {@code i64.mul}: there {@code fact loop N} takes
 * the same ~1 ms whatever N is, mostly instantiation and printf.
 */
final class FactProgram {
    /** Rounds per module: about 100 ms a run under plain Chicory on our 2-core VM (O2: see above). */
    private static final Map<String, Integer> DEFAULT_ROUNDS = Map.of("fact-O0.wasm", 20_000, "fact-O2.wasm", 20_000);
    private static final long SUM_PER_ROUND = 9 + 16 + 25 + 36 + 49;

    final String moduleName;
    final int rounds;
    final byte[] bytes;
    final WasmModule module;
    final List<String> argv;

    FactProgram(String moduleName, int rounds) {
        this.moduleName = moduleName;
        this.rounds = rounds > 0 ? rounds : defaultRounds(moduleName);
        try {
            this.bytes = Files.readAllBytes(TestModules.wasm(moduleName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.module = Parser.parse(bytes);
        this.argv = List.of("fact", "loop", Integer.toString(this.rounds));
    }

    static int defaultRounds(String moduleName) {
        Integer n = DEFAULT_ROUNDS.get(moduleName);
        if (n == null) {
            throw new IllegalArgumentException("no default rounds for " + moduleName + ": pass -p rounds=N");
        }
        return n;
    }

    String describe() {
        return moduleName + " " + String.join(" ", argv.subList(1, argv.size()));
    }

    /**
     * Instantiates the module from {@code builder} against a fresh WASI preview1 (argv above,
     * output to {@code out}) and runs {@code _start}; returns the exit code.
     */
    int run(Instance.Builder builder, OutputStream out) {
        var options = WasiOptions.builder().withArguments(argv).withStdout(out).withStderr(out).build();
        try (var wasi = WasiPreview1.builder().withOptions(options).build()) {
            Instance instance = builder
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                    .withStart(false)
                    .build();
            try {
                instance.export(Instance.START_FUNCTION_NAME).apply();
                return 0;
            } catch (WasiExitException e) {
                return e.exitCode();
            }
        }
    }

    /** Runs once with {@code builder} and fails unless the program printed the right total and exited 0. */
    void check(Instance.Builder builder, String what) {
        var out = new ByteArrayOutputStream();
        int code = run(builder, out);
        String printed = out.toString(StandardCharsets.UTF_8);
        String expected = "loop total = " + SUM_PER_ROUND * rounds + "\n";
        if (code != 0 || !printed.endsWith(expected)) {
            throw new IllegalStateException(what + ": " + describe() + " exited " + code + " and printed " + printed);
        }
    }

    /** The file offsets of every instruction this program executes (one run under plain Chicory + a recorder). */
    BitSet executedAddresses() {
        BitSet executed = new BitSet(bytes.length);
        run(Instance.builder(module).withUnsafeExecutionListener((instruction, stack) -> executed.set(instruction.address())),
                OutputStream.nullOutputStream());
        return executed;
    }

    /** A breakpoint site: an instruction's file offset and the function it is in. */
    record Site(int address, int function, String functionName) {}

    /**
     * The breakpoint sites: those EngineOverhead found (it passes them to the benchmark's JVMs as the
     * system property {@code wasmdbg.bench.sites.MODULE}, hex addresses separated by commas), else
     * {@link #neverExecutedSites} run here, with a warning: that run passes a recording listener
     * through the interpreter and so changes the profile this JVM compiles it with.
     */
    List<Site> breakpointSites(int count) {
        String given = System.getProperty(sitesProperty(moduleName));
        if (given == null || given.isBlank()) {
            System.err.println("warning: no -D" + sitesProperty(moduleName) + ": finding the breakpoint sites in this"
                    + " JVM, which skews its JIT profile; run through EngineOverhead (bench/engine-overhead.sh)");
            return neverExecutedSites(count);
        }
        List<Site> sites = new ArrayList<>();
        for (String hex : given.split(",")) {
            sites.add(new Site(Integer.parseInt(hex.trim().replaceFirst("^0x", ""), 16), -1, "?"));
        }
        if (sites.size() != count) {
            throw new IllegalArgumentException(sitesProperty(moduleName) + " has " + sites.size() + " sites, not " + count);
        }
        return sites;
    }

    static String sitesProperty(String moduleName) {
        return "wasmdbg.bench.sites." + moduleName;
    }

    static String sitesValue(List<Site> sites) {
        StringBuilder value = new StringBuilder();
        for (Site s : sites) {
            value.append(value.length() == 0 ? "" : ",").append("0x").append(Integer.toHexString(s.address()));
        }
        return value.toString();
    }

    /** fact.c's own functions (main is __main_argc_argv at -O2, where only main and fact are left). */
    private static final Set<String> SOURCE_FUNCTIONS =
            Set.of("main", "__main_argc_argv", "sum_squares", "fact", "ratio", "move");

    /**
     * {@code count} instructions the program never executes, where a user would put breakpoints that
     * {@code fact loop N} does not reach: spread evenly over the never-executed instructions of fact.c's
     * functions (main's spin and ratio branches, ratio itself), and only if those are too few, over the
     * never-executed instructions of the other functions that do run (libc's unused paths).
     */
    List<Site> neverExecutedSites(int count) {
        BitSet executed = executedAddresses();
        WasmFile file = WasmFile.of(bytes);
        int imported = file.importedFunctionCount();
        Map<Integer, String> names = file.functionNames();
        List<Site> source = new ArrayList<>();
        List<Site> others = new ArrayList<>();
        var code = module.codeSection();
        for (int i = 0; i < code.functionBodyCount(); i++) {
            FunctionBody body = code.getFunctionBody(i);
            int function = imported + i;
            String name = names.getOrDefault(function, "wasm-function[" + function + "]");
            boolean ours = SOURCE_FUNCTIONS.contains(name);
            if (!ours && body.instructions().stream().noneMatch(x -> executed.get(x.address()))) {
                continue; // a library function never called
            }
            for (Instruction instruction : body.instructions()) {
                if (!executed.get(instruction.address())) {
                    (ours ? source : others).add(new Site(instruction.address(), function, name));
                }
            }
        }
        List<Site> picked = spread(distinct(source), Math.min(count, distinct(source).size()));
        if (picked.size() < count) {
            picked.addAll(spread(distinct(others), count - picked.size()));
        }
        if (picked.size() < count) {
            throw new IllegalStateException(describe() + ": only " + picked.size() + " never-executed instructions");
        }
        picked.sort(Comparator.comparingInt(Site::address));
        return picked;
    }

    private static List<Site> distinct(List<Site> candidates) {
        List<Site> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingInt(Site::address));
        List<Site> distinct = new ArrayList<>(); // a breakpoint is per instruction address
        for (Site s : sorted) {
            if (distinct.isEmpty() || distinct.get(distinct.size() - 1).address() != s.address()) {
                distinct.add(s);
            }
        }
        return distinct;
    }

    private static List<Site> spread(List<Site> candidates, int count) {
        List<Site> picked = new ArrayList<>(count);
        for (int k = 0; k < count && k < candidates.size(); k++) {
            picked.add(candidates.get((int) ((long) k * candidates.size() / count)));
        }
        return picked;
    }
}
