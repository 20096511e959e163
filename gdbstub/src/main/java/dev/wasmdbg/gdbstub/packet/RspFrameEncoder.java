package dev.wasmdbg.gdbstub.packet;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Frames outgoing payloads ({@link Reply} or a bare {@code byte[]}) as {@code $payload#xx}.
 * Other messages (e.g. the decoder's one-byte acks, already a ByteBuf) pass through untouched.
 *
 * <p>{@code #}, {@code $}, {@code }} and {@code *} are escaped as {@code }} then the byte xor 0x20:
 * the first three would break framing, and a raw {@code *} would be read as run-length encoding.
 * Nothing else is escaped (0x03 only means "interrupt" between packets, never inside one). The
 * checksum is the sum of the bytes as sent, escapes included, mod 256. We never run-length encode:
 * replies are small and it would only add a way to get things wrong.
 */
@Sharable
public final class RspFrameEncoder extends MessageToByteEncoder<Object> {

    public RspFrameEncoder() {
        super(Object.class);
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof Reply || msg instanceof byte[];
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Object msg, boolean preferDirect) {
        int size = framedLength(payloadOf(msg));
        return preferDirect ? ctx.alloc().ioBuffer(size, size) : ctx.alloc().heapBuffer(size, size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        frame(payloadOf(msg), out);
    }

    /** Writes {@code $escaped-payload#xx} to {@code out}. */
    public static void frame(byte[] payload, ByteBuf out) {
        out.ensureWritable(framedLength(payload));
        out.writeByte('$');
        int sum = 0;
        for (byte b : payload) {
            if (needsEscape(b)) {
                int escaped = b ^ 0x20;
                out.writeByte('}').writeByte(escaped);
                sum += '}' + (escaped & 0xff);
            } else {
                out.writeByte(b);
                sum += b & 0xff;
            }
        }
        out.writeByte('#')
                .writeByte(Hex.digitChar(sum >>> 4))
                .writeByte(Hex.digitChar(sum));
    }

    /** The exact size of {@code payload}'s frame: 4 bytes of framing plus one more per escape. */
    public static int framedLength(byte[] payload) {
        int n = payload.length + 4;
        for (byte b : payload) {
            if (needsEscape(b)) {
                n++;
            }
        }
        return n;
    }

    /** Whether a payload byte must travel as {@code }} + (b ^ 0x20). */
    public static boolean needsEscape(byte b) {
        return b == '#' || b == '$' || b == '}' || b == '*';
    }

    private static byte[] payloadOf(Object msg) {
        return msg instanceof Reply r ? r.payload() : (byte[]) msg;
    }
}
