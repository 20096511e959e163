package dev.wasmdbg.symbols;

import dev.wasmdbg.dwarf.SourceFrame;
import dev.wasmdbg.sourcemap.Mapping;
import dev.wasmdbg.sourcemap.SourceMap;
import dev.wasmdbg.sourcemap.SourceMapException;
import dev.wasmdbg.wasm.WasmFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Frames from a source map. Generated columns are file offsets; a lookup never reaches back past
 * the start of the function holding the offset. Sources resolve against the map's directory, or
 * are given as the map writes them when that directory means nothing (a store's copy of the map).
 */
final class MapFrames {
    private final SourceMap map;
    private final Path directory;

    private MapFrames(SourceMap map, Path directory) {
        this.map = map;
        this.directory = directory;
    }

    static MapFrames read(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return read(file, dir == null ? Path.of("") : dir);
    }

    /** Sources as the map names them (after its sourceRoot), not resolved against any directory. */
    static MapFrames readUnresolved(Path file) {
        return read(file, null);
    }

    private static MapFrames read(Path file, Path directory) {
        try {
            return new MapFrames(SourceMap.read(file), directory);
        } catch (NoSuchFileException e) {
            throw new SymbolizeException("source map " + file + " does not exist");
        } catch (IOException e) {
            throw new SymbolizeException("cannot read source map " + file + ": " + e.getMessage(), e);
        } catch (SourceMapException e) {
            throw new SymbolizeException("bad source map " + file + ": " + e.getMessage(), e);
        }
    }

    /** The mapping at or before the offset within its function, as a frame named after the function. */
    Optional<SourceFrame> frame(long fileOffset, Optional<WasmFile.FunctionBody> body, String functionName) {
        return covering(fileOffset, body).map(m -> {
            String name = m.name() != null ? m.name() : functionName;
            return new SourceFrame(name, name, file(m), m.line(), m.column(), 0, "", 0, -1, false);
        });
    }

    /** The mapping at or before the offset within its function, if it has a source. */
    Optional<Mapping> covering(long fileOffset, Optional<WasmFile.FunctionBody> body) {
        long notBefore = body.map(WasmFile.FunctionBody::headerOffset).orElse(0);
        return map.lookup(fileOffset, notBefore).filter(m -> m.source() != null);
    }

    /** The mapping that starts exactly at the offset (the last there, the innermost), if it has a source. */
    Optional<Mapping> startingAt(long fileOffset) {
        return map.lookup(fileOffset, fileOffset).filter(m -> m.source() != null);
    }

    /** Whether any mapping has a source: a map of only unmapped ranges knows no lines. */
    boolean hasSources() {
        return map.mappings().stream().anyMatch(m -> m.source() != null);
    }

    /** The mapping's source file: resolved against the map's directory, or as the map writes it. */
    String file(Mapping m) {
        return directory == null ? m.source() : directory.resolve(m.source()).normalize().toString();
    }
}
