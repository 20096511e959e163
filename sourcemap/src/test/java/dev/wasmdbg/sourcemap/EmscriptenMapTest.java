package dev.wasmdbg.sourcemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wasmdbg.testkit.TestModules;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * emscripten's map for test module 6 (fact-em.wasm, `emcc -O1 -gsource-map` of fact.c). The offsets below were
 * found with `wasm-objdump -d test-modules/wasm/fact-em.wasm` (file offsets, which is what the map's columns
 * are); the expected lines come from reading test-modules/src/fact.c.
 */
class EmscriptenMapTest {
    private static final String FACT_C = "../src/fact.c";

    /** wasm-objdump: "000204 func[6] <main>:", the body start of main. */
    private static final long MAIN_START = 0x204;
    /** wasm-objdump: "0003e8: 6d | i32.div_s" in main, the only division: ratio() inlined, fact.c:35. */
    private static final long DIV_S = 0x3e8;
    /** wasm-objdump: the three "call 18 <iprintf>" after the summing loop in main: fact.c lines 51, 52, 53. */
    private static final long[] PRINTF_CALLS = {0x29d, 0x2af, 0x2ce};
    /** wasm-objdump: "0002e4: 10 16 | call 22 <strcmp>", fact.c:54 `strcmp(argv[1], "loop")`. */
    private static final long STRCMP_CALL = 0x2e4;
    /** wasm-objdump: "0002f5: 10 0f | call 15 <atoi>" (argument loaded from 0x2f0), fact.c:55 `atoi(argv[2])`. */
    private static final long ATOI_CALL = 0x2f5;
    /** wasm-objdump: "0003f4: 10 12 | call 18 <iprintf>" after the division, fact.c:69. */
    private static final long LAST_PRINTF_CALL = 0x3f4;
    /** wasm-objdump: "000201: 0b | end", the end of fact (func[5]), whose closing brace is fact.c:32. */
    private static final long FACT_END = 0x201;
    /** wasm-objdump: "001e76 func[53] <stackSave>:", emscripten's own code, no source; wctomb ends before it. */
    private static final long STACK_SAVE = 0x1e76;
    /** wasm-objdump: "0001dd func[4] <__wasm_call_ctors>:", the first function; the map starts later. */
    private static final long CALL_CTORS = 0x1dd;

    private static SourceMap map;

    @BeforeAll
    static void read() throws Exception {
        map = SourceMap.read(TestModules.wasm("fact-em.wasm.map"));
    }

    @Test
    void sourcesAreTheProgramAndEmscriptensLibc() {
        assertThat(map.sources()).hasSize(32).startsWith(FACT_C)
                .contains("../system/lib/libc/musl/src/stdio/printf.c", "../system/lib/libc/musl/src/stdlib/atoi.c");
        assertThat(map.sourceContent(0)).isEmpty(); // emscripten embeds no sources
    }

    @Test
    void everyMappingIsOnLineZeroSortedWithAValidSource() {
        List<Mapping> all = map.mappings();
        assertThat(all).hasSize(971); // the number of ',' + 1 in the file's mappings string
        for (int i = 0; i < all.size(); i++) {
            Mapping m = all.get(i);
            assertThat(m.generatedLine()).isZero();
            assertThat(m.sourceIndex()).isBetween(0, map.sources().size() - 1);
            assertThat(m.source()).isEqualTo(map.sources().get(m.sourceIndex()));
            assertThat(m.line()).isPositive();
            assertThat(m.column()).isPositive();
            assertThat(m.name()).isNull();
            if (i > 0) {
                assertThat(m.generatedColumn()).isGreaterThanOrEqualTo(all.get(i - 1).generatedColumn());
            }
        }
        // all of it inside the Code section (wasm-objdump -h: start=0x1db end=0x1e94)
        assertThat(all.get(0).generatedColumn()).isGreaterThanOrEqualTo(0x1db);
        assertThat(all.get(all.size() - 1).generatedColumn()).isLessThan(0x1e94);
    }

    @Test
    void theDivisionTrapIsFactLine35() {
        Mapping m = map.lookup(DIV_S, MAIN_START).orElseThrow();
        assertThat(m.source()).isEqualTo(FACT_C);
        assertThat(m.line()).isEqualTo(35);
        assertThat(m.column()).isEqualTo(12); // the '/' of "  return a / b;"
        assertThat(map.lookup(DIV_S)).contains(m);
    }

