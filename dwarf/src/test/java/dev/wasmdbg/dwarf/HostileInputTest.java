package dev.wasmdbg.dwarf;

import dev.wasmdbg.wasm.WasmFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Malformed input gives a DwarfException naming the section and offset; nothing hangs or overflows. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostileInputTest {

    // Abbreviations: 1 = compile_unit (children, name: string); 2 = subprogram (name: string,
    // low_pc: addr, high_pc: data4); 3 = lexical_block with children and no attributes;
    // 4 = subprogram with abstract_origin: ref4, low_pc: addr, high_pc: data4.
    static byte[] abbrevs() {
        return new Bytes()
                .uleb(1).uleb(Dw.TAG_COMPILE_UNIT).u8(1).uleb(Dw.AT_NAME).uleb(Dw.FORM_STRING).u8(0, 0)
                .uleb(2).uleb(Dw.TAG_SUBPROGRAM).u8(0).uleb(Dw.AT_NAME).uleb(Dw.FORM_STRING)
                .uleb(Dw.AT_LOW_PC).uleb(Dw.FORM_ADDR).uleb(Dw.AT_HIGH_PC).uleb(Dw.FORM_DATA4).u8(0, 0)
                .uleb(3).uleb(Dw.TAG_LEXICAL_BLOCK).u8(1).u8(0, 0)
                .uleb(4).uleb(Dw.TAG_SUBPROGRAM).u8(0).uleb(Dw.AT_ABSTRACT_ORIGIN).uleb(Dw.FORM_REF4)
                .uleb(Dw.AT_LOW_PC).uleb(Dw.FORM_ADDR).uleb(Dw.AT_HIGH_PC).uleb(Dw.FORM_DATA4).u8(0, 0)
                .u8(0).build();
    }

    /** A DWARF 4 unit around the given DIE bytes (the unit header is 11 bytes). */
    static byte[] unit(byte[] dies) {
        return new Bytes().u32(7 + dies.length).u16(4).u32(0).u8(4).bytes(dies).build();
    }

    static Dwarf dwarf(byte[] info) {
        return dwarf(info, abbrevs());
    }

    static Dwarf dwarf(byte[] info, byte[] abbrev) {
        Map<String, byte[]> sections = new HashMap<>();
        sections.put(".debug_info", info);
        sections.put(".debug_abbrev", abbrev);
        return Dwarf.of(DwarfSections.of(sections));
    }

    static void assertDwarfError(Runnable action, String section, long offset) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(DwarfException.class, e -> {
            assertThat(e.section()).isEqualTo(section);
            assertThat(e.offset()).isEqualTo(offset);
        });
    }

    @Test
    void aWellFormedTinyUnitWorks() {
        byte[] dies = new Bytes().uleb(1).cstr("cu").uleb(2).cstr("f").u32(0x10).u32(0x20).u8(0).build();
        Dwarf d = dwarf(unit(dies));
        assertThat(d.lookup(0x18)).extracting(SourceFrame::function).containsExactly("f");
        assertThat(d.lookup(0x30)).isEmpty();
    }

    @Test
    void anUnknownAbbreviationCodeNamesTheDie() {
        byte[] dies = new Bytes().uleb(1).cstr("cu").uleb(9).u8(0).build();
        Dwarf d = dwarf(unit(dies));
        // The bad DIE starts after the 11-byte header, code 1 and "cu\0": offset 11 + 1 + 3.
        assertDwarfError(() -> d.units().get(0).dieCount(), ".debug_info", 15);
    }

    @Test
    void aUnitLongerThanTheSectionIsRejected() {
        byte[] info = new Bytes().u32(1000).u16(4).u32(0).u8(4).build();
        assertDwarfError(() -> dwarf(info), ".debug_info", 0);
    }

    @Test
    void absurdAndReservedLengthsAreRejected() {
        byte[] huge64 = new Bytes().u32(0xffffffffL).u64(Long.MAX_VALUE).u16(4).build();
        assertDwarfError(() -> dwarf(huge64), ".debug_info", 0);
        byte[] reserved = new Bytes().u32(0xfffffff5L).u16(4).build();
        assertDwarfError(() -> dwarf(reserved), ".debug_info", 0);
        byte[] negative64 = new Bytes().u32(0xffffffffL).u64(-1L).build();
        assertDwarfError(() -> dwarf(negative64), ".debug_info", 0);
    }

    @Test
    void badVersionsAndAddressSizesAreRejected() {
        byte[] v7 = new Bytes().u32(7).u16(7).u32(0).u8(4).build();
        assertThatThrownBy(() -> dwarf(v7)).isInstanceOf(DwarfException.class).hasMessageContaining("version 7");
        byte[] size3 = new Bytes().u32(7).u16(4).u32(0).u8(3).build();
        assertThatThrownBy(() -> dwarf(size3)).isInstanceOf(DwarfException.class).hasMessageContaining("address size 3");
    }

    @Test
    void anAbbreviationOffsetPastTheEndIsRejected() {
        byte[] info = new Bytes().u32(8).u16(4).u32(5000).u8(4).uleb(1).build();
        Dwarf d = dwarf(info);
        assertDwarfError(() -> d.units().get(0).dieCount(), ".debug_abbrev", 5000);
    }

    @Test
    void aTruncatedAttributeIsRejected() {
        // subprogram wants name, 4-byte low_pc and 4-byte high_pc; give it two bytes.
        byte[] dies = new Bytes().uleb(1).cstr("cu").uleb(2).cstr("f").u8(1, 2).build();
        Dwarf d = dwarf(unit(dies));
        assertThatThrownBy(() -> d.units().get(0).dieCount()).isInstanceOfSatisfying(DwarfException.class,
                e -> assertThat(e.section()).isEqualTo(".debug_info"));
    }

    @Test
    void aStringOffsetPastDebugStrIsRejected() {
        byte[] abbrev = new Bytes().uleb(1).uleb(Dw.TAG_COMPILE_UNIT).u8(0).uleb(Dw.AT_NAME).uleb(Dw.FORM_STRP)
                .u8(0, 0).u8(0).build();
        byte[] dies = new Bytes().uleb(1).u32(0x7000).build();
        Dwarf d = dwarf(unit(dies), abbrev);
        assertDwarfError(() -> d.units().get(0).name(), ".debug_str", 0x7000);
    }

    @Test
    void referenceCyclesEnd() {
        // DIE at 0x0e (after header 11 + "cu\0"... ) refers to itself; another pair refers to each other.
        Bytes dies = new Bytes().uleb(1).cstr("cu");
        int self = 11 + dies.size();
        dies.uleb(4).u32(self).u32(0x10).u32(0x10);
        int a = 11 + dies.size();
        int b = a + 13;
        dies.uleb(4).u32(b).u32(0x40).u32(0x10);
        dies.uleb(4).u32(a).u32(0x80).u32(0x10);
        dies.u8(0);
        Dwarf d = dwarf(unit(dies.build()));
        assertThat(d.lookup(0x14)).extracting(SourceFrame::function).containsExactly("");
        assertThat(d.lookup(0x44)).extracting(SourceFrame::function).containsExactly("");
        assertThat(d.lookup(0x84)).extracting(SourceFrame::function).containsExactly("");
    }

    @Test
    void deepNestingNeedsNoDeepStack() {
        int depth = 200_000;
        Bytes dies = new Bytes().uleb(1).cstr("cu");
        for (int i = 0; i < depth; i++) {
            dies.uleb(3);
        }
        dies.uleb(2).cstr("deep").u32(0x100).u32(0x10);
        for (int i = 0; i <= depth; i++) {
            dies.u8(0);
        }
        Dwarf d = dwarf(unit(dies.build()));
        assertThat(d.units().get(0).dieCount()).isEqualTo(depth + 2);
        assertThat(d.lookup(0x104)).extracting(SourceFrame::function).containsExactly("deep");
    }

    static byte[] lineTable(java.util.function.Consumer<Bytes> program) {
        Bytes body = new Bytes();
        program.accept(body);
        byte[] prog = body.build();
        Bytes header = new Bytes().u8(1, 1, 1).u8(0xfb).u8(14).u8(13) // min_inst, max_ops, default_is_stmt, line_base, line_range, opcode_base
                .u8(0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1) // standard_opcode_lengths
                .u8(0) // no include directories
                .cstr("a.c").uleb(0).uleb(0).uleb(0).u8(0);
        byte[] h = header.build();
        return new Bytes().u32(2 + 4 + h.length + prog.length).u16(4).u32(h.length).bytes(h).bytes(prog).build();
    }

    static Dwarf withLines(byte[] line) {
        byte[] abbrev = new Bytes().uleb(1).uleb(Dw.TAG_COMPILE_UNIT).u8(0).uleb(Dw.AT_STMT_LIST)
                .uleb(Dw.FORM_SEC_OFFSET).u8(0, 0).u8(0).build();
        Map<String, byte[]> sections = new HashMap<>();
        sections.put(".debug_info", unit(new Bytes().uleb(1).u32(0).build()));
        sections.put(".debug_abbrev", abbrev);
        sections.put(".debug_line", line);
        return Dwarf.of(DwarfSections.of(sections));
    }

    @Test
    void aWellFormedLineProgramRuns() {
        Dwarf d = withLines(lineTable(p -> p.u8(0, 5, 2).u32(0x100).u8(1).u8(2).uleb(4).u8(0, 1, 1)));
        List<LineRow> rows = d.lineTables().get(0).rows();
        assertThat(rows).extracting(LineRow::address).containsExactly(0x100L, 0x104L);
        assertThat(rows.get(1).endSequence()).isTrue();
    }

    @Test
    void lineProgramErrorsNameDebugLine() {
        // An extended opcode claiming 0x7fffffff bytes; the program starts after the 10-byte
        // unit header and the 27-byte prologue, at 37.
        Dwarf huge = withLines(lineTable(p -> p.u8(0).uleb(0x7fffffff).u8(1)));
        assertDwarfError(() -> huge.lineTables(), ".debug_line", 37);
        // set_address with a 3-byte operand.
        Dwarf odd = withLines(lineTable(p -> p.u8(0, 4, 2, 1, 2, 3)));
        assertDwarfError(() -> odd.lineTables(), ".debug_line", 37);
        // header_length past the table.
        byte[] broken = lineTable(p -> p.u8(1));
        broken[6] = (byte) 0xff;
        assertThatThrownBy(() -> withLines(broken).lineTables()).isInstanceOfSatisfying(DwarfException.class,
                e -> assertThat(e.section()).isEqualTo(".debug_line"));
        // stmt_list past the section.
        Dwarf far = withLines(new byte[3]);
        assertThatThrownBy(far::lineTables).isInstanceOf(DwarfException.class).hasMessageContaining(".debug_line");
    }

}
