package dev.wasmdbg.sourcemap;

/**
 * A fixed bit set with rank (how many bits are set before an index) in O(1): which mappings have a source, and
 * where their source fields sit in the dense per-source arrays. Costs about 1.5 bits per mapping.
 */
final class RankedBits {
    private final long[] words;
    private final int[] ranks;

    /** Takes ownership of words (as filled by {@link #set}). */
    RankedBits(long[] words) {
        this.words = words;
        this.ranks = new int[words.length + 1];
        for (int w = 0; w < words.length; w++) {
            ranks[w + 1] = ranks[w] + Long.bitCount(words[w]);
        }
    }

    static long[] words(int bits) {
        return new long[(bits + 63) >>> 6];
    }

    static void set(long[] words, int i, boolean value) {
        if (value) {
            words[i >>> 6] |= 1L << i;
        } else {
            words[i >>> 6] &= ~(1L << i);
        }
    }

    static boolean get(long[] words, int i) {
        return (words[i >>> 6] & (1L << i)) != 0;
    }

    boolean get(int i) {
        return get(words, i);
    }

    /** The number of set bits at indexes below i. */
    int rank(int i) {
        int w = i >>> 6;
        return ranks[w] + Long.bitCount(words[w] & ((1L << i) - 1));
    }

    int cardinality() {
        return ranks[words.length];
    }

    long retainedBytes() {
        return 8L * words.length + 4L * ranks.length;
    }
}
