package dev.wasmdbg.dwarf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-built wasm module whose DWARF exercises every expression opcode LLVM decodes and every
 * location list entry kind: two DWARF 5 units (.debug_loclists, .debug_addr, loclistx; one without a
 * base address) and two DWARF 4 units (.debug_loc with base selection and wasm-ld's dead-code
 * tombstone; one without a base address).
 */
final class SyntheticDwarf {
    // Abbreviation codes.
    private static final int CU5 = 1;
    private static final int VAR_EXPR = 2;
    private static final int VAR_OFFSET = 3;
    private static final int VAR_INDEX = 4;
    private static final int BASE_TYPE = 5;
    private static final int CU5_NO_BASE = 6;
    private static final int CU4 = 7;
    private static final int CU4_NO_BASE = 8;
    private static final int SUBPROGRAM = 9;

    static final int UNIT_A_LOW_PC = 0x100;
    static final int UNIT_C_LOW_PC = 0x1000;
    /** .debug_addr entries of the DWARF 5 units; index 3 is a tombstone. */
    static final long[] ADDRESSES = {0x200, 0x210, 0x220, 0xffffffffL, 0x300};

    final byte[] wasm;
    /** DW_AT_location expressions of unit A, in DIE order. */
    final List<byte[]> expressions = new ArrayList<>();
    /** Unit A's location list DIEs by list name: their .debug_info offsets. */
    final Map<String, Long> listDies = new LinkedHashMap<>();

