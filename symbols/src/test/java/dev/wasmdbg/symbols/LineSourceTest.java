package dev.wasmdbg.symbols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.symbols.LineSource.Position;
import dev.wasmdbg.testkit.TestModules;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Lines for stepping, from DWARF and from a source map. DWARF positions are llvm-dwarfdump-22
 * --debug-line and llvm-symbolizer-22 answers (the committed oracles, and rows quoted below).
 */
class LineSourceTest {
    static final String FACT_C_BUILT = "/wasmdbg/test-modules/src/fact.c"; // DW_AT_comp_dir + "src/fact.c"
    static final Path FACT_C = TestModules.dir().resolve("src/fact.c").toAbsolutePath().normalize();
    // llvm-readobj-22 --sections fact-em.wasm: "Type: CODE (0xA) Size: 7353 Offset: 475".
    static final long EM_CODE = 475;

    private static final Pattern ROW = Pattern.compile(
            "^0x(\\p{XDigit}+)\\s+(\\d+)\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+[ \\t]*([^\\n]*)$", Pattern.MULTILINE);
    private static final Pattern ADDRESS = Pattern.compile("\"Address\":\"0x(\\p{XDigit}+)\"");
    private static final Pattern INNERMOST = Pattern.compile("\"FileName\":\"([^\"]*)\",\"FunctionName\":\"[^\"]*\",\"Line\":(\\d+)");

    static LineSource lines(String module) {
        return Symbolizer.open(TestModules.wasm(module)).lines().orElseThrow();
    }

    @Test
    void dwarfRowsStartLinesInSumSquares() {
        LineSource lines = lines("fact-O0.wasm");
        // 0x456  22  14  1 ... is_stmt        (`total += square;`)
        // 0x45d  22  11  1 ...                (same line, not a statement)
        // 0x466  23  12  1 ... is_stmt        (`counter++;`)
        assertThat(lines.rowStart(0x456)).contains(new Position(FACT_C_BUILT, 22));
        assertThat(lines.rowStart(0x45d)).isEmpty();
        assertThat(lines.rowStart(0x466)).contains(new Position(FACT_C_BUILT, 23));
        assertThat(lines.at(0x45d)).contains(new Position(FACT_C_BUILT, 22));
        assertThat(lines.at(0x45d).orElseThrow().sameLine(lines.rowStart(0x456).orElseThrow())).isTrue();
        assertThat(lines.at(0x45d).orElseThrow().sameLine(lines.rowStart(0x466).orElseThrow())).isFalse();
        // sum_squares: DW_AT_low_pc 0x3ef, its first row there (line 18); prologue_end at 0x40b (line 19).
        assertThat(lines.rowStart(0x3ef)).contains(new Position(FACT_C_BUILT, 18));
        assertThat(lines.pastPrologue(0x3ef)).isFalse();
        assertThat(lines.pastPrologue(0x40a)).isFalse();
        assertThat(lines.pastPrologue(0x40b)).isTrue();
        assertThat(lines.pastPrologue(0x456)).isTrue();
    }

    @Test
    void dwarfRowStartsAreDwarfdumpsStatementRows() {
        for (String module : TestModules.withDwarf()) {
            LineSource lines = lines(module + ".wasm");
            // The last statement row (not end_sequence) at an address wins; other rows start nothing.
            Map<Long, Long> statements = new TreeMap<>();
            Set<Long> others = new HashSet<>();
            Matcher row = ROW.matcher(TestModules.debugLineOracle(module));
            while (row.find()) {
                long address = Long.parseUnsignedLong(row.group(1), 16);
                String flags = row.group(3);
                if (flags.contains("is_stmt") && !flags.contains("end_sequence")) {
                    statements.put(address, Long.parseLong(row.group(2)));
                } else {
                    others.add(address);
                }
            }
            others.removeAll(statements.keySet());
            assertThat(statements).as(module).isNotEmpty();
            statements.forEach((address, line) -> assertThat(lines.rowStart(address).map(Position::line))
                    .as("%s row at 0x%x", module, address).contains(line));
            for (long address : others) {
                assertThat(lines.rowStart(address)).as("%s at 0x%x", module, address).isEmpty();
            }
        }
    }

