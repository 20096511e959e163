package dev.wasmdbg.symbols;

import dev.wasmdbg.dwarf.Dwarf;
import dev.wasmdbg.dwarf.DwarfException;
import dev.wasmdbg.dwarf.SourceFrame;
import dev.wasmdbg.wasm.WasmFile;
import dev.wasmdbg.wasm.WasmFormatException;
import dev.wasmdbg.demangle.Demangler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns wasm addresses into source frames, from the best information a module has: its own DWARF,
 * else DWARF in the file its external_debug_info section names (or one given), else a source map
 * (its sourceMappingURL, or one given), else the name section, else the function index. No
 * Chicory needed. Safe to share between threads once opened.
 */
public final class Symbolizer {
    private final Path path;
    private final WasmFile module;
    private volatile ModuleIdentity identity; // without a build_id, hashed on first ask: most users never ask
    private final SymbolSource source;
    private final Dwarf dwarf;
    private final MapFrames map;
    private final Map<Integer, String> names;

    private Symbolizer(Path path, WasmFile module, SymbolSource source, Dwarf dwarf, MapFrames map) {
        this.path = path;
        this.module = module;
        this.source = source;
        this.dwarf = dwarf;
        this.map = map;
        this.names = module.functionNames();
        // A malformed build_id section is still refused at open; only the SHA-256 waits.
        if (lengthPrefixed(module, "build_id").filter(b -> b.length > 0).isPresent()) {
            this.identity = ModuleIdentity.of(module);
        }
    }

    /** Opens a module, finding its debug information on its own. */
    public static Symbolizer open(Path module) {
        return open(module, null, null);
    }

    /**
     * Opens a module. {@code debugFile} (DWARF in a separate wasm file) and {@code sourceMap}
     * override what the module's sections name; either may be null.
     */
    public static Symbolizer open(Path module, Path debugFile, Path sourceMap) {
        return open(readWasm(module, "module"), module, debugFile, sourceMap);
    }

    /**
     * Opens module bytes already in memory; {@code location} (may be a bare name) is where companion
     * files named by the module's sections are looked for.
     */
    public static Symbolizer open(byte[] module, Path location) {
        WasmFile file;
        try {
            file = WasmFile.of(module);
        } catch (DwarfException | WasmFormatException e) {
            throw new SymbolizeException(location + " is not a valid wasm module: " + e.getMessage(), e);
        }
        return open(file, location, null, null);
    }

    /**
     * Opens a module with exactly the companion files given (either may be null): the names in its
     * external_debug_info and sourceMappingURL sections are not followed. For stores that keep
     * companion files under names of their own; source map sources are given as the map names them.
     */
    public static Symbolizer openExactly(Path module, Path debugFile, Path sourceMap) {
        WasmFile file = readWasm(module, "module");
        try {
            if (debugFile != null) {
                return new Symbolizer(module, file, SymbolSource.EXTERNAL_DWARF, dwarfOf(readWasm(debugFile,
                        "debug file"), debugFile), null);
            }
            if (file.hasCustom(".debug_info")) {
                return new Symbolizer(module, file, SymbolSource.DWARF, dwarfOf(file, module), null);
            }
            if (sourceMap != null) {
                return new Symbolizer(module, file, SymbolSource.SOURCE_MAP, null, MapFrames.readUnresolved(sourceMap));
            }
        } catch (DwarfException | WasmFormatException e) {
            throw new SymbolizeException("bad debug information: " + e.getMessage(), e);
        }
        return new Symbolizer(module, file, fallback(file), null, null);
    }

    private static SymbolSource fallback(WasmFile file) {
        return file.functionNames().isEmpty() ? SymbolSource.FUNCTION_INDEX : SymbolSource.NAME_SECTION;
    }

