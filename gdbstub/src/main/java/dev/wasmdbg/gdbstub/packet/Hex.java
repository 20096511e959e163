package dev.wasmdbg.gdbstub.packet;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Hex as the remote protocol uses it: lower-case pairs for bytes and text, big-endian hex numbers
 * for addresses and lengths ({@code m10000,200}), little-endian byte strings for register and
 * variable values ({@code a701000000000040} is the PC 0x40000000000001a7).
 *
 * <p>Every parser is bounded and throws {@link IllegalArgumentException} with a short reason, so a
 * command can answer {@code Exx} instead of trusting the peer.
 */
public final class Hex {

    /** A number is at most 64 bits: longer input is rejected even when it is only leading zeros. */
    public static final int MAX_DIGITS = 16;

    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Hex() {}

    /** The value of one hex digit of either case, or -1. */
    public static int digit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The lower-case digit of a value 0..15. */
    public static char digitChar(int value) {
        return (char) DIGITS[value & 0xf];
    }

    /** Two lower-case digits per byte. */
    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    /** Two lower-case digits per byte of {@code bytes[offset, offset + length)}. */
    public static String encode(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        byte[] out = new byte[length * 2];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0xf];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** Text as the protocol carries it in {@code name:}, {@code description:} or {@code E..;}: UTF-8, hex. */
    public static String encodeText(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One byte as exactly two digits, as in {@code T05} or {@code E03}. */
    public static String u8(int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("not a byte: " + value);
        }
        return "" + digitChar(value >>> 4) + digitChar(value);
    }

    /** A 32-bit value as 4 little-endian bytes (8 digits), as {@code qWasmLocal} answers an i32. */
    public static String le32(int value) {
        return le(value & 0xffffffffL, 4);
    }

    /** A 64-bit value as 8 little-endian bytes (16 digits), as the PC in {@code p0} or a stop reply. */
    public static String le64(long value) {
        return le(value, 8);
    }

    /** The low {@code bytes} bytes (1..8) of {@code value}, little-endian. */
    public static String le(long value, int bytes) {
        if (bytes < 1 || bytes > 8) {
            throw new IllegalArgumentException("byte count out of 1..8: " + bytes);
        }
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            int b = (int) (value >>> (8 * i)) & 0xff;
            sb.append(digitChar(b >>> 4)).append(digitChar(b));
        }
        return sb.toString();
    }

    /** Pairs of hex digits (either case) back to bytes; odd length or a non-digit is rejected. */
    public static byte[] decode(CharSequence hex) {
        return decode(hex, 0, hex.length());
    }

    /** Pairs of hex digits in {@code hex[from, to)} back to bytes. */
    public static byte[] decode(CharSequence hex, int from, int to) {
        Objects.checkFromToIndex(from, to, hex.length());
        if (((to - from) & 1) != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + (to - from));
        }
        byte[] out = new byte[(to - from) / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) pair(hex.charAt(from + 2 * i), hex.charAt(from + 2 * i + 1));
        }
        return out;
    }

    /** Pairs of hex digits in {@code ascii[from, to)}, for hex inside a packet payload without a String. */
    public static byte[] decode(byte[] ascii, int from, int to) {
        Objects.checkFromToIndex(from, to, ascii.length);
        if (((to - from) & 1) != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + (to - from));
        }
        byte[] out = new byte[(to - from) / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) pair(ascii[from + 2 * i] & 0xff, ascii[from + 2 * i + 1] & 0xff);
        }
        return out;
    }

    /** Hex-encoded UTF-8 text back to text (e.g. a {@code qRcmd} command). */
    public static String decodeText(CharSequence hex) {
        return new String(decode(hex), StandardCharsets.UTF_8);
    }

    /**
     * A hex number written most significant digit first ({@code 40000000000001c3}): 1 to 16 digits,
     * unsigned 64-bit, so {@code ffffffffffffffff} is -1L. No {@code 0x}, sign or blanks.
     */
    public static long parseUnsigned(CharSequence s) {
        return parseUnsigned(s, 0, s.length());
    }

    /** {@link #parseUnsigned(CharSequence)} of {@code s[from, to)}, to parse inside a packet without copies. */
    public static long parseUnsigned(CharSequence s, int from, int to) {
        Objects.checkFromToIndex(from, to, s.length());
        int n = to - from;
        if (n == 0) {
            throw new IllegalArgumentException("empty hex number");
        }
        if (n > MAX_DIGITS) {
            throw new IllegalArgumentException("hex number longer than " + MAX_DIGITS + " digits");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int d = digit(s.charAt(i));
            if (d < 0) {
                throw new IllegalArgumentException("not a hex digit: " + printable(s.charAt(i)));
            }
            value = (value << 4) | d;
        }
        return value;
    }

    /** A hex number no greater than {@code max}, both compared as unsigned 64-bit values. */
    public static long parseUnsigned(CharSequence s, long max) {
        long value = parseUnsigned(s);
        if (Long.compareUnsigned(value, max) > 0) {
            throw new IllegalArgumentException("hex number 0x" + Long.toHexString(value)
                    + " exceeds 0x" + Long.toHexString(max));
        }
        return value;
    }

    /** A hex count or length in {@code 0..max}, e.g. the length of {@code m addr,len} against our limit. */
    public static int parseInt(CharSequence s, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("negative bound: " + max);
        }
        return (int) parseUnsigned(s, max);
    }

    /**
     * Little-endian bytes (2 to 16 digits, even) back to a value, the inverse of {@link #le(long, int)}:
     * {@code a701000000000040} is 0x40000000000001a7.
     */
    public static long parseLe(CharSequence hex) {
        int n = hex.length();
        if (n == 0 || (n & 1) != 0 || n > MAX_DIGITS) {
            throw new IllegalArgumentException("little-endian value needs 2 to 16 hex digits, even: " + n);
        }
        long value = 0;
        for (int i = 0; i < n / 2; i++) {
            value |= (long) pair(hex.charAt(2 * i), hex.charAt(2 * i + 1)) << (8 * i);
        }
        return value;
    }

    private static int pair(int hi, int lo) {
        int h = digit(hi);
        int l = digit(lo);
        if (h < 0 || l < 0) {
            throw new IllegalArgumentException("not a hex digit: " + printable(h < 0 ? hi : lo));
        }
        return (h << 4) | l;
    }

    private static String printable(int c) {
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("\\x%02x", c & 0xffff);
    }
}