    SyntheticDwarf() {
        byte[] abbrev = abbreviations();
        // Unit A's base type DIE comes right after the unit DIE: header 12 bytes + unit DIE 13 bytes.
        int baseTypeRelative = 12 + 13;
        expressions.addAll(expressions(baseTypeRelative));

        // .debug_addr (DWARF 5): header then the addresses; addr_base points past the header.
        Bytes addr = new Bytes().u32(4 + 4L * ADDRESSES.length).u16(5).u8(4).u8(0);
        for (long a : ADDRESSES) {
            addr.u32(a);
        }

        // .debug_loclists: header, offset array, then the lists.
        byte[] wasmLocal3 = {(byte) 0xed, 0, 3, (byte) 0x9f};
        List<byte[]> lists = new ArrayList<>();
        lists.add(new Bytes() // L0: every kind, resolved
                .u8(DwOp.LLE_BASE_ADDRESSX).uleb(0)
                .u8(DwOp.LLE_OFFSET_PAIR).uleb(0).uleb(8).uleb(4).raw(wasmLocal3)
                .u8(DwOp.LLE_STARTX_ENDX).uleb(1).uleb(2).uleb(2).u8(0x31).u8(0x9f)
                .u8(DwOp.LLE_STARTX_LENGTH).uleb(0).uleb(0x10).uleb(3).u8(0x91).sleb(-12).u8(0x06)
                .u8(DwOp.LLE_DEFAULT_LOCATION).uleb(1).u8(0x50)
                .u8(DwOp.LLE_BASE_ADDRESS).u32(0x400)
                .u8(DwOp.LLE_OFFSET_PAIR).uleb(4).uleb(8).uleb(3).u8(0xed).u8(2).u8(1)
                .u8(DwOp.LLE_START_END).u32(0x500).u32(0x510).uleb(5).u8(0x9e).uleb(2).u8(0xaa).u8(0xbb).u8(0x9f)
                .u8(DwOp.LLE_START_LENGTH).u32(0x600).uleb(0x20).uleb(7).u8(0xed).u8(3).u32(7).u8(0x9f)
                .u8(DwOp.LLE_END_OF_LIST).bytes());
        lists.add(new Bytes() // L1: dead code (tombstone start, tombstone base)
                .u8(DwOp.LLE_STARTX_LENGTH).uleb(3).uleb(4).uleb(4).raw(wasmLocal3)
                .u8(DwOp.LLE_BASE_ADDRESSX).uleb(3)
                .u8(DwOp.LLE_OFFSET_PAIR).uleb(0).uleb(4).uleb(4).raw(wasmLocal3)
                .u8(DwOp.LLE_END_OF_LIST).bytes());
        lists.add(new Bytes() // L2: a bad .debug_addr index leaves no base
                .u8(DwOp.LLE_BASE_ADDRESSX).uleb(99)
                .u8(DwOp.LLE_OFFSET_PAIR).uleb(1).uleb(2).uleb(1).u8(0x30)
                .u8(DwOp.LLE_END_OF_LIST).bytes());
        lists.add(new Bytes() // L3: LLVM decodes list expressions without the DWARF format
                .u8(DwOp.LLE_OFFSET_PAIR).uleb(0x10).uleb(0x20).uleb(6).u8(0xa0).u32(0x1234).sleb(-2)
                .u8(DwOp.LLE_END_OF_LIST).bytes());
        lists.add(new Bytes() // L4: unresolvable start index
                .u8(DwOp.LLE_STARTX_ENDX).uleb(99).uleb(1).uleb(1).u8(0x31)
                .u8(DwOp.LLE_END_OF_LIST).bytes());
        lists.add(new Bytes() // L5: for unit B, which has no base address
                .u8(DwOp.LLE_OFFSET_PAIR).uleb(1).uleb(2).uleb(1).u8(0x32)
                .u8(DwOp.LLE_BASE_ADDRESS).u32(0x700)
                .u8(DwOp.LLE_OFFSET_PAIR).uleb(1).uleb(2).uleb(1).u8(0x33)
                .u8(DwOp.LLE_END_OF_LIST).bytes());
        int count = lists.size();
        int headerSize = 12;
        long[] relative = new long[count];
        long at = 4L * count;
        for (int i = 0; i < count; i++) {
            relative[i] = at;
            at += lists.get(i).length;
        }
        Bytes loclists = new Bytes().u32(8 + at).u16(5).u8(4).u8(0).u32(count);
        for (long r : relative) {
            loclists.u32(r);
        }
        for (byte[] l : lists) {
            loclists.raw(l);
        }

        // .debug_loc (DWARF 4).
        byte[] wasmGlobal1 = {(byte) 0xed, 1, 1, (byte) 0x9f};
        Bytes loc = new Bytes();
        int m0 = loc.size();
        loc.u32(0x10).u32(0x20).u16(4).raw(wasmGlobal1)
                .u32(0xffffffffL).u32(0x2000)
                .u32(0).u32(8).u16(2).u8(0x91).u8(0x08)
                .u32(0xffffffffL).u32(0xfffffffeL) // wasm-ld's tombstone for a dropped function
                .u32(0).u32(0x3e).u16(4).raw(wasmGlobal1)
                .u32(0).u32(0);
        int m1 = loc.size();
        loc.u32(4).u32(6).u16(1).u8(0x34).u32(0).u32(0);
        int m2 = loc.size();
        loc.u32(4).u32(6).u16(1).u8(0x35)
                .u32(0xffffffffL).u32(0x3000)
                .u32(1).u32(2).u16(1).u8(0x36)
                .u32(0).u32(0);

        // .debug_info
        Bytes info = new Bytes();
        // Unit A: DWARF 5 with a base address.
        int unitA = info.size();
        info.u32(0).u16(5).u8(1).u8(4).u32(0);
        info.uleb(CU5).u32(UNIT_A_LOW_PC).u32(8).u32(headerSize);
        if (info.size() - unitA != baseTypeRelative) {
            throw new AssertionError("base type DIE moved");
        }
        info.uleb(BASE_TYPE).cstring("int").u8(Dw.ATE_SIGNED).u8(4);
        for (byte[] e : expressions) {
            info.uleb(VAR_EXPR).uleb(e.length).raw(e);
        }
        for (int i = 0; i < 5; i++) {
            listDies.put("L" + i, (long) info.size());
            info.uleb(VAR_OFFSET).u32(headerSize + relative[i]);
        }
        for (int i = 0; i < 5; i++) {
            listDies.put("L" + i + "x", (long) info.size());
            info.uleb(VAR_INDEX).uleb(i);
        }
        info.u8(0);
        // Unit B: DWARF 5 without a base address.
        int unitB = info.size();
        info.u32(0).u16(5).u8(1).u8(4).u32(0);
        info.uleb(CU5_NO_BASE).u32(8).u32(headerSize);
        listDies.put("L5", (long) info.size());
        info.uleb(VAR_OFFSET).u32(headerSize + relative[5]);
        info.uleb(VAR_INDEX).uleb(5);
        info.u8(0);
        // Unit C: DWARF 4 with a base address.
        int unitC = info.size();
        info.u32(0).u16(4).u32(0).u8(4);
        info.uleb(CU4).u32(UNIT_C_LOW_PC);
        info.uleb(SUBPROGRAM).uleb(4).u8(0xed).u8(0).u8(2).u8(0x9f);
        listDies.put("M0", (long) info.size());
        info.uleb(VAR_OFFSET).u32(m0);
        listDies.put("M1", (long) info.size());
        info.uleb(VAR_OFFSET).u32(m1);
        info.uleb(VAR_EXPR).uleb(5).u8(0xa0).u32(0x20); // implicit_pointer with a 4-byte reference
        info.u8(0);
        // Unit D: DWARF 4 without a base address.
        int unitD = info.size();
        info.u32(0).u16(4).u32(0).u8(4);
        info.uleb(CU4_NO_BASE);
        listDies.put("M2", (long) info.size());
        info.uleb(VAR_OFFSET).u32(m2);
        info.u8(0);
        byte[] infoBytes = info.bytes();
        int[] starts = {unitA, unitB, unitC, unitD, infoBytes.length};
        for (int i = 0; i < 4; i++) {
            Bytes.patch32(infoBytes, starts[i], starts[i + 1] - starts[i] - 4);
        }

        wasm = Bytes.wasmWithCustomSections(
                ".debug_abbrev", abbrev,
                ".debug_info", infoBytes,
                ".debug_addr", addr.bytes(),
                ".debug_loclists", loclists.bytes(),
                ".debug_loc", loc.bytes());
    }

