package dev.wasmdbg.debugger;

import java.util.Optional;

/**
 * A stop: why, at which instruction (file offset; -1 once exited), in which function, and for a
 * trap its kind and the runtime's message, for a breakpoint its id, for an exit its code (or the
 * trap it unwound from).
 */
public record StopEvent(
        StopReason reason,
        long address,
        int functionIndex,
        TrapKind trapKind,
        String message,
        int breakpointId,
        Integer exitCode) {

    public Optional<TrapKind> trap() {
        return Optional.ofNullable(trapKind);
    }

    static StopEvent at(StopReason reason, long address, int function) {
        return new StopEvent(reason, address, function, null, null, -1, null);
    }
}
