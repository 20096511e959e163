package com.dylibso.chicory.runtime;

/**
 * The debugger's only access to Chicory's package-private frame state (Chicory 1.7.5 keeps it
 * package-private; this class lives in its package on the class path to read it). Keep it small.
 */
public final class ChicoryFrames {
    private ChicoryFrames() {}

    public static int functionIndex(StackFrame frame) {
        return frame.funcId();
    }

    /** Index of the instruction the frame is executing (in a caller: the call). */
    public static int currentInstruction(StackFrame frame) {
        return frame.currentPc();
    }

    public static long slot(StackFrame frame, int slot) {
        return frame.local(slot);
    }

    public static void setSlot(StackFrame frame, int slot, long value) {
        frame.setLocal(slot, value);
    }
}
