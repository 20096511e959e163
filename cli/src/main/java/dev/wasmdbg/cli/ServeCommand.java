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
            "One client at a time; the program stays paused between clients. With no MODULE, the bundled demo.",
            "For VS Code (lldb-dap-22): --print-ide-config, and docs/ide.md."})
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

    @Option(names = "--print-ide-config", description = "also print a VS Code launch.json that attaches the LLDB DAP"
            + " extension (lldb-dap-22) to this server, then serve as usual: it names the port bound and, for the demo,"
            + " the directory its sources were extracted to, both known only now")
    boolean printIdeConfig;

    @Option(names = "--source-map-prefix", paramLabel = "FROM=TO", converter = SourceMapping.Converter.class,
            description = "sources whose debug-info path starts with FROM are under TO here (repeatable); goes into"
                    + " the printed lldb-22 line and launch.json (the demo maps its /wasmdbg/test-modules itself)")
    List<SourceMapping> sourceMaps = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] bytes;
        String name;
        String library;
        List<SourceMapping> mappings = new ArrayList<>();
        if (module == null) {
            Path dir = Demo.extract();
            Path wasm = dir.resolve("fact.wasm");
            bytes = Files.readAllBytes(wasm);
            name = "fact.wasm";
            library = wasm.toString();
            mappings.add(new SourceMapping("/wasmdbg/test-modules", dir)); // the paths clang-22 wrote into the demo
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
        mappings.addAll(sourceMaps);
        GdbServer server;
        try {
            server = GdbServer.start(bytes, name, library, args, new GdbServer.Options(host, port, once), System.out);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // Netty rethrows the bind's IOException (port in use) undeclared
            err.println("wasmdbg: cannot serve on " + host + ":" + port + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        String connect = "process connect -p wasm connect://" + host + ":" + server.port();
        out.println("wasmdbg: serving " + name + " (paused at its first instruction) on " + host + ":" + server.port());
        out.println("connect with:");
        out.println("  lldb-22 -o \"" + connect + "\"" + (mappings.isEmpty() ? "" : " -o \"" + sourceMapCommand(mappings) + "\""));
        if (printIdeConfig) {
            out.println("or from VS Code (LLDB DAP extension), with this .vscode/launch.json:");
            out.println(IdeConfig.launchJson(name, Path.of(library), connect, mappings));
        }
        out.flush();
        server.awaitClose();
        return 0;
    }

    // One command for all pairs: each `settings set` replaces the previous mappings.
    private static String sourceMapCommand(List<SourceMapping> mappings) {
        StringBuilder command = new StringBuilder("settings set target.source-map");
        for (SourceMapping m : mappings) {
            command.append(' ').append(m.from()).append(' ').append(m.to());
        }
        return command.toString();
    }
}
