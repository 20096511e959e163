package dev.wasmdbg.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wasmdbg.dwarf.SourceFrame;
import dev.wasmdbg.testkit.TestModules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emscripten module with a source map (fact-em.wasm, emcc -O1 -gsource-map). The offsets were
 * found by hand with `wasm-objdump -d fact-em.wasm`: in main, the first three `call 18 <iprintf>`
 * (clang turns printf into iprintf) at file offsets 0x29d, 0x2af, 0x2ce are fact.c lines 51-53; the
 * only `i32.div_s` at 0x3e8 is ratio's `a / b` (line 35), inlined into main.
 */
class SourceMapSymbolizerTest {
    static final Path FACT_C = TestModules.dir().resolve("src/fact.c").toAbsolutePath().normalize();

    @Test
    void printfCallsAndTheTrapMapToTheirCLines() {
        Symbolizer em = Symbolizer.open(TestModules.wasm("fact-em.wasm"));
        assertThat(em.source()).isEqualTo(SymbolSource.SOURCE_MAP);
        assertLine(em, 0x29d, 51);
        assertLine(em, 0x2af, 52);
        assertLine(em, 0x2ce, 53);
        // A source map has no inline information: the trap is line 35 in the function main.
        assertLine(em, 0x3e8, 35);
    }

    static void assertLine(Symbolizer em, long fileOffset, long line) {
        Symbolization s = em.symbolizeFile(fileOffset);
        assertThat(s.source()).isEqualTo(SymbolSource.SOURCE_MAP);
        assertThat(s.frames()).hasSize(1);
        SourceFrame f = s.frames().get(0);
        assertThat(f.file()).as("file at 0x%x", fileOffset).isEqualTo(FACT_C.toString());
        assertThat(f.line()).as("line at 0x%x", fileOffset).isEqualTo(line);
        assertThat(f.function()).isEqualTo("main");
    }

    @Test
    void aLookupNeverReachesIntoThePreviousFunction() {
        Symbolizer em = Symbolizer.open(TestModules.wasm("fact-em.wasm"));
        // _start begins at 0x40d (wasm-objdump: "00040d func[7] <_start>"); its first bytes are the
        // body size and locals, before any mapping of _start itself.
        Symbolization s = em.symbolizeFile(0x40d);
        assertThat(s.frames()).extracting(SourceFrame::function).containsExactly("_start");
        assertThat(s.frames().get(0).file()).as("not main's last line").isNotEqualTo(FACT_C.toString());
    }

    @Test
    void aGivenMapAndBrokenOrMissingMaps(@TempDir Path dir) throws Exception {
        Path alone = Files.copy(TestModules.wasm("fact-em.wasm"), dir.resolve("fact-em.wasm"));
        assertThatThrownBy(() -> Symbolizer.open(alone)).isInstanceOf(SymbolizeException.class)
                .hasMessageContaining("sourceMappingURL names 'fact-em.wasm.map'").hasMessageContaining("--source-map");
        Symbolizer given = Symbolizer.open(alone, null, TestModules.wasm("fact-em.wasm.map"));
        assertThat(given.symbolizeFile(0x29d).frames().get(0).line()).isEqualTo(51);

        Files.writeString(dir.resolve("fact-em.wasm.map"), "{\"version\":3,\"sources\":[],\"mappings\":\"AAAA#\"}");
        assertThatThrownBy(() -> Symbolizer.open(alone)).isInstanceOf(SymbolizeException.class)
                .hasMessageStartingWith("bad source map");
        Files.writeString(dir.resolve("fact-em.wasm.map"), "{not json");
        assertThatThrownBy(() -> Symbolizer.open(alone)).isInstanceOf(SymbolizeException.class)
                .hasMessageStartingWith("bad source map");
    }
}
