package dev.wasmdbg.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wasm container. Expected offsets are from wasm-objdump -h / -x. */
class WasmFileTest {
    // testkit depends on this module, so its tests find the committed modules themselves.
    private static Path module(String name) {
        String configured = System.getProperty("wasmdbg.testModules");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "test-modules");
        Path p = dir.resolve("wasm").resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("no test module " + p.toAbsolutePath());
        }
        return p;
    }

    @Test
    void codeAddressesAndFileOffsetsConvert() throws Exception {
        WasmFile file = WasmFile.read(module("fact-O0.wasm"));
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
        WasmFile file = WasmFile.read(module("fact-O0.wasm"));
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
        WasmFile file = WasmFile.read(module("fact-split.wasm"));
        assertThat(file.custom("external_debug_info")).isPresent();
        assertThat(file.custom(".debug_info")).isEmpty();
        List<String> names = file.sections().stream().map(WasmFile.Section::name).filter(n -> n != null).toList();
        assertThat(names).contains("name", "external_debug_info");
    }

    @Test
    void dataSegmentsHaveTheirMemoryOffsets() throws Exception {
        WasmFile file = WasmFile.read(module("fact-split.debug.wasm"));
        // wasm-objdump -x: segment[0] <.rodata> size=640 - init i32=1024
        WasmFile.DataSegment rodata = file.dataSegments().get(0);
        assertThat(rodata.memoryOffset()).isEqualTo(1024);
        assertThat(rodata.size()).isEqualTo(640);
        assertThat(file.dataSegmentNames().get(0)).isEqualTo(".rodata");
    }

    @Test
    void containerErrorsNameTheFileOffset() {
        fails("not wasm at all".getBytes(StandardCharsets.ISO_8859_1), 0, "no \\0asm magic");
        byte[] header = {0, 'a', 's', 'm', 1, 0, 0, 0};
        fails(concat(header, new byte[] {0, 100, 1, 'x'}), 8, "runs past the end of the file");
        fails(new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0}, 4, "unsupported wasm version 2");
        fails(concat(header, new byte[] {0, 2, 50, (byte) 0x78}), 11, "runs past the end");
        // A LEB128 that never ends, as a section size.
        fails(concat(header, new byte[] {1, (byte) 0x80, (byte) 0x80}), 9, "LEB128 runs past the end");
    }

    @Test
    void firstInstructionIsPastTheLocalDeclarations() throws Exception {
        WasmFile file = WasmFile.read(module("traps.wasm"));
        for (WasmFile.FunctionBody body : file.functionBodies()) {
            int first = file.firstInstruction(body);
            assertThat(first).isBetween(body.offset() + 1, body.end());
        }
        // $returns_i32 (function 0) has no locals: one byte (0 groups), then local.get 0.
        WasmFile.FunctionBody f0 = file.functionBodies().get(0);
        assertThat(file.firstInstruction(f0)).isEqualTo(f0.offset() + 1);
    }

    private static void fails(byte[] bytes, long offset, String text) {
        assertThatThrownBy(() -> WasmFile.of(bytes)).isInstanceOfSatisfying(WasmFormatException.class, e -> {
            assertThat(e.offset()).isEqualTo(offset);
            assertThat(e.getMessage()).contains(text);
        });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
