package dev.wasmdbg.debugger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmdbg.testkit.TestModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every committed module parses in Chicory; the Go and WAT modules hold what they claim. */
class TestModulesLoadTest {

    @Test
    void everyCommittedModuleParses() throws IOException {
        List<Path> modules;
        try (Stream<Path> files = Files.list(TestModules.wasmDir())) {
            modules = files.filter(p -> p.toString().endsWith(".wasm")).sorted().collect(Collectors.toList());
        }
        assertThat(modules).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                "fact-O0.wasm", "fact-O2.wasm", "fact-dwarf5.wasm", "shapes.wasm", "panic.wasm",
                "fact-em.wasm", "fact-split.wasm", "fact-split.debug.wasm", "gopanic.wasm", "traps.wasm",
                "tiny-dwarf4.wasm", "tiny-dwarf5.wasm", "fact-id.wasm");
        for (Path module : modules) {
            WasmModule parsed = Parser.parse(module);
            assertThat(parsed.codeSection().functionBodyCount()).as("%s functions", module).isPositive();
        }
    }

    @Test
    void goModuleHasGoFunctionNamesAndGoImports() {
        WasmModule go = Parser.parse(TestModules.wasm("gopanic.wasm"));
        List<String> names = new ArrayList<>();
        int imported = go.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.FUNCTION);
        for (int i = 0; i < go.codeSection().functionBodyCount(); i++) {
            String name = go.nameSection().nameOfFunction(imported + i);
            if (name != null) {
                names.add(name);
            }
        }
        assertThat(names).contains("main.main", "main.explode", "runtime.gopanic");
        assertThat(go.importSection().stream().map(i -> i.module()).distinct()).containsExactly("go");
        assertThat(go.customSection("go.buildid")).isNotNull();
    }

    static Instance traps() {
        return Instance.builder(Parser.parse(TestModules.wasm("traps.wasm"))).build();
    }

    @ParameterizedTest
    @CsvSource({
        "trap_unreachable,        unreachable",
        "trap_div_by_zero,        integer divide by zero",
        "trap_int_overflow,       integer overflow",
        "trap_invalid_conversion, invalid conversion to integer",
        "trap_oob_load,           out of bounds memory access",
        "trap_oob_store,          out of bounds memory access",
        "trap_indirect_mismatch,  indirect call type mismatch",
        "trap_indirect_null,      uninitialized element",
        "trap_stack_exhausted,    call stack exhausted",
    })
    void everyTrapKindTraps(String export, String message) {
        Instance instance = traps();
        assertThatThrownBy(() -> instance.export(export).apply()).hasMessageContaining(message);
    }

    @Test
    void indirectCallThroughAGoodSlotWorks() {
        assertThat(traps().export("indirect_ok").apply()).containsExactly(5L);
    }

    @Test
    void allTypesTouchesEveryValueType() {
        Instance instance = traps();
        long[] result = instance.export("all_types").apply(8, 2);
        assertThat(result).containsExactly(8L + 42);
        var exports = instance.exports();
        assertThat((int) exports.global("g_i32").getValue()).isEqualTo(-7 + 8);
        assertThat(exports.global("g_i64").getValue()).isEqualTo(0x123456789abcdef0L + 2);
        assertThat(Float.intBitsToFloat((int) exports.global("g_f32").getValue())).isEqualTo(1.5f * 3.25f);
        assertThat(Double.longBitsToDouble(exports.global("g_f64").getValue())).isEqualTo(-2.25 * 6.5);
        // i32x4 1 2 3 4: lanes 0-1 in the low half, 2-3 in the high.
        var original = exports.global("g_v128");
        assertThat(original.getType()).isEqualTo(ValType.V128);
        assertThat(original.getValueLow()).isEqualTo(0x0000000200000001L);
        assertThat(original.getValueHigh()).isEqualTo(0x0000000400000003L);
        // Copied through a v128 local, the halves come back swapped: Chicory 1.7.5's local.set
        // stores the high half first and local.get pushes the slots back in storage order (an
        // upstream bug; the debugger must read v128 locals knowing it). If a Chicory upgrade fixes
        // it, this fails: then drop the workaround in the debugger too.
        var copy = exports.global("g_v128_copy");
        assertThat(copy.getValueLow()).isEqualTo(0x0000000400000003L);
        assertThat(copy.getValueHigh()).isEqualTo(0x0000000200000001L);
    }
}
