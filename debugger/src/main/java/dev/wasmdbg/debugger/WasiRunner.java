package dev.wasmdbg.debugger;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExecutionCompletedException;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.nio.file.Path;

/** Runs a WASI command module to completion, without a debugger. */
public final class WasiRunner {
    private WasiRunner() {}

    public static RunOutcome run(Path module, WasiConfig config) {
        return run(Parser.parse(module), config);
    }

    /**
     * Instantiates the module against WASI preview1 and calls _start. A module that cannot be
     * instantiated (unknown imports, no _start) throws; only what happens while running is an outcome.
     * Interrupting the calling thread stops the run with {@code ChicoryInterruptedException}.
     */
    public static RunOutcome run(WasmModule module, WasiConfig config) {
        try (var wasi = WasiPreview1.builder().withOptions(options(config)).build()) {
            Instance instance = Instance.builder(module)
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                    .withStart(false)
                    .build();
            var start = instance.export(Instance.START_FUNCTION_NAME);
            try {
                start.apply();
                return new RunOutcome.Exited(0);
            } catch (ExecutionCompletedException e) {
                return new RunOutcome.Exited(0);
            } catch (WasiExitException e) {
                return new RunOutcome.Exited(e.exitCode());
            } catch (ChicoryInterruptedException e) {
                throw e; // the host stopped the run (Thread.interrupt): not the program's trap
            } catch (ChicoryException e) {
                return new RunOutcome.Trapped(e.getMessage());
            } finally {
                flush(config);
            }
        }
    }

    static WasiOptions options(WasiConfig config) {
        var options = WasiOptions.builder()
                .withArguments(config.arguments())
                .withStdin(config.stdin())
                .withStdout(config.stdout())
                .withStderr(config.stderr());
        config.environment().forEach(options::withEnvironment);
        config.directories().forEach(options::withDirectory);
        return options.build();
    }

    private static void flush(WasiConfig config) {
        try {
            config.stdout().flush();
            config.stderr().flush();
        } catch (java.io.IOException ignored) {
            // the program's output streams are the caller's; a failed flush is theirs to see
        }
    }
}
