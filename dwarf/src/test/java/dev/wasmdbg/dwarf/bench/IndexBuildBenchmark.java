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

/**
 * Opening the module and building its address index: {@code Dwarf.read(panic.wasm)} (reading the
 * 7 MB file, the section layout, the unit headers) plus {@code addressIndex()}, from nothing each
 * time. Average time per build, on a warmed-up JVM. The defaults here are what
 * bench/symbolize-vs-llvm.sh uses unless its environment says otherwise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
public class IndexBuildBenchmark {
    private Path module;

    @Setup
    public void setUp() {
        module = BenchInputs.module();
    }

    @Benchmark
    public AddressIndex readAndBuildIndex() throws IOException {
        return Dwarf.read(module).addressIndex();
    }
}
