package dev.wasmdbg.gdbstub.target;

/** Data breakpoints on linear memory (Z2 write, Z3 read, Z4 access). No target offers them yet. */
public interface Watchpoints {
    enum Kind { WRITE, READ, ACCESS }

    /** How many the target can hold at once (qWatchpointSupportInfo). */
    int capacity();

    void add(String owner, Kind kind, long address, int length);

    void remove(String owner, Kind kind, long address, int length);
}
