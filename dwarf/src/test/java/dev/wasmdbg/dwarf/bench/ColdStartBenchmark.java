package dev.wasmdbg.dwarf.bench;

import dev.wasmdbg.dwarf.AddressIndex;
import dev.wasmdbg.dwarf.Dwarf;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The first time, in a fresh JVM (one shot per fork, no warmup: class loading, interpreter and JIT
 * included), which is what a user of a one-off command waits for. Not the headline figures, which
 * are the warmed-up ones of {@link IndexBuildBenchmark} and {@link LookupBenchmark}; the closest
 * thing to a whole llvm-symbolizer process, JVM startup aside, is {@link #readIndexAndLookupBatch}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(3)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class ColdStartBenchmark {
    private Path module;

    @Setup
    public void setUp() {
        module = BenchInputs.module();
    }

    /** The lookup batch, only made for the benchmark that needs it. */
    @State(Scope.Benchmark)
    public static class Batch {
        long[] addresses;

        @Setup
        public void setUp() {
            addresses = BenchInputs.batch(BenchInputs.LOOKUPS);
        }
    }

    /** Dwarf.read + addressIndex(), the first time in this JVM. */
    @Benchmark
    public AddressIndex readAndBuildIndex() throws IOException {
        return Dwarf.read(module).addressIndex();
    }

    /** Dwarf.read + addressIndex() + the whole batch of lookups, the first time in this JVM. */
    @Benchmark
    public void readIndexAndLookupBatch(Batch batch, Blackhole bh) throws IOException {
        Dwarf dwarf = Dwarf.read(module);
        dwarf.addressIndex();
        for (long a : batch.addresses) {
            bh.consume(dwarf.lookup(a));
        }
    }
}
