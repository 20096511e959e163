package dev.wasmdbg.debugger;

import com.dylibso.chicory.runtime.ExecutionCompletedException;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import java.io.IOException;

/** WASI preview1 (Chicory's): a command module's `_start`, its exit code, its stdio, env and directories. */
public final class WasiHost implements Host {
    private final WasiConfig config;
    private final WasiPreview1 wasi;

    private WasiHost(WasiConfig config) {
        this.config = config;
        this.wasi = WasiPreview1.builder().withOptions(options(config)).build();
    }

    /** A fresh WASI host per run, all with this configuration. */
    public static Host.Factory factory(WasiConfig config) {
        return () -> new WasiHost(config);
    }

    @Override
    public ImportValues imports() {
        return ImportValues.builder().addFunction(wasi.toHostFunctions()).build();
    }

    @Override
    public RunOutcome run(Instance instance) {
        try {
            instance.export(Instance.START_FUNCTION_NAME).apply();
            return new RunOutcome.Exited(0);
        } catch (ExecutionCompletedException e) {
            return new RunOutcome.Exited(0);
        } catch (WasiExitException e) {
            return new RunOutcome.Exited(e.exitCode());
        }
    }

    @Override
    public void close() {
        wasi.close();
        try {
            config.stdout().flush();
            config.stderr().flush();
        } catch (IOException ignored) {
            // the program's output streams are the caller's; a failed flush is theirs to see
        }
    }

    private static WasiOptions options(WasiConfig config) {
        var options = WasiOptions.builder()
                .withArguments(config.arguments())
                .withStdin(config.stdin())
                .withStdout(config.stdout())
                .withStderr(config.stderr());
        config.environment().forEach(options::withEnvironment);
        config.directories().forEach(options::withDirectory);
        return options.build();
    }
}
