package dev.wasmdbg.dwarf;

import dev.wasmdbg.wasm.Leb128;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked little-endian cursor over one section. Every read past the end, and every length
 * that does not fit, raises a DwarfException naming the section and offset: nothing is allocated or
 * looped over from an unchecked length.
 */
final class ByteReader {
    private final SectionData section;
    private final byte[] data;
    private final int base;
    private int pos; // absolute index in data
    private int end; // absolute, exclusive

    ByteReader(SectionData section, long offset) {
        this.section = section;
        this.data = section.data();
        this.base = section.start();
        this.end = base + section.length();
        if (offset < 0 || offset > section.length()) {
            throw error(offset, "offset outside the section (size 0x" + Integer.toHexString(section.length()) + ")");
        }
        this.pos = base + (int) offset;
    }

    /** Offset relative to the section start. */
    int offset() {
        return pos - base;
    }

    int remaining() {
        return end - pos;
    }

    boolean atEnd() {
        return pos >= end;
    }

    void seek(long offset) {
        if (offset < 0 || offset > end - base) {
            throw error(offset, "seek outside the readable range");
        }
        pos = base + (int) offset;
    }

    /** Narrows the readable range to {@code length} bytes from here (a unit or table's extent). */
    void limit(long length) {
        if (length < 0 || length > end - pos) {
            throw error(offset(), "length 0x" + Long.toHexString(length) + " runs past the end (0x"
                    + Integer.toHexString(end - pos) + " bytes left)");
        }
        end = pos + (int) length;
    }

    /** The exclusive end of the readable range, relative to the section start. */
    int limitOffset() {
        return end - base;
    }

    SectionData section() {
        return section;
    }

    DwarfException error(long offset, String message) {
        return new DwarfException(section.name(), offset, message);
    }

    DwarfException error(String message) {
        return error(offset(), message);
    }

    private void need(int n) {
        if (n > end - pos) {
            throw error("need " + n + " bytes, " + (end - pos) + " left");
        }
    }

    int u8() {
        need(1);
        return data[pos++] & 0xff;
    }

    int u16() {
        need(2);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    int u24() {
        need(3);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16;
        pos += 3;
        return v;
    }

    long u32() {
        need(4);
        long v = (data[pos] & 0xffL) | (data[pos + 1] & 0xffL) << 8 | (data[pos + 2] & 0xffL) << 16
                | (data[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    long u64() {
        long lo = u32();
        long hi = u32();
        return lo | hi << 32;
    }

    /** An unsigned value of 1, 2, 4 or 8 bytes. */
    long unsigned(int size) {
        switch (size) {
            case 1: return u8();
            case 2: return u16();
            case 4: return u32();
            case 8: return u64();
            default: throw error("unsupported value size " + size);
        }
    }

    /** A section offset: 4 bytes in the 32-bit DWARF format, 8 in the 64-bit one. */
    long offsetValue(int offsetSize) {
        return offsetSize == 8 ? u64() : u32();
    }

    long address(int addressSize) {
        return unsigned(addressSize);
    }

    /** Unsigned LEB128; bits past 64 are dropped (as LLVM does), the length is bounded by the section. */
    long uleb() {
        int n = lebSize();
        long v = Leb128.unsigned(data, pos, end);
        pos += n;
        return v;
    }

    long sleb() {
        int n = lebSize();
        long v = Leb128.signed(data, pos, end);
        pos += n;
        return v;
    }

    private int lebSize() {
        int n = Leb128.size(data, pos, end);
        if (n < 0) {
            pos = end; // reported where the bytes ran out, as a byte-by-byte read would
            throw error("need 1 bytes, 0 left");
        }
        return n;
    }

    /** A ULEB128 that must fit a non-negative int (a count or index used to size something). */
    int ulebInt(String what) {
        int at = offset();
        long v = uleb();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw error(at, what + " " + Long.toUnsignedString(v) + " is out of range");
        }
        return (int) v;
    }

    /** A NUL-terminated UTF-8 string. */
    String cstring() {
        int start = pos;
        while (true) {
            if (pos >= end) {
                throw error(start - base, "string runs past the end");
            }
            if (data[pos] == 0) {
                break;
            }
            pos++;
        }
        String s = new String(data, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    /** Skips a NUL-terminated string. */
    void skipCstring() {
        while (true) {
            if (pos >= end) {
                throw error("string runs past the end");
            }
            if (data[pos++] == 0) {
                return;
            }
        }
    }

    void skip(long n) {
        if (n < 0 || n > end - pos) {
            throw error("cannot skip 0x" + Long.toHexString(n) + " bytes, 0x" + Integer.toHexString(end - pos) + " left");
        }
        pos += (int) n;
    }

    /** Copies n bytes out (n is checked against what is left first). */
    byte[] bytes(long n) {
        if (n < 0 || n > end - pos) {
            throw error("block of 0x" + Long.toHexString(n) + " bytes runs past the end");
        }
        byte[] out = new byte[(int) n];
        System.arraycopy(data, pos, out, 0, (int) n);
        pos += (int) n;
        return out;
    }

    /**
     * Reads an initial length: returns the unit length and sets offsetSize[0] to 4 or 8. Values
     * 0xfffffff0-0xfffffffe are reserved.
     */
    long initialLength(int[] offsetSize) {
        int at = offset();
        long length = u32();
        if (length == 0xffffffffL) {
            offsetSize[0] = 8;
            length = u64();
            if (length < 0) {
                throw error(at, "64-bit unit length 0x" + Long.toHexString(length) + " is absurd");
            }
        } else if (length >= 0xfffffff0L) {
            throw error(at, "reserved unit length 0x" + Long.toHexString(length));
        } else {
            offsetSize[0] = 4;
        }
        return length;
    }
}
