package dev.wasmdbg.wasm;

/**
 * The project's one LEB128 decoder (wasm and DWARF both use it). Bits past 64 are dropped, as LLVM
 * does; a value that runs past {@code end} is reported by a negative {@link #size}.
 */
public final class Leb128 {
    private Leb128() {}

    /** How many bytes the LEB128 at {@code at} takes, or -1 if it runs past {@code end}. */
    public static int size(byte[] data, int at, int end) {
        for (int i = at; i < end; i++) {
            if ((data[i] & 0x80) == 0) {
                return i - at + 1;
            }
        }
        return -1;
    }

    /** The unsigned value at {@code at}; call {@link #size} first to know it is complete. */
    public static long unsigned(byte[] data, int at, int end) {
        long result = 0;
        int shift = 0;
        for (int i = at; i < end; i++) {
            int b = data[i] & 0xff;
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return result;
    }

    /** The signed value at {@code at}; call {@link #size} first to know it is complete. */
    public static long signed(byte[] data, int at, int end) {
        long result = 0;
        int shift = 0;
        int b = 0;
        for (int i = at; i < end; i++) {
            b = data[i] & 0xff;
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }
}
