package dev.wasmdbg.debugger;

import java.util.List;

/**
 * One wasm frame of a paused program, innermost first (index 0). {@code address} is the file
 * offset of the instruction executing (innermost) or of the return address, the instruction after
 * the call (callers: what a debugger looks up at address - 1).
 */
public record Frame(int index, int functionIndex, String functionName, long address, boolean caller,
        List<LocalValue> locals, List<Long> operands) {}
