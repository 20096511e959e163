package dev.wasmdbg.sourcemap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Base64 VLQ values worked out by hand. Digits: A-Z = 0-25, a-z = 26-51, 0-9 = 52-61, + = 62, / = 63; bit 5
 * (32) of a digit = another digit follows; the assembled value's bit 0 = sign, the rest = magnitude.
 */
class VlqReaderTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        // A = 0: no continuation, value 0 -> +0
        "A, 0",
        // C = 2 = 0b10: sign 0, magnitude 1
        "C, 1",
        // D = 3 = 0b11: sign 1, magnitude 1
        "D, -1",
        // E = 4 -> +2; F = 5 -> -2
        "E, 2",
        "F, -2",
        // f = 31, the largest single digit: 0b11111 -> -15
        "f, -15",
        // g = 32: continuation, bits 0; B = 1 -> 1 << 5 = 32 -> +16
        "gB, 16",
        // 2 = 54 = 32 + 22: continuation, bits 22; H = 7 -> 7 << 5 = 224; 246 -> +123
        "2H, 123",
        // 3 = 55 = 32 + 23: bits 23; H -> 224; 247 -> -123
        "3H, -123",
        // 2 * 123456789 = 246913578; in 5-bit groups from the low end: 10, 17, 6, 15, 11, 7
        // -> q (32+10), x (32+17), m (32+6), v (32+15), r (32+11), H (7)
        "qxmvrH, 123456789",
        // 2^31-1: unsigned 0xFFFFFFFE = 11110 then five 11111 groups then 11
        // -> + (32+30), / (32+31) x5, D (3)
        "+/////D, 2147483647",
        // unsigned 0xFFFFFFFF: / (32+31) x6, D (3) -> -(2^31-1)
        "//////D, -2147483647",
        // B = 1: sign 1, magnitude 0 = "-0", which ECMA-426 defines as -2^31
        "B, -2147483648",
        // continuation digits that add nothing are still one value: g (0, more) x9, A (0) -> 0
        "gggggggggA, 0",
        // a trailing zero digit: g (0, more), h (33: 1 << 5, more), A (0 << 10) -> 32 -> +16
        "ghA, 16",
    })
    void decodesHandWorkedValues(String text, long expected) {
        VlqReader reader = new VlqReader(text, 0);
        assertThat(reader.next()).isEqualTo(expected);
        assertThat(reader.position()).isEqualTo(text.length());
        assertThat(reader.hasValue()).isFalse();
    }

    @Test
    void readsValuesOneAfterAnother() {
        // 2H = 123; wc: w = 48 = 32 + 16, c = 28 -> 16 + 28 * 32 = 912 -> +456;
        // qxB: q = 32 + 10, x = 32 + 17, B = 1 -> 10 + 17 * 32 + 1 * 1024 = 1578 -> +789
        VlqReader reader = new VlqReader("2HwcqxB,A", 0);
        assertThat(reader.next()).isEqualTo(123);
        assertThat(reader.next()).isEqualTo(456);
        assertThat(reader.next()).isEqualTo(789);
        assertThat(reader.hasValue()).isFalse(); // at the ','
        assertThat(reader.position()).isEqualTo(7);
        reader.skip();
        assertThat(reader.hasValue()).isTrue();
        assertThat(reader.next()).isEqualTo(0);
    }

    @ParameterizedTest(name = "{0} overflows")
    @CsvSource({
        // six zero continuation digits, then E = 4 -> 4 << 30 = 2^32: one bit too many (+2^31)
        "ggggggE",
        // the same with a set bit in the low digit: 2^32 + 2 -> +2^31 + 1
        "igggggE",
        // / x6 then H = 7 -> 7 << 30 > 2^32
        "//////H",
        // a set bit far beyond 32 bits: g x9, B -> 1 << 45
        "gggggggggB",
        // the seventh digit holds bits 30-34 and may only be 0-3: +/////E = 0xFFFFFFFE + (1 << 32)
        "+/////E",
    })
    void rejectsValuesBeyond32Bits(String text) {
        assertThat(new VlqReader(text, 0).next()).isEqualTo(VlqReader.OVERFLOW);
    }

    @ParameterizedTest
    @CsvSource({"g", "2", "#", "=", "gg"})
    void flagsCutOffValuesAndNonDigits(String text) {
        assertThat(new VlqReader(text, 0).next()).isEqualTo(VlqReader.INVALID);
    }

    @Test
    void digitTableIsBase64() {
        assertThat(VlqReader.digit('A')).isZero();
        assertThat(VlqReader.digit('Z')).isEqualTo(25);
        assertThat(VlqReader.digit('a')).isEqualTo(26);
        assertThat(VlqReader.digit('z')).isEqualTo(51);
        assertThat(VlqReader.digit('0')).isEqualTo(52);
        assertThat(VlqReader.digit('9')).isEqualTo(61);
        assertThat(VlqReader.digit('+')).isEqualTo(62);
        assertThat(VlqReader.digit('/')).isEqualTo(63);
        assertThat(VlqReader.digit('=')).isEqualTo(-1); // padding is no digit
        assertThat(VlqReader.digit('-')).isEqualTo(-1); // nor base64url's
        assertThat(VlqReader.digit('\u00e9')).isEqualTo(-1);
        assertThat(VlqReader.digit('\uffff')).isEqualTo(-1);
    }
}
