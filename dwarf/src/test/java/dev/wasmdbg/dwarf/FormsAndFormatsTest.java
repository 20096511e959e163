package dev.wasmdbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the compilers of the test modules never emit, built by hand: DWARF 2 and 3 units, the 64-bit
 * format, and the rarer forms (indirect, implicit_const, data16, ref_addr across units, ref_udata,
 * strx/addrx/rnglistx with their bases), plus line programs with min_inst_length > 1, VLIW op
 * indexes and a 64-bit header.
 */
class FormsAndFormatsTest {

    static Dwarf dwarf(Map<String, byte[]> sections) {
        return Dwarf.of(DwarfSections.of(sections));
    }

    @Test
    void the64BitFormatWithRefAddrAcrossUnits() {
        // abbrev 1: compile_unit, children, name strp, stmt_list sec_offset; abbrev 2: variable, name strp, type ref_addr;
        // abbrev 3: base_type, name string.
        byte[] abbrev = new Bytes()
                .uleb(1).uleb(Dw.TAG_COMPILE_UNIT).u8(1).uleb(Dw.AT_NAME).uleb(Dw.FORM_STRP)
                .uleb(Dw.AT_STMT_LIST).uleb(Dw.FORM_SEC_OFFSET).u8(0, 0)
                .uleb(2).uleb(Dw.TAG_VARIABLE).u8(0).uleb(Dw.AT_NAME).uleb(Dw.FORM_STRP)
                .uleb(Dw.AT_TYPE).uleb(Dw.FORM_REF_ADDR).u8(0, 0)
                .uleb(3).uleb(Dw.TAG_BASE_TYPE).u8(0).uleb(Dw.AT_NAME).uleb(Dw.FORM_STRING).u8(0, 0)
                .u8(0).build();
        byte[] str = new Bytes().cstr("first").cstr("x").cstr("second").build();
        // 64-bit unit header: 0xffffffff, u64 length, u16 version, u64 abbrev offset, u8 address size = 23 bytes.
        Bytes dies1 = new Bytes().uleb(1).u64(0).u64(0).uleb(2).u64(6);
        int secondUnitAt;
        byte[] unit1Dies = dies1.u64(0).u8(0).build(); // ref_addr patched below
        int unit1Length = 2 + 8 + 1 + unit1Dies.length;
        secondUnitAt = 12 + unit1Length;
        int baseTypeAt = secondUnitAt + 23 + 1 + 8 + 8; // after the second unit's header, its root DIE
        Bytes.patch32(unit1Dies, 1 + 8 + 8 + 1 + 8, baseTypeAt);
        byte[] unit1 = new Bytes().u32(0xffffffffL).u64(unit1Length).u16(4).u64(0).u8(4).bytes(unit1Dies).build();
        byte[] unit2Dies = new Bytes().uleb(1).u64(8).u64(0).uleb(3).cstr("int").u8(0).build();
        byte[] unit2 = new Bytes().u32(0xffffffffL).u64(2 + 8 + 1 + unit2Dies.length).u16(4).u64(0).u8(4)
                .bytes(unit2Dies).build();
        Map<String, byte[]> sections = new HashMap<>();
        sections.put(".debug_info", new Bytes().bytes(unit1).bytes(unit2).build());
        sections.put(".debug_abbrev", abbrev);
        sections.put(".debug_str", str);
        Dwarf d = dwarf(sections);

        assertThat(d.units()).hasSize(2).allSatisfy(u -> assertThat(u.offsetSize()).isEqualTo(8));
        assertThat(d.units().get(1).offset()).isEqualTo(secondUnitAt);
        assertThat(d.units().get(0).name()).isEqualTo("first");
        assertThat(d.units().get(1).name()).isEqualTo("second");
        Die x = d.units().get(0).root().children().get(0);
        assertThat(x.string(Dw.AT_NAME)).isEqualTo("x");
        Die type = x.reference(Dw.AT_TYPE).orElseThrow();
        assertThat(type.unit()).isSameAs(d.units().get(1));
        assertThat(type.string(Dw.AT_NAME)).isEqualTo("int");
    }

