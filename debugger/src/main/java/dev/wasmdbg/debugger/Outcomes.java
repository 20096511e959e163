package dev.wasmdbg.debugger;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExecutionCompletedException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.ChicoryException;

/** How the engine's exceptions map to run outcomes: one place, for every host and runner. */
final class Outcomes {
    private Outcomes() {}

    static boolean interrupted(Throwable e) {
        return e instanceof ChicoryInterruptedException;
    }

    /** Whether an exception raised while running is the program's trap (not an exit or a stop by us). */
    static boolean isTrap(ChicoryException e) {
        return !(e instanceof ExecutionCompletedException) && !(e instanceof WasiExitException) && !interrupted(e);
    }

    /** A run that ended by an exception out of Host.run. */
    static RunOutcome of(RuntimeException e) {
        if (e instanceof RunControl.Killed || interrupted(e)) {
            return new RunOutcome.Killed();
        }
        if (e instanceof ChicoryException) {
            return new RunOutcome.Trapped(e.getMessage());
        }
        return new RunOutcome.Trapped(TrapKind.HOST.description() + ": " + e);
    }
}
