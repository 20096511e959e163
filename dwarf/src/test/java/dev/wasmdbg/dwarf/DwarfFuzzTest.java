package dev.wasmdbg.dwarf;

import dev.wasmdbg.wasm.WasmFile;
import dev.wasmdbg.wasm.WasmFormatException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the whole reader on whole wasm files. Without JAZZER_FUZZ it
 * replays the seeds in DwarfFuzzTestInputs/wasmModules (the tiny DWARF 4 and 5 test modules) and any
 * crash reproducers found earlier; with JAZZER_FUZZ=1 it fuzzes for maxDuration. Only a
 * DwarfException may escape the reader; Jazzer reports anything else as a finding.
 */
class DwarfFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void wasmModules(byte[] module) {
        WasmFile file;
        try {
            file = WasmFile.of(module);
        } catch (WasmFormatException e) {
            return;
        }
        List<Long> probes = new ArrayList<>();
        for (long a = 0; a < 0x400; a += 3) {
            probes.add(a);
        }
        MutationFuzzTest.exercise(() -> Dwarf.of(file), probes);
    }
}
