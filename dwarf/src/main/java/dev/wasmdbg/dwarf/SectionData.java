package dev.wasmdbg.dwarf;

/** A section's bytes: a window [start, start + length) of a larger array, read without copying. */
public record SectionData(String name, byte[] data, int start, int length) {
    public SectionData {
        if (start < 0 || length < 0 || start > data.length - length) {
            throw new IllegalArgumentException(name + ": window " + start + "+" + length + " outside " + data.length);
        }
    }

    public static SectionData of(String name, byte[] bytes) {
        return new SectionData(name, bytes, 0, bytes.length);
    }

    public static SectionData empty(String name) {
        return new SectionData(name, new byte[0], 0, 0);
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** A cursor at {@code offset} (relative to the section start). */
    ByteReader reader(long offset) {
        return new ByteReader(this, offset);
    }
}
