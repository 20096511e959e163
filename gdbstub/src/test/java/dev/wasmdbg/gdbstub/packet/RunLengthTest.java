package dev.wasmdbg.gdbstub.packet;

import static dev.wasmdbg.gdbstub.packet.Wire.frame;
import static dev.wasmdbg.gdbstub.packet.Wire.inbound;
import static dev.wasmdbg.gdbstub.packet.Wire.outbound;
import static dev.wasmdbg.gdbstub.packet.Wire.packet;
import static dev.wasmdbg.gdbstub.packet.Wire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Run-length encoding: X*n repeats X n - 29 more times; hostile forms are rejected. */
class RunLengthTest {

    final EmbeddedChannel ch = Wire.decoder(4096);

    @Test
    void theGdbManualsExample() {
        // "0* " is "0000": ' ' is 32, so 32 - 29 = 3 more zeros. The checksum is over the raw bytes.
        send(ch, "$0* #7a");
        assertThat(outbound(ch)).isEqualTo("+");
        assertThat(inbound(ch)).containsExactly(packet("0000"));
    }

    @Test
    void examplesWorkedOutByHand() {
        send(ch, "$X*!#a3"); // '!' = 33: 4 more
        send(ch, frame("ab*\"c")); // '"' = 34: 5 more b
        send(ch, frame("0*~")); // '~' = 126: 97 more, the longest run
        send(ch, frame("a*!b*!")); // two runs
        send(ch, frame("0* * ")); // a run of a run's last byte: 1 + 3 + 3
        assertThat(inbound(ch)).containsExactly(
                packet("XXXXX"),
                packet("abbbbbbc"),
                packet("0".repeat(98)),
                packet("aaaaabbbbb"),
                packet("0000000"));
        assertThat(outbound(ch)).isEqualTo("+++++");
    }

    /** As in LLDB's reader, the byte repeated is the decoded one: "}]" is '}', so "}]* " is "}}}}". */
    @Test
    void anEscapedByteCanBeRepeated() {
        send(ch, "$}]* #24");
        assertThat(inbound(ch)).containsExactly(packet("}}}}"));
        assertThat(outbound(ch)).isEqualTo("+");
    }

    @Test
    void anEscapedStarIsNotRunLength() {
        send(ch, frame("a}\n!"));
        assertThat(inbound(ch)).containsExactly(packet("a*!"));
        assertThat(outbound(ch)).isEqualTo("+");
    }

    @Test
    void aStarWithNothingBeforeItIsRejected() {
        send(ch, frame("* 0"));
        assertThat(outbound(ch)).isEqualTo("-");
        assertThat(inbound(ch)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x03, 0x1c, 0x1d, 0x1f, 0x7f, 0x80, 0xff})
    void countBytesOutsideSpaceToTildeAreRejected(int count) {
        send(ch, frame("0*" + (char) count));
        assertThat(outbound(ch)).isEqualTo("-");
        assertThat(inbound(ch)).isEmpty();
    }

    @Test
    void aStarJustBeforeTheEndIsRejected() {
        RspFrameDecoder.enterNoAckMode(ch);
        send(ch, frame("0*"));
        assertThat(inbound(ch)).containsExactly(new RspMessage.Malformed("run-length '*' at end of packet"));
    }

    @Test
    void expansionUpToTheLimitIsAcceptedAndBeyondItRejected() {
        EmbeddedChannel small = Wire.decoder(98);
        send(small, frame("0*~")); // exactly 98
        send(small, frame("0*~0")); // 99 after a run
        send(small, frame("00*~")); // 99 by the run itself
        send(small, frame("0*~*~*~*~*~*~*~*~*~*~")); // 3 raw bytes per 97 decoded
        assertThat(outbound(small)).isEqualTo("+---");
        assertThat(inbound(small)).containsExactly(packet("0".repeat(98)));
        assertThat(Wire.decoderOf(small).payloadBufferCapacity()).isLessThanOrEqualTo(98);
    }

    @Test
    void tooLongExpansionIsReportedAsTooLargeInNoAckMode() {
        EmbeddedChannel small = Wire.decoder(100);
        RspFrameDecoder.enterNoAckMode(small);
        send(small, frame("0*~*~") + "$c#63");
        assertThat(outbound(small)).isEmpty();
        assertThat(inbound(small)).containsExactly(new RspMessage.TooLarge(100), packet("c"));
    }

    /** 200,000 runs of 98 bytes each would be 19.6 MB; the decoder stops at its limit. */
    @Test
    void aRunLengthBombIsRejectedWithBoundedMemory() {
        EmbeddedChannel small = Wire.decoder(4096);
        send(small, frame("0" + "*~".repeat(200_000)));
        assertThat(outbound(small)).isEqualTo("-");
        assertThat(inbound(small)).isEmpty();
        send(small, "$g#67");
        assertThat(inbound(small)).containsExactly(packet("g"));
        assertThat(outbound(small)).isEqualTo("+");
    }
}