    private static byte[] abbreviations() {
        Bytes a = new Bytes();
        a.uleb(CU5).uleb(Dw.TAG_COMPILE_UNIT).u8(1)
                .uleb(Dw.AT_LOW_PC).uleb(Dw.FORM_ADDR)
                .uleb(Dw.AT_ADDR_BASE).uleb(Dw.FORM_SEC_OFFSET)
                .uleb(Dw.AT_LOCLISTS_BASE).uleb(Dw.FORM_SEC_OFFSET).u8(0).u8(0);
        a.uleb(VAR_EXPR).uleb(Dw.TAG_VARIABLE).u8(0).uleb(Dw.AT_LOCATION).uleb(Dw.FORM_EXPRLOC).u8(0).u8(0);
        a.uleb(VAR_OFFSET).uleb(Dw.TAG_VARIABLE).u8(0).uleb(Dw.AT_LOCATION).uleb(Dw.FORM_SEC_OFFSET).u8(0).u8(0);
        a.uleb(VAR_INDEX).uleb(Dw.TAG_VARIABLE).u8(0).uleb(Dw.AT_LOCATION).uleb(Dw.FORM_LOCLISTX).u8(0).u8(0);
        a.uleb(BASE_TYPE).uleb(Dw.TAG_BASE_TYPE).u8(0)
                .uleb(Dw.AT_NAME).uleb(Dw.FORM_STRING)
                .uleb(Dw.AT_ENCODING).uleb(Dw.FORM_DATA1)
                .uleb(Dw.AT_BYTE_SIZE).uleb(Dw.FORM_DATA1).u8(0).u8(0);
        a.uleb(CU5_NO_BASE).uleb(Dw.TAG_COMPILE_UNIT).u8(1)
                .uleb(Dw.AT_ADDR_BASE).uleb(Dw.FORM_SEC_OFFSET)
                .uleb(Dw.AT_LOCLISTS_BASE).uleb(Dw.FORM_SEC_OFFSET).u8(0).u8(0);
        a.uleb(CU4).uleb(Dw.TAG_COMPILE_UNIT).u8(1).uleb(Dw.AT_LOW_PC).uleb(Dw.FORM_ADDR).u8(0).u8(0);
        a.uleb(CU4_NO_BASE).uleb(Dw.TAG_COMPILE_UNIT).u8(1).u8(0).u8(0);
        a.uleb(SUBPROGRAM).uleb(Dw.TAG_SUBPROGRAM).u8(0).uleb(Dw.AT_FRAME_BASE).uleb(Dw.FORM_EXPRLOC).u8(0).u8(0);
        a.u8(0);
        return a.bytes();
    }

