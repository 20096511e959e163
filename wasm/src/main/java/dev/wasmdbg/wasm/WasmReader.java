package dev.wasmdbg.wasm;

import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked cursor over a window of a module's bytes. Every read past the window and every
 * length that does not fit raises a WasmFormatException with the file offset: nothing is allocated
 * or looped over from an unchecked length.
 */
public final class WasmReader {
    private final byte[] data;
    private int pos;
    private int end;

    /** A cursor at {@code offset} reading up to {@code end} (both file offsets). */
    public WasmReader(byte[] data, int offset, int end) {
        if (offset < 0 || end > data.length || offset > end) {
            throw new WasmFormatException(offset, "window " + offset + ".." + end + " is outside the file (" + data.length
                    + " bytes)");
        }
        this.data = data;
        this.pos = offset;
        this.end = end;
    }

    /** The file offset of the next byte. */
    public int offset() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    public WasmFormatException error(String message) {
        return new WasmFormatException(pos, message);
    }

    public void seek(int offset) {
        if (offset < 0 || offset > end) {
            throw new WasmFormatException(offset, "seek outside the readable range");
        }
        pos = offset;
    }

    /** Narrows the readable range to {@code length} bytes from here. */
    public void limit(long length) {
        if (length < 0 || length > end - pos) {
            throw error("length 0x" + Long.toHexString(length) + " runs past the end (0x"
                    + Integer.toHexString(end - pos) + " bytes left)");
        }
        end = pos + (int) length;
    }

    public int u8() {
        if (pos >= end) {
            throw error("need 1 byte, none left");
        }
        return data[pos++] & 0xff;
    }

    public long u32() {
        if (end - pos < 4) {
            throw error("need 4 bytes, " + (end - pos) + " left");
        }
        long v = (data[pos] & 0xffL) | (data[pos + 1] & 0xffL) << 8 | (data[pos + 2] & 0xffL) << 16
                | (data[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    public long uleb() {
        int n = Leb128.size(data, pos, end);
        if (n < 0) {
            throw error("LEB128 runs past the end");
        }
        long v = Leb128.unsigned(data, pos, end);
        pos += n;
        return v;
    }

    public long sleb() {
        int n = Leb128.size(data, pos, end);
        if (n < 0) {
            throw error("LEB128 runs past the end");
        }
        long v = Leb128.signed(data, pos, end);
        pos += n;
        return v;
    }

    /** A ULEB128 that must be a count or index no larger than {@code max}. */
    public int count(String what, long max) {
        int at = pos;
        long v = uleb();
        if (v < 0 || v > max) {
            throw new WasmFormatException(at, what + " " + Long.toUnsignedString(v) + " is out of range (at most " + max
                    + ")");
        }
        return (int) v;
    }

    public void skip(long n) {
        if (n < 0 || n > end - pos) {
            throw error("cannot skip 0x" + Long.toHexString(n) + " bytes, 0x" + Integer.toHexString(end - pos)
                    + " left");
        }
        pos += (int) n;
    }

    /** A length-prefixed UTF-8 name (wasm's `name`). */
    public String name() {
        long length = uleb();
        if (length < 0 || length > end - pos) {
            throw error("name of 0x" + Long.toHexString(length) + " bytes runs past the end");
        }
        String s = new String(data, pos, (int) length, StandardCharsets.UTF_8);
        pos += (int) length;
        return s;
    }
}