    private static Symbolizer open(WasmFile file, Path module, Path debugFile, Path sourceMap) {
        try {
            if (debugFile != null) {
                return new Symbolizer(module, file, SymbolSource.EXTERNAL_DWARF, dwarfOf(readWasm(debugFile,
                        "debug file"), debugFile), null);
            }
            if (file.hasCustom(".debug_info")) {
                return new Symbolizer(module, file, SymbolSource.DWARF, dwarfOf(file, module), null);
            }
            Optional<String> external = textSection(file, "external_debug_info");
            if (external.isPresent()) {
                Path companion = besideModule(module, external.get());
                if (!Files.isRegularFile(companion)) {
                    throw new SymbolizeException(module + ": its external_debug_info names '" + external.get()
                            + "', and " + companion + " does not exist (pass --debug-file)");
                }
                return new Symbolizer(module, file, SymbolSource.EXTERNAL_DWARF,
                        dwarfOf(readWasm(companion, "debug file"), companion), null);
            }
            if (sourceMap != null) {
                return new Symbolizer(module, file, SymbolSource.SOURCE_MAP, null, MapFrames.read(sourceMap));
            }
            Optional<String> url = textSection(file, "sourceMappingURL");
            if (url.isPresent()) {
                return new Symbolizer(module, file, SymbolSource.SOURCE_MAP, null,
                        MapFrames.read(mapBesideModule(module, url.get())));
            }
        } catch (DwarfException | WasmFormatException e) {
            throw new SymbolizeException("bad debug information: " + e.getMessage(), e);
        }
        return new Symbolizer(module, file, fallback(file), null, null);
    }

    public Path path() {
        return path;
    }

    public ModuleIdentity identity() {
        ModuleIdentity known = identity;
        if (known == null) { // two threads may both compute it: the same value
            known = ModuleIdentity.of(module);
            identity = known;
        }
        return known;
    }

    /** The best source this module has. */
    public SymbolSource source() {
        return source;
    }

    public WasmFile module() {
        return module;
    }

    /** The DWARF answering for this module (its own or the external file's), if any. */
    public Optional<Dwarf> dwarf() {
        return Optional.ofNullable(dwarf);
    }

    /** Frames for a Code-section-relative address (the DWARF and llvm-symbolizer convention). */
    public Symbolization symbolizeCode(long codeAddress) {
        long fileOffset = module.toFileOffset(codeAddress).orElseThrow(() -> outside(codeAddress, "code address"));
        return symbolize(codeAddress, fileOffset);
    }

    /** Frames for a byte offset in the .wasm file (what browsers and most runtimes print). */
    public Symbolization symbolizeFile(long fileOffset) {
        long code = module.toCodeAddress(fileOffset).orElseThrow(() -> outside(fileOffset, "file offset"));
        return symbolize(code, fileOffset);
    }

    /**
     * Frames for an offset inside a function: {@code functionIndex} counts imports as the name
     * section does; the offset counts from the start of the body (its local declarations, where
     * DW_AT_low_pc points).
     */
    public Symbolization symbolizeInFunction(int functionIndex, long offset) {
        int defined = functionIndex - module.importedFunctionCount();
        if (functionIndex < 0 || defined >= module.functionBodies().size()) {
            throw new SymbolizeException("function " + functionIndex + " does not exist (the module has "
                    + (module.importedFunctionCount() + module.functionBodies().size()) + " functions)");
        }
        if (defined < 0) {
            throw new SymbolizeException("function " + functionIndex + " is imported: it has no code here");
        }
        WasmFile.FunctionBody body = module.functionBodies().get(defined);
        if (offset < 0 || offset >= body.size()) {
            throw new SymbolizeException("offset 0x" + Long.toHexString(offset) + " is outside function "
                    + functionIndex + " (its body has 0x" + Integer.toHexString(body.size()) + " bytes)");
        }
        return symbolizeFile(body.offset() + offset);
    }

