package dev.wasmdbg.gdbstub.packet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What {@link RspFrameDecoder} hands up the pipeline. Every {@link Packet}, {@link TooLarge} and
 * {@link Malformed} is owed exactly one reply; an {@link Interrupt} is owed a stop reply once the
 * target has stopped; {@link Ack} and {@link Nack} only report what the peer said about our last
 * reply.
 */
public sealed interface RspMessage {

    /**
     * A checksum-verified packet: the bytes between {@code $} and {@code #}, with {@code }}-escapes
     * undone and run-length encoding expanded. Binary-safe ({@code X} writes carry raw bytes). The
     * array belongs to the message: nobody else holds it, so no copy is made; do not change it.
     */
    record Packet(byte[] payload) implements RspMessage {

        public Packet {
            if (payload == null) {
                throw new NullPointerException("payload");
            }
        }

        /** The payload as a String, one char per byte (ISO-8859-1), so nothing is lost or replaced. */
        public String text() {
            return new String(payload, StandardCharsets.ISO_8859_1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Packet p && Arrays.equals(payload, p.payload);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Packet[" + Printable.of(payload) + "]";
        }
    }

    /** A 0x03 byte received between packets: the peer asks the running target to stop. */
    record Interrupt() implements RspMessage {}

    /** A {@code +} between packets: the peer got our last frame intact. */
    record Ack() implements RspMessage {}

    /**
     * A {@code -} between packets: the peer got our last frame damaged. The protocol says to send it
     * again; this layer keeps no copy (over TCP a damaged frame means a broken peer), so resending
     * is up to the command layer. In no-ack mode it is a stray byte and can be ignored.
     */
    record Nack() implements RspMessage {}

    /**
     * No-ack mode only: a frame whose raw or decoded payload exceeded the decoder's limit was
     * discarded without being buffered. The peer waits for a reply; answer an error.
     * (In ack mode the decoder answered {@code -} itself and delivers nothing.)
     */
    record TooLarge(int limit) implements RspMessage {}

    /**
     * No-ack mode only: a frame that could not be decoded (wrong checksum, non-hex checksum digit,
     * a dangling escape, bad run-length encoding) was discarded. The peer waits for a reply; answer
     * an error rather than act on damaged data. (In ack mode the decoder answered {@code -} itself.)
     */
    record Malformed(String reason) implements RspMessage {}
}
