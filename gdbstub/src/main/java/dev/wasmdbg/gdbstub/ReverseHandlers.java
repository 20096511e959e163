package dev.wasmdbg.gdbstub;

import dev.wasmdbg.gdbstub.target.ReverseExecution;

/** bc and bs; registered (and advertised) only for a target that can run backwards. */
final class ReverseHandlers {
    private ReverseHandlers() {}

    static void register(Dispatcher d, ReverseExecution reverse) {
        d.feature("ReverseContinue+");
        d.feature("ReverseStep+");
        d.exact("bc", (c, p) -> c.resumeWith(reverse::continueBackward));
        d.exact("bs", (c, p) -> c.resumeWith(reverse::stepBackward));
    }
}
