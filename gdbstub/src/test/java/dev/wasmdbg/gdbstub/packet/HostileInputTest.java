package dev.wasmdbg.gdbstub.packet;

import static dev.wasmdbg.gdbstub.packet.Wire.frame;
import static dev.wasmdbg.gdbstub.packet.Wire.inbound;
import static dev.wasmdbg.gdbstub.packet.Wire.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Seeded random input: the decoder never throws, never hangs, and keeps its invariants. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileInputTest {

    static final int MAX = 512;
    /** Mostly the bytes the decoder cares about, so that frames, escapes and runs really happen. */
    static final String ALPHABET = "$$$###}}**+-\u0003 ~!\"0123456789abcdefABCDEFg";

    @Test
    void randomBytesNeverThrowAndOnlyYieldWellFormedResults() {
        Random random = new Random(20240601);
        for (int round = 0; round < 2000; round++) {
            boolean noAck = round % 2 == 1;
            EmbeddedChannel ch = Wire.decoder(MAX);
            if (noAck) {
                RspFrameDecoder.enterNoAckMode(ch);
            }
            byte[] input = new byte[random.nextInt(4096)];
            for (int i = 0; i < input.length; i++) {
                input[i] = random.nextInt(4) == 0
                        ? (byte) random.nextInt(256)
                        : (byte) ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            assertThatCode(() -> feedInRandomReads(ch, input, random)).as("round %d", round).doesNotThrowAnyException();

            String written = outbound(ch);
            assertThat(written).as("only acks are written").matches("[+-]*");
            if (noAck) {
                assertThat(written).isEmpty();
            }
            for (RspMessage m : inbound(ch)) {
                if (m instanceof RspMessage.Packet p) {
                    assertThat(p.payload().length).isLessThanOrEqualTo(MAX);
                }
                if (!noAck) {
                    assertThat(m).isNotInstanceOfAny(RspMessage.TooLarge.class, RspMessage.Malformed.class);
                }
            }
            assertThat(Wire.decoderOf(ch).payloadBufferCapacity()).isLessThanOrEqualTo(MAX);
            assertThatCode(ch::finishAndReleaseAll).doesNotThrowAnyException(); // a frame cut by the close
        }
    }

    /** However a good packet is surrounded by junk without '$', it comes out intact and in order. */
    @Test
    void goodPacketsSurviveJunkBetweenThem() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            StringBuilder stream = new StringBuilder();
            List<RspMessage> expected = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                for (int j = random.nextInt(20); j > 0; j--) {
                    char c;
                    do {
                        c = (char) random.nextInt(256);
                    } while (c == '$' || c == '+' || c == '-' || c == 3);
                    stream.append(c);
                }
                byte[] payload = new byte[random.nextInt(100)];
                random.nextBytes(payload);
                EmbeddedChannel enc = new EmbeddedChannel(new RspFrameEncoder());
                enc.writeOutbound(payload);
                stream.append(outbound(enc));
                expected.add(new RspMessage.Packet(payload));
            }
            EmbeddedChannel ch = Wire.decoder(MAX);
            feedInRandomReads(ch, Wire.bytes(stream.toString()), random);
            assertThat(inbound(ch)).as("round %d", round).containsExactlyElementsOf(expected);
            assertThat(outbound(ch)).isEqualTo("+".repeat(10));
        }
    }

    /** Valid frames around random garbage payloads: decoding may fail, the next frame must not. */
    @Test
    void garbageFramesDoNotPoisonTheNextOne() {
        Random random = new Random(99);
        for (int round = 0; round < 1000; round++) {
            StringBuilder garbage = new StringBuilder();
            for (int j = random.nextInt(700); j > 0; j--) {
                char c;
                do {
                    c = (char) random.nextInt(256);
                } while (c == '$' || c == '#');
                garbage.append(c);
            }
            EmbeddedChannel ch = Wire.decoder(MAX);
            RspFrameDecoder.enterNoAckMode(ch);
            feedInRandomReads(ch, Wire.bytes(frame(garbage.toString()) + "$g#67"), random);
            List<RspMessage> got = inbound(ch);
            assertThat(got).hasSize(2);
            assertThat(got.get(1)).isEqualTo(Wire.packet("g"));
        }
    }

    static void feedInRandomReads(EmbeddedChannel ch, byte[] input, Random random) {
        int at = 0;
        while (at < input.length) {
            int n = Math.min(input.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 600));
            ch.writeInbound(Unpooled.wrappedBuffer(input, at, n));
            at += n;
        }
    }
}
