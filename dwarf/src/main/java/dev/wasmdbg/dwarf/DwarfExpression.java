package dev.wasmdbg.dwarf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A DWARF expression: its bytes (a window of the section it was read from, so errors name that
 * section and offset), the unit's address and offset sizes, and its operations decoded on first
 * use. Decoding follows LLVM's operation table (the same opcodes, operands and wasm location kinds),
 * and {@link #render()} prints what llvm-dwarfdump-22 prints, malformed bytes included. {@link #ops()}
 * is strict where LLVM's printer is lenient: an operand cut off by the end of the expression is an
 * error, not a 0.
 *
 * <p>Like LLVM, decoding is flat: DW_OP_entry_value's operand is the length of the sub-expression,
 * whose operations follow in {@link #ops()}; its bytes are also in the entry op's {@link Op#block()}.
 */
public final class DwarfExpression {
    /** Section name used for expressions built from a byte array. */
    public static final String DETACHED = "DWARF expression";

    private final SectionData section;
    private final int start;
    private final int length;
    private final int addressSize;
    private final int offsetSize;
    private final Unit unit;
    private volatile List<Op> ops;

    /**
     * One operation. Operands are as encoded (signed ones sign-extended): for DW_OP_WASM_location,
     * operand1 is the kind and operand2 the index; for DW_OP_bregx register then offset; for
     * DW_OP_bit_piece size then offset; for DW_OP_implicit_value and DW_OP_entry_value, operand1 is
     * the length of {@code block}. Offsets are relative to the expression's first byte.
     */
    public record Op(int offset, int end, int opcode, long operand1, long operand2, byte[] block) {
        public String name() {
            return DwOp.name(opcode);
        }

        @Override
        public String toString() {
            return name() + " @" + offset;
        }
    }

    private enum Operand { U1, S1, U2, S2, U4, S4, U8, S8, ULEB, SLEB, ADDR, REF, BLOCK, WASM, BASE_TYPE }

    private static final Operand[] NONE = {};

    private DwarfExpression(SectionData section, int start, int length, int addressSize, int offsetSize, Unit unit) {
        if (addressSize != 1 && addressSize != 2 && addressSize != 4 && addressSize != 8) {
            throw new IllegalArgumentException("address size " + addressSize);
        }
        if (offsetSize != 0 && offsetSize != 4 && offsetSize != 8) {
            throw new IllegalArgumentException("offset size " + offsetSize);
        }
        this.section = section;
        this.start = start;
        this.length = length;
        this.addressSize = addressSize;
        this.offsetSize = offsetSize;
        this.unit = unit;
    }

    /** An expression from bytes (32-bit DWARF format), e.g. hand-built or copied out of a section. */
    public static DwarfExpression of(byte[] bytes, int addressSize) {
        return of(bytes, addressSize, 4);
    }

    public static DwarfExpression of(byte[] bytes, int addressSize, int offsetSize) {
        return new DwarfExpression(SectionData.of(DETACHED, bytes.clone()), 0, bytes.length, addressSize, offsetSize,
                null);
    }

    /** An expression stored in a section at [start, start + length), read for a unit. */
    static DwarfExpression in(Unit unit, SectionData section, int start, int length) {
        if (start < 0 || length < 0 || start > section.length() - length) {
            throw new DwarfException(section.name(), Math.max(0, start), "expression of " + length
                    + " bytes outside the section");
        }
        return new DwarfExpression(section, start, length, unit.addressSize(), unit.offsetSize(), unit);
    }

    /** The expression of an exprloc or block attribute, empty when the DIE has none in that form. */
    public static Optional<DwarfExpression> ofAttribute(Die die, int attribute) {
        AttributeValue v = die.attribute(attribute);
        if (v == null || !v.isBlock() || v.form() == Dw.FORM_DATA16) {
            return Optional.empty();
        }
        Unit u = die.unit();
        return Optional.of(in(u, u.sections().info(), v.dataOffset(), v.dataLength()));
    }

    public byte[] bytes() {
        return section.reader(start).bytes(length);
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public int addressSize() {
        return addressSize;
    }

    /** 4 or 8 (32- or 64-bit DWARF), 0 when unknown. */
    public int offsetSize() {
        return offsetSize;
    }

    /** The unit it was read for (needed by DW_OP_addrx / constx / convert), if any. */
    public Optional<Unit> unit() {
        return Optional.ofNullable(unit);
    }

    /** The section the bytes are in, for error messages. */
    public String sectionName() {
        return section.name();
    }

    /** Offset of the first byte in {@link #sectionName()}. */
    public int sectionOffset() {
        return start;
    }

    /** The decoded operations; malformed bytes raise DwarfException naming the section and offset. */
    public List<Op> ops() {
        List<Op> decoded = ops;
        if (decoded == null) {
            ByteReader r = reader();
            List<Op> list = new ArrayList<>();
            while (!r.atEnd()) {
                list.add(decodeOne(r, false));
            }
            decoded = Collections.unmodifiableList(list);
            ops = decoded;
        }
        return decoded;
    }

    /** The sub-expression of a DW_OP_entry_value op, as an expression of its own. */
    public DwarfExpression subExpression(Op entryValue) {
        if (entryValue.opcode() != DwOp.ENTRY_VALUE && entryValue.opcode() != DwOp.GNU_ENTRY_VALUE) {
            throw new IllegalArgumentException(entryValue + " is not an entry value");
        }
        int at = start + entryValue.end();
        return new DwarfExpression(section, at, (int) entryValue.operand1(), addressSize, offsetSize, unit);
    }

    DwarfException error(int relativeOffset, String message) {
        return new DwarfException(section.name(), (long) start + relativeOffset, message);
    }

    private ByteReader reader() {
        ByteReader r = section.reader(start);
        r.limit(length);
        return r;
    }

    private static Operand[] operands(int opcode) {
        if (opcode >= DwOp.LIT0 && opcode <= DwOp.REG31) {
            return NONE;
        }
        if (opcode >= DwOp.BREG0 && opcode <= DwOp.BREG31) {
            return new Operand[] {Operand.SLEB};
        }
        switch (opcode) {
            case DwOp.ADDR: return new Operand[] {Operand.ADDR};
            case DwOp.CONST1U:
            case DwOp.PICK:
            case DwOp.DEREF_SIZE:
            case DwOp.XDEREF_SIZE:
                return new Operand[] {Operand.U1};
            case DwOp.CONST1S: return new Operand[] {Operand.S1};
            case DwOp.CONST2U:
            case DwOp.CALL2:
                return new Operand[] {Operand.U2};
            case DwOp.CONST2S:
            case DwOp.BRA:
            case DwOp.SKIP:
                return new Operand[] {Operand.S2};
            case DwOp.CONST4U:
            case DwOp.CALL4:
                return new Operand[] {Operand.U4};
            case DwOp.CONST4S: return new Operand[] {Operand.S4};
            case DwOp.CONST8U: return new Operand[] {Operand.U8};
            case DwOp.CONST8S: return new Operand[] {Operand.S8};
            case DwOp.CONSTU:
            case DwOp.PLUS_UCONST:
            case DwOp.REGX:
            case DwOp.PIECE:
            case DwOp.ADDRX:
            case DwOp.CONSTX:
            case DwOp.ENTRY_VALUE:
            case DwOp.GNU_ENTRY_VALUE:
            case DwOp.GNU_ADDR_INDEX:
            case DwOp.GNU_CONST_INDEX:
                return new Operand[] {Operand.ULEB};
            case DwOp.CONSTS:
            case DwOp.FBREG:
                return new Operand[] {Operand.SLEB};
            case DwOp.BREGX: return new Operand[] {Operand.ULEB, Operand.SLEB};
            case DwOp.BIT_PIECE: return new Operand[] {Operand.ULEB, Operand.ULEB};
            case DwOp.IMPLICIT_VALUE: return new Operand[] {Operand.ULEB, Operand.BLOCK};
            case DwOp.CALL_REF: return new Operand[] {Operand.REF};
            case DwOp.IMPLICIT_POINTER:
            case DwOp.GNU_IMPLICIT_POINTER:
                return new Operand[] {Operand.REF, Operand.SLEB};
            case DwOp.CONVERT: return new Operand[] {Operand.BASE_TYPE};
            case DwOp.REGVAL_TYPE: return new Operand[] {Operand.ULEB, Operand.BASE_TYPE};
            case DwOp.WASM_LOCATION: return new Operand[] {Operand.ULEB, Operand.WASM};
            default:
                return DwOp.name(opcode) != null ? NONE : null;
        }
    }

    /**
     * Decodes the operation at the reader's position; offsets in the Op are relative to {@code start}.
     *
     * @param lenient read as LLVM 22's printer does: an operand that runs past the end reads as 0
     *                and consumes nothing, so what follows decodes from there. Strict decoding (for
     *                evaluation) raises DwarfException instead.
     */
    private Op decodeOne(ByteReader r, boolean lenient) {
        int at = r.offset();
        int opcode = r.u8();
        Operand[] kinds = operands(opcode);
        if (kinds == null) {
            throw r.error(at, "unknown DWARF expression opcode 0x" + Integer.toHexString(opcode));
        }
        long[] values = new long[2];
        byte[] block = null;
        for (int i = 0; i < kinds.length; i++) {
            Operand kind = kinds[i];
            if (kind == Operand.WASM) {
                switch ((int) Math.min(values[0], Integer.MAX_VALUE)) {
                    case DwOp.WASM_LOCAL:
                    case DwOp.WASM_GLOBAL:
                    case DwOp.WASM_OPERAND_STACK:
                    case DwOp.WASM_LOCAL_INDIRECT:
                        kind = Operand.ULEB;
                        break;
                    case DwOp.WASM_GLOBAL_U32:
                        kind = Operand.U4;
                        break;
                    default:
                        throw r.error(at, "unknown DW_OP_WASM_location kind " + Long.toUnsignedString(values[0]));
                }
            }
            if (kind == Operand.BLOCK) {
                long n = values[i - 1];
                if (n < 0 || n > r.remaining()) {
                    throw r.error(at, DwOp.name(opcode) + " block of 0x" + Long.toHexString(n)
                            + " bytes runs past the end of the expression");
                }
                block = r.bytes(n);
                continue;
            }
            if (kind == Operand.REF && offsetSize == 0) {
                throw r.error(at, DwOp.name(opcode) + " needs the unit's DWARF format");
            }
            if (lenient && !fits(r, kind)) {
                values[i] = 0;
                continue;
            }
            try {
                values[i] = read(r, kind);
            } catch (DwarfException e) {
                throw r.error(at, DwOp.name(opcode) + ": operand cut off by the end of the expression ("
                        + e.getMessage().substring(e.getMessage().indexOf(": ") + 2) + ")");
            }
        }
        if (opcode == DwOp.ENTRY_VALUE || opcode == DwOp.GNU_ENTRY_VALUE) {
            long n = values[0];
            if (n < 0 || n > r.remaining()) {
                if (!lenient) {
                    throw r.error(at, DwOp.name(opcode) + " sub-expression of 0x" + Long.toHexString(n)
                            + " bytes runs past the end of the expression");
                }
                n = r.remaining();
            }
            int end = r.offset();
            block = r.bytes(n);
            r.seek(end); // the sub-expression's ops follow, decoded as ops of their own (LLVM's flat view)
        }
        return new Op(at - start, r.offset() - start, opcode, values[0], values[1], block);
    }

    private long read(ByteReader r, Operand kind) {
        switch (kind) {
            case U1: return r.u8();
            case S1: return (byte) r.u8();
            case U2: return r.u16();
            case S2: return (short) r.u16();
            case U4: return r.u32();
            case S4: return (int) r.u32();
            case U8:
            case S8:
                return r.u64();
            case ULEB:
            case BASE_TYPE:
                return r.uleb();
            case SLEB: return r.sleb();
            case ADDR: return r.address(addressSize);
            case REF: return r.offsetValue(offsetSize);
            default: throw new AssertionError(kind);
        }
    }

    /** Whether an operand of this kind is complete before the end of the expression. */
    private boolean fits(ByteReader r, Operand kind) {
        switch (kind) {
            case U1:
            case S1:
                return r.remaining() >= 1;
            case U2:
            case S2:
                return r.remaining() >= 2;
            case U4:
            case S4:
                return r.remaining() >= 4;
            case U8:
            case S8:
                return r.remaining() >= 8;
            case ADDR: return r.remaining() >= addressSize;
            case REF: return r.remaining() >= offsetSize;
            default: {
                ByteReader probe = section.reader(r.offset());
                probe.limit(r.remaining());
                try {
                    probe.uleb();
                    return true;
                } catch (DwarfException e) {
                    return false;
                }
            }
        }
    }

    /** What llvm-dwarfdump-22 prints for this expression (in .debug_info). Never throws. */
    public String render() {
        StringBuilder out = new StringBuilder();
        if (length == 0) {
            return "<empty>";
        }
        ByteReader r = reader();
        long entrySize = 0; // LLVM's uint32 countdown of an entry_value sub-expression
        int entryStart = 0;
        while (!r.atEnd()) {
            int at = r.offset();
            Op op;
            try {
                op = decodeOne(r, true);
            } catch (DwarfException e) {
                out.append("<decoding error>");
                for (int i = at - start; i < length; i++) {
                    out.append(String.format(" %02x", section.data()[section.start() + start + i] & 0xff));
                }
                return out.toString();
            }
            appendOp(out, op);
            if (op.opcode() == DwOp.ENTRY_VALUE || op.opcode() == DwOp.GNU_ENTRY_VALUE) {
                out.append('(');
                entrySize = op.operand1() & 0xffffffffL;
                entryStart = op.end();
                continue;
            }
            if (entrySize != 0) {
                entrySize = (entrySize - (op.end() - entryStart)) & 0xffffffffL;
                if (entrySize == 0) {
                    out.append(')');
                }
            }
            if (op.end() < length) {
                out.append(", ");
            }
        }
        return out.toString();
    }

    private void appendOp(StringBuilder out, Op op) {
        out.append(op.name());
        Operand[] kinds = operands(op.opcode());
        for (int i = 0; i < kinds.length; i++) {
            long v = i == 0 ? op.operand1() : op.operand2();
            switch (kinds[i]) {
                case S1:
                case S2:
                case S4:
                case S8:
                case SLEB:
                    out.append(v >= 0 ? " +" : " ").append(v);
                    break;
                case BLOCK:
                    for (byte b : op.block()) {
                        out.append(String.format(" 0x%02x", b & 0xff));
                    }
                    break;
                case BASE_TYPE:
                    appendBaseType(out, op, v);
                    break;
                default:
                    if (op.opcode() != DwOp.ENTRY_VALUE && op.opcode() != DwOp.GNU_ENTRY_VALUE) {
                        out.append(" 0x").append(Long.toHexString(v));
                    }
            }
        }
    }

    private void appendBaseType(StringBuilder out, Op op, long relative) {
        if (unit == null) {
            out.append(" <base_type ref: 0x").append(Long.toHexString(relative)).append('>');
            return;
        }
        if (op.opcode() == DwOp.CONVERT && relative == 0) {
            out.append(" 0x0");
            return;
        }
        long absolute = unit.offset() + relative;
        Optional<Die> die = relative < 0 || absolute >= unit.end() ? Optional.empty() : unit.dieAt(absolute);
        if (die.isPresent() && die.get().tag() == Dw.TAG_BASE_TYPE) {
            out.append(String.format(" (0x%08x)", absolute));
            String name = die.get().string(Dw.AT_NAME);
            if (name != null) {
                out.append(" \"").append(name).append('"');
            }
        } else {
            out.append(" <invalid base_type ref: 0x").append(Long.toHexString(relative)).append('>');
        }
    }

    /** Same bytes of the same section, read with the same sizes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DwarfExpression e && e.section.data() == section.data()
                && e.section.start() + e.start == section.start() + start && e.length == length
                && e.addressSize == addressSize && e.offsetSize == offsetSize;
    }

    @Override
    public int hashCode() {
        return (section.start() + start) * 31 + length;
    }

    @Override
    public String toString() {
        return render();
    }
}
