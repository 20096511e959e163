package dev.wasmdbg.gdbstub.dialect;

/** The test JVM's heap, where the server runs too. */
final class Heap {
    private Heap() {}

    /** Bytes in use after collecting: the least of a few collections, one may leave garbage behind. */
    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
