package dev.wasmdbg.debugger;

/** How a program run ended: it exited with a code, or it trapped. */
public sealed interface RunOutcome {

    /** The program returned from _start or called proc_exit. */
    record Exited(int code) implements RunOutcome {}

    /** The program trapped; the message is the runtime's (e.g. "integer divide by zero"). */
    record Trapped(String message) implements RunOutcome {}

    /** The debugger ended it. */
    record Killed() implements RunOutcome {}
}
