package dev.wasmdbg.debugger;

import dev.wasmdbg.symbols.LineSource;

/** What the program runs until: the next stop, one instruction, or a source-line step from a frame. */
sealed interface StepPlan {
    /** Until a breakpoint, trap, interrupt or the end. */
    record Continue() implements StepPlan {}

    record Instruction() implements StepPlan {}

    /** To the next line, into calls (stopping past a callee's prologue). */
    record LineInto(int depth, LineSource.Position from) implements StepPlan {}

    /** To the next line in this frame or its callers, over calls. */
    record LineOver(int depth, LineSource.Position from) implements StepPlan {}

    /** Until the frame at {@code depth} returns. */
    record LineOut(int depth) implements StepPlan {}

    StepPlan CONTINUE = new Continue();
}
