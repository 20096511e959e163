package dev.wasmdbg.gdbstub;

import java.nio.charset.StandardCharsets;

/** The small encodings the LLDB dialect uses in payloads: hex text, little-endian values. */
final class Wire {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Wire() {}

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code size} bytes of {@code value}, little-endian, as hex (the PC: 8 bytes). */
    static String littleEndian(long value, int size) {
        StringBuilder s = new StringBuilder(size * 2);
        for (int i = 0; i < size; i++) {
            int b = (int) (value >>> (8 * i)) & 0xff;
            s.append(DIGITS[b >> 4]).append(DIGITS[b & 0xf]);
        }
        return s.toString();
    }

    /** Parses hex text; empty or overlong (more than 16 digits) input is an error. */
    static long parseHex(String text) {
        if (text.isEmpty() || text.length() > 16) {
            throw new IllegalArgumentException("bad hex number '" + text + "'");
        }
        return Long.parseUnsignedLong(text, 16);
    }

    static byte[] unhex(String text) {
        if (text.length() % 2 != 0) {
            throw new IllegalArgumentException("odd-length hex");
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(text.charAt(2 * i), 16);
            int lo = Character.digit(text.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("bad hex '" + text + "'");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
