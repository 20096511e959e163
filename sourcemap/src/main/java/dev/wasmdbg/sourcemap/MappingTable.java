package dev.wasmdbg.sourcemap;

/**
 * All mappings of a map, sorted by (generated line, generated column), in primitive arrays: about 16 bytes per
 * mapping with a source and 8 without, never more than ~4.5 bytes per character of the {@code mappings} text.
 * Per-source fields live in dense arrays indexed by the rank of the mapping among those with a source.
 * Immutable once constructed.
 */
final class MappingTable {
    static final MappingTable EMPTY = new MappingTable(new int[0], new int[0], new long[0], new int[0], new int[0],
            new int[0], null);

    private final int[] generatedLines;
    private final int[] generatedColumns;
    private final RankedBits sourced;
    private final int[] sourceIndexes;
    private final int[] lines;
    private final int[] columns;
    /** Name index per mapping with a source, -1 for none; null when no mapping has a name. */
    private final int[] nameIndexes;
    /** How many mappings are on generated line 0 (a prefix, as the table is sorted): the wasm lookup range. */
    private final int lineZeroCount;

    /** Takes ownership of the arrays; the caller has sorted them and checked every value. */
    MappingTable(int[] generatedLines, int[] generatedColumns, long[] sourcedWords, int[] sourceIndexes,
            int[] lines, int[] columns, int[] nameIndexes) {
        this.generatedLines = generatedLines;
        this.generatedColumns = generatedColumns;
        this.sourced = new RankedBits(sourcedWords);
        this.sourceIndexes = sourceIndexes;
        this.lines = lines;
        this.columns = columns;
        this.nameIndexes = nameIndexes;
        int zero = 0;
        while (zero < generatedLines.length && generatedLines[zero] == 0) {
            zero++;
        }
        this.lineZeroCount = zero;
        if (sourced.cardinality() != sourceIndexes.length) {
            throw new IllegalStateException("sourced bits disagree with the source arrays");
        }
    }

    int size() {
        return generatedLines.length;
    }

    int generatedLine(int i) {
        return generatedLines[i];
    }

    int generatedColumn(int i) {
        return generatedColumns[i];
    }

    boolean hasSource(int i) {
        return sourced.get(i);
    }

    /** Where mapping i's source fields are in the dense arrays; only for i with {@link #hasSource}. */
    int slot(int i) {
        return sourced.rank(i);
    }

    int sourcedCount() {
        return sourceIndexes.length;
    }

    int sourceIndex(int slot) {
        return sourceIndexes[slot];
    }

    /** 0-based, as in the map. */
    int line(int slot) {
        return lines[slot];
    }

    /** 0-based, as in the map. */
    int column(int slot) {
        return columns[slot];
    }

    /** -1 when the mapping has no name. */
    int nameIndex(int slot) {
        return nameIndexes == null ? -1 : nameIndexes[slot];
    }

    boolean hasNames() {
        return nameIndexes != null;
    }

    /**
     * The index of the last mapping on generated line 0 whose column is <= column and >= notBefore, or -1. Among
     * mappings at the same column the last in map order wins: binaryen writes an expression's entry before its
     * children's, so the last entry at an offset is the innermost expression, the one whose code starts there;
     * emscripten's runtime symbolizer (src/source_map_support.js) also keeps the last entry per offset.
     */
    int floor(long column, long notBefore) {
        if (column < 0 || lineZeroCount == 0) {
            return -1;
        }
        int target = (int) Math.min(column, Integer.MAX_VALUE);
        int lo = 0;
        int hi = lineZeroCount; // first index with a column > target is in [lo, hi]
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (generatedColumns[mid] <= target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int found = lo - 1;
        return found >= 0 && generatedColumns[found] >= notBefore ? found : -1;
    }

    /** Bytes held by the arrays (for the memory bound's tests). */
    long retainedBytes() {
        long ints = (long) generatedLines.length + generatedColumns.length + sourceIndexes.length + lines.length
                + columns.length + (nameIndexes == null ? 0 : nameIndexes.length);
        return 4 * ints + sourced.retainedBytes();
    }
}
