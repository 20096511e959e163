package dev.wasmdbg.debugger;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;

/**
 * What a program links against and how it starts and ends: WASI today; Go's js host and hosts
 * that record or replay every host answer plug in here. One host serves one run: a restart asks
 * the factory for a fresh one.
 */
public interface Host extends AutoCloseable {

    /** Makes the host for one run. */
    @FunctionalInterface
    interface Factory {
        Host create();
    }

    /** The functions (and other imports) the module is instantiated with. */
    ImportValues imports();

    /**
     * Runs the instantiated program to its end and says how it ended. A trap surfaces as the
     * engine's exception (the session classifies it); a normal exit, whatever the host's way of
     * exiting, is an outcome.
     */
    RunOutcome run(Instance instance);

    /** Ends the run's use of host resources (flushes output; the streams stay the caller's). */
    @Override
    void close();
}
