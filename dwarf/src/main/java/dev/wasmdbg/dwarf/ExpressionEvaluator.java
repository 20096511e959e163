package dev.wasmdbg.dwarf;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a DWARF expression against one frame and says where the value is ({@link Location}).
 *
 * <p>Wasm semantics: DW_OP_WASM_location that ends the expression or precedes a piece is a location
 * in that local / global / operand-stack slot (as DW_OP_regN is a register location); anywhere
 * else it pushes the slot's contents (as DW_OP_bregN 0 would), so "WASM_location 0 3, stack_value"
 * is local 3's value and the usual frame base "WASM_location 0 N" makes DW_OP_fbreg k the
 * linear-memory address local N + k.
 *
 * <p>Arithmetic is on DWARF's generic type, an address-sized integer: results of operations on
 * values that fit the address size are truncated to it, and its signed operations (div, shra,
 * comparisons) see such values sign-extended from it. A value wider than the address size (an
 * i64 local in wasm32 code) is kept whole and such operations on it are 64-bit.
 *
 * <p>Everything is bounded: a step limit stops bra/skip loops, the stack has a fixed depth, and
 * malformed or unsupported input raises DwarfException with the section and offset of the op.
 */
public final class ExpressionEvaluator {
    /** Operations executed before giving up (loops through bra/skip). */
    public static final int DEFAULT_STEP_LIMIT = 100_000;
    /** DWARF stack depth limit. */
    public static final int MAX_STACK = 1024;

    private final DwarfExpression expression;
    private final ExpressionContext context;
    private final List<DwarfExpression.Op> ops;
    private final int stepLimit;
    private final long mask;
    private final int bits;
    private final long[] stack = new long[MAX_STACK];
    private int depth;
    private DwarfExpression.Op current;
    private Location pending; // a location that must end the expression or precede a piece
    private final List<Location.Piece> pieces = new ArrayList<>();

    private ExpressionEvaluator(DwarfExpression expression, ExpressionContext context, int stepLimit) {
        this.expression = expression;
        this.context = context;
        this.ops = expression.ops();
        this.stepLimit = stepLimit;
        this.bits = expression.addressSize() * 8;
        this.mask = bits == 64 ? -1L : (1L << bits) - 1;
    }

    /** Evaluates with an empty initial stack. */
    public static Location evaluate(DwarfExpression expression, ExpressionContext context) {
        return evaluate(expression, context, DEFAULT_STEP_LIMIT);
    }

    /**
     * Evaluates with values already on the stack (bottom first), e.g. the object's address for a
     * DW_AT_data_member_location expression.
     */
    public static Location evaluate(DwarfExpression expression, ExpressionContext context, int stepLimit,
            long... initialStack) {
        ExpressionEvaluator e = new ExpressionEvaluator(expression, context, stepLimit);
        if (initialStack.length > MAX_STACK) {
            throw expression.error(0, "initial stack deeper than " + MAX_STACK);
        }
        for (long v : initialStack) {
            e.stack[e.depth++] = v;
        }
        return e.run();
    }

    /** The frame base value a DW_AT_frame_base expression gives (see {@link ExpressionContext#withFrameBase}). */
    public static long frameBaseValue(DwarfExpression frameBase, ExpressionContext context) {
        Location l = evaluate(frameBase, context);
        try {
            if (l instanceof Location.WasmLocal w) {
                return context.local(w.index());
            } else if (l instanceof Location.WasmGlobal w) {
                return context.global(w.index());
            } else if (l instanceof Location.WasmStack w) {
                return context.operandStack(w.index());
            } else if (l instanceof Location.Register r) {
                return context.register(r.number());
            } else if (l instanceof Location.Value v) {
                return v.value();
            } else if (l instanceof Location.Memory m) {
                return m.address();
            }
        } catch (DwarfException e) {
            throw e;
        } catch (RuntimeException e) {
            throw frameBase.error(0, "frame base " + l + " cannot be read: " + e.getMessage());
        }
        throw frameBase.error(0, "frame base expression gives " + l + ", not an address");
    }

