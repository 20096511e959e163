package dev.wasmdbg.dwarf;

import dev.wasmdbg.wasm.WasmFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-built {@link SyntheticDwarf} module: every opcode LLVM decodes and every location list
 * entry kind rendered as llvm-dwarfdump-22 prints them, and location lookups on its lists.
 */
class SyntheticLocationTest {
    private static final SyntheticDwarf SYNTHETIC = new SyntheticDwarf();

    private static Dwarf dwarf() {
        return Dwarf.of(WasmFile.of(SYNTHETIC.wasm));
    }

    @Test
    void everyOpcodeAndEntryKindRendersAsLlvmDwarfdump(@TempDir Path dir) throws Exception {
        Path wasm = dir.resolve("synthetic.wasm");
        Files.write(wasm, SYNTHETIC.wasm);
        Map<String, String> expected = LocationDifferentialTest.dump(wasm);
        LocationDifferentialTest.Counts counts = new LocationDifferentialTest.Counts();
        Map<String, String> ours = LocationDifferentialTest.render(dwarf(), counts);
        assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        List<String> mismatches = LocationDifferentialTest.mismatches(expected, ours);
        assertThat(mismatches).as("%d of %d differ", mismatches.size(), expected.size()).isEmpty();
        // every exprloc and list DIE, unit B's loclistx, unit C's frame base and implicit pointer
        assertThat(expected).hasSize(SYNTHETIC.expressions.size() + SYNTHETIC.listDies.size() + 3);
        System.out.printf("synthetic module: %d location attributes equal to llvm-dwarfdump-22 (%d single "
                + "expressions, %d location lists with %d entries, %d of them dead code)%n", expected.size(),
                counts.singles, counts.lists, counts.entries, counts.dead);
    }

    private static LocationList list(String name) {
        Dwarf d = dwarf();
        Die die = d.dieAt(SYNTHETIC.listDies.get(name)).orElseThrow();
        return LocationDescription.of(die, Dw.AT_LOCATION).orElseThrow().list().orElseThrow();
    }

    @Test
    void dwarf5ListResolvesEveryEntryKind() {
        LocationList l = list("L0");
        assertThat(l.section()).isEqualTo(".debug_loclists");
        assertThat(l.entries()).extracting(LocationList.Entry::kind).containsExactly(
                DwOp.LLE_BASE_ADDRESSX, DwOp.LLE_OFFSET_PAIR, DwOp.LLE_STARTX_ENDX, DwOp.LLE_STARTX_LENGTH,
                DwOp.LLE_DEFAULT_LOCATION, DwOp.LLE_BASE_ADDRESS, DwOp.LLE_OFFSET_PAIR, DwOp.LLE_START_END,
                DwOp.LLE_START_LENGTH);
        // base_addressx 0 = 0x200: offset pair [0x200, 0x208)
        assertThat(l.entries().get(1).range()).isEqualTo(new AddressRange(0x200, 0x208));
        assertThat(l.entries().get(2).range()).isEqualTo(new AddressRange(0x210, 0x220));
        assertThat(l.entries().get(3).range()).isEqualTo(new AddressRange(0x200, 0x210));
        assertThat(l.entries().get(4).range()).isNull();
        assertThat(l.entries().get(6).range()).isEqualTo(new AddressRange(0x404, 0x408));
        assertThat(l.entries().get(7).range()).isEqualTo(new AddressRange(0x500, 0x510));
        assertThat(l.entries().get(8).range()).isEqualTo(new AddressRange(0x600, 0x620));
        assertThat(l.expressionAt(0x204).orElseThrow().render()).isEqualTo("DW_OP_WASM_location 0x0 0x3, DW_OP_stack_value");
        // 0x20c: only [0x200, 0x210) (startx_length) covers it
        assertThat(l.expressionAt(0x20c).orElseThrow().render()).isEqualTo("DW_OP_fbreg -12, DW_OP_deref");
        assertThat(l.expressionAt(0x405).orElseThrow().render()).isEqualTo("DW_OP_WASM_location 0x2 0x1");
        assertThat(l.expressionAt(0x61f).orElseThrow().render())
                .isEqualTo("DW_OP_WASM_location 0x3 0x7, DW_OP_stack_value");
        // No range covers 0x900: the default location applies.
        assertThat(l.expressionAt(0x900).orElseThrow().render()).isEqualTo("DW_OP_reg0");
        assertThat(l.liveEntries()).hasSize(7);
    }

    @Test
    void loclistxNamesTheSameListAsItsOffset() {
        Dwarf d = dwarf();
        for (int i = 0; i < 5; i++) {
            Die byOffset = d.dieAt(SYNTHETIC.listDies.get("L" + i)).orElseThrow();
            Die byIndex = d.dieAt(SYNTHETIC.listDies.get("L" + i + "x")).orElseThrow();
            LocationList a = LocationDescription.of(byOffset, Dw.AT_LOCATION).orElseThrow().list().orElseThrow();
            LocationList b = LocationDescription.of(byIndex, Dw.AT_LOCATION).orElseThrow().list().orElseThrow();
            assertThat(b.offset()).isEqualTo(a.offset());
            assertThat(b.render(0)).isEqualTo(a.render(0));
        }
    }

    @Test
    void tombstonedEntriesAreDeadAndNeverMatch() {
        LocationList l = list("L1");
        assertThat(l.entries()).filteredOn(LocationList.Entry::hasExpression).hasSize(2)
                .allMatch(LocationList.Entry::dead);
        assertThat(l.liveEntries()).isEmpty();
        assertThat(l.expressionAt(0xffffffffL)).isEmpty();
        assertThat(l.expressionAt(0x1L)).isEmpty();

        LocationList m0 = list("M0");
        assertThat(m0.section()).isEqualTo(".debug_loc");
        List<LocationList.Entry> withExpr = m0.entries().stream().filter(LocationList.Entry::hasExpression).toList();
        assertThat(withExpr).extracting(LocationList.Entry::range).containsExactly(
                new AddressRange(0x1010, 0x1020), new AddressRange(0x2000, 0x2008),
                new AddressRange(0xfffffffeL, 0xfffffffeL + 0x3e));
        assertThat(withExpr).extracting(LocationList.Entry::dead).containsExactly(false, false, true);
        assertThat(m0.expressionAt(0x1010).orElseThrow().render()).isEqualTo("DW_OP_WASM_location 0x1 0x1, DW_OP_stack_value");
        assertThat(m0.expressionAt(0x2007).orElseThrow().render()).isEqualTo("DW_OP_fbreg +8");
        assertThat(m0.expressionAt(0x2008)).isEmpty();
        assertThat(m0.expressionAt(0xffffffffL)).isEmpty();
    }

    @Test
    void entriesWithoutABaseAreUnresolvedNotGuessed() {
        LocationList l2 = list("L2");
        assertThat(l2.entries().get(1).range()).isNull();
        assertThat(l2.liveEntries()).isEmpty();
        LocationList l5 = list("L5");
        assertThat(l5.entries()).extracting(LocationList.Entry::range)
                .containsExactly(null, null, new AddressRange(0x701, 0x702));
        LocationList m2 = list("M2");
        assertThat(m2.entries().get(0).range()).isNull();
        assertThat(m2.expressionAt(0x3001).orElseThrow().render()).isEqualTo("DW_OP_lit6");
    }

    @Test
    void loclistxOutOfRangeIsAnError() {
        Dwarf d = dwarf();
        Unit a = d.units().get(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocationList.atIndex(a, 6))
                .isInstanceOf(DwarfException.class).hasMessageContaining(".debug_loclists")
                .hasMessageContaining("index 6 out of range");
    }
}
