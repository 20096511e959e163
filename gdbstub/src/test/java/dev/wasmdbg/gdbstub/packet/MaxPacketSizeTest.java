package dev.wasmdbg.gdbstub.packet;

import static dev.wasmdbg.gdbstub.packet.Wire.frame;
import static dev.wasmdbg.gdbstub.packet.Wire.inbound;
import static dev.wasmdbg.gdbstub.packet.Wire.outbound;
import static dev.wasmdbg.gdbstub.packet.Wire.packet;
import static dev.wasmdbg.gdbstub.packet.Wire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The size limit, counted on raw and on decoded bytes. The bound we state and check: between reads
 * the decoder keeps nothing in Netty's cumulation buffer (every byte is consumed as it arrives), and
 * its own payload buffer never exceeds maxPayload, whatever the peer sends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MaxPacketSizeTest {

    static final int MAX = 0x4000; // a PacketSize a server might advertise
    static final int CHUNK = 64 * 1024;

    @Test
    void aPayloadOfExactlyTheLimitIsAcceptedOneMoreByteIsNot() {
        EmbeddedChannel ch = Wire.decoder(MAX);
        send(ch, frame("a".repeat(MAX)) + frame("a".repeat(MAX + 1)));
        assertThat(outbound(ch)).isEqualTo("+-");
        assertThat(inbound(ch)).containsExactly(packet("a".repeat(MAX)));
    }

    /** The limit is on raw bytes too: escapes that would decode to a small enough payload do not help. */
    @Test
    void rawBytesAreCountedBeforeUnescaping() {
        EmbeddedChannel ch = Wire.decoder(10);
        send(ch, frame("}]".repeat(5)) + frame("}]".repeat(5) + "a"));
        assertThat(outbound(ch)).isEqualTo("+-");
        assertThat(inbound(ch)).containsExactly(packet("}}}}}"));
    }

    @Test
    void tenMegabytesAreDiscardedWithBoundedMemoryAndTheChannelKeepsWorking() {
        EmbeddedChannel ch = Wire.decoder(MAX);
        RspFrameDecoder decoder = Wire.decoderOf(ch);
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, (byte) '5');
        chunk[0] = '$'; // the first chunk starts the frame
        long total = 10L * 1024 * 1024;
        for (long sent = 0; sent < total; sent += CHUNK) {
            ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            chunk[0] = '5';
            assertThat(decoder.cumulation().readableBytes()).isZero();
            assertThat(decoder.cumulation().capacity()).isZero();
            assertThat(decoder.payloadBufferCapacity()).isLessThanOrEqualTo(MAX);
            assertThat(inbound(ch)).isEmpty();
            assertThat(outbound(ch)).isEmpty();
        }
        int checksum = (int) ((total - 1) * '5' % 256); // every byte but the '$'
        send(ch, String.format("#%02x", checksum));
        assertThat(outbound(ch)).as("rejected even though its checksum is right").isEqualTo("-");
        assertThat(inbound(ch)).isEmpty();

        send(ch, "$g#67");
        assertThat(outbound(ch)).isEqualTo("+");
        assertThat(inbound(ch)).containsExactly(packet("g"));
        assertThat(decoder.payloadBufferCapacity()).isLessThanOrEqualTo(RspFrameDecoder.INITIAL_BUFFER);
    }

    @Test
    void inNoAckModeATooLargePacketIsReportedSoItCanBeAnswered() {
        EmbeddedChannel ch = Wire.decoder(MAX);
        RspFrameDecoder.enterNoAckMode(ch);
        send(ch, frame("M10000,8000:" + "00".repeat(0x8000)) + "$g#67");
        assertThat(outbound(ch)).isEmpty();
        assertThat(inbound(ch)).containsExactly(new RspMessage.TooLarge(MAX), packet("g"));
    }

    @Test
    void aPacketThatNeverEndsNeverGrowsMemory() {
        EmbeddedChannel ch = Wire.decoder(MAX);
        RspFrameDecoder decoder = Wire.decoderOf(ch);
        send(ch, "$");
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, (byte) 0x03); // interrupts inside a packet are data, and there are many
        for (int i = 0; i < 64; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            assertThat(decoder.cumulation().capacity()).isZero();
            assertThat(decoder.payloadBufferCapacity()).isLessThanOrEqualTo(MAX);
        }
        assertThat(inbound(ch)).isEmpty();
        send(ch, "$c#63"); // the peer gives up and starts over
        assertThat(inbound(ch)).containsExactly(packet("c"));
    }

    @Test
    void theBufferGrowsOnlyAsFarAsThePayloadNeeds() {
        EmbeddedChannel ch = Wire.decoder(1 << 20);
        RspFrameDecoder decoder = Wire.decoderOf(ch);
        String f = frame("x".repeat(3000));
        send(ch, f.substring(0, f.length() - 3));
        assertThat(decoder.payloadBufferCapacity()).isBetween(3000, 4096);
        send(ch, f.substring(f.length() - 3));
        assertThat(inbound(ch)).containsExactly(packet("x".repeat(3000)));
    }
}
