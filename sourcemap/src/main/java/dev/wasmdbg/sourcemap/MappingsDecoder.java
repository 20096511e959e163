package dev.wasmdbg.sourcemap;

import java.util.Arrays;

/**
 * Decodes a {@code mappings} text into a {@link MappingTable} in two passes: the first checks the characters and
 * the segment shapes and counts them, so the second fills arrays of exactly the right size (nothing is sized
 * from a number read out of the input). Every value is range-checked as it is accumulated.
 */
final class MappingsDecoder {
    private static final long MAX = Integer.MAX_VALUE;

    private final CharSequence text;
    private final int length;
    private final int sourceCount;
    private final int nameCount;

    private int segment;
    private int line;

    private MappingsDecoder(CharSequence text, int sourceCount, int nameCount) {
        this.text = text;
        this.length = text.length();
        this.sourceCount = sourceCount;
        this.nameCount = nameCount;
    }

    /** Decodes text against a map with sourceCount sources and nameCount names. */
    static MappingTable decode(CharSequence text, int sourceCount, int nameCount) {
        MappingsDecoder decoder = new MappingsDecoder(text, sourceCount, nameCount);
        Shape shape = decoder.measure();
        return decoder.fill(shape);
    }

    private record Shape(int segments, int sourced, int named) {}

    /** Pass 1: characters, empty segments, cut-off values, field counts. */
    private Shape measure() {
        int segments = 0;
        int sourced = 0;
        int named = 0;
        int fields = 0;
        boolean open = false; // the current segment has characters
        boolean continued = false; // the last digit announced another one
        boolean afterComma = false;
        line = 0;
        for (int i = 0; i <= length; i++) {
            char c = i < length ? text.charAt(i) : ';';
            if (c == ',' || c == ';') {
                segment = segments;
                if (open) {
                    if (continued) {
                        throw error("Base64 VLQ value cut off at the end of segment " + segment);
                    }
                    if (fields != 1 && fields != 4 && fields != 5) {
                        throw error("segment " + segment + " has " + fields + " fields (must be 1, 4 or 5)");
                    }
                    segments++;
                    sourced += fields > 1 ? 1 : 0;
                    named += fields == 5 ? 1 : 0;
                } else if (c == ',' || afterComma) {
                    // Only a whole generated line may be empty (ECMA-426's grammar has no empty segment).
                    throw error("empty segment " + segment + " (a stray ',')");
                }
                open = false;
                continued = false;
                fields = 0;
                afterComma = c == ',';
                if (c == ';' && i < length) {
                    line++;
                }
            } else {
                int d = VlqReader.digit(c);
                if (d < 0) {
                    segment = segments;
                    throw error("bad Base64 VLQ character " + quote(c) + " at segment " + segment);
                }
                open = true;
                continued = !VlqReader.isLastDigit(d);
                fields += continued ? 0 : 1;
            }
        }
        return new Shape(segments, sourced, named);
    }

    /** Pass 2: values, deltas and their ranges; each generated line sorted by column. */
    private MappingTable fill(Shape shape) {
        int n = shape.segments();
        int[] generatedLines = new int[n];
        int[] generatedColumns = new int[n];
        long[] sourcedWords = RankedBits.words(n);
        int[] sources = new int[shape.sourced()];
        int[] lines = new int[shape.sourced()];
        int[] columns = new int[shape.sourced()];
        int[] names = shape.named() > 0 ? new int[shape.sourced()] : null;
        Lines sorter = new Lines(generatedColumns, sourcedWords, sources, lines, columns, names);

        long column = 0;
        long source = 0;
        long originalLine = 0;
        long originalColumn = 0;
        long name = 0;
        int m = 0;
        int k = 0;
        line = 0;
        VlqReader vlq = new VlqReader(text, 0);
        while (vlq.position() < length) {
            char c = text.charAt(vlq.position());
            if (c == ';' || c == ',') {
                if (c == ';') {
                    sorter.endLine(m, k);
                    line++;
                    column = 0; // the only field that restarts per line
                }
                vlq.skip();
                continue;
            }
            segment = m;
            column = accumulate(column, vlq, "generated column");
            generatedLines[m] = line;
            generatedColumns[m] = (int) column;
            if (vlq.hasValue()) {
                source = index(source, vlq, "source index", sourceCount, "sources");
                originalLine = accumulate(originalLine, vlq, "original line");
                originalColumn = accumulate(originalColumn, vlq, "original column");
                RankedBits.set(sourcedWords, m, true);
                sources[k] = (int) source;
                lines[k] = (int) originalLine;
                columns[k] = (int) originalColumn;
                if (vlq.hasValue()) {
                    name = index(name, vlq, "name index", nameCount, "names");
                    names[k] = (int) name;
                } else if (names != null) {
                    names[k] = -1;
                }
                k++;
            }
            m++;
        }
        sorter.endLine(m, k);
        return new MappingTable(generatedLines, generatedColumns, sourcedWords, sources, lines, columns, names);
    }

