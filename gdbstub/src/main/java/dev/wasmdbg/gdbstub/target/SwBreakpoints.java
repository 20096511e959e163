package dev.wasmdbg.gdbstub.target;

/** Code breakpoints (Z0/z0), each owned by the client that set it. */
public interface SwBreakpoints {

    /** Sets a breakpoint at a code address; setting one the owner already has there does nothing. */
    void add(String owner, int module, long offset);

    /** Removes what the owner asked for at this address. */
    void remove(String owner, int module, long offset);

    /** The owner left: its breakpoints go. */
    void removeAll(String owner);
}
