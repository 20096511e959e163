package dev.wasmdbg.debugger;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.nio.file.Path;

/** Runs a WASI command module to completion without a debugger (plain Chicory, for comparisons). */
public final class WasiRunner {
    private WasiRunner() {}

    public static RunOutcome run(Path module, WasiConfig config) {
        return run(Parser.parse(module), config);
    }

    /**
     * Instantiates the module against WASI and calls _start. A module that cannot be instantiated
     * (unknown imports, no _start) throws; only what happens while running is an outcome.
     * Interrupting the calling thread stops the run with Chicory's interrupted exception.
     */
    public static RunOutcome run(WasmModule module, WasiConfig config) {
        try (Host host = WasiHost.factory(config).create()) {
            Instance instance = Instance.builder(module).withImportValues(host.imports()).withStart(false).build();
            try {
                return host.run(instance);
            } catch (ChicoryException e) {
                if (Outcomes.interrupted(e)) {
                    throw e; // the caller stopped the run: not the program's trap
                }
                return new RunOutcome.Trapped(e.getMessage());
            }
        }
    }
}
