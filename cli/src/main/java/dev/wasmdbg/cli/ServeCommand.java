package dev.wasmdbg.cli;

import dev.wasmdbg.gdbstub.GdbServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `wasmdbg serve MODULE [-- ARGS]`: the LLDB server. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Starts a WASI program paused at its first instruction and serves the GDB remote protocol",
            "(LLDB's WebAssembly dialect) for lldb-22:  process connect -p wasm connect://HOST:PORT",
            "One client at a time; the program stays paused between clients. With no MODULE, the bundled demo."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODULE", description = "the .wasm file (default: the demo)")
    Path module;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "the program's arguments (after --)")
    List<String> args = new ArrayList<>();

    @Option(names = "--port", defaultValue = "3000", description = "TCP port (default 3000; 0 picks a free one)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default 127.0.0.1)")
    String host;

    @Option(names = "--once", description = "exit when the first client disconnects")
    boolean once;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        byte[] bytes;
        String name;
        String library;
        String sourceMap = null;
        if (module == null) {
            Path dir = Demo.extract();
            Path wasm = dir.resolve("fact.wasm");
            bytes = Files.readAllBytes(wasm);
            name = "fact.wasm";
            library = wasm.toString();
            sourceMap = "settings set target.source-map /wasmdbg/test-modules " + dir;
        } else {
            if (!Files.isRegularFile(module)) {
                err.println("wasmdbg: no such module: " + module);
                return ExitCodes.USAGE;
            }
            try {
                bytes = Files.readAllBytes(module);
            } catch (IOException e) {
                err.println("wasmdbg: cannot read " + module + ": " + e.getMessage());
                return ExitCodes.USAGE;
            }
            name = module.getFileName().toString();
            library = module.toAbsolutePath().toString();
        }
        GdbServer server;
        try {
            server = GdbServer.start(bytes, name, library, args, new GdbServer.Options(host, port, once), System.out);
        } catch (RuntimeException e) {
            err.println("wasmdbg: cannot serve on " + host + ":" + port + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        String connect = "process connect -p wasm connect://" + host + ":" + server.port();
        System.out.println("wasmdbg: serving " + name + " (paused at its first instruction) on " + host + ":" + server.port());
        System.out.println("connect with:");
        System.out.println("  lldb-22 -o \"" + connect + "\"" + (sourceMap == null ? "" : " -o \"" + sourceMap + "\""));
        System.out.flush();
        server.awaitClose();
        return 0;
    }
}
