package dev.wasmdbg.gdbstub;

import dev.wasmdbg.gdbstub.packet.Hex;
import java.nio.charset.StandardCharsets;

/**
 * One request: its text (bytes as ISO-8859-1 chars) and raw bytes (binary writes). The parsers
 * bound every number they read; a bad field is an IllegalArgumentException (an E03 reply).
 */
record Packet(String text, byte[] raw) {

    static Packet of(byte[] payload) {
        return new Packet(new String(payload, StandardCharsets.ISO_8859_1), payload);
    }

    /** The text after {@code prefix}. */
    String after(String prefix) {
        return text.substring(prefix.length());
    }

    /** A hex number (1 to 16 digits). */
    static long hex(String s) {
        try {
            return Hex.parseUnsigned(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad hex number '" + clip(s) + "': " + e.getMessage(), e);
        }
    }

    /** A hex length, clamped to {@code max}: a client may ask for more than one reply holds. */
    static int length(String s, int max) {
        long v = hex(s);
        return Long.compareUnsigned(v, max) > 0 ? max : (int) v;
    }

    /** A decimal index (frame, local, global): 0 to 2^31-1, at most 10 digits. */
    static int index(String s) {
        if (s.isEmpty() || s.length() > 10) {
            throw new IllegalArgumentException("bad index '" + clip(s) + "'");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new IllegalArgumentException("bad index '" + clip(s) + "'");
            }
        }
        long v = Long.parseLong(s);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("index " + s + " is out of range");
        }
        return (int) v;
    }

    /** {@code FIELD,FIELD...}: exactly {@code n} fields. */
    static String[] fields(String s, String separator, int n) {
        String[] parts = s.split(separator, -1);
        if (parts.length != n) {
            throw new IllegalArgumentException("expected " + n + " fields, got '" + clip(s) + "'");
        }
        return parts;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