    private Location run() {
        int steps = 0;
        int i = 0;
        while (i < ops.size()) {
            DwarfExpression.Op op = ops.get(i);
            current = op;
            if (++steps > stepLimit) {
                throw fail(op, "step limit of " + stepLimit + " operations reached (a bra/skip loop?)");
            }
            if (pending != null && op.opcode() != DwOp.PIECE && op.opcode() != DwOp.BIT_PIECE) {
                throw fail(op, "a location description (" + pending + ") must end the expression or precede a piece");
            }
            try {
                i = step(op, i);
            } catch (DwarfException e) {
                throw e;
            } catch (RuntimeException e) {
                throw fail(op, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        if (!pieces.isEmpty()) {
            if (pending != null || depth > 0) {
                throw expression.error(expression.length(), "location after the last piece");
            }
            return new Location.Pieces(pieces);
        }
        if (pending != null) {
            return pending;
        }
        if (depth == 0) {
            return Location.EMPTY;
        }
        return new Location.Memory(stack[depth - 1] & mask);
    }

    /** Executes one op; returns the index of the next. */
    private int step(DwarfExpression.Op op, int i) {
        int code = op.opcode();
        if (code >= DwOp.LIT0 && code <= DwOp.LIT31) {
            push(code - DwOp.LIT0);
            return i + 1;
        }
        if (code >= DwOp.REG0 && code <= DwOp.REG31) {
            return register(code - DwOp.REG0, i);
        }
        if (code >= DwOp.BREG0 && code <= DwOp.BREG31) {
            push(generic(context.register(code - DwOp.BREG0), op.operand1(), true));
            return i + 1;
        }
        long a;
        long b;
        switch (code) {
            case DwOp.ADDR:
            case DwOp.CONST1U:
            case DwOp.CONST1S:
            case DwOp.CONST2U:
            case DwOp.CONST2S:
            case DwOp.CONST4U:
            case DwOp.CONST4S:
            case DwOp.CONST8U:
            case DwOp.CONST8S:
            case DwOp.CONSTU:
            case DwOp.CONSTS:
                push(op.operand1() & mask);
                break;
            case DwOp.DUP:
                push(peek(op, 0));
                break;
            case DwOp.DROP:
                pop(op);
                break;
            case DwOp.OVER:
                push(peek(op, 1));
                break;
            case DwOp.PICK:
                push(peek(op, op.operand1()));
                break;
            case DwOp.SWAP:
                b = pop(op);
                a = pop(op);
                push(b);
                push(a);
                break;
            case DwOp.ROT: {
                long top = pop(op);
                long second = pop(op);
                long third = pop(op);
                push(top);
                push(third);
                push(second);
                break;
            }
            case DwOp.DEREF:
                push(deref(op, pop(op), expression.addressSize()));
                break;
            case DwOp.DEREF_SIZE: {
                int size = (int) op.operand1();
                if (size < 1 || size > 8) {
                    throw fail(op, "DW_OP_deref_size of " + size + " bytes");
                }
                push(deref(op, pop(op), size));
                break;
            }
            case DwOp.ABS:
                a = pop(op);
                push(fits(a) ? Math.abs(signed(a)) & mask : Math.abs(a));
                break;
            case DwOp.NEG:
                a = pop(op);
                push(fits(a) ? -a & mask : -a);
                break;
            case DwOp.NOT:
                a = pop(op);
                push(fits(a) ? ~a & mask : ~a);
                break;
            case DwOp.AND:
            case DwOp.OR:
            case DwOp.XOR:
            case DwOp.PLUS:
            case DwOp.MINUS:
            case DwOp.MUL:
            case DwOp.DIV:
            case DwOp.MOD:
            case DwOp.SHL:
            case DwOp.SHR:
            case DwOp.SHRA:
            case DwOp.EQ:
            case DwOp.NE:
            case DwOp.LT:
            case DwOp.LE:
            case DwOp.GT:
            case DwOp.GE:
                b = pop(op);
                a = pop(op);
                push(binary(op, code, a, b));
                break;
            case DwOp.PLUS_UCONST:
                a = pop(op);
                push(generic(a, op.operand1(), fits(a)));
                break;
            case DwOp.SKIP:
                return jump(op);
            case DwOp.BRA:
                return pop(op) != 0 ? jump(op) : i + 1;
            case DwOp.REGX:
                return register(op.operand1(), i);
            case DwOp.BREGX:
                push(generic(context.register(op.operand1()), op.operand2(), true));
                break;
            case DwOp.FBREG:
                push((context.frameBase() + op.operand1()) & mask);
                break;
            case DwOp.WASM_LOCATION:
                return wasmLocation(op, i);
            case DwOp.PIECE:
                piece(op, op.operand1() * 8, 0);
                break;
            case DwOp.BIT_PIECE:
                piece(op, op.operand1(), op.operand2());
                break;
            case DwOp.NOP:
                break;
            case DwOp.CALL_FRAME_CFA:
                push(context.callFrameCfa());
                break;
            case DwOp.PUSH_OBJECT_ADDRESS:
                push(context.objectAddress());
                break;
            case DwOp.FORM_TLS_ADDRESS:
            case DwOp.GNU_PUSH_TLS_ADDRESS:
                push(context.tlsAddress(pop(op)));
                break;
            case DwOp.IMPLICIT_VALUE:
                pending = new Location.Implicit(op.block());
                break;
            case DwOp.STACK_VALUE:
                pending = new Location.Value(pop(op));
                break;
            case DwOp.IMPLICIT_POINTER:
            case DwOp.GNU_IMPLICIT_POINTER:
                pending = new Location.ImplicitPointer(op.operand1(), op.operand2());
                break;
            case DwOp.ADDRX:
            case DwOp.CONSTX:
            case DwOp.GNU_ADDR_INDEX:
            case DwOp.GNU_CONST_INDEX: {
                Unit unit = expression.unit().orElseThrow(() -> fail(op, op.name() + " needs the unit's .debug_addr"));
                push(unit.indexedAddress(op.operand1()));
                break;
            }
            case DwOp.ENTRY_VALUE:
            case DwOp.GNU_ENTRY_VALUE:
                push(context.entryValue(expression.subExpression(op)));
                return indexAt(op, op.end() + op.operand1());
            default:
                throw fail(op, op.name() + " is not supported by this evaluator");
        }
        return i + 1;
    }

    private boolean fits(long v) {
        return (v & ~mask) == 0;
    }

    private long signed(long v) {
        return bits == 64 ? v : v << (64 - bits) >> (64 - bits);
    }

    private long generic(long base, long offset, boolean truncate) {
        long r = base + offset;
        return truncate && fits(base) ? r & mask : r;
    }

    private long binary(DwarfExpression.Op op, int code, long a, long b) {
        boolean narrow = fits(a) && fits(b);
        long sa = narrow ? signed(a) : a;
        long sb = narrow ? signed(b) : b;
        long r;
        switch (code) {
            case DwOp.AND: r = a & b; break;
            case DwOp.OR: r = a | b; break;
            case DwOp.XOR: r = a ^ b; break;
            case DwOp.PLUS: r = a + b; break;
            case DwOp.MINUS: r = a - b; break;
            case DwOp.MUL: r = a * b; break;
            case DwOp.DIV:
                if (b == 0) {
                    throw fail(op, "division by zero");
                }
                r = sb == -1 ? -sa : sa / sb; // -MIN / -1 wraps rather than trapping
                break;
            case DwOp.MOD:
                if (b == 0) {
                    throw fail(op, "modulo by zero");
                }
                r = Long.remainderUnsigned(a, b);
                break;
            case DwOp.SHL: r = Long.compareUnsigned(b, 64) >= 0 ? 0 : a << b; break;
            case DwOp.SHR: r = Long.compareUnsigned(b, 64) >= 0 ? 0 : a >>> b; break;
            case DwOp.SHRA: r = sa >> (Long.compareUnsigned(b, 63) > 0 ? 63 : b); break;
            case DwOp.EQ: r = sa == sb ? 1 : 0; break;
            case DwOp.NE: r = sa != sb ? 1 : 0; break;
            case DwOp.LT: r = sa < sb ? 1 : 0; break;
            case DwOp.LE: r = sa <= sb ? 1 : 0; break;
            case DwOp.GT: r = sa > sb ? 1 : 0; break;
            case DwOp.GE: r = sa >= sb ? 1 : 0; break;
            default: throw new AssertionError(code);
        }
        return narrow ? r & mask : r;
    }

    private int register(long number, int i) {
        if (terminal(i)) {
            pending = new Location.Register(number);
        } else {
            push(context.register(number));
        }
        return i + 1;
    }

    private int wasmLocation(DwarfExpression.Op op, int i) {
        long index = op.operand2();
        int kind = (int) op.operand1();
        if (kind == DwOp.WASM_LOCAL_INDIRECT) {
            push(context.local(index)); // the local holds the address: a memory location
            return i + 1;
        }
        if (terminal(i)) {
            switch (kind) {
                case DwOp.WASM_LOCAL: pending = new Location.WasmLocal(index); break;
                case DwOp.WASM_GLOBAL:
                case DwOp.WASM_GLOBAL_U32:
                    pending = new Location.WasmGlobal(index);
                    break;
                case DwOp.WASM_OPERAND_STACK: pending = new Location.WasmStack(index); break;
                default: throw fail(op, "unknown DW_OP_WASM_location kind " + kind);
            }
        } else {
            switch (kind) {
                case DwOp.WASM_LOCAL: push(context.local(index)); break;
                case DwOp.WASM_GLOBAL:
                case DwOp.WASM_GLOBAL_U32:
                    push(context.global(index));
                    break;
                case DwOp.WASM_OPERAND_STACK: push(context.operandStack(index)); break;
                default: throw fail(op, "unknown DW_OP_WASM_location kind " + kind);
            }
        }
        return i + 1;
    }

    /** True when the op at i is the last one or a piece follows: then it names a location, not a value. */
    private boolean terminal(int i) {
        if (i + 1 >= ops.size()) {
            return true;
        }
        int next = ops.get(i + 1).opcode();
        return next == DwOp.PIECE || next == DwOp.BIT_PIECE;
    }

    private void piece(DwarfExpression.Op op, long sizeInBits, long bitOffset) {
        if (sizeInBits < 0 || bitOffset < 0) {
            throw fail(op, "piece size or offset out of range");
        }
        Location where;
        if (pending != null) {
            where = pending;
        } else if (depth > 0) {
            where = new Location.Memory(stack[depth - 1] & mask);
        } else {
            where = Location.EMPTY; // no location before the piece: that part is optimized out
        }
        pending = null;
        depth = 0; // each piece's description stands alone
        pieces.add(new Location.Piece(sizeInBits, bitOffset, where));
    }

    private long deref(DwarfExpression.Op op, long address, int size) {
        long at = address & mask;
        byte[] bytes = context.readMemory(at, size);
        if (bytes == null || bytes.length != size) {
            throw fail(op, "reading " + size + " bytes at 0x" + Long.toHexString(at) + " gave "
                    + (bytes == null ? "nothing" : bytes.length + " bytes"));
        }
        long v = 0;
        for (int k = size - 1; k >= 0; k--) {
            v = v << 8 | (bytes[k] & 0xff);
        }
        return v;
    }

    private int jump(DwarfExpression.Op op) {
        return indexAt(op, op.end() + op.operand1());
    }

    /** The index of the op starting at a relative offset (the end of the expression is ops.size()). */
    private int indexAt(DwarfExpression.Op op, long target) {
        if (target == expression.length()) {
            return ops.size();
        }
        int lo = 0;
        int hi = ops.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int at = ops.get(mid).offset();
            if (at < target) {
                lo = mid + 1;
            } else if (at > target) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        throw fail(op, "branch target " + target + " is not the start of an operation");
    }

    private void push(long v) {
        if (depth == MAX_STACK) {
            throw fail(current, "DWARF stack deeper than " + MAX_STACK);
        }
        stack[depth++] = v;
    }

    private long pop(DwarfExpression.Op op) {
        if (depth == 0) {
            throw fail(op, "stack underflow");
        }
        return stack[--depth];
    }

    private long peek(DwarfExpression.Op op, long n) {
        if (n < 0 || n >= depth) {
            throw fail(op, "stack entry " + n + " requested, " + depth + " on the stack");
        }
        return stack[depth - 1 - (int) n];
    }

    private DwarfException fail(DwarfExpression.Op op, String message) {
        return expression.error(op.offset(), op.name() + ": " + message);
    }
}
