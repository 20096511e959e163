package dev.wasmdbg.gdbstub.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HexTest {

    @Test
    void bytesEncodeLowerCaseAndDecodeEitherCase() {
        assertThat(Hex.encode(new byte[] {0, 0x7f, (byte) 0x80, (byte) 0xff, 0x0a})).isEqualTo("007f80ff0a");
        assertThat(Hex.encode(new byte[0])).isEmpty();
        assertThat(Hex.encode(new byte[] {1, 2, 3, 4}, 1, 2)).isEqualTo("0203");
        assertThat(Hex.decode("007F80fF0a")).containsExactly(0, 0x7f, 0x80, 0xff, 0x0a);
        assertThat(Hex.decode("")).isEmpty();
        assertThat(Hex.decode("m10,4:deadbeef", 6, 14)).containsExactly(0xde, 0xad, 0xbe, 0xef);
        assertThat(Hex.decode(Wire.bytes("M0,2:beef"), 5, 9)).containsExactly(0xbe, 0xef);
    }

    @Test
    void randomBytesRoundTrip() {
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[random.nextInt(600)];
            random.nextBytes(b);
            assertThat(Hex.decode(Hex.encode(b))).containsExactly(b);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "abc", "0g", "g0", " 0", "0x", "-1", "\u0660\u0661"})
    void badHexBytesAreRejected(String s) {
        assertThatThrownBy(() -> Hex.decode(s)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textIsUtf8ThenHex() {
        assertThat(Hex.encodeText("wasm32-unknown-unknown-wasm"))
                .isEqualTo("7761736d33322d756e6b6e6f776e2d756e6b6e6f776e2d7761736d");
        assertThat(Hex.encodeText("é")).isEqualTo("c3a9");
        assertThat(Hex.decodeText("c3a9")).isEqualTo("é");
    }

    @Test
    void littleEndianValues() {
        assertThat(Hex.le64(0x40000000000001a7L)).isEqualTo("a701000000000040");
        assertThat(Hex.le64(-1L)).isEqualTo("ffffffffffffffff");
        assertThat(Hex.le32(0xff70)).isEqualTo("70ff0000");
        assertThat(Hex.le32(-2)).isEqualTo("feffffff");
        assertThat(Hex.le(0x0102, 2)).isEqualTo("0201");
        assertThat(Hex.parseLe("a701000000000040")).isEqualTo(0x40000000000001a7L);
        assertThat(Hex.parseLe("70ff0000")).isEqualTo(0xff70L);
        assertThat(Hex.parseLe("ff")).isEqualTo(0xffL);
        assertThatThrownBy(() -> Hex.le(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hex.le(1, 9)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "abc", "a70100000000004000", "zz"})
    void badLittleEndianValuesAreRejected(String s) {
        assertThatThrownBy(() -> Hex.parseLe(s)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneByte() {
        assertThat(Hex.u8(5)).isEqualTo("05");
        assertThat(Hex.u8(0xff)).isEqualTo("ff");
        assertThatThrownBy(() -> Hex.u8(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hex.u8(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numbersMostSignificantDigitFirst() {
        assertThat(Hex.parseUnsigned("10000")).isEqualTo(0x10000);
        assertThat(Hex.parseUnsigned("0")).isZero();
        assertThat(Hex.parseUnsigned("40000000000001C3")).isEqualTo(0x40000000000001c3L);
        assertThat(Hex.parseUnsigned("ffffffffffffffff")).isEqualTo(-1L);
        assertThat(Hex.parseUnsigned("0000000000000001")).isEqualTo(1);
        assertThat(Hex.parseUnsigned("mffff0110,4", 1, 9)).isEqualTo(0xffff0110L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00000000000000001", "10000000000000000", "0x10", "+1", "-1", " 1", "1 ", "g", "1,"})
    void badNumbersAreRejected(String s) {
        assertThatThrownBy(() -> Hex.parseUnsigned(s)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void boundedNumbers() {
        assertThat(Hex.parseUnsigned("ffffffff", 0xffffffffL)).isEqualTo(0xffffffffL);
        assertThatThrownBy(() -> Hex.parseUnsigned("100000000", 0xffffffffL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
        assertThat(Hex.parseUnsigned("ffffffffffffffff", -1L)).as("unsigned bound").isEqualTo(-1L);
        assertThat(Hex.parseInt("200", 0x4000)).isEqualTo(0x200);
        assertThatThrownBy(() -> Hex.parseInt("4001", 0x4000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hex.parseInt("ffffffffffffffff", Integer.MAX_VALUE))
                .as("not a negative length").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void digits() {
        assertThat(Hex.digit('0')).isZero();
        assertThat(Hex.digit('f')).isEqualTo(15);
        assertThat(Hex.digit('F')).isEqualTo(15);
        assertThat(Hex.digit('g')).isEqualTo(-1);
        assertThat(Hex.digit(0x03)).isEqualTo(-1);
        assertThat(Hex.digitChar(10)).isEqualTo('a');
    }
}
