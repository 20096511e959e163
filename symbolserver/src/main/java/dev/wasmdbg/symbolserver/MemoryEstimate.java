package dev.wasmdbg.symbolserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a loaded symbolizer is estimated to hold in memory, from its files' sizes. An upper bound
 * measured on the test modules with every code address looked up (the DWARF reader fills its
 * caches lazily): retained heap was 1.1-9.2x the file sizes, the high ratios on small modules
 * (fixed costs), 2.3x on the 7 MB Rust module; see MemoryEstimateTest.
 */
final class MemoryEstimate {
    static final long WASM_FACTOR = 3;
    static final long MAP_FACTOR = 5; // the source map reader retains at most ~4.1 bytes per mappings character
    static final long FIXED = 1 << 20;

    private MemoryEstimate() {}

    static long of(Store.ModuleFiles files) {
        return WASM_FACTOR * (size(files.module()) + size(files.debug()))
                + MAP_FACTOR * size(files.map()) + FIXED;
    }

    /** A file's size; a missing file (no such companion) weighs nothing. */
    private static long size(Path p) {
        try {
            return p == null ? 0 : Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
