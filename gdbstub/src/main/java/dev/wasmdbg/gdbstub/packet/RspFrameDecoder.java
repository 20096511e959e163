package dev.wasmdbg.gdbstub.packet;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.AttributeKey;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the peer's bytes into {@link RspMessage}s.
 *
 * <p>Bytes are consumed as they arrive and decoded straight into one payload buffer that never
 * grows past {@code maxPayload}: nothing stays in Netty's cumulation buffer between reads, and a
 * frame that grows too large is only scanned for its end (its checksum still summed) and then
 * rejected. Memory per connection is therefore bounded by {@code maxPayload} whatever the peer sends.
 *
 * <p>Between packets: {@code $} starts a frame, 0x03 is an {@link RspMessage.Interrupt}, {@code +}
 * and {@code -} are {@link RspMessage.Ack} / {@link RspMessage.Nack} (in either mode), anything else
 * is skipped. Inside a frame every byte is payload, 0x03 included: LLDB does not escape 0x03 in
 * binary {@code X} data, so it cannot mean "interrupt" there. A {@code $} inside a frame (a real
 * one would be escaped) means the peer started over: the partial frame is dropped silently.
 *
 * <p>Payload decoding follows LLDB's reader in one pass: {@code }} makes the next byte (b ^ 0x20);
 * {@code *} followed by a count byte n in {@code ' '..'~'} repeats the previous decoded byte n - 29
 * more times ({@code "0* "} is {@code "0000"}). A {@code *} with nothing before it, a count outside
 * that range, or an escape or {@code *} just before {@code #} makes the frame malformed.
 *
 * <p>Verdicts. In ack mode (the start of every connection) a good frame is answered {@code +}
 * before it is delivered, and every bad one (checksum, malformed, too large) is answered {@code -}
 * and delivered as nothing: the peer's resend, or its error, is the recovery. In no-ack mode nothing
 * is written; a bad frame becomes {@link RspMessage.TooLarge} or {@link RspMessage.Malformed} so that
 * the command layer answers an error instead of leaving the peer waiting. (gdbserver and lldb-server
 * act on a no-ack packet even with a wrong checksum; we refuse to act on data known to be damaged.)
 *
 * <p>{@code decode} returns as soon as it has a message, so the message is handled before the next
 * frame is decoded: a mode switch made while handling it (on the event loop) applies to the very
 * next frame, even one that arrived in the same read.
 */
public final class RspFrameDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(RspFrameDecoder.class);

    private static final AttributeKey<Boolean> NO_ACK_MODE =
            AttributeKey.valueOf(RspFrameDecoder.class, "noAckMode");

    /** The payload buffer starts this small and is given back after a frame that made it larger. */
    static final int INITIAL_BUFFER = 256;

    private static final byte INTERRUPT = 0x03;
    private static final byte[] NO_BYTES = new byte[0];

    private enum State { BETWEEN, PAYLOAD, CHECKSUM_HIGH, CHECKSUM_LOW }

    private final int maxPayload;

    private State state = State.BETWEEN;
    private byte[] buffer = NO_BYTES;
    private int length;        // decoded bytes in buffer
    private int rawLength;     // raw bytes between '$' and here (stops counting once too large)
    private int sum;           // of the raw bytes, mod 256 at the end
    private int sentSum;       // the checksum digits read so far
    private boolean escape;    // the previous raw byte was '}'
    private boolean repeat;    // the previous raw byte was '*'
    private boolean tooLarge;
    private String malformed;  // why the frame cannot be decoded, or null

    /**
     * @param maxPayload the largest payload accepted, counted both as raw bytes between {@code $}
     *     and {@code #} and as decoded bytes. Advertise a {@code PacketSize} no larger than this.
     */
    public RspFrameDecoder(int maxPayload) {
        if (maxPayload < 1) {
            throw new IllegalArgumentException("maxPayload must be positive: " + maxPayload);
        }
        this.maxPayload = maxPayload;
    }

    public int maxPayload() {
        return maxPayload;
    }

    /**
     * Stops sending and expecting acks on this channel from the next frame on. Call it after the
     * {@code OK} to {@code QStartNoAckMode} has been written (the OK itself is acked by the peer
     * in the old mode; that late {@code +} arrives as an {@link RspMessage.Ack}). Call it on the
     * channel's event loop, or at least before the peer's next packet can arrive, e.g. from the
     * write's listener; there is no way back.
     */
    public static void enterNoAckMode(Channel channel) {
        channel.attr(NO_ACK_MODE).set(Boolean.TRUE);
    }

    public static boolean isNoAckMode(Channel channel) {
        return channel.hasAttr(NO_ACK_MODE) && Boolean.TRUE.equals(channel.attr(NO_ACK_MODE).get());
    }

    /** For tests: the payload buffer's size, which must never exceed {@link #maxPayload()}. */
    int payloadBufferCapacity() {
        return buffer.length;
    }

    /** For tests: Netty's cumulation buffer, which this decoder always leaves empty. */
    ByteBuf cumulation() {
        return internalBuffer();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int before = out.size();
        boolean consumed = false;
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (step(ctx, b, out)) {
                in.skipBytes(1);
                consumed = true;
            }
            // Return after a message so that ByteToMessageDecoder hands it up before the next frame
            // is read (a mode switch must apply to it). Never with nothing consumed: Netty forbids it.
            if (out.size() > before && consumed) {
                return;
            }
        }
    }

    /** Feeds one byte; false when the byte was not consumed and must be fed again (to BETWEEN). */
    private boolean step(ChannelHandlerContext ctx, byte b, List<Object> out) {
        switch (state) {
            case BETWEEN:
                between(b, out);
                return true;
            case PAYLOAD:
                payload(b);
                return true;
            case CHECKSUM_HIGH:
            case CHECKSUM_LOW:
                int d = Hex.digit(b & 0xff);
                if (d < 0) {
                    // Not a checksum: the frame is bad, and the byte may be the peer's next '$' or 0x03.
                    if (malformed == null) {
                        malformed = "non-hex checksum digit";
                    }
                    finish(ctx, out);
                    return false;
                }
                sentSum = (sentSum << 4) | d;
                if (state == State.CHECKSUM_HIGH) {
                    state = State.CHECKSUM_LOW;
                } else {
                    finish(ctx, out);
                }
                return true;
            default:
                throw new AssertionError(state);
        }
    }

    private void between(byte b, List<Object> out) {
        switch (b) {
            case '$' -> startFrame();
            case INTERRUPT -> out.add(new RspMessage.Interrupt());
            case '+' -> out.add(new RspMessage.Ack());
            case '-' -> out.add(new RspMessage.Nack());
            default -> { } // line noise, a stray '#xx', a telnet newline: not ours to act on
        }
    }

    private void startFrame() {
        state = State.PAYLOAD;
        length = 0;
        rawLength = 0;
        sum = 0;
        sentSum = 0;
        escape = false;
        repeat = false;
        tooLarge = false;
        malformed = null;
    }

    private void payload(byte b) {
        if (b == '#') {
            if (!tooLarge && malformed == null && (escape || repeat)) {
                malformed = escape ? "escape at end of packet" : "run-length '*' at end of packet";
            }
            state = State.CHECKSUM_HIGH;
            return;
        }
        if (b == '$') {
            LOG.debug("'$' inside a packet: dropping {} raw bytes and starting over", rawLength);
            startFrame();
            return;
        }
        sum += b & 0xff;
        if (tooLarge || malformed != null) {
            return; // only looking for the end now
        }
        if (++rawLength > maxPayload) {
            tooLarge = true;
            return;
        }
        if (escape) {
            escape = false;
            append((byte) (b ^ 0x20));
        } else if (repeat) {
            repeat = false;
            int c = b & 0xff;
            if (c < ' ' || c > '~') {
                malformed = String.format("run-length count byte 0x%02x out of ' '..'~'", c);
            } else {
                int more = c - 29;
                if (more > maxPayload - length) {
                    tooLarge = true;
                } else {
                    ensureCapacity(length + more);
                    Arrays.fill(buffer, length, length + more, buffer[length - 1]);
                    length += more;
                }
            }
        } else if (b == '}') {
            escape = true;
        } else if (b == '*') {
            if (length == 0) {
                malformed = "run-length '*' with nothing to repeat";
            } else {
                repeat = true;
            }
        } else {
            append(b);
        }
    }

    private void append(byte b) {
        if (length == maxPayload) {
            tooLarge = true; // only reachable after run-length expansion
            return;
        }
        ensureCapacity(length + 1);
        buffer[length++] = b;
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            int size = Math.max(INITIAL_BUFFER, buffer.length);
            while (size < needed) {
                size = size > maxPayload / 2 ? maxPayload : size * 2;
            }
            buffer = Arrays.copyOf(buffer, Math.min(size, maxPayload));
        }
    }

    private void finish(ChannelHandlerContext ctx, List<Object> out) {
        state = State.BETWEEN;
        boolean noAck = isNoAckMode(ctx.channel());
        String problem = tooLarge ? "larger than " + maxPayload + " bytes"
                : malformed != null ? malformed
                : (sum & 0xff) != sentSum ? String.format("checksum %02x, expected %02x", sentSum, sum & 0xff)
                : null;
        if (problem == null) {
            if (!noAck) {
                writeByte(ctx, '+');
            }
            out.add(new RspMessage.Packet(Arrays.copyOf(buffer, length)));
        } else {
            LOG.debug("rejected packet: {}", problem);
            if (!noAck) {
                writeByte(ctx, '-');
            } else if (tooLarge) {
                out.add(new RspMessage.TooLarge(maxPayload));
            } else {
                out.add(new RspMessage.Malformed(problem));
            }
        }
        if (buffer.length > INITIAL_BUFFER) {
            buffer = NO_BYTES; // a large frame's buffer is not kept for the life of the connection
        }
        length = 0;
    }

    private static void writeByte(ChannelHandlerContext ctx, int c) {
        ctx.writeAndFlush(ctx.alloc().buffer(1, 1).writeByte(c));
    }
}
