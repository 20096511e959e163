package dev.wasmdbg.symbols;

import dev.wasmdbg.dwarf.Dwarf;
import dev.wasmdbg.dwarf.SourceFrame;
import dev.wasmdbg.wasm.WasmFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Turns wasm addresses into source frames, from the best information a module has: its own DWARF,
 * else DWARF in the file its external_debug_info section names (or one given), else a source map
 * (its sourceMappingURL, or one given), else the name section, else the function index. Each kind
 * is a {@link SymbolProvider}; the first that covers an address answers. No Chicory needed. Safe
 * to share between threads once opened.
 */
public final class Symbolizer {
    private final Path path;
    private final WasmFile module;
    private final List<SymbolProvider> providers; // best first; the last covers every function
    private volatile ModuleIdentity identity; // without a build_id, hashed on first ask: most users never ask

    Symbolizer(Path path, WasmFile module, List<SymbolProvider> providers) {
        this.path = path;
        this.module = module;
        this.providers = List.copyOf(providers);
        // A malformed build_id section is still refused at open; only the SHA-256 waits.
        if (CustomSections.lengthPrefixed(module, "build_id").filter(b -> b.length > 0).isPresent()) {
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
        return SymbolizerLoader.following(module, debugFile, sourceMap).load();
    }

    /**
     * Opens module bytes already in memory; {@code location} (may be a bare name) is where companion
     * files named by the module's sections are looked for.
     */
    public static Symbolizer open(byte[] module, Path location) {
        return SymbolizerLoader.following(location, null, null).load(SymbolizerLoader.parse(module, location));
    }

    /**
     * Opens a module with exactly the companion files given (either may be null): the names in its
     * external_debug_info and sourceMappingURL sections are not followed. For stores that keep
     * companion files under names of their own; source map sources are given as the map names them.
     */
    public static Symbolizer openExactly(Path module, Path debugFile, Path sourceMap) {
        return SymbolizerLoader.exactly(module, debugFile, sourceMap).load();
    }

    /**
     * Refuses, with a {@link SymbolizeException}, a parsed module that opening would refuse for its
     * own content: DWARF that cannot be read, a malformed name section. Companion files are not
     * looked at.
     */
    public static void validate(WasmFile module) {
        FunctionNames.of(module);
        if (module.hasCustom(".debug_info")) {
            DwarfProvider.usable(module, "");
        }
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
        return providers.get(0).source();
    }

    public WasmFile module() {
        return module;
    }

    /** The DWARF answering for this module (its own or the external file's), if any. */
    public Optional<Dwarf> dwarf() {
        for (SymbolProvider p : providers) {
            if (p instanceof DwarfProvider d) {
                return Optional.of(d.dwarf());
            }
        }
        return Optional.empty();
    }

    /** Source lines for stepping, from the best provider that has them; empty: step by instructions. */
    public Optional<LineSource> lines() {
        for (SymbolProvider p : providers) {
            Optional<LineSource> lines = p.lines();
            if (lines.isPresent()) {
                return lines;
            }
        }
        return Optional.empty();
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
        CodeLocation location = new CodeLocation(code, fileOffset, index, body);
        for (SymbolProvider p : providers) {
            List<SourceFrame> frames = p.frames(location);
            if (!frames.isEmpty()) {
                return new Symbolization(code, fileOffset, index, p.source(), frames);
            }
        }
        return new Symbolization(code, fileOffset, index, SymbolSource.FUNCTION_INDEX, List.of()); // between bodies
    }

    private SymbolizeException outside(long value, String what) {
        var code = module.codeSection();
        String range = code.map(s -> " (the Code section is file offsets 0x" + Integer.toHexString(s.offset())
                + "-0x" + Integer.toHexString(s.offset() + s.size()) + ", code addresses 0x0-0x"
                + Integer.toHexString(s.size()) + " inclusive)").orElse(" (the module has no Code section)");
        return new SymbolizeException(what + " 0x" + Long.toHexString(value) + " is outside the Code section" + range);
    }
}
