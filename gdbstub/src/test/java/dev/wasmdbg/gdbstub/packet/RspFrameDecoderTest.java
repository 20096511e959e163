package dev.wasmdbg.gdbstub.packet;

import static dev.wasmdbg.gdbstub.packet.Wire.frame;
import static dev.wasmdbg.gdbstub.packet.Wire.inbound;
import static dev.wasmdbg.gdbstub.packet.Wire.outbound;
import static dev.wasmdbg.gdbstub.packet.Wire.packet;
import static dev.wasmdbg.gdbstub.packet.Wire.send;
import static dev.wasmdbg.gdbstub.packet.Wire.sendByteByByte;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** Framing, checksums, acks and the two ack modes. */
class RspFrameDecoderTest {

    static final RspMessage INTERRUPT = new RspMessage.Interrupt();

    final EmbeddedChannel ch = Wire.decoder(4096);

    @Test
    void aSinglePacketIsAckedThenDelivered() {
        send(ch, "$QStartNoAckMode#b0");
        assertThat(outbound(ch)).isEqualTo("+");
        assertThat(inbound(ch)).containsExactly(packet("QStartNoAckMode"));
    }

    @Test
    void checksumDigitsMayBeUpperCase() {
        send(ch, "$OK#9A$OK#9a");
        assertThat(outbound(ch)).isEqualTo("++");
        assertThat(inbound(ch)).containsExactly(packet("OK"), packet("OK"));
    }

    @Test
    void theEmptyPacketHasChecksumZero() {
        send(ch, "$#00");
        assertThat(outbound(ch)).isEqualTo("+");
        assertThat(inbound(ch)).containsExactly(packet(""));
    }

    @Test
    void severalPacketsInOneRead() {
        send(ch, "$?#3f$g#67$m10000,200#1c$vCont;s:1#23");
        assertThat(outbound(ch)).isEqualTo("++++");
        assertThat(inbound(ch)).containsExactly(packet("?"), packet("g"), packet("m10000,200"), packet("vCont;s:1"));
    }

    @Test
    void aPacketSplitByteByByteIsDeliveredOnceItsLastByteArrives() {
        String f = frame("qSupported:xmlRegisters=i386");
        for (int i = 0; i < f.length() - 1; i++) {
            send(ch, f.substring(i, i + 1));
            assertThat(inbound(ch)).isEmpty();
            assertThat(outbound(ch)).isEmpty();
        }
        send(ch, f.substring(f.length() - 1));
        assertThat(outbound(ch)).isEqualTo("+");
        assertThat(inbound(ch)).containsExactly(packet("qSupported:xmlRegisters=i386"));
    }

    @Test
    void packetsSplitAtEveryPossiblePointAcrossTwoReads() {
        String stream = "$c#63" + frame("Z0,40000000000001c3,1");
        for (int cut = 0; cut <= stream.length(); cut++) {
            EmbeddedChannel c = Wire.decoder(4096);
            send(c, stream.substring(0, cut));
            send(c, stream.substring(cut));
            assertThat(inbound(c)).as("cut at %d", cut).containsExactly(packet("c"), packet("Z0,40000000000001c3,1"));
            assertThat(outbound(c)).isEqualTo("++");
        }
    }

    @Test
    void junkBetweenPacketsIsSkipped() {
        send(ch, "hello\r\n#ab" + "$c#63" + "\n\0\u00ff}*#" + "$g#67" + "zz");
        assertThat(inbound(ch)).containsExactly(packet("c"), packet("g"));
        assertThat(outbound(ch)).isEqualTo("++");
    }

    @Test
    void plusAndMinusBetweenPacketsAreAckAndNackInBothModes() {
        send(ch, "+$c#63-");
        assertThat(inbound(ch)).containsExactly(new RspMessage.Ack(), packet("c"), new RspMessage.Nack());
        RspFrameDecoder.enterNoAckMode(ch);
        send(ch, "-+");
        assertThat(inbound(ch)).containsExactly(new RspMessage.Nack(), new RspMessage.Ack());
        assertThat(outbound(ch)).isEqualTo("+");
    }

    @Test
    void interruptByteBetweenPackets() {
        send(ch, "\u0003$c#63\u0003\u0003$g#67\u0003");
        assertThat(inbound(ch)).containsExactly(INTERRUPT, packet("c"), INTERRUPT, INTERRUPT, packet("g"), INTERRUPT);
        assertThat(outbound(ch)).isEqualTo("++"); // an interrupt is not acked
    }

    @Test
    void interruptArrivingAloneWhileIdle() {
        send(ch, "\u0003");
        assertThat(inbound(ch)).containsExactly(INTERRUPT);
    }

    /**
     * Our choice: between '$' and '#' the byte 0x03 is data, even when the packet is only partly
     * received. LLDB does not escape 0x03 in binary X data, so it cannot mean "interrupt" there.
     */
    @Test
    void interruptByteInsideAPartlyReceivedPacketIsData() {
        String f = frame("X10,3:a\u0003b");
        int split = f.indexOf('\u0003');
        send(ch, f.substring(0, split));
        send(ch, "\u0003");
        assertThat(inbound(ch)).isEmpty();
        send(ch, f.substring(split + 1));
        assertThat(inbound(ch)).containsExactly(packet("X10,3:a\u0003b"));
        assertThat(outbound(ch)).isEqualTo("+");
    }

