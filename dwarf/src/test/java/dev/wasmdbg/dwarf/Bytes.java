package dev.wasmdbg.dwarf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A little-endian byte builder for hand-made sections in tests. */
final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static byte[] of(int... values) {
        return new Bytes().u8(values).bytes();
    }

    Bytes u8(int... values) {
        for (int v : values) {
            out.write(v);
        }
        return this;
    }

    Bytes u16(int v) {
        return u8(v & 0xff, (v >>> 8) & 0xff);
    }

    Bytes u32(long v) {
        return u16((int) v & 0xffff).u16((int) (v >>> 16) & 0xffff);
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

    Bytes cstr(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return u8(0);
    }

    Bytes cstring(String s) {
        return cstr(s);
    }

    /** Appends raw bytes. */
    Bytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    Bytes raw(byte[] b) {
        return bytes(b);
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    byte[] build() {
        return bytes();
    }

    /** Overwrites 4 bytes little-endian at {@code at}. */
    static void patch32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    /** A wasm module holding only the given custom sections (name, payload, name, payload, ...). */
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
