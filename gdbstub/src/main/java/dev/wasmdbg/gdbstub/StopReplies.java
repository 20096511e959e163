package dev.wasmdbg.gdbstub;

import dev.wasmdbg.debugger.RunOutcome;
import dev.wasmdbg.debugger.StopEvent;
import dev.wasmdbg.debugger.TrapKind;
import dev.wasmdbg.gdbstub.packet.Hex;

/** A stop as LLDB reads it: T packets carry the thread, the PC and a reason; W, X end the process. */
final class StopReplies {
    private StopReplies() {}

    /** {@code pc}: the LLDB address of where it stopped; {@code lastTrap}: the trap an exit unwound from, or null. */
    static String of(StopEvent e, WasmAddress pc, StopEvent.Trapped lastTrap) {
        if (e instanceof StopEvent.Exited exited) {
            return exit(exited.outcome(), lastTrap);
        }
        String signal;
        String reason;
        if (e instanceof StopEvent.BreakpointHit) {
            signal = "05";
            reason = "reason:breakpoint;";
        } else if (e instanceof StopEvent.StepDone) {
            signal = "05";
            reason = "reason:trace;";
        } else if (e instanceof StopEvent.Interrupted) {
            signal = "02";
            reason = "reason:signal;";
        } else if (e instanceof StopEvent.Trapped t) {
            signal = signal(t.kind());
            reason = "reason:exception;description:" + Hex.encodeText(t.text()) + ";";
        } else if (e instanceof StopEvent.Entry) {
            signal = "05";
            reason = "reason:signal;";
        } else {
            throw new IllegalStateException("a stop no reply is defined for: " + e);
        }
        return "T" + signal + "thread:1;00:" + Hex.le(pc.raw(), 8) + ";" + reason;
    }

    private static String exit(RunOutcome outcome, StopEvent.Trapped lastTrap) {
        if (outcome instanceof RunOutcome.Exited x) {
            return String.format("W%02x", x.code() & 0xff);
        }
        if (outcome instanceof RunOutcome.Killed) {
            return "X09";
        }
        // unwound from a trap: its signal, and what it was (LLDB: "exited with status = 8 (0x00000008)
        // wasm trap: integer divide by zero")
        String message = ((RunOutcome.Trapped) outcome).message();
        String text = lastTrap != null ? lastTrap.text() : "wasm trap" + (message == null ? "" : ": " + message);
        return "X" + (lastTrap != null ? signal(lastTrap.kind()) : "04") + ";description:" + Hex.encodeText(text) + ";";
    }

    private static String signal(TrapKind kind) {
        switch (kind) {
            case INTEGER_DIVIDE_BY_ZERO:
            case INTEGER_OVERFLOW:
            case INVALID_CONVERSION:
                return "08"; // SIGFPE
            case OUT_OF_BOUNDS_MEMORY:
            case OUT_OF_BOUNDS_TABLE:
                return "0b"; // SIGSEGV
            default:
                return "04"; // SIGILL
        }
    }
}