    /** Where a checksum digit should be, 0x03 ends the frame (bad) and is then an interrupt. */
    @Test
    void interruptByteInPlaceOfAChecksumDigitRejectsTheFrameAndInterrupts() {
        send(ch, "$c#6\u0003$g#67");
        assertThat(outbound(ch)).isEqualTo("-+");
        assertThat(inbound(ch)).containsExactly(INTERRUPT, packet("g"));
    }

    @Test
    void badChecksumIsNackedAndNothingIsDelivered() {
        send(ch, "$c#64");
        assertThat(outbound(ch)).isEqualTo("-");
        assertThat(inbound(ch)).isEmpty();
        send(ch, "$c#63"); // the peer's resend
        assertThat(outbound(ch)).isEqualTo("+");
        assertThat(inbound(ch)).containsExactly(packet("c"));
    }

    @Test
    void nonHexChecksumIsNacked() {
        send(ch, "$c#g3$c#6x");
        assertThat(outbound(ch)).isEqualTo("--");
        assertThat(inbound(ch)).isEmpty();
    }

    @Test
    void aDollarInsideAPacketStartsItOver() {
        send(ch, "$m10000,2$" + "c#63");
        assertThat(inbound(ch)).containsExactly(packet("c"));
        assertThat(outbound(ch)).isEqualTo("+");
    }

    @Test
    void aDollarInPlaceOfAChecksumDigitStartsTheNextPacket() {
        send(ch, "$g#6$c#63");
        assertThat(outbound(ch)).isEqualTo("-+");
        assertThat(inbound(ch)).containsExactly(packet("c"));
    }

    @Test
    void danglingEscapeIsMalformed() {
        send(ch, frame("ab}"));
        assertThat(outbound(ch)).isEqualTo("-");
        assertThat(inbound(ch)).isEmpty();
    }

    @Test
    void noAckModeWritesNothingForGoodPackets() {
        RspFrameDecoder.enterNoAckMode(ch);
        assertThat(RspFrameDecoder.isNoAckMode(ch)).isTrue();
        send(ch, "$?#3f$g#67");
        assertThat(outbound(ch)).isEmpty();
        assertThat(inbound(ch)).containsExactly(packet("?"), packet("g"));
    }

    /**
     * Our choice: in no-ack mode a bad checksum is not acted on (the data is known damaged) but is
     * not dropped silently either, which would leave the peer waiting: the command layer gets a
     * Malformed message and answers an error.
     */
    @Test
    void noAckModeReportsBadFramesInsteadOfNacking() {
        RspFrameDecoder.enterNoAckMode(ch);
        send(ch, "$c#00" + frame("ab}") + "$g#6x");
        assertThat(outbound(ch)).isEmpty();
        assertThat(inbound(ch)).satisfiesExactly(
                m -> assertThat(((RspMessage.Malformed) m).reason()).isEqualTo("checksum 00, expected 63"),
                m -> assertThat(((RspMessage.Malformed) m).reason()).isEqualTo("escape at end of packet"),
                m -> assertThat(((RspMessage.Malformed) m).reason()).isEqualTo("non-hex checksum digit"));
    }

    @Test
    void ackModeIsTheDefault() {
        assertThat(RspFrameDecoder.isNoAckMode(ch)).isFalse();
    }

    /**
     * LLDB's first exchange: QStartNoAckMode is acked, the OK goes out, the mode switches; a packet
     * that arrived in the same read is already handled in no-ack mode, and LLDB's late '+' for our
     * OK is just an Ack message.
     */
    @Test
    void switchingToNoAckModeWhileHandlingAPacketAppliesToTheNextPacketInTheSameRead() {
        EmbeddedChannel c = new EmbeddedChannel(new RspFrameEncoder(), new RspFrameDecoder(4096),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg.equals(packet("QStartNoAckMode"))) {
                            ctx.writeAndFlush(Reply.ok());
                            RspFrameDecoder.enterNoAckMode(ctx.channel());
                        }
                        ctx.fireChannelRead(msg);
                    }
                });
        send(c, "+$QStartNoAckMode#b0$qSupported:xmlRegisters=i386#c1");
        assertThat(outbound(c)).isEqualTo("+$OK#9a");
        send(c, "+$?#3f");
        assertThat(outbound(c)).isEmpty();
        assertThat(inbound(c)).containsExactly(new RspMessage.Ack(), packet("QStartNoAckMode"),
                packet("qSupported:xmlRegisters=i386"), new RspMessage.Ack(), packet("?"));
    }

    @Test
    void aPartialPacketAtCloseIsDroppedQuietly() {
        send(ch, "$m10000,");
        assertThat(ch.finish()).isFalse();
        assertThat(inbound(ch)).isEmpty();
    }

    @Test
    void maxPayloadMustBePositive() {
        assertThatThrownBy(() -> new RspFrameDecoder(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RspFrameDecoder(0x4000).maxPayload()).isEqualTo(0x4000);
    }

    @Test
    void packetsCompareByContentAndPrintReadably() {
        assertThat(packet("m10,4")).isEqualTo(packet("m10,4")).hasSameHashCodeAs(packet("m10,4"));
        assertThat(packet("a\u0003\u00ff\\")).hasToString("Packet[a\\x03\\xff\\x5c]");
        assertThat(packet("X1,1:\u00e9").text()).isEqualTo("X1,1:\u00e9");
        assertThat(packet("x".repeat(300)).toString()).endsWith("...(300 bytes)]");
    }
}
