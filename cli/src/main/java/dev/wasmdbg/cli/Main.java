package dev.wasmdbg.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `wasmdbg` command. With no subcommand it runs the main job on the bundled demo module. */
@Command(
        name = "wasmdbg",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Source-level WebAssembly debugger server on Chicory.%n"
                + "With no command: serves the bundled demo (fact.c, clang-22 -O0 -g) to lldb-22 on port 3000.",
        subcommands = {ServeCommand.class, RunCommand.class, SymbolizeCommand.class, SymbolicateServerCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return new CommandLine(new ServeCommand()).setOut(new PrintWriter(System.out, true))
                .setErr(new PrintWriter(System.err, true)).execute();
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with picocli's own output going to the given writers; returns the exit code. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    commandLine.getErr().println("wasmdbg: " + e.getMessage());
                    return ExitCodes.USAGE;
                })
                .execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"wasmdbg " + (v == null ? "(development build)" : v)};
        }
    }
}
