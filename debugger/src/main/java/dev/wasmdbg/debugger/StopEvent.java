package dev.wasmdbg.debugger;

import java.util.Locale;
import java.util.Optional;

/**
 * Why and where a program stopped, one record per cause. Switches over it are checked for
 * completeness: a new kind of stop (a watchpoint hit, the end of a replay) makes the compiler name
 * every place that must answer it. The accessors below serve callers that only need one fact.
 */
public sealed interface StopEvent {

    /** Paused before its first instruction (launched or restarted paused). */
    record Entry(CodeLocation at) implements StopEvent {}

    /** A breakpoint stopped it; {@code breakpoint} as counted by this hit. */
    record BreakpointHit(CodeLocation at, Breakpoint breakpoint) implements StopEvent {}

    /** A single-instruction or source-line step finished. */
    record StepDone(CodeLocation at) implements StopEvent {}

    /** Paused on request. */
    record Interrupted(CodeLocation at) implements StopEvent {}

    /** Trapped: stopped before unwinding, every frame still inspectable. */
    record Trapped(CodeLocation at, TrapKind kind, String message) implements StopEvent {
        /**
         * "wasm trap: KIND", and the runtime's message in parentheses when it says more than the
         * kind (not "integer divide by zero" twice): the one text of a trap, for reports and debuggers.
         */
        public String text() {
            String description = kind.description();
            boolean more = message != null
                    && !message.toLowerCase(Locale.ROOT).contains(description.toLowerCase(Locale.ROOT));
            return "wasm trap: " + description + (more ? " (" + message + ")" : "");
        }
    }

    /** Finished: returned, called proc_exit, was killed, or unwound from a trap. */
    record Exited(RunOutcome outcome) implements StopEvent {}

    default StopReason reason() {
        if (this instanceof Entry) {
            return StopReason.ENTRY;
        } else if (this instanceof BreakpointHit) {
            return StopReason.BREAKPOINT;
        } else if (this instanceof StepDone) {
            return StopReason.STEP;
        } else if (this instanceof Interrupted) {
            return StopReason.INTERRUPTED;
        } else if (this instanceof Trapped) {
            return StopReason.TRAP;
        }
        return StopReason.EXITED;
    }

    /** Where it stopped; empty once exited. */
    default Optional<CodeLocation> location() {
        if (this instanceof Entry e) {
            return Optional.of(e.at());
        } else if (this instanceof BreakpointHit b) {
            return Optional.of(b.at());
        } else if (this instanceof StepDone s) {
            return Optional.of(s.at());
        } else if (this instanceof Interrupted i) {
            return Optional.of(i.at());
        } else if (this instanceof Trapped t) {
            return Optional.of(t.at());
        }
        return Optional.empty();
    }

    /** The file offset of the instruction it stopped at; -1 once exited. */
    default long address() {
        return location().map(CodeLocation::fileOffset).orElse(-1L);
    }

    default int functionIndex() {
        return location().map(CodeLocation::functionIndex).orElse(-1);
    }

    /** A trap's kind, else null. */
    default TrapKind trapKind() {
        return this instanceof Trapped t ? t.kind() : null;
    }

    default Optional<TrapKind> trap() {
        return this instanceof Trapped t ? Optional.of(t.kind()) : Optional.empty();
    }

    /** A trap's message, also once the program unwound from it; "killed" for a killed program; else null. */
    default String message() {
        if (this instanceof Trapped t) {
            return t.message();
        }
        if (this instanceof Exited e) {
            return e.outcome() instanceof RunOutcome.Trapped t ? t.message()
                    : e.outcome() instanceof RunOutcome.Killed ? "killed" : null;
        }
        return null;
    }

    /** The id of the breakpoint hit, else -1. */
    default int breakpointId() {
        return this instanceof BreakpointHit b ? b.breakpoint().id() : -1;
    }

    /** The exit code of a program that exited normally, else null. */
    default Integer exitCode() {
        return this instanceof Exited e && e.outcome() instanceof RunOutcome.Exited x ? x.code() : null;
    }
}
