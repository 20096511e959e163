package dev.wasmdbg.demangle;

import java.math.BigInteger;

/**
 * Formats a mangled floating-point literal (its bytes as big-endian hex) the way LLVM does:
 * glibc's {@code printf("%a")} on x86-64, so {@code 0x1.8p+0f}, {@code -0x0p+0}, {@code nan},
 * and x87 80-bit long doubles with their explicit integer bit ({@code 0x8p-3L} is 1.0L).
 */
final class HexFloat {
    private HexFloat() {}

    /** kind: 'f' float (8 hex digits), 'd' double (16), 'e' long double (20). */
    static String format(String hex, char kind) {
        return switch (kind) {
            case 'f' -> ofFloat((int) Long.parseLong(hex, 16)) + "f";
            case 'd' -> ofDouble(Double.longBitsToDouble(new BigInteger(hex, 16).longValue()));
            default -> ofX87(hex) + "L";
        };
    }

    /** printf promotes a float to double; NaN and infinity are spelled out before that can blur them. */
    private static String ofFloat(int bits) {
        if (((bits >>> 23) & 0xFF) == 0xFF) {
            return (bits < 0 ? "-" : "") + ((bits & 0x7FFFFF) == 0 ? "inf" : "nan");
        }
        return ofDouble((double) Float.intBitsToFloat(bits));
    }

    private static String ofDouble(double value) {
        long bits = Double.doubleToRawLongBits(value);
        String sign = bits < 0 ? "-" : "";
        int exponent = (int) ((bits >>> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0x7FF) {
            return sign + (fraction == 0 ? "inf" : "nan");
        }
        if (exponent == 0 && fraction == 0) {
            return sign + "0x0p+0";
        }
        String lead = exponent == 0 ? "0" : "1";
        int power = exponent == 0 ? -1022 : exponent - 1023;
        return sign + "0x" + lead + fractionDigits(fraction, 13) + "p" + signedPower(power);
    }

    private static String ofX87(String hex) {
        BigInteger all = new BigInteger(hex, 16);
        boolean negative = all.testBit(79);
        int exponent = all.shiftRight(64).intValue() & 0x7FFF;
        long mantissa = all.longValue();
        String sign = negative ? "-" : "";
        boolean integerBit = mantissa < 0;
        if (exponent == 0x7FFF) {
            return sign + (integerBit && (mantissa << 1) == 0 ? "inf" : "nan");
        }
        if (exponent != 0 && !integerBit) {
            return sign + "nan"; // an "unnormal": glibc classifies it as NaN
        }
        if (exponent == 0 && mantissa == 0) {
            return sign + "0x0p+0";
        }
        // glibc prints the top nibble of the 64-bit significand before the point.
        long lead = mantissa >>> 60;
        long rest = mantissa & 0x0FFFFFFFFFFFFFFFL;
        int power = (exponent == 0 ? -16382 : exponent - 16383) - 3;
        return sign + "0x" + Long.toHexString(lead) + fractionDigits(rest, 15) + "p" + signedPower(power);
    }

    /** ".xxx" with trailing zeros dropped, or nothing when the fraction is zero. */
    private static String fractionDigits(long fraction, int digits) {
        if (fraction == 0) {
            return "";
        }
        StringBuilder s = new StringBuilder(Long.toHexString(fraction));
        while (s.length() < digits) {
            s.insert(0, '0');
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        return "." + s.substring(0, end);
    }

    private static String signedPower(int power) {
        return power < 0 ? Integer.toString(power) : "+" + power;
    }
}