    @Test
    void dwarfLineAtIsSymbolizersInnermostFrame() {
        for (String module : TestModules.withDwarf()) {
            LineSource lines = lines(module + ".wasm");
            int compared = 0;
            for (String answer : TestModules.symbolizerOracle(module)) {
                Matcher address = ADDRESS.matcher(answer);
                Matcher frame = INNERMOST.matcher(answer);
                assertThat(address.find()).as(answer).isTrue();
                long code = Long.parseUnsignedLong(address.group(1), 16);
                Optional<Position> at = lines.at(code);
                assertThat(frame.find()).as(answer).isTrue();
                if (frame.group(1).isEmpty()) { // "??": past the end of a sequence
                    assertThat(at).as("%s at 0x%x", module, code).isEmpty();
                } else {
                    assertThat(at).as("%s at 0x%x", module, code)
                            .contains(new Position(frame.group(1), Long.parseLong(frame.group(2))));
                    compared++;
                }
            }
            assertThat(compared).as(module).isPositive();
        }
    }

    @Test
    void splitDwarfStepsByTheDebugFile() {
        LineSource split = lines("fact-split.wasm");
        LineSource direct = lines("fact-split.debug.wasm");
        for (long code = 0; code < 0x600; code++) {
            assertThat(split.rowStart(code)).isEqualTo(direct.rowStart(code));
        }
    }

    @Test
    void sourceMapMappingsStartRows() {
        LineSource lines = lines("fact-em.wasm");
        // fact-em.wasm.map, decoded: file offset 0x28d -> fact.c 51:3, 0x2a0 -> 52:3, 0x2b2 -> 48:20
        // and then 52:3 (the last there wins), 0x2b4 -> 48:20 and 52:3, 0x2b9 -> 48:20, 0x3e2 -> 35:12.
        assertThat(lines.rowStart(0x28d - EM_CODE)).contains(new Position(FACT_C.toString(), 51));
        assertThat(lines.rowStart(0x29d - EM_CODE)).isEmpty(); // the call to iprintf, inside line 51's row
        assertThat(lines.at(0x29d - EM_CODE)).contains(new Position(FACT_C.toString(), 51));
        assertThat(lines.rowStart(0x2a0 - EM_CODE)).contains(new Position(FACT_C.toString(), 52));
        assertThat(lines.rowStart(0x2b2 - EM_CODE)).contains(new Position(FACT_C.toString(), 52));
        assertThat(lines.rowStart(0x2b9 - EM_CODE)).contains(new Position(FACT_C.toString(), 48));
        assertThat(lines.at(0x3e8 - EM_CODE)).contains(new Position(FACT_C.toString(), 35)); // the i32.div_s
        assertThat(lines.pastPrologue(0x28d - EM_CODE)).isTrue();
        assertThat(lines.rowStart(-1)).isEmpty();
        assertThat(lines.at(1 << 20)).isEmpty();
    }

    @Test
    void aStoredMapsPositionsNameSourcesAsTheMapDoes() {
        Path em = TestModules.wasm("fact-em.wasm");
        LineSource lines = Symbolizer.openExactly(em, null, TestModules.wasm("fact-em.wasm.map")).lines().orElseThrow();
        assertThat(lines.rowStart(0x28d - EM_CODE)).contains(new Position("../src/fact.c", 51));
    }

    @Test
    void namesAloneGiveNoLines() {
        assertThat(Symbolizer.open(TestModules.wasm("gopanic.wasm")).lines()).isEmpty();
        assertThat(Symbolizer.openExactly(TestModules.wasm("fact-em.wasm"), null, null).lines()).isEmpty();
    }

    @Test
    void sameLineNeedsTheFileAndTheLine() {
        Position p = new Position("a.c", 3);
        assertThat(p.sameLine(new Position("a.c", 3))).isTrue();
        assertThat(p.sameLine(new Position("a.c", 4))).isFalse();
        assertThat(p.sameLine(new Position("b.c", 3))).isFalse();
        assertThat(p.sameLine(null)).isFalse();
    }
}