    @Test
    void printfCallsAreLines51To53() {
        for (int i = 0; i < PRINTF_CALLS.length; i++) {
            Mapping m = map.lookup(PRINTF_CALLS[i], MAIN_START).orElseThrow();
            assertThat(m.source()).isEqualTo(FACT_C);
            assertThat(m.line()).as("call at 0x%x", PRINTF_CALLS[i]).isEqualTo(51 + i);
            assertThat(m.column()).isEqualTo(3); // "  printf(": the call starts at column 3
        }
        Mapping last = map.lookup(LAST_PRINTF_CALL, MAIN_START).orElseThrow();
        assertThat(last.line()).isEqualTo(69);
        assertThat(last.column()).isEqualTo(5); // "    printf("
    }

    @Test
    void libraryCallsInMain() {
        Mapping strcmp = map.lookup(STRCMP_CALL, MAIN_START).orElseThrow();
        assertThat(strcmp.line()).isEqualTo(54);
        assertThat(strcmp.column()).isEqualTo(19); // "  if (argc > 2 && strcmp(": 's' is column 19
        // The map has (55,18) 'atoi' then (55,23) 'argv' at 0x2f0, where the call's argument argv[2] is loaded,
        // and nothing at the call itself: binaryen writes the call's entry, then its child's at the same offset.
        // The last (innermost) one wins and covers the call too.
        Mapping atoi = map.lookup(ATOI_CALL, MAIN_START).orElseThrow();
        assertThat(atoi.generatedColumn()).isEqualTo(0x2f0);
        assertThat(atoi.line()).isEqualTo(55);
        assertThat(atoi.column()).isEqualTo(23); // "    int rounds = atoi(argv[2]);": 'argv' is column 23
    }

    @Test
    void functionBoundaries() {
        // main's first mapping is its opening line; one byte before is fact's closing brace
        assertThat(map.lookup(MAIN_START, MAIN_START).orElseThrow().line()).isEqualTo(43);
        Mapping factEnd = map.lookup(FACT_END).orElseThrow();
        assertThat(factEnd.line()).isEqualTo(32);
        assertThat(factEnd.column()).isEqualTo(1);
        assertThat(map.lookup(MAIN_START - 1)).contains(factEnd);
        // stackSave has no mapping: a plain lookup would borrow wctomb's last one, notBefore prevents it
        Mapping borrowed = map.lookup(STACK_SAVE + 1).orElseThrow();
        assertThat(borrowed.source()).isEqualTo("../system/lib/libc/musl/src/multibyte/wctomb.c");
        assertThat(map.lookup(STACK_SAVE + 1, STACK_SAVE)).isEmpty();
        // nothing maps the first function
        assertThat(map.lookup(CALL_CTORS + 1)).isEmpty();
        assertThat(map.lookup(0)).isEmpty();
    }

    @Test
    void ofSeveralMappingsAtOneOffsetTheLastWins() {
        // the map has two mappings at 0x219 (in main's first loop, fact.c:47 "values[i] = i + argc;"):
        // column 19 ('+') then column 5 ('values'); the code starting there computes &values[i]
        List<Mapping> at = map.mappings().stream().filter(m -> m.generatedColumn() == 0x219).toList();
        assertThat(at).extracting(Mapping::line, Mapping::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(47L, 19L), org.assertj.core.groups.Tuple.tuple(47L, 5L));
        assertThat(map.lookup(0x219)).contains(at.get(1));
        assertThat(map.lookup(0x224)).contains(at.get(1));
    }

    @Test
    void readAndParseAgree() throws Exception {
        Path file = TestModules.wasm("fact-em.wasm.map");
        SourceMap parsed = SourceMap.parse(Files.readAllBytes(file));
        assertThat(parsed.mappings()).isEqualTo(map.mappings());
        assertThat(parsed.sources()).isEqualTo(map.sources());
        assertThatThrownBy(() -> SourceMap.read(file.resolveSibling("no-such.map")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void parsingIsFast() throws Exception {
        byte[] bytes = Files.readAllBytes(TestModules.wasm("fact-em.wasm.map"));
        for (int i = 0; i < 200; i++) { // warm up
            SourceMap.parse(bytes);
        }
        long start = System.nanoTime();
        int rounds = 2000;
        for (int i = 0; i < rounds; i++) {
            assertThat(SourceMap.parse(bytes).mappings()).hasSize(971);
        }
        double micros = (System.nanoTime() - start) / 1e3 / rounds;
        System.out.printf("fact-em.wasm.map: %.1f us per parse%n", micros);
        assertThat(micros).as("microseconds per parse of a 6.7 KB map").isLessThan(2_000);
    }
}
