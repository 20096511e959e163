package dev.wasmdbg.cli;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import dev.wasmdbg.debugger.RunOutcome;
import dev.wasmdbg.debugger.WasiConfig;
import dev.wasmdbg.debugger.Backtrace;
import dev.wasmdbg.debugger.Session;
import dev.wasmdbg.debugger.StopEvent;
import dev.wasmdbg.debugger.StopReason;
import java.time.Duration;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `wasmdbg run MODULE [-- ARGS]`: runs a WASI program to completion, with its stdio and exit code. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a WASI command module to completion; its exit code becomes wasmdbg's. "
                + "A trap prints a symbolicated backtrace (functions, file:line:column, inlined frames, the "
                + "trap kind) on stderr and exits " + ExitCodes.TRAP + ".")
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODULE", description = "the .wasm file")
    Path module;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "the program's arguments (after --)")
    List<String> args = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "an environment variable for the program")
    Map<String, String> environment = Map.of();

    @Option(names = "--dir", paramLabel = "GUEST=HOST", description = "preopen host directory HOST as GUEST")
    Map<String, Path> directories = Map.of();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(module)) {
            err.println("wasmdbg: no such module: " + module);
            return ExitCodes.USAGE;
        }
        try {
            Parser.parse(module);
        } catch (ChicoryException e) {
            err.println("wasmdbg: " + module + " is not a valid wasm module: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        WasiConfig config = WasiConfig.of(module.getFileName().toString(), args);
        for (var e : environment.entrySet()) {
            config = config.withEnvironment(e.getKey(), e.getValue());
        }
        for (var d : directories.entrySet()) {
            config = config.withDirectory(d.getKey(), d.getValue());
        }
        return runUnderDebugger(module, config, err);
    }

    /**
     * Runs the program under the engine so that a trap stops before unwinding: then the report
     * names every frame, inlined ones included, in source terms.
     */
    static int runUnderDebugger(Path module, WasiConfig config, PrintWriter err) {
        try (Session session = Session.launch(module, config, false)) {
            while (true) {
                StopEvent stop = session.awaitStop(Duration.ofDays(365)).orElseThrow();
                if (stop.reason() == StopReason.TRAP) {
                    err.print(Backtrace.report(stop, Backtrace.of(session)));
                    err.flush();
                    session.resume();
                } else if (stop.reason() == StopReason.EXITED) {
                    return session.outcome().map(o -> o instanceof RunOutcome.Exited e ? e.code() : ExitCodes.TRAP)
                            .orElse(ExitCodes.TRAP);
                } else {
                    session.resume();
                }
            }
        } catch (IOException e) {
            err.println("wasmdbg: cannot read " + module + ": " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.TRAP;
        }
    }
}
