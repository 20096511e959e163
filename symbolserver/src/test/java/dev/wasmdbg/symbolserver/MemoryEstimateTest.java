package dev.wasmdbg.symbolserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.symbols.SymbolizeException;
import dev.wasmdbg.symbols.Symbolizer;
import dev.wasmdbg.testkit.TestModules;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cache's estimate is an upper bound of what a symbolizer really retains once every code
 * address has been looked up (the DWARF reader's lazy caches full), measured as heap growth.
 */
class MemoryEstimateTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "fact-O0.wasm, -, -", "shapes.wasm, -, -", "panic.wasm, -, -", "gopanic.wasm, -, -",
        "fact-em.wasm, -, fact-em.wasm.map", "fact-split.wasm, fact-split.debug.wasm, -"})
    void estimateBoundsRetainedHeap(String module, String debug, String map) {
        Path m = TestModules.wasm(module);
        Path d = debug == null ? null : TestModules.wasm(debug);
        Path s = map == null ? null : TestModules.wasm(map);
        long before = usedAfterGc();
        Symbolizer symbolizer = Symbolizer.openExactly(m, d, s);
        for (long address = 0; ; address += 3) {
            try {
                symbolizer.symbolizeCode(address);
            } catch (SymbolizeException e) {
                break; // past the Code section
            }
        }
        long retained = usedAfterGc() - before;
        java.lang.ref.Reference.reachabilityFence(symbolizer);
        long estimate = MemoryEstimate.of(new Store.ModuleFiles(m, d, null, s));
        assertThat(retained).as("%s retained %,d bytes, estimate %,d", module, retained, estimate)
                .isLessThanOrEqualTo(estimate);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
