package dev.wasmdbg.gdbstub.target;

/** Running backwards (bc, bs). No target offers it yet. */
public interface ReverseExecution {

    /** Runs back to the previous breakpoint hit, or to the start of history; the stop follows as a stop reply. */
    void continueBackward();

    /** One instruction back. */
    void stepBackward();
}