    /** One expression per opcode LLVM decodes (most with unusual operands), plus malformed ones. */
    private static List<byte[]> expressions(int baseType) {
        List<byte[]> e = new ArrayList<>();
        e.add(new byte[0]);
        e.add(new Bytes().u8(DwOp.ADDR).u32(0x12345678).bytes());
        e.add(Bytes.of(DwOp.DEREF));
        e.add(Bytes.of(DwOp.CONST1U, 0xff, DwOp.CONST1S, 0xff, DwOp.CONST1S, 0x7f));
        e.add(new Bytes().u8(DwOp.CONST2U).u16(0xfedc).u8(DwOp.CONST2S).u16(0x8000).bytes());
        e.add(new Bytes().u8(DwOp.CONST4U).u32(0xdeadbeefL).u8(DwOp.CONST4S).u32(0xfffffffeL).bytes());
        e.add(new Bytes().u8(DwOp.CONST8U).u64(-1L).u8(DwOp.CONST8S).u64(-5L).u8(DwOp.CONST8S).u64(7).bytes());
        e.add(new Bytes().u8(DwOp.CONSTU).uleb(300).u8(DwOp.CONSTS).sleb(-300).u8(DwOp.CONSTS).sleb(0).bytes());
        e.add(new Bytes().u8(DwOp.CONSTU).uleb(-1L).bytes());
        e.add(Bytes.of(DwOp.DUP, DwOp.DROP, DwOp.OVER, DwOp.PICK, 2, DwOp.SWAP, DwOp.ROT, DwOp.XDEREF, DwOp.ABS));
        e.add(Bytes.of(DwOp.AND, DwOp.DIV, DwOp.MINUS, DwOp.MOD, DwOp.MUL, DwOp.NEG, DwOp.NOT, DwOp.OR, DwOp.PLUS));
        e.add(new Bytes().u8(DwOp.PLUS_UCONST).uleb(0x1000).u8(DwOp.SHL).u8(DwOp.SHR).u8(DwOp.SHRA).u8(DwOp.XOR)
                .bytes());
        e.add(new Bytes().u8(DwOp.BRA).u16(-3).u8(DwOp.SKIP).u16(5).u8(DwOp.SKIP).u16(0).bytes());
        e.add(Bytes.of(DwOp.EQ, DwOp.GE, DwOp.GT, DwOp.LE, DwOp.LT, DwOp.NE, DwOp.NOP));
        Bytes lits = new Bytes();
        for (int i = DwOp.LIT0; i <= DwOp.LIT31; i++) {
            lits.u8(i);
        }
        e.add(lits.bytes());
        Bytes regs = new Bytes();
        for (int i = DwOp.REG0; i <= DwOp.REG31; i++) {
            regs.u8(i);
        }
        e.add(regs.bytes());
        Bytes bregs = new Bytes();
        for (int i = DwOp.BREG0; i <= DwOp.BREG31; i++) {
            bregs.u8(i).sleb(i % 2 == 0 ? -(i - DwOp.BREG0) : 1000 * (i - DwOp.BREG0));
        }
        e.add(bregs.bytes());
        e.add(new Bytes().u8(DwOp.REGX).uleb(40).u8(DwOp.FBREG).sleb(-16).u8(DwOp.FBREG).sleb(152)
                .u8(DwOp.BREGX).uleb(3).sleb(-4).u8(DwOp.BREGX).uleb(200).sleb(0).bytes());
        e.add(new Bytes().u8((DwOp.LIT0 + 1)).u8(DwOp.PIECE).uleb(4).u8(DwOp.PIECE).uleb(0x10)
                .u8(DwOp.BIT_PIECE).uleb(3).uleb(5).bytes());
        e.add(Bytes.of(DwOp.DEREF_SIZE, 2, DwOp.XDEREF_SIZE, 4, DwOp.PUSH_OBJECT_ADDRESS, DwOp.FORM_TLS_ADDRESS,
                DwOp.CALL_FRAME_CFA, DwOp.GNU_PUSH_TLS_ADDRESS));
        e.add(new Bytes().u8(DwOp.CALL2).u16(0x1234).u8(DwOp.CALL4).u32(0x12345678).u8(DwOp.CALL_REF).u32(0x40)
                .bytes());
        e.add(new Bytes().u8(DwOp.IMPLICIT_VALUE).uleb(4).u32(0x40490fdbL).bytes());
        e.add(new Bytes().u8(DwOp.IMPLICIT_VALUE).uleb(0).u8(DwOp.STACK_VALUE).bytes());
        e.add(new Bytes().u8(DwOp.IMPLICIT_POINTER).u32(0x40).sleb(-8).u8(DwOp.GNU_IMPLICIT_POINTER).u32(0x44)
                .sleb(16).bytes());
        e.add(new Bytes().u8(DwOp.ADDRX).uleb(1).u8(DwOp.CONSTX).uleb(2).u8(DwOp.GNU_ADDR_INDEX).uleb(0)
                .u8(DwOp.GNU_CONST_INDEX).uleb(4).bytes());
        e.add(new Bytes().u8(DwOp.ENTRY_VALUE).uleb(3).u8(DwOp.WASM_LOCATION).u8(0).u8(1).u8(DwOp.STACK_VALUE)
                .bytes());
        e.add(new Bytes().u8(DwOp.GNU_ENTRY_VALUE).uleb(1).u8(DwOp.REG0 + 5).u8((DwOp.LIT0 + 2)).u8(DwOp.PLUS).bytes());
        // A sub-expression of several ops: LLVM's closing parenthesis lands where its countdown says.
        e.add(new Bytes().u8(DwOp.ENTRY_VALUE).uleb(3).u8((DwOp.LIT0 + 1)).u8((DwOp.LIT0 + 2)).u8(DwOp.PLUS)
                .u8(DwOp.STACK_VALUE).bytes());
        e.add(new Bytes().u8(DwOp.CONVERT).uleb(baseType).u8(DwOp.CONVERT).uleb(0).u8(DwOp.CONVERT).uleb(12)
                .bytes());
        e.add(new Bytes().u8(DwOp.REGVAL_TYPE).uleb(3).uleb(baseType).bytes());
        for (int kind = 0; kind <= 4; kind++) {
            Bytes w = new Bytes().u8(DwOp.WASM_LOCATION).u8(kind);
            if (kind == 3) {
                w.u32(0x80000001L);
            } else {
                w.uleb(kind * 300);
            }
            e.add(w.u8(DwOp.STACK_VALUE).bytes());
        }
        e.add(new Bytes().u8(DwOp.WASM_LOCATION).u8(0).uleb(3).u8(DwOp.PIECE).uleb(4).u8(DwOp.WASM_LOCATION).u8(2)
                .uleb(0).u8(DwOp.STACK_VALUE).u8(DwOp.PIECE).uleb(4).bytes());
        // Malformed: unknown opcodes, a truncated LEB, an unknown wasm location kind.
        e.add(Bytes.of(0xff));
        e.add(Bytes.of((DwOp.LIT0 + 1), 0xe5, 0x01, 0x02));
        e.add(Bytes.of((DwOp.LIT0 + 1), DwOp.BREG0, 0x80));
        e.add(Bytes.of(DwOp.WASM_LOCATION, 5, 0, DwOp.STACK_VALUE));
        e.add(Bytes.of(DwOp.WASM_LOCATION, 0x80));
        return e;
    }
}
