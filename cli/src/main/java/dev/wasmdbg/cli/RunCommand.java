package dev.wasmdbg.cli;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasmdbg.debugger.RunOutcome;
import dev.wasmdbg.debugger.WasiConfig;
import dev.wasmdbg.debugger.WasiRunner;
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
                + "A trap prints the runtime's message and exits " + ExitCodes.TRAP + ".")
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
        WasmModule parsed;
        try {
            parsed = Parser.parse(module);
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
        return report(WasiRunner.run(parsed, config), err);
    }

    /** The exit code for an outcome; a trap is also described on stderr. */
    static int report(RunOutcome outcome, PrintWriter err) {
        if (outcome instanceof RunOutcome.Exited exited) {
            return exited.code();
        }
        err.println("wasmdbg: the program trapped: " + ((RunOutcome.Trapped) outcome).message());
        return ExitCodes.TRAP;
    }
}
