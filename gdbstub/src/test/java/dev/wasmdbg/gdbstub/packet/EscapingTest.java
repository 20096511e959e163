package dev.wasmdbg.gdbstub.packet;

import static dev.wasmdbg.gdbstub.packet.Wire.frame;
import static dev.wasmdbg.gdbstub.packet.Wire.inbound;
import static dev.wasmdbg.gdbstub.packet.Wire.outbound;
import static dev.wasmdbg.gdbstub.packet.Wire.packet;
import static dev.wasmdbg.gdbstub.packet.Wire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The encoder's framing and escapes, the decoder's un-escaping, and the two together. */
class EscapingTest {

    final EmbeddedChannel out = new EmbeddedChannel(new RspFrameEncoder());

    String encoded(Object msg) {
        out.writeOutbound(msg);
        return outbound(out);
    }

    @Test
    void framesRepliesWithTheirChecksum() {
        assertThat(encoded(Reply.ok())).isEqualTo("$OK#9a");
        assertThat(encoded(Reply.empty())).isEqualTo("$#00");
        assertThat(encoded(Reply.error(3))).isEqualTo("$E03#a8");
        assertThat(encoded(Reply.text("T05thread:1;00:a701000000000040;")))
                .isEqualTo("$T05thread:1;00:a701000000000040;#e9");
        assertThat(encoded(Wire.bytes("OK"))).as("a bare byte[]").isEqualTo("$OK#9a");
    }

    /** Each special byte becomes '}' + (b ^ 0x20); the checksum covers the escaped bytes as sent. */
    @ParameterizedTest
    @CsvSource({
        "35, 3,  128", // '#' -> } 0x03; 0x7d + 0x03 = 0x80
        "36, 4,  129", // '$' -> } 0x04
        "125, 93, 218", // '}' -> } ']'; 0x7d + 0x5d = 0xda
        "42, 10, 135", // '*' -> } 0x0a
    })
    void eachSpecialByteIsEscaped(int special, int escaped, int checksum) {
        String wire = encoded(new byte[] {(byte) special});
        assertThat(wire).isEqualTo("$}" + (char) escaped + "#" + String.format("%02x", checksum));
        EmbeddedChannel in = Wire.decoder(64);
        send(in, wire);
        assertThat(inbound(in)).containsExactly(packet(new byte[] {(byte) special}));
        assertThat(outbound(in)).isEqualTo("+");
    }

    @Test
    void nothingElseIsEscaped() {
        for (int b = 0; b < 256; b++) {
            boolean special = b == '#' || b == '$' || b == '}' || b == '*';
            assertThat(RspFrameEncoder.needsEscape((byte) b)).as("byte %02x", b).isEqualTo(special);
            assertThat(encoded(new byte[] {(byte) b})).hasSize(special ? 6 : 5);
        }
        assertThat(encoded(new byte[] {3})).as("0x03 travels raw inside a packet").isEqualTo("$\u0003#03");
    }

    @Test
    void theDecoderUnescapesAnyByteNotOnlyTheFourSpecialOnes() {
        for (int b = 0; b < 256; b++) {
            if ((b ^ 0x20) == '#' || (b ^ 0x20) == '$') {
                continue; // "}#" and "}$" cannot be sent: '#' ends and '$' restarts the frame
            }
            EmbeddedChannel in = Wire.decoder(64);
            send(in, frame("x}" + (char) (b ^ 0x20) + "y"));
            assertThat(inbound(in)).as("byte %02x", b).containsExactly(packet("x" + (char) b + "y"));
            assertThat(outbound(in)).isEqualTo("+");
        }
    }

    @Test
    void escapedSpecialsInAnXPacket() {
        EmbeddedChannel in = Wire.decoder(64);
        send(in, frame("X20,4:}\u0003}\u0004}]}\n"));
        assertThat(inbound(in)).containsExactly(packet("X20,4:#$}*"));
        assertThat(outbound(in)).isEqualTo("+");
    }

    @Test
    void otherOutboundMessagesPassThrough() {
        ByteBuf raw = Unpooled.wrappedBuffer(new byte[] {'+'});
        out.writeOutbound(raw);
        assertThat(outbound(out)).isEqualTo("+");
    }

    @Test
    void framedLengthIsExact() {
        byte[] payload = Wire.bytes("a#b$c}d*e");
        ByteBuf buf = Unpooled.buffer();
        RspFrameEncoder.frame(payload, buf);
        assertThat(buf.readableBytes()).isEqualTo(RspFrameEncoder.framedLength(payload)).isEqualTo(9 + 4 + 4);
        buf.release();
    }

    @Test
    void allByteValuesRoundTrip() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertThat(roundTrip(List.of(all), new Random(1))).containsExactly(all);
        for (int i = 0; i < 256; i++) {
            byte[] one = {(byte) i};
            assertThat(roundTrip(List.of(one), new Random(i))).containsExactly(one);
        }
    }

    @Test
    void randomBinaryBlobsRoundTripInRandomChunks() {
        Random random = new Random(0x5eed);
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] blob = new byte[random.nextInt(2000)];
            random.nextBytes(blob);
            if (i % 5 == 0) { // and some made mostly of the bytes that need escaping
                for (int j = 0; j < blob.length; j++) {
                    blob[j] = (byte) "#$}*\u0003+-"
                            .charAt(random.nextInt(7));
                }
            }
            blobs.add(blob);
        }
        assertThat(roundTrip(blobs, random)).containsExactlyElementsOf(blobs);
    }

    @Test
    void replyTextRefusesCharsThatDoNotFitAByte() {
        assertThat(Reply.text("\u00ff").payload()).containsExactly(0xff);
        assertThatThrownBy(() -> Reply.text("caf\u20ac")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Reply.ok()).isEqualTo(Reply.text("OK")).hasToString("Reply[OK]");
    }

    /** Encodes the blobs, feeds the frames to a decoder in random-sized reads, returns the payloads. */
    static List<byte[]> roundTrip(List<byte[]> blobs, Random random) {
        EmbeddedChannel enc = new EmbeddedChannel(new RspFrameEncoder());
        for (byte[] blob : blobs) {
            enc.writeOutbound(new Reply(blob));
        }
        ByteBuf wire = Unpooled.buffer();
        ByteBuf b;
        while ((b = enc.readOutbound()) != null) {
            wire.writeBytes(b);
            b.release();
        }
        EmbeddedChannel dec = Wire.decoder(4096);
        while (wire.isReadable()) {
            dec.writeInbound(wire.readRetainedSlice(Math.min(wire.readableBytes(), 1 + random.nextInt(700))));
        }
        wire.release();
        assertThat(outbound(dec)).isEqualTo("+".repeat(blobs.size()));
        List<byte[]> payloads = new ArrayList<>();
        for (RspMessage m : inbound(dec)) {
            payloads.add(((RspMessage.Packet) m).payload());
        }
        return payloads;
    }
}
