package dev.wasmdbg.debugger;

/** When a breakpoint stops, by its hit count (counted by the engine, from 1). */
public record HitCondition(Kind kind, long count) {
    public enum Kind { ALWAYS, EQUAL, AT_LEAST, MULTIPLE_OF }

    public static final HitCondition ALWAYS = new HitCondition(Kind.ALWAYS, 0);

    public HitCondition {
        if (kind != Kind.ALWAYS && count < 1) {
            throw new IllegalArgumentException("a hit count must be at least 1, not " + count);
        }
    }

    boolean stops(long hits) {
        switch (kind) {
            case EQUAL:
                return hits == count;
            case AT_LEAST:
                return hits >= count;
            case MULTIPLE_OF:
                return hits % count == 0;
            default:
                return true;
        }
    }
}