    @Test
    void dwarf2And3Units() {
        // DWARF 2: ref_addr is address-sized (8 here, so reading 4 would derail the unit); DWARF 3:
        // offset-sized (4). Each unit: root, a base type, a variable referring to it.
        byte[] abbrev = new Bytes()
                .uleb(1).uleb(Dw.TAG_COMPILE_UNIT).u8(1).uleb(Dw.AT_NAME).uleb(Dw.FORM_STRING).u8(0, 0)
                .uleb(2).uleb(Dw.TAG_VARIABLE).u8(0).uleb(Dw.AT_TYPE).uleb(Dw.FORM_REF_ADDR).u8(0, 0)
                .uleb(3).uleb(Dw.TAG_BASE_TYPE).u8(0).uleb(Dw.AT_NAME).uleb(Dw.FORM_STRING).u8(0, 0)
                .u8(0).build();
        byte[] dies2 = new Bytes().uleb(1).cstr("v2").uleb(3).cstr("char").uleb(2).u64(11 + 4).u8(0).build();
        byte[] unit2 = new Bytes().u32(7 + dies2.length).u16(2).u32(0).u8(8).bytes(dies2).build();
        int at = unit2.length;
        byte[] dies3 = new Bytes().uleb(1).cstr("v3").uleb(3).cstr("long").uleb(2).u32(at + 11 + 4).u8(0).build();
        byte[] unit3 = new Bytes().u32(7 + dies3.length).u16(3).u32(0).u8(4).bytes(dies3).build();
        Map<String, byte[]> sections = new HashMap<>();
        sections.put(".debug_info", new Bytes().bytes(unit2).bytes(unit3).build());
        sections.put(".debug_abbrev", abbrev);
        Dwarf d = dwarf(sections);
        assertThat(d.units()).extracting(Unit::version).containsExactly(2, 3);
        Die v2 = d.units().get(0).root().children().get(1);
        Die v3 = d.units().get(1).root().children().get(1);
        assertThat(v2.reference(Dw.AT_TYPE).orElseThrow().string(Dw.AT_NAME)).isEqualTo("char");
        assertThat(v3.reference(Dw.AT_TYPE).orElseThrow().string(Dw.AT_NAME)).isEqualTo("long");
    }

    @Test
    void rareFormsDecode() {
        // abbrev 1: compile_unit with children: name indirect(-> string), language implicit_const 0x1d,
        //   producer data16 (as a block), byte_size sdata, const_value block1, external flag_present,
        //   sibling ref_udata.
        byte[] abbrev = new Bytes()
                .uleb(1).uleb(Dw.TAG_COMPILE_UNIT).u8(1)
                .uleb(Dw.AT_NAME).uleb(Dw.FORM_INDIRECT)
                .uleb(Dw.AT_LANGUAGE).uleb(Dw.FORM_IMPLICIT_CONST).sleb(0x1d)
                .uleb(Dw.AT_CONST_VALUE).uleb(Dw.FORM_DATA16)
                .uleb(Dw.AT_BYTE_SIZE).uleb(Dw.FORM_SDATA)
                .uleb(Dw.AT_LOCATION).uleb(Dw.FORM_BLOCK1)
                .uleb(Dw.AT_EXTERNAL).uleb(Dw.FORM_FLAG_PRESENT)
                .uleb(Dw.AT_SIBLING).uleb(Dw.FORM_REF_UDATA).u8(0, 0)
                .uleb(2).uleb(Dw.TAG_BASE_TYPE).u8(0).u8(0, 0)
                .u8(0).build();
        byte[] sixteen = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        byte[] dies = new Bytes().uleb(1).uleb(Dw.FORM_STRING).cstr("cu").bytes(sixteen).sleb(-3)
                .u8(2, 0x9c, 0x9f).uleb(0x25).uleb(2).u8(0).build();
        byte[] info = new Bytes().u32(7 + dies.length).u16(4).u32(0).u8(4).bytes(dies).build();
        Map<String, byte[]> sections = new HashMap<>();
        sections.put(".debug_info", info);
        sections.put(".debug_abbrev", abbrev);
        Die root = dwarf(sections).units().get(0).root();
        assertThat(root.string(Dw.AT_NAME)).isEqualTo("cu");
        assertThat(root.constant(Dw.AT_LANGUAGE, 0)).isEqualTo(0x1d);
        assertThat(root.block(Dw.AT_CONST_VALUE)).isEqualTo(sixteen);
        assertThat(root.constant(Dw.AT_BYTE_SIZE, 0)).isEqualTo(-3);
        assertThat(root.block(Dw.AT_LOCATION)).containsExactly(0x9c, 0x9f);
        assertThat(root.flag(Dw.AT_EXTERNAL)).isTrue();
        // ref_udata is unit-relative: 0x25 from the unit start.
        assertThat(root.attribute(Dw.AT_SIBLING).value()).isEqualTo(0x25);
        assertThat(root.children()).hasSize(1);
    }

