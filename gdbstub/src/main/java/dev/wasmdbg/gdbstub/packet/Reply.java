package dev.wasmdbg.gdbstub.packet;

import java.util.Arrays;

/**
 * One outgoing packet payload, unframed and unescaped; {@link RspFrameEncoder} adds {@code $},
 * the escapes and {@code #xx}. Binary-safe. The array is not copied: do not change it after writing.
 */
public record Reply(byte[] payload) {

    public Reply {
        if (payload == null) {
            throw new NullPointerException("payload");
        }
    }

    /**
     * A text reply, one byte per char. Chars above 0xff are refused rather than silently replaced:
     * text that can hold them (names, messages) must go hex-encoded ({@link Hex#encodeText}).
     */
    public static Reply text(String text) {
        byte[] bytes = new byte[text.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = text.charAt(i);
            if (c > 0xff) {
                throw new IllegalArgumentException("char U+" + Integer.toHexString(c) + " at " + i
                        + " does not fit a byte; hex-encode the text");
            }
            bytes[i] = (byte) c;
        }
        return new Reply(bytes);
    }

    /** The empty reply: "packet not supported". */
    public static Reply empty() {
        return new Reply(new byte[0]);
    }

    /** {@code OK}. */
    public static Reply ok() {
        return text("OK");
    }

    /** {@code Enn}, the error number as two hex digits. */
    public static Reply error(int code) {
        return text("E" + Hex.u8(code));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reply r && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Reply[" + Printable.of(payload) + "]";
    }
}
