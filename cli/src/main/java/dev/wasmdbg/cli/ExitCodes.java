package dev.wasmdbg.cli;

/** Exit codes of wasmdbg itself; a program's own exit code passes through unchanged. */
final class ExitCodes {
    /** Bad arguments or an unreadable module. */
    static final int USAGE = 2;
    /** A module, debug file or address that could not be used (symbolize). */
    static final int FAILED = 1;
    /** The program trapped (128 + SIGABRT, as native programs that abort). */
    static final int TRAP = 134;

    private ExitCodes() {}
}
