package dev.wasmdbg.debugger;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A session's breakpoints: ids, owners, requested and placed addresses, hit counts, and the bitmap
 * of placed addresses the hook tests. It outlives runs: a restart keeps every breakpoint.
 */
final class BreakpointTable {
    private final TreeMap<Integer, Breakpoint> byId = new TreeMap<>();
    private final int bitmapWords;
    private int nextId = 1;
    private long[] bits;

    BreakpointTable(int moduleSize) {
        this.bitmapWords = (moduleSize >>> 6) + 1;
        this.bits = new long[bitmapWords];
    }

    synchronized Breakpoint add(long requested, long placed, HitCondition condition, String owner) {
        Breakpoint b = new Breakpoint(nextId++, requested, placed, condition, 0, owner);
        byId.put(b.id(), b);
        rebuild();
        return b;
    }

    synchronized boolean remove(int id) {
        boolean removed = byId.remove(id) != null;
        rebuild();
        return removed;
    }

    synchronized int removeIf(Predicate<Breakpoint> which) {
        int before = byId.size();
        byId.values().removeIf(which);
        rebuild();
        return before - byId.size();
    }

    synchronized List<Breakpoint> list() {
        return List.copyOf(byId.values());
    }

    /** The bitmap of placed addresses (replaced, never changed, when breakpoints change). */
    synchronized long[] bits() {
        return bits;
    }

    /**
     * Counts a hit on every breakpoint placed at {@code address} and returns the first whose
     * condition stops, else null.
     */
    synchronized Breakpoint hit(int address) {
        int word = address >>> 6;
        if (word >= bits.length || (bits[word] & (1L << address)) == 0) {
            return null;
        }
        Breakpoint stopping = null;
        List<Breakpoint> counted = new ArrayList<>();
        for (Breakpoint b : byId.values()) {
            if (b.address() == address) {
                Breakpoint c = b.counted();
                counted.add(c);
                if (stopping == null && c.condition().stops(c.hits())) {
                    stopping = c;
                }
            }
        }
        counted.forEach(c -> byId.put(c.id(), c));
        return stopping;
    }

    private void rebuild() {
        long[] fresh = new long[bitmapWords];
        for (Breakpoint b : byId.values()) {
            fresh[(int) (b.address() >>> 6)] |= 1L << b.address();
        }
        bits = fresh;
    }
}