    private Symbolization symbolize(long code, long fileOffset) {
        Optional<WasmFile.FunctionBody> body = module.functionAt(fileOffset);
        int index = body.map(b -> module.importedFunctionCount() + b.definedIndex()).orElse(-1);
        if (dwarf != null) {
            List<SourceFrame> frames = dwarf.lookup(code);
            if (!frames.isEmpty()) {
                return new Symbolization(code, fileOffset, index, source, frames);
            }
        }
        if (map != null) {
            Optional<SourceFrame> frame = map.frame(fileOffset, body, functionName(index));
            if (frame.isPresent()) {
                return new Symbolization(code, fileOffset, index, SymbolSource.SOURCE_MAP, List.of(frame.get()));
            }
        }
        String name = functionName(index);
        if (!name.isEmpty() && names.containsKey(index)) {
            return new Symbolization(code, fileOffset, index, SymbolSource.NAME_SECTION,
                    List.of(nameOnly(name, names.get(index))));
        }
        if (index >= 0) {
            return new Symbolization(code, fileOffset, index, SymbolSource.FUNCTION_INDEX, List.of(nameOnly(name, name)));
        }
        return new Symbolization(code, fileOffset, index, SymbolSource.FUNCTION_INDEX, List.of());
    }

    /** The function's demangled name from the name section, else "wasm-function[N]", else "". */
    String functionName(int index) {
        if (index < 0) {
            return "";
        }
        String raw = names.get(index);
        return raw == null ? "wasm-function[" + index + "]" : Demangler.demangle(raw);
    }

    private static SourceFrame nameOnly(String name, String linkageName) {
        return new SourceFrame(name, linkageName, "", 0, 0, 0, "", 0, -1, false);
    }

    private SymbolizeException outside(long value, String what) {
        var code = module.codeSection();
        String range = code.map(s -> " (the Code section is file offsets 0x" + Integer.toHexString(s.offset())
                + "-0x" + Integer.toHexString(s.offset() + s.size()) + ", code addresses 0x0-0x"
                + Integer.toHexString(s.size()) + " inclusive)").orElse(" (the module has no Code section)");
        return new SymbolizeException(what + " 0x" + Long.toHexString(value) + " is outside the Code section" + range);
    }

    private static WasmFile readWasm(Path file, String what) {
        try {
            return WasmFile.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new SymbolizeException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new SymbolizeException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        } catch (DwarfException | WasmFormatException e) {
            throw new SymbolizeException(file + " is not a valid wasm module: " + e.getMessage(), e);
        }
    }

    // Reads the unit headers and builds the lookup index now, so broken DWARF is reported at open.
    private static Dwarf dwarfOf(WasmFile file, Path where) {
        try {
            Dwarf dwarf = Dwarf.of(file);
            if (!dwarf.hasDebugInfo()) {
                throw new SymbolizeException(where + " has no DWARF (.debug_info is missing or empty)");
            }
            dwarf.addressIndex();
            return dwarf;
        } catch (DwarfException | WasmFormatException e) {
            throw new SymbolizeException(where + ": bad DWARF: " + e.getMessage(), e);
        }
    }

    /** A custom section holding one length-prefixed UTF-8 string (external_debug_info, sourceMappingURL). */
    static Optional<String> textSection(WasmFile file, String name) {
        return lengthPrefixed(file, name).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The bytes of a custom section whose payload is a LEB128 length and that many bytes. */
    static Optional<byte[]> lengthPrefixed(WasmFile file, String name) {
        try {
            return file.customBlob(name);
        } catch (WasmFormatException e) {
            throw new SymbolizeException(e.getMessage().substring(e.getMessage().indexOf(": ") + 2), e);
        }
    }

    private static Path besideModule(Path module, String name) {
        Path dir = module.toAbsolutePath().getParent();
        return dir == null ? Path.of(name) : dir.resolve(name);
    }

    private static Path mapBesideModule(Path module, String url) {
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("data:")) {
            throw new SymbolizeException(module + ": its sourceMappingURL is '" + url
                    + "', which is not a local file (pass --source-map)");
        }
        String local = lower.startsWith("file://") ? url.substring("file://".length()) : url;
        Path map = besideModule(module, local);
        if (!Files.isRegularFile(map)) {
            throw new SymbolizeException(module + ": its sourceMappingURL names '" + url + "', and " + map
                    + " does not exist (pass --source-map)");
        }
        return map;
    }
}
