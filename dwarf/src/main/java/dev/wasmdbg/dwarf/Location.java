package dev.wasmdbg.dwarf;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Where a value lives, as a DWARF expression describes it for one frame: in linear memory, in a
 * wasm local / global / operand-stack slot, nowhere but in the expression itself (a computed value
 * or literal bytes), in pieces, or nowhere (optimized out).
 */
public sealed interface Location {

    /** At this address in linear memory. */
    record Memory(long address) implements Location {}

    /** In wasm local {@code index} of the frame. */
    record WasmLocal(long index) implements Location {}

    /** In wasm global {@code index}. */
    record WasmGlobal(long index) implements Location {}

    /** In operand-stack slot {@code index} of the frame (numbered as DW_OP_WASM_location numbers it). */
    record WasmStack(long index) implements Location {}

    /** In DWARF register {@code number} (DW_OP_regN / regx; wasm code has none, kept for completeness). */
    record Register(long number) implements Location {}

    /** Not stored anywhere: this computed value (DW_OP_stack_value), as a 64-bit quantity. */
    record Value(long value) implements Location {}

    /** Not stored anywhere: these bytes are the value (DW_OP_implicit_value, DW_AT_const_value blocks). */
    record Implicit(byte[] bytes) implements Location {
        public Implicit {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Implicit i && Arrays.equals(bytes, i.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Implicit[" + HexFormat.ofDelimiter(" ").formatHex(bytes) + "]";
        }
    }

    /** A pointer that was optimized away: it would point {@code offset} bytes into the variable at DIE {@code die}. */
    record ImplicitPointer(long die, long offset) implements Location {}

    /**
     * One piece of a value assembled from pieces, in order from the value's lowest bits.
     *
     * @param sizeInBits   the piece's size
     * @param bitOffset    DW_OP_bit_piece's offset into the location (0 for DW_OP_piece)
     * @param location     where the piece is; {@link Empty} when that part is optimized out
     */
    record Piece(long sizeInBits, long bitOffset, Location location) {}

    /** A value made of pieces (DW_OP_piece / DW_OP_bit_piece). */
    record Pieces(List<Piece> pieces) implements Location {
        public Pieces {
            pieces = List.copyOf(pieces);
        }

        public long sizeInBits() {
            return pieces.stream().mapToLong(Piece::sizeInBits).sum();
        }
    }

    /** No location: the value is optimized out here. */
    record Empty() implements Location {}

    Location EMPTY = new Empty();
}
