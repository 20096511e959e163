package dev.wasmdbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding and llvm-dwarfdump-style rendering without the tool (the differential tests use it). */
class DwarfExpressionTest {

    private static String render(int... bytes) {
        return DwarfExpression.of(Bytes.of(bytes), 4).render();
    }

    @Test
    void rendersAsLlvmDwarfdumpPrints() {
        assertThat(render(DwOp.WASM_LOCATION, 0, 3, DwOp.STACK_VALUE)).isEqualTo("DW_OP_WASM_location 0x0 0x3, DW_OP_stack_value");
        assertThat(render(DwOp.FBREG, 12)).isEqualTo("DW_OP_fbreg +12");
        assertThat(render(DwOp.FBREG, 0x70)).isEqualTo("DW_OP_fbreg -16");
        assertThat(render(DwOp.PLUS_UCONST, 4)).isEqualTo("DW_OP_plus_uconst 0x4");
        assertThat(render(DwOp.LIT0 + 3, DwOp.STACK_VALUE, DwOp.PIECE, 4)).isEqualTo("DW_OP_lit3, DW_OP_stack_value, DW_OP_piece 0x4");
        assertThat(render(DwOp.CONSTS, 0x7c)).isEqualTo("DW_OP_consts -4");
        assertThat(render(DwOp.IMPLICIT_VALUE, 2, 0xab, 0x01)).isEqualTo("DW_OP_implicit_value 0x2 0xab 0x01");
        assertThat(render(DwOp.WASM_LOCATION, 3, 1, 0, 0, 0)).isEqualTo("DW_OP_WASM_location 0x3 0x1");
        assertThat(render(DwOp.ENTRY_VALUE, 3, DwOp.WASM_LOCATION, 0, 1, DwOp.STACK_VALUE))
                .isEqualTo("DW_OP_entry_value(DW_OP_WASM_location 0x0 0x1), DW_OP_stack_value");
        assertThat(render()).isEqualTo("<empty>");
        assertThat(render(DwOp.LIT0 + 1, 0xff, 0x02)).isEqualTo("DW_OP_lit1, <decoding error> ff 02");
    }

    @Test
    void decodesOperandsAndOffsets() {
        DwarfExpression e = DwarfExpression.of(new Bytes().u8(DwOp.WASM_LOCATION).u8(0).uleb(300)
                .u8(DwOp.BREGX).uleb(7).sleb(-9).u8(DwOp.BIT_PIECE).uleb(3).uleb(5).bytes(), 4);
        List<DwarfExpression.Op> ops = e.ops();
        assertThat(ops).extracting(DwarfExpression.Op::opcode)
                .containsExactly(DwOp.WASM_LOCATION, DwOp.BREGX, DwOp.BIT_PIECE);
        assertThat(ops.get(0).operand1()).isZero();
        assertThat(ops.get(0).operand2()).isEqualTo(300);
        assertThat(ops.get(1).offset()).isEqualTo(4);
        assertThat(ops.get(1).operand1()).isEqualTo(7);
        assertThat(ops.get(1).operand2()).isEqualTo(-9);
        assertThat(ops.get(2).end()).isEqualTo(e.length());
    }

    @Test
    void strictDecodingRejectsWhatTheRendererToleratesLikeLlvm() {
        DwarfExpression e = DwarfExpression.of(Bytes.of(DwOp.LIT0 + 1, DwOp.BREG0, 0x80), 4);
        // llvm-dwarfdump-22 reads a LEB cut off by the end as 0 and decodes on from there.
        assertThat(e.render()).isEqualTo("DW_OP_lit1, DW_OP_breg0 +0, DW_OP_breg16 +0");
        assertThatThrownBy(e::ops).isInstanceOf(DwarfException.class).hasMessageContaining("at 0x1: DW_OP_breg0: operand cut off");
    }

    @Test
    void errorsPointIntoTheSectionTheExpressionCameFrom() throws Exception {
        Dwarf dwarf = Dwarf.read(dev.wasmdbg.testkit.TestModules.wasm("fact-O0.wasm"));
        Die p = dwarf.units().get(1).dies().iterator().next(); // any DIE: we only need a unit
        DwarfExpression e = DwarfExpression.in(p.unit(), SectionData.of(".debug_loc", Bytes.of(0, 0, 0, 0xff)), 3, 1);
        assertThatThrownBy(e::ops).isInstanceOf(DwarfException.class)
                .satisfies(t -> assertThat(((DwarfException) t).offset()).isEqualTo(3))
                .hasMessageStartingWith(".debug_loc at 0x3: unknown DWARF expression opcode 0xff");
    }
}
