package dev.wasmdbg.demangle;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 3492 Punycode decoding as Rust v0 uses it for non-ASCII identifiers: the basic code points
 * come before the last '_' (not '-'), the encoded insertions after it.
 */
final class Punycode {
    private static final long BASE = 36;
    private static final long T_MIN = 1;
    private static final long T_MAX = 26;
    private static final long SKEW = 38;

    private Punycode() {}

    /** The decoded code points, or null if the input is not valid Punycode. */
    static int[] decode(String input) {
        List<Integer> out = new ArrayList<>();
        int i0 = 0;
        int delimiter = input.lastIndexOf('_');
        if (delimiter >= 0) {
            for (; i0 < delimiter; i0++) {
                out.add((int) input.charAt(i0));
            }
            i0++;
        }
        long bias = 72;
        long n = 0x80;
        long damp = 700;
        long i = 0;
        int in = i0;
        while (in < input.length()) {
            long oldI = i;
            long w = 1;
            for (long k = BASE; ; k += BASE) {
                if (in == input.length()) {
                    return null;
                }
                int digit = digit(input.charAt(in++));
                if (digit < 0 || digit > (Long.MAX_VALUE - i) / w) {
                    return null;
                }
                i += digit * w;
                long t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
                if (digit < t) {
                    break;
                }
                if (w > Long.MAX_VALUE / (BASE - t)) {
                    return null;
                }
                w *= BASE - t;
            }
            long points = out.size() + 1;
            bias = adapt(i - oldI, points, damp);
            damp = 2;
            if (i / points > Long.MAX_VALUE - n) {
                return null;
            }
            n += i / points;
            i %= points;
            if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF)) {
                return null;
            }
            out.add((int) i, (int) n);
            i++;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int digit(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= '0' && c <= '9') {
            return 26 + (c - '0');
        }
        return -1;
    }

    private static long adapt(long delta, long points, long damp) {
        delta /= damp;
        delta += delta / points;
        long k = 0;
        while (delta > (BASE - T_MIN) * T_MAX / 2) {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        return k + ((BASE - T_MIN + 1) * delta) / (delta + SKEW);
    }
}
