package dev.wasmdbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The evaluator on hand-built expressions: arithmetic, control flow, locations, and hostile input. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ExpressionEvaluatorTest {
    private static final int LIT0 = DwOp.LIT0;

    /** A frame with scripted locals, globals, stack slots and memory, recording what was read. */
    static class FakeFrame implements ExpressionContext {
        final Map<Long, Long> locals = new HashMap<>();
        final Map<Long, Long> globals = new HashMap<>();
        final Map<Long, Long> stack = new HashMap<>();
        final Map<Long, Byte> memory = new HashMap<>();
        final List<String> reads = new ArrayList<>();
        Long frameBase;

        @Override
        public long local(long index) {
            reads.add("local " + index);
            return value(locals, index, "local");
        }

        @Override
        public long global(long index) {
            reads.add("global " + index);
            return value(globals, index, "global");
        }

        @Override
        public long operandStack(long index) {
            reads.add("stack " + index);
            return value(stack, index, "stack slot");
        }

        private static long value(Map<Long, Long> m, long index, String what) {
            Long v = m.get(index);
            if (v == null) {
                throw new IllegalStateException("no " + what + " " + index);
            }
            return v;
        }

        @Override
        public byte[] readMemory(long address, int length) {
            reads.add("memory 0x" + Long.toHexString(address) + " " + length);
            byte[] out = new byte[length];
            for (int i = 0; i < length; i++) {
                Byte b = memory.get(address + i);
                if (b == null) {
                    throw new IllegalStateException("unmapped 0x" + Long.toHexString(address + i));
                }
                out[i] = b;
            }
            return out;
        }

        void store32(long address, long value) {
            for (int i = 0; i < 4; i++) {
                memory.put(address + i, (byte) (value >>> (8 * i)));
            }
        }

        @Override
        public long frameBase() {
            if (frameBase == null) {
                return ExpressionContext.super.frameBase();
            }
            return frameBase;
        }
    }

    private static Location eval(byte[] bytes, ExpressionContext context) {
        return ExpressionEvaluator.evaluate(DwarfExpression.of(bytes, 4), context);
    }

    private static Location eval(byte[] bytes) {
        return eval(bytes, new FakeFrame());
    }

    private static long value(byte[] withoutStackValue) {
        byte[] b = new Bytes().raw(withoutStackValue).u8(DwOp.STACK_VALUE).bytes();
        Location l = eval(b);
        assertThat(l).isInstanceOf(Location.Value.class);
        return ((Location.Value) l).value();
    }

    @Test
    void arithmeticIsOnTheAddressSizedGenericType() {
        assertThat(value(Bytes.of(LIT0 + 7, LIT0 + 5, DwOp.PLUS))).isEqualTo(12);
        assertThat(value(Bytes.of(LIT0 + 7, LIT0 + 5, DwOp.MINUS))).isEqualTo(2);
        assertThat(value(Bytes.of(LIT0 + 5, LIT0 + 7, DwOp.MINUS))).isEqualTo(0xfffffffeL); // wraps at 32 bits
        assertThat(value(Bytes.of(LIT0 + 6, LIT0 + 7, DwOp.MUL))).isEqualTo(42);
        assertThat(value(new Bytes().u8(DwOp.CONSTS).sleb(-7).u8(LIT0 + 2).u8(DwOp.DIV).bytes()))
                .isEqualTo(0xfffffffdL); // signed: -7 / 2 = -3
        assertThat(value(Bytes.of(LIT0 + 7, LIT0 + 3, DwOp.MOD))).isEqualTo(1);
        assertThat(value(Bytes.of(LIT0, DwOp.NOT))).isEqualTo(0xffffffffL);
        assertThat(value(Bytes.of(LIT0 + 5, DwOp.NEG))).isEqualTo(0xfffffffbL);
        assertThat(value(new Bytes().u8(DwOp.CONSTS).sleb(-9).u8(DwOp.ABS).bytes())).isEqualTo(9);
        assertThat(value(Bytes.of(LIT0 + 12, LIT0 + 10, DwOp.AND))).isEqualTo(8);
        assertThat(value(Bytes.of(LIT0 + 12, LIT0 + 10, DwOp.OR))).isEqualTo(14);
        assertThat(value(Bytes.of(LIT0 + 12, LIT0 + 10, DwOp.XOR))).isEqualTo(6);
        assertThat(value(Bytes.of(LIT0 + 1, LIT0 + 31, DwOp.SHL))).isEqualTo(0x80000000L);
        assertThat(value(Bytes.of(LIT0 + 1, LIT0 + 31, DwOp.SHL, LIT0 + 31, DwOp.SHR))).isEqualTo(1);
        assertThat(value(Bytes.of(LIT0 + 1, LIT0 + 31, DwOp.SHL, LIT0 + 31, DwOp.SHRA))).isEqualTo(0xffffffffL);
        assertThat(value(new Bytes().u8(LIT0 + 4).u8(DwOp.PLUS_UCONST).uleb(300).bytes())).isEqualTo(304);
        assertThat(value(new Bytes().u8(DwOp.CONST2S).u16(-2).bytes())).isEqualTo(0xfffffffeL);
        assertThat(value(new Bytes().u8(DwOp.CONST4U).u32(0xdeadbeefL).bytes())).isEqualTo(0xdeadbeefL);
        assertThat(value(new Bytes().u8(DwOp.ADDR).u32(0x10ab0).bytes())).isEqualTo(0x10ab0);
    }

    @Test
    void comparisonsAreSigned() {
        byte[] minus1 = new Bytes().u8(DwOp.CONSTS).sleb(-1).bytes();
        assertThat(value(new Bytes().raw(minus1).u8(LIT0 + 1).u8(DwOp.LT).bytes())).isEqualTo(1);
        assertThat(value(new Bytes().raw(minus1).u8(LIT0 + 1).u8(DwOp.GT).bytes())).isEqualTo(0);
        assertThat(value(Bytes.of(LIT0 + 3, LIT0 + 3, DwOp.EQ))).isEqualTo(1);
        assertThat(value(Bytes.of(LIT0 + 3, LIT0 + 3, DwOp.NE))).isEqualTo(0);
        assertThat(value(Bytes.of(LIT0 + 3, LIT0 + 3, DwOp.LE))).isEqualTo(1);
        assertThat(value(Bytes.of(LIT0 + 2, LIT0 + 3, DwOp.GE))).isEqualTo(0);
    }

    @Test
    void stackOperations() {
        assertThat(value(Bytes.of(LIT0 + 1, LIT0 + 2, DwOp.SWAP, DwOp.MINUS))).isEqualTo(1); // 2 - 1
        assertThat(value(Bytes.of(LIT0 + 1, LIT0 + 2, DwOp.OVER, DwOp.PLUS, DwOp.PLUS))).isEqualTo(4);
        assertThat(value(Bytes.of(LIT0 + 1, LIT0 + 2, LIT0 + 3, DwOp.PICK, 2))).isEqualTo(1);
        assertThat(value(Bytes.of(LIT0 + 5, DwOp.DUP, DwOp.MUL))).isEqualTo(25);
        assertThat(value(Bytes.of(LIT0 + 5, LIT0 + 6, DwOp.DROP))).isEqualTo(5);
        // rot: (1 2 3 -> 3 1 2): the top becomes third
        assertThat(value(Bytes.of(LIT0 + 1, LIT0 + 2, LIT0 + 3, DwOp.ROT))).isEqualTo(2);
        assertThat(value(Bytes.of(LIT0 + 1, LIT0 + 2, LIT0 + 3, DwOp.ROT, DwOp.DROP))).isEqualTo(1);
        assertThat(value(Bytes.of(LIT0 + 1, LIT0 + 2, LIT0 + 3, DwOp.ROT, DwOp.DROP, DwOp.DROP))).isEqualTo(3);
        assertThat(value(Bytes.of(LIT0 + 9, DwOp.NOP))).isEqualTo(9);
    }

    @Test
    void branchesAndSkips() {
        // lit1; bra +1 (over lit2); lit3 ... -> taken: stack [3]
        assertThat(value(new Bytes().u8(LIT0 + 1).u8(DwOp.BRA).u16(1).u8(LIT0 + 2).u8(LIT0 + 3).bytes()))
                .isEqualTo(3);
        // lit0; bra +1 -> not taken: lit2 lit3 plus = 5
        assertThat(value(new Bytes().u8(LIT0).u8(DwOp.BRA).u16(1).u8(LIT0 + 2).u8(LIT0 + 3).u8(DwOp.PLUS).bytes()))
                .isEqualTo(5);
        // skip to the very end of the expression is allowed
        assertThat(eval(new Bytes().u8(LIT0 + 4).u8(DwOp.SKIP).u16(2).u8(LIT0).u8(LIT0).bytes()))
                .isEqualTo(new Location.Memory(4));
        // a counted loop: n = 5; do { n = n - 1 } while (n != 0); result 0 after 5 rounds
        byte[] loop = new Bytes().u8(LIT0 + 5) // 0
                .u8(LIT0 + 1).u8(DwOp.MINUS) // 1, 2
                .u8(DwOp.DUP).u8(DwOp.BRA).u16(-6) // 3, 4..6: back to offset 1
                .u8(DwOp.STACK_VALUE).bytes();
        assertThat(eval(loop)).isEqualTo(new Location.Value(0));
    }

    @Test
    void memoryLocationsAndDereference() {
        FakeFrame f = new FakeFrame();
        f.store32(0x1000, 0x2000);
        f.store32(0x2000, 0xcafe);
        assertThat(eval(new Bytes().u8(DwOp.ADDR).u32(0x1000).u8(DwOp.DEREF).bytes(), f))
                .isEqualTo(new Location.Memory(0x2000));
        assertThat(eval(new Bytes().u8(DwOp.ADDR).u32(0x2000).u8(DwOp.DEREF_SIZE).u8(1).u8(DwOp.STACK_VALUE).bytes(),
                f)).isEqualTo(new Location.Value(0xfe));
        assertThat(f.reads).containsExactly("memory 0x1000 4", "memory 0x2000 1");
    }

    @Test
    void frameBaseRelativeAddresses() {
        FakeFrame f = new FakeFrame();
        f.locals.put(2L, 0x1000L);
        DwarfExpression frameBase = DwarfExpression.of(Bytes.of(DwOp.WASM_LOCATION, 0, 2, DwOp.STACK_VALUE), 4);
        ExpressionContext withBase = ExpressionContext.withFrameBase(f, frameBase);
        assertThat(eval(new Bytes().u8(DwOp.FBREG).sleb(20).bytes(), withBase)).isEqualTo(new Location.Memory(0x1014));
        assertThat(eval(new Bytes().u8(DwOp.FBREG).sleb(-16).bytes(), withBase)).isEqualTo(new Location.Memory(0xff0));
        // A frame base that is a location (no stack_value) means the local's contents too.
        DwarfExpression bare = DwarfExpression.of(Bytes.of(DwOp.WASM_LOCATION, 0, 2), 4);
        assertThat(ExpressionEvaluator.frameBaseValue(bare, f)).isEqualTo(0x1000);
        assertThatThrownBy(() -> eval(new Bytes().u8(DwOp.FBREG).sleb(4).bytes(), new FakeFrame()))
                .isInstanceOf(DwarfException.class).hasMessageContaining("DW_OP_fbreg").hasMessageContaining("frame base");
    }

    @Test
    void wasmLocationKindsAsLocationsAndAsValues() {
        FakeFrame f = new FakeFrame();
        f.locals.put(3L, 11L);
        f.globals.put(1L, 22L);
        f.stack.put(0L, 33L);
        f.globals.put(0x80000001L, 44L);
        assertThat(eval(Bytes.of(DwOp.WASM_LOCATION, 0, 3), f)).isEqualTo(new Location.WasmLocal(3));
        assertThat(eval(Bytes.of(DwOp.WASM_LOCATION, 1, 1), f)).isEqualTo(new Location.WasmGlobal(1));
        assertThat(eval(Bytes.of(DwOp.WASM_LOCATION, 2, 0), f)).isEqualTo(new Location.WasmStack(0));
        byte[] global32 = new Bytes().u8(DwOp.WASM_LOCATION).u8(3).u32(0x80000001L).bytes();
        assertThat(eval(global32, f)).isEqualTo(new Location.WasmGlobal(0x80000001L));
        assertThat(f.reads).as("a location needs no read").isEmpty();

        assertThat(eval(Bytes.of(DwOp.WASM_LOCATION, 0, 3, DwOp.STACK_VALUE), f)).isEqualTo(new Location.Value(11));
        assertThat(eval(Bytes.of(DwOp.WASM_LOCATION, 1, 1, DwOp.STACK_VALUE), f)).isEqualTo(new Location.Value(22));
        assertThat(eval(Bytes.of(DwOp.WASM_LOCATION, 2, 0, DwOp.STACK_VALUE), f)).isEqualTo(new Location.Value(33));
        assertThat(eval(new Bytes().raw(global32).u8(DwOp.STACK_VALUE).bytes(), f)).isEqualTo(new Location.Value(44));
        // Followed by arithmetic, the slot's contents are used (an address here).
        assertThat(eval(new Bytes().u8(DwOp.WASM_LOCATION).u8(0).uleb(3).u8(DwOp.PLUS_UCONST).uleb(4).bytes(), f))
                .isEqualTo(new Location.Memory(15));
        // rustc's bool: local ^ ~0 & 1
        assertThat(eval(Bytes.of(DwOp.WASM_LOCATION, 2, 0, LIT0, DwOp.NOT, DwOp.XOR, DwOp.CONSTU, 1, DwOp.AND,
                DwOp.STACK_VALUE), f)).isEqualTo(new Location.Value(0));
    }

    @Test
    void wideSlotValuesAreKept() {
        FakeFrame f = new FakeFrame();
        f.locals.put(0L, 0x1_0000_0005L); // an i64 local in wasm32 code
        assertThat(eval(Bytes.of(DwOp.WASM_LOCATION, 0, 0, DwOp.STACK_VALUE), f))
                .isEqualTo(new Location.Value(0x1_0000_0005L));
        f.locals.put(1L, 0xfffffff0L); // an i32 -16, zero-extended by the frame
        assertThat(eval(Bytes.of(DwOp.WASM_LOCATION, 0, 1, LIT0 + 2, DwOp.SHRA, DwOp.STACK_VALUE), f))
                .isEqualTo(new Location.Value(0xfffffffcL)); // -4 in 32 bits
    }

    @Test
    void piecesAssembleValuesFromSeveralPlaces() {
        FakeFrame f = new FakeFrame();
        f.locals.put(4L, 7L);
        // struct point { x in local 4 (as a value), y the constant 4 }; then 4 bytes in memory; then a gap
        byte[] b = new Bytes().u8(DwOp.WASM_LOCATION).u8(0).uleb(4).u8(DwOp.STACK_VALUE).u8(DwOp.PIECE).uleb(4)
                .u8(LIT0 + 4).u8(DwOp.STACK_VALUE).u8(DwOp.PIECE).uleb(4)
                .u8(DwOp.ADDR).u32(0x3000).u8(DwOp.PIECE).uleb(4)
                .u8(DwOp.PIECE).uleb(2)
                .u8(DwOp.WASM_LOCATION).u8(1).uleb(9).u8(DwOp.BIT_PIECE).uleb(3).uleb(5).bytes();
        Location l = eval(b, f);
        assertThat(l).isEqualTo(new Location.Pieces(List.of(
                new Location.Piece(32, 0, new Location.Value(7)),
                new Location.Piece(32, 0, new Location.Value(4)),
                new Location.Piece(32, 0, new Location.Memory(0x3000)),
                new Location.Piece(16, 0, Location.EMPTY),
                new Location.Piece(3, 5, new Location.WasmGlobal(9)))));
        assertThat(((Location.Pieces) l).sizeInBits()).isEqualTo(32 * 3 + 16 + 3);
    }

    @Test
    void implicitValuesAndPointers() {
        assertThat(eval(new Bytes().u8(DwOp.IMPLICIT_VALUE).uleb(4).u32(0x40490fdbL).bytes()))
                .isEqualTo(new Location.Implicit(new byte[] {(byte) 0xdb, 0x0f, 0x49, 0x40}));
        assertThat(eval(new Bytes().u8(DwOp.IMPLICIT_POINTER).u32(0x2c).sleb(8).bytes()))
                .isEqualTo(new Location.ImplicitPointer(0x2c, 8));
        assertThat(eval(new byte[0])).isEqualTo(Location.EMPTY);
        assertThat(eval(Bytes.of(DwOp.REG0 + 3))).isEqualTo(new Location.Register(3));
    }

    @Test
    void entryValuesAskTheContextAndSkipTheSubExpression() {
        DwarfExpression[] asked = new DwarfExpression[1];
        ExpressionContext f = new FakeFrame() {
            @Override
            public long entryValue(DwarfExpression sub) {
                asked[0] = sub;
                return 40;
            }
        };
        byte[] b = new Bytes().u8(DwOp.ENTRY_VALUE).uleb(3).u8(DwOp.WASM_LOCATION).u8(0).u8(1)
                .u8(LIT0 + 2).u8(DwOp.PLUS).u8(DwOp.STACK_VALUE).bytes();
        assertThat(eval(b, f)).isEqualTo(new Location.Value(42));
        assertThat(asked[0].render()).isEqualTo("DW_OP_WASM_location 0x0 0x1");
    }

    // ---- hostile input: every case a DwarfException, none hangs ----

    private static void rejects(byte[] bytes, String messagePart) {
        assertThatThrownBy(() -> eval(bytes)).isInstanceOf(DwarfException.class).hasMessageContaining(messagePart);
    }

    @Test
    void truncatedOperandsAreErrors() {
        rejects(Bytes.of(DwOp.CONST4U, 1, 2), "need 4 bytes");
        rejects(Bytes.of(DwOp.ADDR, 1), "need 4 bytes");
        rejects(Bytes.of(DwOp.CONSTU, 0x80, 0x80), "need 1 bytes");
        rejects(Bytes.of(DwOp.BRA, 1), "need 2 bytes");
        rejects(Bytes.of(DwOp.WASM_LOCATION, 0), "need 1 bytes");
        rejects(Bytes.of(DwOp.WASM_LOCATION, 3, 1, 2), "need 4 bytes");
        rejects(Bytes.of(DwOp.IMPLICIT_VALUE, 8, 1, 2), "runs past the end");
        rejects(Bytes.of(DwOp.ENTRY_VALUE, 5, LIT0), "runs past the end");
        rejects(Bytes.of(0xff), "unknown DWARF expression opcode 0xff");
        rejects(Bytes.of(DwOp.WASM_LOCATION, 7, 0), "unknown DW_OP_WASM_location kind 7");
    }

    @Test
    void errorsNameTheSectionAndOffset() {
        assertThatThrownBy(() -> eval(Bytes.of(LIT0, LIT0, DwOp.DIV)))
                .isInstanceOf(DwarfException.class)
                .satisfies(e -> {
                    DwarfException d = (DwarfException) e;
                    assertThat(d.section()).isEqualTo(DwarfExpression.DETACHED);
                    assertThat(d.offset()).isEqualTo(2);
                })
                .hasMessageContaining("DW_OP_div: division by zero");
    }

    @Test
    void infiniteLoopsStopAtTheStepLimit() {
        rejects(new Bytes().u8(DwOp.SKIP).u16(-3).bytes(), "step limit");
        rejects(new Bytes().u8(LIT0 + 1).u8(DwOp.DUP).u8(DwOp.BRA).u16(-4).bytes(), "step limit of 100000");
        // a loop that pushes one more value each round hits the stack limit first
        rejects(new Bytes().u8(LIT0 + 1).u8(LIT0 + 1).u8(DwOp.DUP).u8(DwOp.BRA).u16(-5).bytes(),
                "DWARF stack deeper than 1024");
        rejects(new Bytes().u8(LIT0 + 1).u8(DwOp.BRA).u16(-2).u8(LIT0).bytes(), "branch target 2 is not the start");
        rejects(new Bytes().u8(DwOp.SKIP).u16(100).bytes(), "branch target 103");
        assertThatThrownBy(() -> ExpressionEvaluator.evaluate(DwarfExpression.of(
                new Bytes().u8(DwOp.NOP).u8(DwOp.SKIP).u16(-4).bytes(), 4), new FakeFrame(), 50))
                .isInstanceOf(DwarfException.class).hasMessageContaining("step limit of 50");
    }

    @Test
    void stackUnderflowAndBadPicks() {
        rejects(Bytes.of(DwOp.PLUS), "stack underflow");
        rejects(Bytes.of(LIT0, DwOp.SWAP), "stack underflow");
        rejects(Bytes.of(DwOp.DEREF), "stack underflow");
        rejects(Bytes.of(DwOp.STACK_VALUE), "stack underflow");
        rejects(Bytes.of(LIT0, DwOp.PICK, 1), "stack entry 1 requested, 1 on the stack");
        rejects(Bytes.of(LIT0, DwOp.PICK, 255), "stack entry 255");
        rejects(Bytes.of(LIT0, LIT0, DwOp.ROT), "stack underflow");
    }

    @Test
    void hugeLengthsAreBoundedByTheExpression() {
        // implicit_value claiming 2^63 bytes, a LEB of 40 continuation bytes, an entry value of 2^32 bytes
        rejects(new Bytes().u8(DwOp.IMPLICIT_VALUE).uleb(Long.MAX_VALUE).u8(0).bytes(), "runs past the end");
        Bytes longLeb = new Bytes().u8(DwOp.CONSTU);
        for (int i = 0; i < 40; i++) {
            longLeb.u8(0xff);
        }
        rejects(longLeb.bytes(), "need 1 bytes");
        rejects(new Bytes().u8(DwOp.ENTRY_VALUE).uleb(1L << 32).bytes(), "runs past the end");
        rejects(new Bytes().u8(DwOp.PIECE).uleb(-1L).bytes(), "piece size");
        rejects(new Bytes().u8(LIT0).u8(DwOp.DEREF_SIZE).u8(200).bytes(), "DW_OP_deref_size of 200 bytes");
    }

    @Test
    void misplacedLocationsAreErrors() {
        rejects(Bytes.of(LIT0, DwOp.STACK_VALUE, LIT0 + 1), "must end the expression or precede a piece");
        rejects(Bytes.of(LIT0, DwOp.PIECE, 4, LIT0 + 1), "location after the last piece");
        rejects(Bytes.of(DwOp.CALL2, 0, 0), "not supported");
        rejects(Bytes.of(DwOp.ADDRX, 0), "needs the unit");
    }

    @Test
    void contextFailuresBecomeDwarfExceptionsAtTheOp() {
        rejects(Bytes.of(DwOp.WASM_LOCATION, 0, 5, DwOp.STACK_VALUE), "no local 5");
        rejects(new Bytes().u8(DwOp.ADDR).u32(0x10).u8(DwOp.DEREF).bytes(), "unmapped 0x10");
        rejects(Bytes.of(DwOp.CALL_FRAME_CFA), "DW_OP_call_frame_cfa");
        rejects(Bytes.of(DwOp.BREG0 + 1, 0), "wasm has no DWARF registers");
    }
}
