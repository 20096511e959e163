package dev.wasmdbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.testkit.TestModules;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every line table, every row and every file entry, equal to what llvm-dwarfdump-22 --debug-line printed. */
class LineTableDifferentialTest {
    private static final Pattern TABLE = Pattern.compile("(?m)^debug_line\\[0x([0-9a-f]{8})\\]$");
    private static final Pattern ROW = Pattern.compile(
            "^0x([0-9a-f]{16})\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*(.*)$");
    private static final Pattern INCLUDE = Pattern.compile("^include_directories\\[\\s*(\\d+)\\] = \"(.*)\"$");
    private static final Pattern FILE_NAME = Pattern.compile("^file_names\\[\\s*(\\d+)\\]:$");

    static List<String> modules() {
        return TestModules.withDwarf();
    }

    /** What llvm-dwarfdump printed for one table. */
    record DumpedTable(List<String> directories, List<String> files, List<String> rows) {}

    static Map<Long, DumpedTable> parseDump(String dump) {
        Map<Long, DumpedTable> tables = new LinkedHashMap<>();
        Matcher m = TABLE.matcher(dump);
        List<int[]> spans = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        while (m.find()) {
            offsets.add(Long.parseLong(m.group(1), 16));
            spans.add(new int[] {m.end(), 0});
        }
        for (int i = 0; i < spans.size(); i++) {
            int end = i + 1 < spans.size() ? dump.lastIndexOf("debug_line[", spans.get(i + 1)[0]) : dump.length();
            String text = dump.substring(spans.get(i)[0], end);
            List<String> dirs = new ArrayList<>();
            List<String> files = new ArrayList<>();
            List<String> rows = new ArrayList<>();
            StringBuilder file = null;
            for (String line : text.split("\n")) {
                Matcher inc = INCLUDE.matcher(line);
                Matcher fn = FILE_NAME.matcher(line);
                Matcher row = ROW.matcher(line);
                if (inc.matches()) {
                    dirs.add(inc.group(2));
                } else if (fn.matches()) {
                    if (file != null) {
                        files.add(file.toString());
                    }
                    file = new StringBuilder();
                } else if (file != null && line.startsWith("  ") && line.contains(": ")) {
                    file.append(line.trim()).append('|');
                } else if (row.matches()) {
                    rows.add(normalize(row));
                }
                if (file != null && (line.startsWith("Address ") || line.isEmpty() && file.length() > 0)) {
                    files.add(file.toString());
                    file = null;
                }
            }
            if (file != null) {
                files.add(file.toString());
            }
            tables.put(offsets.get(i), new DumpedTable(dirs, files, rows));
        }
        return tables;
    }

    private static String normalize(Matcher row) {
        return String.join(" ", Long.toHexString(Long.parseUnsignedLong(row.group(1), 16)), row.group(2),
                row.group(3), row.group(4), row.group(5), row.group(6), row.group(7), row.group(8).trim());
    }

    static String render(LineRow r) {
        List<String> flags = new ArrayList<>();
        if (r.isStmt()) {
            flags.add("is_stmt");
        }
        if (r.basicBlock()) {
            flags.add("basic_block");
        }
        if (r.endSequence()) {
            flags.add("end_sequence");
        }
        if (r.prologueEnd()) {
            flags.add("prologue_end");
        }
        if (r.epilogueBegin()) {
            flags.add("epilogue_begin");
        }
        return String.join(" ", Long.toHexString(r.address()), Long.toString(r.line()), Long.toString(r.column()),
                Long.toString(r.file()), Long.toString(r.isa()), Long.toString(r.discriminator()),
                Integer.toString(r.opIndex()), String.join(" ", flags));
    }

    static String render(FileEntry f, int version) {
        StringBuilder s = new StringBuilder();
        s.append("name: \"").append(f.name()).append("\"|");
        s.append("dir_index: ").append(f.directoryIndex()).append('|');
        if (f.md5() != null) {
            s.append("md5_checksum: ").append(HexFormat.of().formatHex(f.md5())).append('|');
        }
        if (version < 5) {
            s.append(String.format("mod_time: 0x%08x|", f.modificationTime()));
            s.append(String.format("length: 0x%08x|", f.length()));
        }
        return s.toString();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyRowAndFileEqualsLlvmDwarfdump(String module) throws Exception {
        Map<Long, DumpedTable> expected = parseDump(TestModules.debugLineOracle(module));
        Dwarf dwarf = Dwarf.read(TestModules.wasm(module + ".wasm"));
        Map<Long, LineTable> ours = new LinkedHashMap<>();
        for (LineTable t : dwarf.lineTables()) {
            ours.put(t.offset(), t);
        }
        assertThat(ours.keySet()).as("line tables of %s", module).containsExactlyInAnyOrderElementsOf(expected.keySet());
        int rows = 0;
        int files = 0;
        for (var e : expected.entrySet()) {
            LineTable table = ours.get(e.getKey());
            DumpedTable dumped = e.getValue();
            String where = module + " table 0x" + Long.toHexString(e.getKey());
            assertThat(table.directories()).as(where).containsExactlyElementsOf(dumped.directories());
            assertThat(table.files().stream().map(f -> render(f, table.version())).toList())
                    .as(where).containsExactlyElementsOf(dumped.files());
            assertThat(table.rows().stream().map(LineTableDifferentialTest::render).toList())
                    .as(where).containsExactlyElementsOf(dumped.rows());
            rows += table.rows().size();
            files += table.files().size();
        }
        System.out.printf("%s: %d line tables, %d rows, %d file entries equal to llvm-dwarfdump-22%n",
                module, expected.size(), rows, files);
    }
}
