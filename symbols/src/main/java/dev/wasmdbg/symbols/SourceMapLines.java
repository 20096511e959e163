package dev.wasmdbg.symbols;

import dev.wasmdbg.sourcemap.Mapping;
import dev.wasmdbg.wasm.WasmFile;
import java.util.Optional;

/**
 * Lines from a source map: every mapping starts a row. The map speaks file offsets, a LineSource
 * Code-section relative addresses: each call converts. A map has no prologues.
 */
final class SourceMapLines implements LineSource {
    private final MapFrames map;
    private final WasmFile module;

    SourceMapLines(MapFrames map, WasmFile module) {
        this.map = map;
        this.module = module;
    }

    @Override
    public Optional<Position> rowStart(long codeAddress) {
        return module.toFileOffset(codeAddress).flatMap(map::startingAt).map(this::position);
    }

    @Override
    public Optional<Position> at(long codeAddress) {
        return module.toFileOffset(codeAddress)
                .flatMap(offset -> map.covering(offset, module.functionAt(offset)))
                .map(this::position);
    }

    @Override
    public boolean pastPrologue(long codeAddress) {
        return true;
    }

    private Position position(Mapping m) {
        return new Position(map.file(m), m.line());
    }
}
