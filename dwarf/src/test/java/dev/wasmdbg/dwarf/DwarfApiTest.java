package dev.wasmdbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.testkit.TestModules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module-level entry points other modules use: variables in scope and types from one Dwarf. */
class DwarfApiTest {

    @Test
    void variablesAndTypesFromTheDwarfItself() throws Exception {
        Dwarf dwarf = Dwarf.read(TestModules.wasm("fact-O0.wasm"));
        assertThat(dwarf.types()).isSameAs(dwarf.types()).isSameAs(TypeResolver.of(dwarf));
        long inLoop = dwarf.addresses("fact.c", 22).get(0).address();
        List<Variables.Frame> frames = dwarf.variablesAt(inLoop);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).function()).isEqualTo("sum_squares");
        // sum_squares(const int *values, int n) { int total; for (int i ...) { int square ... } }
        assertThat(frames.get(0).variables()).extracting(Variables.Variable::name)
                .contains("values", "n", "total", "i", "square");
        Variables.Variable values = frames.get(0).variables().stream()
                .filter(v -> v.name().equals("values")).findFirst().orElseThrow();
        assertThat(values.parameter()).isTrue();
        assertThat(values.resolvedType().displayName()).isEqualTo("const int *");
    }
}
