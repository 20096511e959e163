package dev.wasmdbg.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wasmdbg.dwarf.SourceFrame;
import dev.wasmdbg.testkit.TestModules;
import dev.wasmdbg.wasm.WasmFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Which provider answers, and what {@link Symbolizer#validate} refuses. */
class ProviderChainTest {

    @Test
    void unnamedFunctionsFallThroughToTheirIndex() throws Exception {
        Symbolizer traps = Symbolizer.open(TestModules.wasm("traps.wasm"));
        WasmFile file = traps.module();
        assertThat(traps.source()).isEqualTo(SymbolSource.NAME_SECTION);
        int named = 0;
        int unnamed = 0;
        for (WasmFile.FunctionBody body : file.functionBodies()) {
            int index = file.importedFunctionCount() + body.definedIndex();
            Symbolization s = traps.symbolizeFile(body.offset());
            assertThat(s.functionIndex()).isEqualTo(index);
            String name = file.functionNames().get(index);
            if (name != null) {
                assertThat(s.source()).isEqualTo(SymbolSource.NAME_SECTION);
                assertThat(s.frames()).extracting(SourceFrame::function).containsExactly(name);
                named++;
            } else {
                assertThat(s.source()).isEqualTo(SymbolSource.FUNCTION_INDEX);
                assertThat(s.frames()).extracting(SourceFrame::function).containsExactly("wasm-function[" + index + "]");
                unnamed++;
            }
        }
        assertThat(named).isPositive();
        assertThat(unnamed).isPositive();
    }

    @Test
    void betweenBodiesNothingAnswers() {
        // Code address 0 is the Code section's function count, before the first body.
        Symbolization s = Symbolizer.open(TestModules.wasm("fact-O0.wasm")).symbolizeCode(0);
        assertThat(s.functionIndex()).isEqualTo(-1);
        assertThat(s.source()).isEqualTo(SymbolSource.FUNCTION_INDEX);
        assertThat(s.frames()).isEmpty();
    }

    @Test
    void splitDwarfIsTheDwarfAndTheLines() {
        Symbolizer split = Symbolizer.open(TestModules.wasm("fact-split.wasm"));
        assertThat(split.dwarf()).isPresent();
        assertThat(split.lines()).isPresent();
        Symbolizer names = Symbolizer.openExactly(TestModules.wasm("fact-split.wasm"), null, null);
        assertThat(names.dwarf()).isEmpty();
        assertThat(names.lines()).isEmpty();
        assertThat(Symbolizer.open(TestModules.wasm("fact-em.wasm")).dwarf()).isEmpty();
    }

    @Test
    void validateRefusesWhatOpeningWould() throws Exception {
        Symbolizer.validate(module("fact-O0.wasm"));
        Symbolizer.validate(module("fact-split.wasm")); // its companion is not looked for
        Symbolizer.validate(module("fact-em.wasm"));

        byte[] whole = Files.readAllBytes(TestModules.wasm("fact-O0.wasm"));
        var info = WasmFile.of(whole).custom(".debug_info").orElseThrow();
        byte[] broken = whole.clone();
        for (int i = 11; i < 40; i++) { // unknown abbreviation codes where the first unit's DIEs start
            broken[info.offset() + i] = (byte) 0x7f;
        }
        assertThatThrownBy(() -> Symbolizer.validate(WasmFile.of(broken))).isInstanceOf(SymbolizeException.class)
                .hasMessageStartingWith("bad DWARF");

        byte[] split = Files.readAllBytes(TestModules.wasm("fact-split.wasm"));
        assertThatThrownBy(() -> Symbolizer.validate(WasmFile.of(withCustom(split, ".debug_info", new byte[0]))))
                .isInstanceOf(SymbolizeException.class).hasMessageContaining("no DWARF");
        byte[] stripped = Files.readAllBytes(TestModules.wasm("traps.wasm"));
        byte[] badNames = withCustom(withoutCustom(stripped), "name", new byte[] {1, 0x7f, 0});
        assertThatThrownBy(() -> Symbolizer.validate(WasmFile.of(badNames))).isInstanceOf(SymbolizeException.class)
                .hasMessageStartingWith("bad name section");
    }

    static WasmFile module(String name) throws Exception {
        return WasmFile.of(Files.readAllBytes(TestModules.wasm(name)));
    }

    static byte[] withoutCustom(byte[] bytes) {
        WasmFile file = WasmFile.of(bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, 8);
        for (WasmFile.Section section : file.sections()) {
            if (section.id() != 0) {
                out.write(section.id());
                SymbolizerTest.writeLeb(out, section.size());
                out.write(bytes, section.offset(), section.size());
            }
        }
        return out.toByteArray();
    }

    static byte[] withCustom(byte[] bytes, String name, byte[] payload) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream section = new ByteArrayOutputStream();
        SymbolizerTest.writeLeb(section, nameBytes.length);
        section.writeBytes(nameBytes);
        section.writeBytes(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes);
        out.write(0);
        SymbolizerTest.writeLeb(out, section.size());
        out.writeBytes(section.toByteArray());
        return out.toByteArray();
    }
}
