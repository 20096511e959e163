package dev.wasmdbg.cli;

import dev.wasmdbg.debugger.Session;
import dev.wasmdbg.debugger.WasiConfig;
import dev.wasmdbg.debugger.WasiHost;
import dev.wasmdbg.gdbstub.GdbServer;
import dev.wasmdbg.gdbstub.target.SessionTarget;
import dev.wasmdbg.gdbstub.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Pattern;
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
            "For VS Code (lldb-dap-22): --print-ide-config or --ide-config-out FILE, and docs/ide.md."})
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

    @Option(names = "--ide-config-out", paramLabel = "FILE", description = "write that launch.json, and nothing"
            + " else, to FILE (e.g. .vscode/launch.json; replaced if it exists), then serve as usual")
    Path ideConfigOut;

    @Option(names = "--source-map-prefix", paramLabel = "FROM=TO", converter = SourceMapping.Converter.class,
            description = "sources whose debug-info path starts with FROM are under TO here (repeatable); goes into"
                    + " the printed lldb-22 line and launch.json (the demo maps its /wasmdbg/test-modules itself)")
    List<SourceMapping> sourceMaps = new ArrayList<>();

    /** The program, started paused against WASI, writing to the server's streams (console and client). */
    private Function<GdbServer.ProgramStreams, Target> target(byte[] bytes, String name, String library) {
        return out -> {
            WasiConfig config = WasiConfig.of(name, args).withStdio(InputStream.nullInputStream(), out.stdout(),
                    out.stderr());
            Path location = module == null ? Path.of(library) : module;
            return new SessionTarget(Session.launch(bytes, name, location, WasiHost.factory(config), true), library);
        };
    }

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
            server = GdbServer.start(target(bytes, name, library), new GdbServer.Options(host, port, once), System.out);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // Netty rethrows the bind's IOException (port in use) undeclared
            err.println("wasmdbg: cannot serve on " + urlHost(host) + ":" + port + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        String connectHost = connectHost(host);
        String connect = "process connect -p wasm connect://" + connectHost + ":" + server.port();
        String launchJson = IdeConfig.launchJson(name, Path.of(library), connect, mappings);
        if (ideConfigOut != null) {
            try {
                Path parent = ideConfigOut.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(ideConfigOut, launchJson + System.lineSeparator()); // as println prints it
            } catch (IOException e) {
                // NIO's messages are often just a path: say which exception (FileAlreadyExists, AccessDenied, ...)
                String why = e instanceof FileSystemException f && f.getReason() == null
                        ? e.getClass().getSimpleName().replace("Exception", "") + ": " + f.getFile() : e.getMessage();
                err.println("wasmdbg: cannot write " + ideConfigOut + ": " + why);
                server.close();
                return ExitCodes.FAILED;
            }
        }
        out.println("wasmdbg: serving " + name + " (paused at its first instruction) on " + urlHost(host) + ":" + server.port());
        out.println("connect with:");
        out.println("  " + lldbLine(connect, mappings));
        if (!connectHost.equals(urlHost(host))) {
            out.println("(from another machine, write this machine's name or address instead of " + connectHost + ")");
        }
        if (ideConfigOut != null) {
            out.println("VS Code's launch.json (LLDB DAP extension) written to " + ideConfigOut.toAbsolutePath().normalize());
        }
        if (printIdeConfig) {
            out.println("or from VS Code (LLDB DAP extension), with this .vscode/launch.json:");
            out.println(launchJson);
        }
        out.flush();
        server.awaitClose();
        return 0;
    }

    /**
     * The line to paste into a POSIX shell: {@code lldb-22 -o CONNECT [-o SOURCE-MAP]}. Paths that
     * LLDB would split or unescape are in LLDB's double quotes; an argument that holds characters a
     * shell's double quotes would expand ({@code $ ` \ " !}) is in single quotes.
     */
    static String lldbLine(String connect, List<SourceMapping> mappings) {
        String line = "lldb-22 -o " + shellQuote(connect);
        return mappings.isEmpty() ? line : line + " -o " + shellQuote(sourceMapCommand(mappings));
    }

    // One command for all pairs: each `settings set` replaces the previous mappings.
    static String sourceMapCommand(List<SourceMapping> mappings) {
        StringBuilder command = new StringBuilder("settings set target.source-map");
        for (SourceMapping m : mappings) {
            command.append(' ').append(lldbQuote(m.from())).append(' ').append(lldbQuote(m.to().toString()));
        }
        return command.toString();
    }

    private static final Pattern LLDB_BARE = Pattern.compile("[A-Za-z0-9/._+,:=@-]+");

    /**
     * One argument of an LLDB command: as it is if LLDB takes it as one word, else in double quotes,
     * where LLDB's parser unescapes {@code \"}, {@code \\} and {@code \`} (a bare backtick would
     * start an expression to substitute) and keeps every other backslash.
     */
    static String lldbQuote(String arg) {
        if (LLDB_BARE.matcher(arg).matches()) {
            return arg;
        }
        return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"").replace("`", "\\`") + '"';
    }

    /** One word for a POSIX shell: in double quotes if nothing in it expands there, else in single quotes. */
    static String shellQuote(String word) {
        if (word.chars().noneMatch(c -> "$`\\\"!".indexOf(c) >= 0)) {
            return '"' + word + '"';
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The host as a URL writes it: an IPv6 literal in brackets. */
    static String urlHost(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /**
     * Where a client on this machine connects: the host bound, except that a wildcard address
     * (0.0.0.0, ::) is no destination: the loopback address of its family instead.
     */
    static String connectHost(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (literal.contains(":") || literal.matches("[0-9.]+")) { // an IP literal: no name lookup
            try {
                if (InetAddress.getByName(literal).isAnyLocalAddress()) {
                    return literal.contains(":") ? "[::1]" : "127.0.0.1";
                }
            } catch (UnknownHostException e) {
                // not an address after all: as given
            }
        }
        return urlHost(host);
    }
}