    @Test
    void dwarf5IndexedStringsAddressesAndRanges() {
        // compile_unit: name strx1, str_offsets_base, addr_base, rnglists_base (sec_offset), low_pc addrx,
        // ranges rnglistx; child subprogram: name strx, low_pc addrx1, high_pc data4.
        byte[] abbrev = new Bytes()
                .uleb(1).uleb(Dw.TAG_COMPILE_UNIT).u8(1)
                .uleb(Dw.AT_NAME).uleb(Dw.FORM_STRX1)
                .uleb(Dw.AT_STR_OFFSETS_BASE).uleb(Dw.FORM_SEC_OFFSET)
                .uleb(Dw.AT_ADDR_BASE).uleb(Dw.FORM_SEC_OFFSET)
                .uleb(Dw.AT_RNGLISTS_BASE).uleb(Dw.FORM_SEC_OFFSET)
                .uleb(Dw.AT_LOW_PC).uleb(Dw.FORM_ADDRX)
                .uleb(Dw.AT_RANGES).uleb(Dw.FORM_RNGLISTX).u8(0, 0)
                .uleb(2).uleb(Dw.TAG_SUBPROGRAM).u8(0)
                .uleb(Dw.AT_NAME).uleb(Dw.FORM_STRX)
                .uleb(Dw.AT_LOW_PC).uleb(Dw.FORM_ADDRX1)
                .uleb(Dw.AT_HIGH_PC).uleb(Dw.FORM_DATA4).u8(0, 0)
                .u8(0).build();
        byte[] str = new Bytes().cstr("unit5").cstr("g").build();
        // .debug_str_offsets: header (length, version 5, padding) then offsets 0 and 6.
        byte[] strOffsets = new Bytes().u32(12).u16(5).u16(0).u32(0).u32(6).build();
        // .debug_addr: header (length, version, address size, segment size) then 0x0 and 0x200.
        byte[] addr = new Bytes().u32(12).u16(5).u8(4, 0).u32(0).u32(0x200).build();
        // .debug_rnglists: header (length, version, address size, segment size, offset count 1), one offset,
        // then the list: offset_pair 0x200..0x240, end.
        byte[] list = new Bytes().u8(4).uleb(0x200).uleb(0x240).u8(0).build();
        byte[] rnglists = new Bytes().u32(8 + 4 + list.length).u16(5).u8(4, 0).u32(1).u32(4).bytes(list).build();
        byte[] dies = new Bytes().uleb(1).u8(0).u32(8).u32(8).u32(12).uleb(0).uleb(0)
                .uleb(2).uleb(1).u8(1).u32(0x40).u8(0).build();
        byte[] info = new Bytes().u32(8 + dies.length).u16(5).u8(Dw.UT_COMPILE, 4).u32(0).bytes(dies).build();
        Map<String, byte[]> sections = new HashMap<>();
        sections.put(".debug_info", info);
        sections.put(".debug_abbrev", abbrev);
        sections.put(".debug_str", str);
        sections.put(".debug_str_offsets", strOffsets);
        sections.put(".debug_addr", addr);
        sections.put(".debug_rnglists", rnglists);
        Dwarf d = dwarf(sections);
        assertThat(d.units().get(0).name()).isEqualTo("unit5");
        assertThat(d.lookup(0x220)).extracting(SourceFrame::function).containsExactly("g");
        assertThat(d.lookup(0x240)).as("past the unit's range").isEmpty();
    }

