package dev.wasmdbg.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wasmdbg.dwarf.Dwarf;
import dev.wasmdbg.dwarf.SourceFrame;
import dev.wasmdbg.wasm.WasmFile;
import dev.wasmdbg.testkit.TestModules;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The symbolizer on every kind of module, with expectations from the sources and the name sections. */
class SymbolizerTest {

    static int functionIndex(WasmFile file, String name) {
        return file.functionNames().entrySet().stream().filter(e -> e.getValue().equals(name))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    @Test
    void openExactlyUsesOnlyTheFilesGiven(@TempDir Path dir) throws Exception {
        // Copied away from their companions: the sections' names lead nowhere, and are not followed.
        Path split = Files.copy(TestModules.wasm("fact-split.wasm"), dir.resolve("a.wasm"));
        Path em = Files.copy(TestModules.wasm("fact-em.wasm"), dir.resolve("b.wasm"));
        Path map = Files.copy(TestModules.wasm("fact-em.wasm.map"), dir.resolve("stored.map"));
        assertThatThrownBy(() -> Symbolizer.open(split)).isInstanceOf(SymbolizeException.class)
                .hasMessageContaining("external_debug_info names 'fact-split.debug.wasm'");
        assertThat(Symbolizer.openExactly(split, null, null).source()).isEqualTo(SymbolSource.NAME_SECTION);
        Symbolizer withDebug = Symbolizer.openExactly(split, TestModules.wasm("fact-split.debug.wasm"), null);
        assertThat(withDebug.source()).isEqualTo(SymbolSource.EXTERNAL_DWARF);
        // A stored map's sources are given as the map writes them: its directory means nothing.
        Symbolization division = Symbolizer.openExactly(em, null, map).symbolizeFile(0x3e8);
        assertThat(division.frames().get(0).file()).isEqualTo("../src/fact.c");
        assertThat(division.frames().get(0).line()).isEqualTo(35);
        assertThat(Symbolizer.open(TestModules.wasm("fact-em.wasm")).symbolizeFile(0x3e8).frames().get(0).file())
                .isEqualTo(TestModules.dir().resolve("src/fact.c").toString());
    }

    @Test
    void moduleLinksTellWhereDebugInformationIs() throws Exception {
        ModuleLinks split = ModuleLinks.of(WasmFile.of(Files.readAllBytes(TestModules.wasm("fact-split.wasm"))));
        ModuleLinks debug = ModuleLinks.of(WasmFile.of(Files.readAllBytes(TestModules.wasm("fact-split.debug.wasm"))));
        ModuleLinks em = ModuleLinks.of(WasmFile.of(Files.readAllBytes(TestModules.wasm("fact-em.wasm"))));
        assertThat(split.hasDwarf()).isFalse();
        assertThat(split.externalDebugInfo()).isEqualTo("fact-split.debug.wasm");
        assertThat(debug.hasDwarf()).isTrue();
        assertThat(debug.codeSha256()).isEqualTo(split.codeSha256()).hasSize(64);
        assertThat(em.sourceMappingUrl()).isEqualTo("fact-em.wasm.map");
        assertThat(em.codeSha256()).isNotEqualTo(split.codeSha256());
    }

    @Test
    void dwarfModuleAllThreeAddressFormsAgree() throws Exception {
        Path module = TestModules.wasm("fact-O0.wasm");
        Symbolizer symbolizer = Symbolizer.open(module);
        assertThat(symbolizer.source()).isEqualTo(SymbolSource.DWARF);
        // fact.c line 22 is `total += square;` in sum_squares.
        long code = Dwarf.read(module).addresses("fact.c", 22).get(0).address();
        Symbolization byCode = symbolizer.symbolizeCode(code);
        assertThat(byCode.frames()).extracting(SourceFrame::function, SourceFrame::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sum_squares", 22L));
        assertThat(byCode.source()).isEqualTo(SymbolSource.DWARF);

        Symbolization byFile = symbolizer.symbolizeFile(byCode.fileOffset());
        assertThat(byFile).isEqualTo(byCode);

        WasmFile file = symbolizer.module();
        int index = functionIndex(file, "sum_squares");
        assertThat(byCode.functionIndex()).isEqualTo(index);
        WasmFile.FunctionBody body = file.functionBodies().get(index - file.importedFunctionCount());
        assertThat(symbolizer.symbolizeInFunction(index, byCode.fileOffset() - body.offset())).isEqualTo(byCode);
    }

    @Test
    void splitDwarfResolvesThroughExternalDebugInfo() throws Exception {
        Symbolizer split = Symbolizer.open(TestModules.wasm("fact-split.wasm"));
        Symbolizer direct = Symbolizer.open(TestModules.wasm("fact-split.debug.wasm"));
        assertThat(split.source()).isEqualTo(SymbolSource.EXTERNAL_DWARF);
        assertThat(direct.source()).isEqualTo(SymbolSource.DWARF);
        Dwarf dwarf = Dwarf.read(TestModules.wasm("fact-split.debug.wasm"));
        int compared = 0;
        for (var table : dwarf.lineTables()) {
            for (var row : table.rows()) {
                if (!row.endSequence()) {
                    assertThat(split.symbolizeCode(row.address()).frames())
                            .isEqualTo(direct.symbolizeCode(row.address()).frames());
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(1000);
        long ratioLine = dwarf.addresses("fact.c", 35).get(0).address(); // `return a / b;`
        assertThat(split.symbolizeCode(ratioLine).frames().get(0).function()).isEqualTo("ratio");
        assertThat(split.symbolizeCode(ratioLine).frames().get(0).file()).endsWith("src/fact.c");
    }

    @Test
    void aGivenDebugFileWins(@TempDir Path dir) throws Exception {
        Path lonely = Files.copy(TestModules.wasm("fact-split.wasm"), dir.resolve("fact-split.wasm"));
        Symbolizer s = Symbolizer.open(lonely, TestModules.wasm("fact-split.debug.wasm"), null);
        assertThat(s.source()).isEqualTo(SymbolSource.EXTERNAL_DWARF);
    }

    @Test
    void goFunctionsByTheNameSection() throws Exception {
        Symbolizer go = Symbolizer.open(TestModules.wasm("gopanic.wasm"));
        assertThat(go.source()).isEqualTo(SymbolSource.NAME_SECTION);
        WasmFile file = go.module();
        for (String name : new String[] {"main.main", "main.explode", "runtime.gopanic"}) {
            int index = functionIndex(file, name);
            WasmFile.FunctionBody body = file.functionBodies().get(index - file.importedFunctionCount());
            Symbolization s = go.symbolizeFile(body.offset() + body.size() / 2);
            assertThat(s.source()).isEqualTo(SymbolSource.NAME_SECTION);
            assertThat(s.frames()).extracting(SourceFrame::function).containsExactly(name);
            assertThat(s.functionIndex()).isEqualTo(index);
        }
    }

    @Test
    void aStrippedModuleGivesFunctionIndexes(@TempDir Path dir) throws Exception {
        // traps.wasm without its name section: rebuild the file from its non-custom sections.
        WasmFile traps = WasmFile.read(TestModules.wasm("traps.wasm"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(traps.bytes(), 0, 8);
        for (WasmFile.Section section : traps.sections()) {
            if (section.id() != 0) {
                out.write(section.id());
                writeLeb(out, section.size());
                out.write(traps.bytes(), section.offset(), section.size());
            }
        }
        Path stripped = Files.write(dir.resolve("stripped.wasm"), out.toByteArray());
        Symbolizer s = Symbolizer.open(stripped);
        assertThat(s.source()).isEqualTo(SymbolSource.FUNCTION_INDEX);
        WasmFile file = s.module();
        WasmFile.FunctionBody third = file.functionBodies().get(2);
        assertThat(s.symbolizeFile(third.offset()).frames()).extracting(SourceFrame::function)
                .containsExactly("wasm-function[2]");
    }

    @Test
    void identityIsTheSha256OfTheBytesOrTheBuildId(@TempDir Path dir) throws Exception {
        Path module = TestModules.wasm("fact-O0.wasm");
        byte[] bytes = Files.readAllBytes(module);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(Symbolizer.open(module).identity()).isEqualTo(new ModuleIdentity(sha, "sha256"));

        // The same module with a build_id custom section appended: length-prefixed bytes.
        byte[] id = HexFormat.of().parseHex("0123456789abcdef0011");
        ByteArrayOutputStream section = new ByteArrayOutputStream();
        byte[] name = "build_id".getBytes(StandardCharsets.UTF_8);
        section.write(name.length);
        section.write(name);
        section.write(id.length);
        section.write(id);
        ByteArrayOutputStream withId = new ByteArrayOutputStream();
        withId.write(bytes);
        withId.write(0);
        writeLeb(withId, section.size());
        withId.write(section.toByteArray());
        Path tagged = Files.write(dir.resolve("tagged.wasm"), withId.toByteArray());
        assertThat(Symbolizer.open(tagged).identity()).isEqualTo(new ModuleIdentity("0123456789abcdef0011", "build_id"));
    }

    @Test
    void badInputsSayWhatIsWrong(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("text.wasm"), "hello");
        assertThatThrownBy(() -> Symbolizer.open(text)).isInstanceOf(SymbolizeException.class)
                .hasMessageContaining("is not a valid wasm module");
        assertThatThrownBy(() -> Symbolizer.open(dir.resolve("missing.wasm"))).isInstanceOf(SymbolizeException.class)
                .hasMessageContaining("does not exist");

        byte[] whole = Files.readAllBytes(TestModules.wasm("fact-O0.wasm"));
        Path truncated = Files.write(dir.resolve("truncated.wasm"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> Symbolizer.open(truncated)).isInstanceOf(SymbolizeException.class)
                .hasMessageContaining("is not a valid wasm module");

        Path lonely = Files.copy(TestModules.wasm("fact-split.wasm"), dir.resolve("fact-split.wasm"));
        assertThatThrownBy(() -> Symbolizer.open(lonely)).isInstanceOf(SymbolizeException.class)
                .hasMessageContaining("external_debug_info names 'fact-split.debug.wasm'")
                .hasMessageContaining("--debug-file");

        // Hostile DWARF: unknown abbreviation codes where the first unit's DIEs start.
        WasmFile good = WasmFile.of(whole);
        var info = good.custom(".debug_info").orElseThrow();
        byte[] broken = whole.clone();
        for (int i = 11; i < 40; i++) {
            broken[info.offset() + i] = (byte) 0x7f;
        }
        Path hostile = Files.write(dir.resolve("hostile.wasm"), broken);
        assertThatThrownBy(() -> Symbolizer.open(hostile)).isInstanceOf(SymbolizeException.class)
                .hasMessageContaining("bad DWARF").hasMessageContaining(".debug_info");

        Symbolizer ok = Symbolizer.open(TestModules.wasm("fact-O0.wasm"));
        assertThatThrownBy(() -> ok.symbolizeCode(0x7fffffff)).isInstanceOf(SymbolizeException.class)
                .hasMessageContaining("outside the Code section");
        assertThatThrownBy(() -> ok.symbolizeFile(3)).isInstanceOf(SymbolizeException.class)
                .hasMessageContaining("outside the Code section");
        assertThatThrownBy(() -> ok.symbolizeInFunction(0, 0)).isInstanceOf(SymbolizeException.class)
                .hasMessageContaining("imported");
        assertThatThrownBy(() -> ok.symbolizeInFunction(100_000, 0)).isInstanceOf(SymbolizeException.class)
                .hasMessageContaining("does not exist");
    }

    static void writeLeb(ByteArrayOutputStream out, long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }
}