    /** A line or column: previous + the next delta, in [0, 2^31 - 1]. */
    private long accumulate(long previous, VlqReader vlq, String what) {
        long value = previous + delta(vlq, what);
        if (value < 0) {
            throw error(what + " becomes " + value + " (negative) at segment " + segment);
        }
        if (value > MAX) {
            throw error(what + " becomes " + value + " (beyond 2^31-1) at segment " + segment);
        }
        return value;
    }

    /** A source or name index: previous + the next delta, in [0, count). Labels are constants: no garbage. */
    private long index(long previous, VlqReader vlq, String what, int count, String countedThings) {
        long value = previous + delta(vlq, what);
        if (value < 0 || value >= count) {
            throw error(what + " " + value + " out of range (" + count + " " + countedThings + ") at segment "
                    + segment);
        }
        return value;
    }

    private long delta(VlqReader vlq, String what) {
        long delta = vlq.next();
        if (delta == VlqReader.OVERFLOW) {
            throw error("Base64 VLQ value beyond 32 bits in the " + what + " at segment " + segment);
        }
        if (delta == VlqReader.INVALID) { // pass 1 rules this out
            throw error("bad Base64 VLQ value in the " + what + " at segment " + segment);
        }
        return delta;
    }

    private SourceMapException error(String what) {
        return new SourceMapException("mappings: " + what + " (generated line " + line + ")");
    }

    static String quote(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("U+%04X", (int) c);
    }

    /** Sorts each generated line by column when the map left it unsorted; ties keep map order. */
    private static final class Lines {
        private final int[] generatedColumns;
        private final long[] sourcedWords;
        private final int[] sources;
        private final int[] lines;
        private final int[] columns;
        private final int[] names;
        private int startMapping;
        private int startSlot;

        Lines(int[] generatedColumns, long[] sourcedWords, int[] sources, int[] lines, int[] columns, int[] names) {
            this.generatedColumns = generatedColumns;
            this.sourcedWords = sourcedWords;
            this.sources = sources;
            this.lines = lines;
            this.columns = columns;
            this.names = names;
        }

        /** The line holds mappings [startMapping, endMapping) and source slots [startSlot, endSlot). */
        void endLine(int endMapping, int endSlot) {
            if (!sorted(startMapping, endMapping)) {
                sort(startMapping, endMapping, startSlot, endSlot);
            }
            startMapping = endMapping;
            startSlot = endSlot;
        }

        private boolean sorted(int from, int to) {
            for (int i = from + 1; i < to; i++) {
                if (generatedColumns[i] < generatedColumns[i - 1]) {
                    return false;
                }
            }
            return true;
        }

        /** Transient memory: 8 bytes per mapping of the line plus a copy of its source fields. */
        private void sort(int from, int to, int fromSlot, int toSlot) {
            int n = to - from;
            long[] keys = new long[n]; // column in the high half, position in the low: a stable sort
            long[] hadSource = RankedBits.words(n);
            for (int i = 0; i < n; i++) {
                keys[i] = ((long) generatedColumns[from + i] << 32) | i;
                RankedBits.set(hadSource, i, RankedBits.get(sourcedWords, from + i));
            }
            Arrays.sort(keys);
            RankedBits old = new RankedBits(hadSource); // old.rank(i): mapping i's slot before sorting
            int[] oldSources = Arrays.copyOfRange(sources, fromSlot, toSlot);
            int[] oldLines = Arrays.copyOfRange(lines, fromSlot, toSlot);
            int[] oldColumns = Arrays.copyOfRange(columns, fromSlot, toSlot);
            int[] oldNames = names == null ? null : Arrays.copyOfRange(names, fromSlot, toSlot);
            int slot = fromSlot;
            for (int j = 0; j < n; j++) {
                int i = (int) keys[j];
                generatedColumns[from + j] = (int) (keys[j] >>> 32);
                boolean sourced = old.get(i);
                RankedBits.set(sourcedWords, from + j, sourced);
                if (sourced) {
                    int o = old.rank(i);
                    sources[slot] = oldSources[o];
                    lines[slot] = oldLines[o];
                    columns[slot] = oldColumns[o];
                    if (names != null) {
                        names[slot] = oldNames[o];
                    }
                    slot++;
                }
            }
        }
    }
}
