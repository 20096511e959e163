package dev.wasmdbg.symbols;

import dev.wasmdbg.dwarf.DwarfException;
import dev.wasmdbg.wasm.WasmFile;
import dev.wasmdbg.wasm.WasmFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which debug information a module gets, best first: a given debug file, else its own DWARF, else
 * the file its external_debug_info names, else a given source map, else its sourceMappingURL's;
 * then its name section, then function indexes. Links (the names in the module's sections) are
 * followed, beside the module, unless the loader is told to use exactly the files given. A new
 * kind of debug information is a provider class and one line in {@link #load}.
 */
final class SymbolizerLoader {
    private final Path path;
    private final Path debugFile;
    private final Path sourceMap;
    private final boolean followLinks;

    private SymbolizerLoader(Path path, Path debugFile, Path sourceMap, boolean followLinks) {
        this.path = path;
        this.debugFile = debugFile;
        this.sourceMap = sourceMap;
        this.followLinks = followLinks;
    }

    /** Follows the module's links; {@code debugFile} and {@code sourceMap} (either may be null) override them. */
    static SymbolizerLoader following(Path path, Path debugFile, Path sourceMap) {
        return new SymbolizerLoader(path, debugFile, sourceMap, true);
    }

    /** Uses only the files given (either may be null); source map sources stay as the map names them. */
    static SymbolizerLoader exactly(Path path, Path debugFile, Path sourceMap) {
        return new SymbolizerLoader(path, debugFile, sourceMap, false);
    }

    Symbolizer load() {
        return load(readWasm(path, "module"));
    }

    Symbolizer load(WasmFile module) {
        FunctionNames names = FunctionNames.of(module);
        List<SymbolProvider> chain = new ArrayList<>();
        debugInformation(module, names).ifPresent(chain::add);
        if (!names.isEmpty()) {
            chain.add(new NameSectionProvider(names));
        }
        chain.add(new FunctionIndexProvider());
        return new Symbolizer(path, module, chain);
    }

    /** Parses module bytes; {@code what} names the file in messages. */
    static WasmFile parse(byte[] bytes, Path what) {
        try {
            return WasmFile.of(bytes);
        } catch (DwarfException | WasmFormatException e) {
            throw new SymbolizeException(what + " is not a valid wasm module: " + e.getMessage(), e);
        }
    }

    /** At most one of DWARF and a source map: the best the module has. */
    private Optional<SymbolProvider> debugInformation(WasmFile module, FunctionNames names) {
        try {
            if (debugFile != null) {
                return Optional.of(dwarf(readWasm(debugFile, "debug file"), debugFile, SymbolSource.EXTERNAL_DWARF));
            }
            if (module.hasCustom(".debug_info")) {
                return Optional.of(dwarf(module, path, SymbolSource.DWARF));
            }
            Optional<String> external = followLinks ? CustomSections.text(module, "external_debug_info") : Optional.empty();
            if (external.isPresent()) {
                Path companion = besideModule(external.get());
                if (!Files.isRegularFile(companion)) {
                    throw new SymbolizeException(path + ": its external_debug_info names '" + external.get()
                            + "', and " + companion + " does not exist (pass --debug-file)");
                }
                return Optional.of(dwarf(readWasm(companion, "debug file"), companion, SymbolSource.EXTERNAL_DWARF));
            }
            if (sourceMap != null) {
                MapFrames map = followLinks ? MapFrames.read(sourceMap) : MapFrames.readUnresolved(sourceMap);
                return Optional.of(new SourceMapProvider(map, names, module));
            }
            Optional<String> url = followLinks ? CustomSections.text(module, "sourceMappingURL") : Optional.empty();
            if (url.isPresent()) {
                return Optional.of(new SourceMapProvider(MapFrames.read(mapBesideModule(url.get())), names, module));
            }
            return Optional.empty();
        } catch (DwarfException | WasmFormatException e) {
            throw new SymbolizeException("bad debug information: " + e.getMessage(), e);
        }
    }

    private static DwarfProvider dwarf(WasmFile file, Path where, SymbolSource source) {
        return new DwarfProvider(DwarfProvider.usable(file, where + ": "), source);
    }

    private static WasmFile readWasm(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SymbolizeException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new SymbolizeException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file);
    }

    private Path besideModule(String name) {
        Path dir = path.toAbsolutePath().getParent();
        return dir == null ? Path.of(name) : dir.resolve(name);
    }

    private Path mapBesideModule(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("data:")) {
            throw new SymbolizeException(path + ": its sourceMappingURL is '" + url
                    + "', which is not a local file (pass --source-map)");
        }
        String local = lower.startsWith("file://") ? url.substring("file://".length()) : url;
        Path map = besideModule(local);
        if (!Files.isRegularFile(map)) {
            throw new SymbolizeException(path + ": its sourceMappingURL names '" + url + "', and " + map
                    + " does not exist (pass --source-map)");
        }
        return map;
    }
}
