package dev.wasmdbg.sourcemap;

import java.nio.charset.StandardCharsets;

/**
 * A read-only view of ASCII bytes as characters: the {@code mappings} string read in place from the JSON input,
 * so a 50 MB map is not copied into a 100 MB char[] and a String first.
 */
final class AsciiBytes implements CharSequence {
    private final byte[] bytes;
    private final int start;
    private final int end;

    AsciiBytes(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.start = start;
        this.end = end;
    }

    @Override
    public int length() {
        return end - start;
    }

    @Override
    public char charAt(int index) {
        return (char) (bytes[start + index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int from, int to) {
        return new AsciiBytes(bytes, start + from, start + to);
    }

    @Override
    public String toString() {
        return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
