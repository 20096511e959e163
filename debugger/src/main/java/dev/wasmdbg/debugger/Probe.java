package dev.wasmdbg.debugger;

/**
 * The engine's calls into run control, on the program's thread. One probe serves one run: a
 * restarted session's old run keeps its own probe, which only ever tells it to end.
 */
interface Probe {

    /** The instructions that need the slow path: one bit per file offset (all ones while attention is needed). */
    long[] interest();

    /** An instruction of interest is about to execute. */
    void reached(int address);

    /** A trap was raised, before the stack unwinds: every frame is still there. */
    void trapped(RuntimeException trap);

    /** The outermost wasm call began on {@code thread} (null: it returned), so a kill can interrupt it. */
    void calling(Thread thread);
}
