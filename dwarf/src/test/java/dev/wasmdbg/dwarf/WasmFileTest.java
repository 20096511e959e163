package dev.wasmdbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.testkit.TestModules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wasm container as the DWARF reader sees it. Expected offsets are from wasm-objdump -h / -x. */
class WasmFileTest {

    @Test
    void codeAddressesAndFileOffsetsConvert() throws Exception {
        WasmFile file = WasmFile.read(TestModules.wasm("fact-O0.wasm"));
        // wasm-objdump -h: "Code start=0x000001d3"; DWARF says _start's low_pc is 0x2.
        assertThat(file.codePayloadOffset()).contains(0x1d3);
        assertThat(file.toFileOffset(0x2)).contains(0x1d5L);
        assertThat(file.toCodeAddress(0x1d5)).contains(0x2L);
        assertThat(file.toCodeAddress(0x10)).isEmpty();
        assertThat(file.toFileOffset(-1)).isEmpty();
        // Code section size 0x64c8: its end is a position (line tables end there), one past it is not.
        assertThat(file.toFileOffset(0x64c8)).contains(0x1d3L + 0x64c8);
        assertThat(file.toFileOffset(0x64c9)).isEmpty();
    }

    @Test
    void functionBodiesAndNames() throws Exception {
        WasmFile file = WasmFile.read(TestModules.wasm("fact-O0.wasm"));
        // Seven WASI functions are imported (llvm-objdump -t lists them as *UND*).
        assertThat(file.importedFunctionCount()).isEqualTo(7);
        WasmFile.FunctionBody first = file.functionBodies().get(0);
        assertThat(first.headerOffset()).isEqualTo(0x1d4);
        assertThat(file.functionNames().get(file.importedFunctionCount())).isEqualTo("_start");
        assertThat(file.functionAt(first.offset() + 3)).contains(first);
        assertThat(file.functionAt(0)).isEmpty();
    }

    @Test
    void customSectionsAreFoundByName() throws Exception {
        WasmFile file = WasmFile.read(TestModules.wasm("fact-split.wasm"));
        assertThat(file.customData("external_debug_info")).isPresent();
        assertThat(file.customData(".debug_info")).isEmpty();
        List<String> names = file.sections().stream().map(WasmFile.Section::name).filter(n -> n != null).toList();
        assertThat(names).contains("name", "external_debug_info");
    }

    @Test
    void dataSegmentsHaveTheirMemoryOffsets() throws Exception {
        WasmFile file = WasmFile.read(TestModules.wasm("fact-split.debug.wasm"));
        // wasm-objdump -x: segment[0] <.rodata> size=640 - init i32=1024
        WasmFile.DataSegment rodata = file.dataSegments().get(0);
        assertThat(rodata.memoryOffset()).isEqualTo(1024);
        assertThat(rodata.size()).isEqualTo(640);
        assertThat(file.dataSegmentNames().get(0)).isEqualTo(".rodata");
    }
}
