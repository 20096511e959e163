package dev.wasmdbg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wasmdbg.symbols.AddressForm;
import dev.wasmdbg.symbols.Symbolization;
import dev.wasmdbg.symbols.SymbolizeException;
import dev.wasmdbg.symbols.Symbolizer;
import dev.wasmdbg.dwarf.SourceFrame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `wasmdbg symbolize`: wasm addresses to source, shaped like llvm-symbolizer's output. */
@Command(name = "symbolize", mixinStandardHelpOptions = true,
        description = {"Turns wasm addresses into function, file:line:column, inlined frames innermost first.",
            "Debug information used, best first: the module's DWARF; DWARF in the file its external_debug_info",
            "names (or --debug-file); its source map (sourceMappingURL, or --source-map); its name section;",
            "function indexes.",
            "",
            "ADDRESS forms:",
            "  0x1f3, 499         an address: Code-section-relative by default (the DWARF and",
            "                     llvm-symbolizer convention), or a .wasm file offset with --relative file",
            "  12:0x1a            function 12 (imports counted) + an offset from its body's start",
            "  wasm-function[12]:0x1f3   a browser stack frame: the number is a file offset",
            "With no ADDRESS, reads addresses one per line from stdin and answers each at once (a filter).",
            "Exit status: 0; 1 if the module or any address could not be used (the others are still answered)."})
final class SymbolizeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--obj", required = true, paramLabel = "MODULE", description = "the .wasm module")
    Path module;

    @Option(names = "--debug-file", paramLabel = "FILE", description = "DWARF in a separate wasm file")
    Path debugFile;

    @Option(names = "--source-map", paramLabel = "FILE", description = "a Source Map v3 for the module")
    Path sourceMap;

    @Option(names = "--relative", paramLabel = "code|file", defaultValue = "code",
            description = "what plain addresses count from: code (the Code section's payload; default) or file")
    String relative;

    @Option(names = "--json", description = "one JSON object per address, as llvm-symbolizer --output-style=JSON")
    boolean json;

    @Option(names = "--info", description = "print the module's identity and debug information kind first")
    boolean info;

    @Parameters(paramLabel = "ADDRESS", arity = "0..*")
    List<String> addresses = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!relative.equals("code") && !relative.equals("file")) {
            err.println("wasmdbg: --relative takes code or file, not '" + relative + "'");
            return ExitCodes.USAGE;
        }
        Symbolizer symbolizer;
        try {
            symbolizer = Symbolizer.open(module, debugFile, sourceMap);
        } catch (SymbolizeException e) {
            err.println("wasmdbg: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        if (info) {
            out.println("module: " + module);
            out.println("identity: " + symbolizer.identity().kind() + ":" + symbolizer.identity().id());
            out.println("debug information: " + symbolizer.source());
            out.flush();
        }
        boolean failed = false;
        if (!addresses.isEmpty()) {
            for (String a : addresses) {
                failed |= !answer(symbolizer, a, out, err);
            }
        } else if (!info) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isBlank()) {
                    failed |= !answer(symbolizer, line.trim(), out, err);
                }
            }
        }
        return failed ? ExitCodes.FAILED : 0;
    }

    /** Prints one answer (or a placeholder and a message on stderr); true when it worked. */
    private boolean answer(Symbolizer symbolizer, String token, PrintWriter out, PrintWriter err) {
        try {
            Symbolization s = resolve(symbolizer, token);
            out.println(json ? toJson(token, s.frames()) : toText(s.frames()));
            out.flush();
            return true;
        } catch (SymbolizeException | NumberFormatException e) {
            String message = e instanceof NumberFormatException
                    ? token + ": not an address (see --help for the forms)" : token + ": " + e.getMessage();
            err.println("wasmdbg: " + message);
            err.flush();
            if (json) {
                ObjectNode o = JSON.createObjectNode();
                o.put("Address", token);
                o.put("ModuleName", module.toString());
                o.putObject("Error").put("Message", message);
                out.println(o);
            } else {
                out.println("??\n??:0:0\n");
            }
            out.flush();
            return false;
        }
    }

    private Symbolization resolve(Symbolizer symbolizer, String token) {
        return AddressForm.resolve(symbolizer, token, relative.equals("file"));
    }

    /** llvm-symbolizer's default style: function, then file:line:column, per frame; a blank line after. */
    static String toText(List<SourceFrame> frames) {
        StringBuilder s = new StringBuilder();
        if (frames.isEmpty()) {
            s.append("??\n??:0:0\n");
        }
        for (SourceFrame f : frames) {
            s.append(f.function().isEmpty() ? "??" : f.function()).append('\n');
            s.append(f.file().isEmpty() ? "??" : f.file()).append(':').append(f.line()).append(':')
                    .append(f.column()).append('\n');
        }
        return s.toString();
    }

    /** llvm-symbolizer --output-style=JSON: keys in its (alphabetical) order, "" for what is unknown. */
    String toJson(String token, List<SourceFrame> frames) {
        ObjectNode o = JSON.createObjectNode();
        o.put("Address", token.startsWith("0x") ? token : "0x" + Long.toHexString(safeNumber(token)));
        o.put("ModuleName", module.toString());
        ArrayNode symbols = o.putArray("Symbol");
        if (frames.isEmpty()) {
            frames = List.of(new SourceFrame("", "", "", 0, 0, 0, "", 0, -1, false));
        }
        for (SourceFrame f : frames) {
            ObjectNode frame = symbols.addObject();
            frame.put("Column", f.column());
            frame.put("Discriminator", f.discriminator());
            frame.put("FileName", f.file());
            frame.put("FunctionName", f.function());
            frame.put("Line", f.line());
            frame.put("StartAddress", f.startAddress() < 0 ? "" : "0x" + Long.toHexString(f.startAddress()));
            frame.put("StartFileName", f.startFile());
            frame.put("StartLine", f.startLine());
        }
        return o.toString();
    }

    private static long safeNumber(String token) {
        try {
            return AddressForm.number(token);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
