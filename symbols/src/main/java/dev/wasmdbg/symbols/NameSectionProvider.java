package dev.wasmdbg.symbols;

import dev.wasmdbg.dwarf.SourceFrame;
import java.util.List;

/** The function's name from the "name" section: covers every named function. */
final class NameSectionProvider implements SymbolProvider {
    private final FunctionNames names;

    NameSectionProvider(FunctionNames names) {
        this.names = names;
    }

    @Override
    public SymbolSource source() {
        return SymbolSource.NAME_SECTION;
    }

    @Override
    public List<SourceFrame> frames(CodeLocation location) {
        String raw = location.functionIndex() < 0 ? null : names.raw(location.functionIndex());
        if (raw == null) {
            return List.of();
        }
        return List.of(FunctionNames.nameOnly(names.display(location.functionIndex()), raw));
    }
}