    @Test
    void debugArangesPicksTheUnitWhenPresent() {
        // Two units whose roots state no ranges; each has a subprogram. .debug_aranges says unit 1
        // covers 0x100-0x200 only: its subprogram at 0x300 is then outside it (LLVM's rule), while
        // unit 2, which aranges does not name, is covered by its subroutine at 0x400.
        byte[] abbrev = new Bytes()
                .uleb(1).uleb(Dw.TAG_COMPILE_UNIT).u8(1).uleb(Dw.AT_NAME).uleb(Dw.FORM_STRING).u8(0, 0)
                .uleb(2).uleb(Dw.TAG_SUBPROGRAM).u8(0).uleb(Dw.AT_NAME).uleb(Dw.FORM_STRING)
                .uleb(Dw.AT_LOW_PC).uleb(Dw.FORM_ADDR).uleb(Dw.AT_HIGH_PC).uleb(Dw.FORM_DATA4).u8(0, 0)
                .u8(0).build();
        byte[] u1 = HostileInputTest.unit(new Bytes().uleb(1).cstr("one").uleb(2).cstr("a").u32(0x100).u32(0x10)
                .uleb(2).cstr("b").u32(0x300).u32(0x10).u8(0).build());
        byte[] u2 = HostileInputTest.unit(new Bytes().uleb(1).cstr("two").uleb(2).cstr("c").u32(0x400).u32(0x10)
                .u8(0).build());
        // One set: header (12 bytes) padded to 16, tuple (0x100, 0x100), terminator.
        byte[] aranges = new Bytes().u32(2 + 4 + 1 + 1 + 4 + 8 + 8).u16(2).u32(0).u8(4, 0).u32(0)
                .u32(0x100).u32(0x100).u32(0).u32(0).build();
        Map<String, byte[]> sections = new HashMap<>();
        sections.put(".debug_info", new Bytes().bytes(u1).bytes(u2).build());
        sections.put(".debug_abbrev", abbrev);
        sections.put(".debug_aranges", aranges);
        Dwarf d = dwarf(sections);
        assertThat(d.lookup(0x104)).extracting(SourceFrame::function).containsExactly("a");
        assertThat(d.lookup(0x304)).isEmpty();
        assertThat(d.lookup(0x404)).extracting(SourceFrame::function).containsExactly("c");
        // A truncated .debug_aranges is ignored from where it breaks; the units' own ranges still work.
        sections.put(".debug_aranges", new byte[] {1, 2, 3});
        assertThat(dwarf(sections).lookup(0x304)).extracting(SourceFrame::function).containsExactly("b");
    }

    @Test
    void lineProgramsWithWideInstructionsVliwAndTheSixtyFourBitFormat() {
        // min_inst_length 4: a special opcode advancing 1 operation moves 4 bytes.
        Dwarf wide = HostileInputTest.withLines(lineTable(4, 1, false, p -> p.u8(0, 5, 2).u32(0x100)
                .u8(1).u8(13 + 14 + 5).u8(0, 1, 1)));
        assertThat(wide.lineTables().get(0).rows()).extracting(LineRow::address).containsExactly(0x100L, 0x104L, 0x104L);
        // max_ops 3: advance_pc 4 from op 0 = one instruction (4 bytes with min_inst 4) and op index 1.
        Dwarf vliw = HostileInputTest.withLines(lineTable(4, 3, false, p -> p.u8(0, 5, 2).u32(0x100)
                .u8(2).uleb(4).u8(1).u8(0, 1, 1)));
        List<LineRow> rows = vliw.lineTables().get(0).rows();
        assertThat(rows.get(0).address()).isEqualTo(0x104);
        assertThat(rows.get(0).opIndex()).isEqualTo(1);
        // The same program as the first one in a 64-bit line table.
        Dwarf wide64 = HostileInputTest.withLines(lineTable(4, 1, true, p -> p.u8(0, 5, 2).u32(0x100)
                .u8(1).u8(13 + 14 + 5).u8(0, 1, 1)));
        assertThat(wide64.lineTables().get(0).offsetSize()).isEqualTo(8);
        assertThat(wide64.lineTables().get(0).rows()).extracting(LineRow::address)
                .containsExactly(0x100L, 0x104L, 0x104L);
    }

    /** A DWARF 4 line table with one file "a.c" (opcode base 13, line base -5, line range 14). */
    static byte[] lineTable(int minInst, int maxOps, boolean format64, java.util.function.Consumer<Bytes> program) {
        Bytes body = new Bytes();
        program.accept(body);
        byte[] prog = body.build();
        byte[] h = new Bytes().u8(minInst, maxOps, 1).u8(0xfb).u8(14).u8(13)
                .u8(0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1).u8(0).cstr("a.c").uleb(0).uleb(0).uleb(0).u8(0).build();
        if (format64) {
            return new Bytes().u32(0xffffffffL).u64(2 + 8 + h.length + prog.length).u16(4).u64(h.length)
                    .bytes(h).bytes(prog).build();
        }
        return new Bytes().u32(2 + 4 + h.length + prog.length).u16(4).u32(h.length).bytes(h).bytes(prog).build();
    }
}
