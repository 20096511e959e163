package dev.wasmdbg.symbols;

import dev.wasmdbg.dwarf.SourceFrame;
import dev.wasmdbg.wasm.WasmFile;
import dev.wasmdbg.sourcemap.Mapping;
import dev.wasmdbg.sourcemap.SourceMap;
import dev.wasmdbg.sourcemap.SourceMapException;
import java.io.IOException;
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
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SymbolizeException("source map " + file + " does not exist");
        } catch (IOException e) {
            throw new SymbolizeException("cannot read source map " + file + ": " + e.getMessage(), e);
        } catch (SourceMapException e) {
            throw new SymbolizeException("bad source map " + file + ": " + e.getMessage(), e);
        }
    }

    /** The mapping at or before the offset within its function, as a frame named after the function. */
    Optional<SourceFrame> frame(long fileOffset, Optional<WasmFile.FunctionBody> body, String functionName) {
        long notBefore = body.map(WasmFile.FunctionBody::headerOffset).orElse(0);
        Optional<Mapping> found = map.lookup(fileOffset, notBefore);
        if (found.isEmpty() || found.get().source() == null) {
            return Optional.empty();
        }
        Mapping m = found.get();
        String name = m.name() != null ? m.name() : functionName;
        String file = directory == null ? m.source() : directory.resolve(m.source()).normalize().toString();
        return Optional.of(new SourceFrame(name, name, file, m.line(), m.column(), 0, "", 0, -1, false));
    }
}
