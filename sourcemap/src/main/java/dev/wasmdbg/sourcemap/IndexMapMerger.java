package dev.wasmdbg.sourcemap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens an index map's sections into one map (ECMA-426 section 9): each section's mappings move by its offset
 * (the column only on the section's first line), sources equal in name and content are shared, names are
 * concatenated. Sections must be in order and must not overlap: a section may not start before the previous
 * section's offset nor before the previous section's last mapping.
 */
final class IndexMapMerger {
    private static final long MAX = Integer.MAX_VALUE;

    /** One section as read: its index in 'sections', its offset and its decoded map. */
    record Section(int index, int offsetLine, int offsetColumn, ParsedMap map) {}

    private IndexMapMerger() {}

    static ParsedMap merge(List<Section> sections) {
        checkOrder(sections);
        List<String> sources = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<List<String>, Integer> known = new HashMap<>();
        int[][] sourceRemap = new int[sections.size()][];
        int[] nameBase = new int[sections.size()];
        int total = 0;
        int totalSourced = 0;
        boolean anyNames = false;
        for (int s = 0; s < sections.size(); s++) {
            ParsedMap map = sections.get(s).map();
            int[] remap = new int[map.sources().size()];
            for (int i = 0; i < remap.length; i++) {
                List<String> key = Arrays.asList(map.sources().get(i), map.contents().get(i));
                Integer at = known.get(key);
                if (at == null) {
                    at = sources.size();
                    known.put(key, at);
                    sources.add(key.get(0));
                    contents.add(key.get(1));
                }
                remap[i] = at;
            }
            sourceRemap[s] = remap;
            nameBase[s] = names.size();
            names.addAll(map.names());
            total += map.table().size();
            totalSourced += map.table().sourcedCount();
            anyNames |= map.table().hasNames();
        }

        int[] generatedLines = new int[total];
        int[] generatedColumns = new int[total];
        long[] sourcedWords = RankedBits.words(total);
        int[] sourceIndexes = new int[totalSourced];
        int[] lines = new int[totalSourced];
        int[] columns = new int[totalSourced];
        int[] nameIndexes = anyNames ? new int[totalSourced] : null;
        int m = 0;
        int k = 0;
        for (int s = 0; s < sections.size(); s++) {
            Section section = sections.get(s);
            MappingTable t = section.map().table();
            for (int i = 0, slot = 0; i < t.size(); i++) {
                long line = (long) section.offsetLine() + t.generatedLine(i);
                long column = t.generatedColumn(i) + (t.generatedLine(i) == 0 ? (long) section.offsetColumn() : 0);
                if (line > MAX || column > MAX) {
                    throw new SourceMapException("sections[" + section.index() + "]: with the offset, a mapping's "
                            + "generated position (line " + line + ", column " + column + ") exceeds 2^31-1");
                }
                generatedLines[m] = (int) line;
                generatedColumns[m] = (int) column;
                if (t.hasSource(i)) {
                    RankedBits.set(sourcedWords, m, true);
                    sourceIndexes[k] = sourceRemap[s][t.sourceIndex(slot)];
                    lines[k] = t.line(slot);
                    columns[k] = t.column(slot);
                    if (nameIndexes != null) {
                        int name = t.nameIndex(slot);
                        nameIndexes[k] = name < 0 ? -1 : nameBase[s] + name;
                    }
                    slot++;
                    k++;
                }
                m++;
            }
        }
        MappingTable table = new MappingTable(generatedLines, generatedColumns, sourcedWords, sourceIndexes, lines,
                columns, nameIndexes);
        return new ParsedMap(Collections.unmodifiableList(sources), Collections.unmodifiableList(contents),
                Collections.unmodifiableList(names), table);
    }

    /**
     * Each section's offset must not precede the previous offset nor the previous non-empty section's last
     * mapping. Sections are sorted inside, so with this the concatenation is sorted too.
     */
    private static void checkOrder(List<Section> sections) {
        Section previous = null;
        Section lastNonEmpty = null;
        long lastLine = 0;
        long lastColumn = 0;
        for (Section s : sections) {
            if (previous != null && compare(s.offsetLine(), s.offsetColumn(), previous.offsetLine(),
                    previous.offsetColumn()) < 0) {
                throw new SourceMapException(where(s) + ": offset " + position(s.offsetLine(), s.offsetColumn())
                        + " is before the offset " + position(previous.offsetLine(), previous.offsetColumn())
                        + " of sections[" + previous.index() + "] (sections must be in order)");
            }
            if (lastNonEmpty != null && compare(s.offsetLine(), s.offsetColumn(), lastLine, lastColumn) < 0) {
                throw new SourceMapException(where(s) + ": offset " + position(s.offsetLine(), s.offsetColumn())
                        + " overlaps sections[" + lastNonEmpty.index() + "], which maps up to "
                        + position(lastLine, lastColumn));
            }
            MappingTable t = s.map().table();
            if (t.size() > 0) {
                int last = t.size() - 1;
                lastLine = (long) s.offsetLine() + t.generatedLine(last);
                lastColumn = t.generatedColumn(last) + (t.generatedLine(last) == 0 ? (long) s.offsetColumn() : 0);
                lastNonEmpty = s;
            }
            previous = s;
        }
    }

    private static int compare(long line, long column, long otherLine, long otherColumn) {
        return line != otherLine ? Long.compare(line, otherLine) : Long.compare(column, otherColumn);
    }

    private static String where(Section s) {
        return "sections[" + s.index() + "]";
    }

    private static String position(long line, long column) {
        return "(line " + line + ", column " + column + ")";
    }
}
