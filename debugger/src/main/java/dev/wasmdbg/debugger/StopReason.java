package dev.wasmdbg.debugger;

/** Why the program stopped. */
public enum StopReason {
    /** Paused before its first instruction (launched paused). */
    ENTRY,
    BREAKPOINT,
    /** A single-instruction or source-line step finished. */
    STEP,
    /** Paused on request. */
    INTERRUPTED,
    /** Trapped: stopped before unwinding, every frame still inspectable. */
    TRAP,
    /** Finished: returned, called proc_exit, was killed, or unwound from a trap. */
    EXITED
}
