package dev.wasmdbg.sourcemap;

import java.util.Arrays;

/**
 * Reads Base64 VLQ values one after another from a text (ECMA-426 section 4): six-bit digits, least significant
 * first, bit 5 of each digit says another digit follows, bit 0 of the assembled value is the sign.
 */
final class VlqReader {
    /** next() on a value whose unsigned form needs more than 32 bits; the spec makes those invalid. */
    static final long OVERFLOW = Long.MIN_VALUE;
    /** next() on a character that is no Base64 digit, or at the end of the text in the middle of a value. */
    static final long INVALID = Long.MIN_VALUE + 1;

    private static final int[] DIGITS = new int[128];

    static {
        Arrays.fill(DIGITS, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            DIGITS[alphabet.charAt(i)] = i;
        }
    }

    private final CharSequence text;
    private final int end;
    private int pos;

    VlqReader(CharSequence text, int pos) {
        this.text = text;
        this.end = text.length();
        this.pos = pos;
    }

    /** The digit's value 0..63, or -1 when c is not in the Base64 alphabet. */
    static int digit(char c) {
        return c < 128 ? DIGITS[c] : -1;
    }

    /** Whether digit d (from {@link #digit}) is the last one of its value. */
    static boolean isLastDigit(int d) {
        return (d & 32) == 0;
    }

    int position() {
        return pos;
    }

    /** Steps over one character (a separator). */
    void skip() {
        pos++;
    }

    /** Whether the next character starts another value (is not a separator or the end). */
    boolean hasValue() {
        if (pos >= end) {
            return false;
        }
        char c = text.charAt(pos);
        return c != ',' && c != ';';
    }

    /** The next value in [-2^31, 2^31 - 1], or {@link #OVERFLOW} / {@link #INVALID}. */
    long next() {
        long unsigned = 0;
        int shift = 0;
        while (pos < end) {
            int d = digit(text.charAt(pos++));
            if (d < 0) {
                return INVALID;
            }
            long bits = d & 31;
            if (bits != 0) {
                // Zero digits may run on (they add nothing); a set bit at 2^32 or above is out of range.
                if (shift >= 32 || (unsigned |= bits << shift) >= 1L << 32) {
                    return OVERFLOW;
                }
            }
            if (isLastDigit(d)) {
                long magnitude = unsigned >>> 1;
                if ((unsigned & 1) == 0) {
                    return magnitude;
                }
                // ECMA-426: "-0" is how -2^31 is written (its magnitude would need a 33rd bit).
                return magnitude == 0 ? -(1L << 31) : -magnitude;
            }
            shift = Math.min(shift + 5, 35);
        }
        return INVALID;
    }
}
