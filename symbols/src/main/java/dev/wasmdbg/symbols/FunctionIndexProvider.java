package dev.wasmdbg.symbols;

import dev.wasmdbg.dwarf.SourceFrame;
import java.util.List;

/** The last resort: "wasm-function[N]" for any address inside a function body. */
final class FunctionIndexProvider implements SymbolProvider {

    @Override
    public SymbolSource source() {
        return SymbolSource.FUNCTION_INDEX;
    }

    @Override
    public List<SourceFrame> frames(CodeLocation location) {
        if (location.functionIndex() < 0) {
            return List.of();
        }
        String name = FunctionNames.byIndex(location.functionIndex());
        return List.of(FunctionNames.nameOnly(name, name));
    }
}
