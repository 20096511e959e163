package dev.wasmdbg.dwarf.bench;

import dev.wasmdbg.dwarf.Dwarf;
import dev.wasmdbg.dwarf.SourceFrame;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Batch symbolization on a prebuilt index: {@link BenchInputs#LOOKUPS} calls of
 * {@code dwarf.lookup(address)} per invocation over panic.wasm's line-table addresses, reported as
 * lookups (addresses) per second. The setup builds the index and checks that the batch resolves,
 * one pass over it that also parses whatever lookup parses lazily (line tables, DIE attributes).
 * So this is the steady state; {@link ColdStartBenchmark} has the first-time cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
public class LookupBenchmark {
    private Dwarf dwarf;
    private long[] addresses;

    @Setup
    public void setUp() throws IOException {
        addresses = BenchInputs.batch(BenchInputs.LOOKUPS);
        dwarf = Dwarf.read(BenchInputs.module());
        dwarf.addressIndex();
        int resolved = 0;
        for (long a : addresses) {
            if (!dwarf.lookup(a).isEmpty()) {
                resolved++;
            }
        }
        if (resolved < addresses.length / 2) { // a broken input would measure nothing useful
            throw new IllegalStateException("only " + resolved + " of " + addresses.length + " addresses resolve");
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.LOOKUPS)
    public void batchLookup(Blackhole bh) {
        for (long a : addresses) {
            List<SourceFrame> frames = dwarf.lookup(a);
            bh.consume(frames);
        }
    }
}
