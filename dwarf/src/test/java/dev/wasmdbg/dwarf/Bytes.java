package dev.wasmdbg.dwarf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A little-endian byte sink for hand-built DWARF and wasm in tests. */
final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static byte[] of(int... values) {
        Bytes b = new Bytes();
        for (int v : values) {
            b.u8(v);
        }
        return b.bytes();
    }

    Bytes u8(int v) {
        out.write(v);
        return this;
    }

    Bytes u16(int v) {
        return u8(v).u8(v >>> 8);
    }

    Bytes u32(long v) {
        return u16((int) v).u16((int) (v >>> 16));
    }

    Bytes u64(long v) {
        return u32(v).u32(v >>> 32);
    }

    Bytes uleb(long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return this;
    }

    Bytes sleb(long v) {
        while (true) {
            int b = (int) (v & 0x7f);
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    Bytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    Bytes cstring(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return u8(0);
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** Overwrites 4 bytes at {@code at} (a length field written as a placeholder). */
    static void patch32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    /** A wasm module holding only these custom sections (name, payload, name, payload, ...). */
    static byte[] wasmWithCustomSections(Object... namesAndPayloads) {
        Bytes w = new Bytes().u32(0x6d736100L).u32(1);
        for (int i = 0; i < namesAndPayloads.length; i += 2) {
            byte[] name = ((String) namesAndPayloads[i]).getBytes(StandardCharsets.UTF_8);
            byte[] payload = (byte[]) namesAndPayloads[i + 1];
            Bytes content = new Bytes().uleb(name.length).raw(name).raw(payload);
            w.u8(0).uleb(content.size()).raw(content.bytes());
        }
        return w.bytes();
    }
}
