package dev.wasmdbg.symbols;

import dev.wasmdbg.dwarf.SourceFrame;
import dev.wasmdbg.wasm.WasmFile;
import java.util.List;
import java.util.Optional;

/** Frames from a source map: one per address (a map knows nothing of inlining), named after the function. */
final class SourceMapProvider implements SymbolProvider {
    private final MapFrames map;
    private final FunctionNames names;
    private final Optional<LineSource> lines;

    SourceMapProvider(MapFrames map, FunctionNames names, WasmFile module) {
        this.map = map;
        this.names = names;
        // Cheap: the search stops at the first mapping with a source; parsing the map cost more.
        this.lines = map.hasSources() ? Optional.of(new SourceMapLines(map, module)) : Optional.empty();
    }

    @Override
    public SymbolSource source() {
        return SymbolSource.SOURCE_MAP;
    }

    @Override
    public List<SourceFrame> frames(CodeLocation location) {
        return map.frame(location.fileOffset(), location.body(), names.display(location.functionIndex()))
                .map(List::of).orElse(List.of());
    }

    @Override
    public Optional<LineSource> lines() {
        return lines;
    }
}
