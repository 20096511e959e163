package dev.wasmdbg.dwarf.bench;

import dev.wasmdbg.dwarf.AddressIndex;
import dev.wasmdbg.dwarf.Die;
import dev.wasmdbg.dwarf.Dwarf;
import dev.wasmdbg.dwarf.LineRow;
import dev.wasmdbg.dwarf.LineTable;
import dev.wasmdbg.dwarf.Unit;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
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
 * Where a lookup's time goes, in nanoseconds per address over the same batch as
 * {@link LookupBenchmark}, by doing a growing part of its work through the public API:
 * the unit, the subroutine chain, the chain's names, the line-table row, the row's file path,
 * then the whole lookup. A profiling aid (bench/README.md), not part of the comparison with
 * llvm-symbolizer: bench/symbolize-vs-llvm.sh does not run it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 4, time = 2)
public class LookupBreakdownBenchmark {
    private Dwarf dwarf;
    private AddressIndex index;
    private long[] addresses;

    @Setup
    public void setUp() throws IOException {
        addresses = BenchInputs.batch(BenchInputs.LOOKUPS);
        dwarf = Dwarf.read(BenchInputs.module());
        index = dwarf.addressIndex();
        for (long a : addresses) {
            dwarf.lookup(a); // parse what lookup parses lazily, as LookupBenchmark's setup does
        }
    }

    /** 1. Which unit covers the address. */
    @Benchmark
    @OperationsPerInvocation(BenchInputs.LOOKUPS)
    public void unit(Blackhole bh) {
        for (long a : addresses) {
            bh.consume(index.unitFor(a));
        }
    }

    /** 2. The unit and the subroutine chain (innermost DIE, then its callers). */
    @Benchmark
    @OperationsPerInvocation(BenchInputs.LOOKUPS)
    public void chain(Blackhole bh) {
        for (long a : addresses) {
            bh.consume(index.inlinedChain(a));
        }
    }

    /** 3. The chain and every frame's function name (linkage name, through abstract origins). */
    @Benchmark
    @OperationsPerInvocation(BenchInputs.LOOKUPS)
    public void chainAndNames(Blackhole bh) {
        for (long a : addresses) {
            List<Die> chain = index.inlinedChain(a);
            for (Die d : chain) {
                bh.consume(AddressIndex.name(d));
            }
        }
    }

    /** 4. The unit and the line-table row of the address. */
    @Benchmark
    @OperationsPerInvocation(BenchInputs.LOOKUPS)
    public void lineRow(Blackhole bh) {
        for (long a : addresses) {
            Optional<Unit> unit = index.unitFor(a);
            if (unit.isPresent()) {
                LineTable table = unit.get().lineTable().orElse(null);
                if (table != null) {
                    int row = table.lookup(a);
                    bh.consume(row < 0 ? null : table.rows().get(row));
                }
            }
        }
    }

    /** 5. As 4, plus the row's file joined into a path (a new string every time, as lookup does). */
    @Benchmark
    @OperationsPerInvocation(BenchInputs.LOOKUPS)
    public void lineRowAndPath(Blackhole bh) {
        for (long a : addresses) {
            Optional<Unit> unit = index.unitFor(a);
            if (unit.isPresent()) {
                LineTable table = unit.get().lineTable().orElse(null);
                if (table != null) {
                    int row = table.lookup(a);
                    if (row >= 0) {
                        LineRow r = table.rows().get(row);
                        bh.consume(table.filePath(r.file(), unit.get().compDir()));
                    }
                }
            }
        }
    }

    /** 6. The whole lookup, for reference (same work as LookupBenchmark, in ns per address). */
    @Benchmark
    @OperationsPerInvocation(BenchInputs.LOOKUPS)
    public void lookup(Blackhole bh) {
        for (long a : addresses) {
            bh.consume(dwarf.lookup(a));
        }
    }
}
