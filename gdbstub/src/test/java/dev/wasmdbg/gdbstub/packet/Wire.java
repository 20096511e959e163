package dev.wasmdbg.gdbstub.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: frames built by hand (independently of the encoder) and channel plumbing. */
final class Wire {

    private Wire() {}

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** {@code $raw#xx} with the checksum of the raw bytes exactly as given (no escaping done here). */
    static String frame(String raw) {
        int sum = 0;
        for (int i = 0; i < raw.length(); i++) {
            sum += raw.charAt(i) & 0xff;
        }
        return "$" + raw + "#" + String.format("%02x", sum & 0xff);
    }

    static EmbeddedChannel decoder(int maxPayload) {
        return new EmbeddedChannel(new RspFrameEncoder(), new RspFrameDecoder(maxPayload));
    }

    static RspFrameDecoder decoderOf(EmbeddedChannel ch) {
        return ch.pipeline().get(RspFrameDecoder.class);
    }

    static void send(EmbeddedChannel ch, String latin1) {
        send(ch, bytes(latin1));
    }

    static void send(EmbeddedChannel ch, byte[] bytes) {
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    /** Sends every byte in its own read. */
    static void sendByteByByte(EmbeddedChannel ch, String latin1) {
        for (byte b : bytes(latin1)) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
    }

    static List<RspMessage> inbound(EmbeddedChannel ch) {
        List<RspMessage> messages = new ArrayList<>();
        Object m;
        while ((m = ch.readInbound()) != null) {
            messages.add((RspMessage) m);
        }
        return messages;
    }

    /** Everything written to the peer so far, as one Latin-1 string. */
    static String outbound(EmbeddedChannel ch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Object m;
        while ((m = ch.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) m;
            byte[] chunk = new byte[buf.readableBytes()];
            buf.readBytes(chunk);
            buf.release();
            bytes.writeBytes(chunk);
        }
        return text(bytes.toByteArray());
    }

    static RspMessage.Packet packet(String latin1) {
        return new RspMessage.Packet(bytes(latin1));
    }

    static RspMessage.Packet packet(byte[] payload) {
        return new RspMessage.Packet(payload);
    }
}
