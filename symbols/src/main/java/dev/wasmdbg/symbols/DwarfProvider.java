package dev.wasmdbg.symbols;

import dev.wasmdbg.dwarf.Dwarf;
import dev.wasmdbg.dwarf.DwarfException;
import dev.wasmdbg.dwarf.SourceFrame;
import dev.wasmdbg.wasm.WasmFile;
import dev.wasmdbg.wasm.WasmFormatException;
import java.util.List;
import java.util.Optional;

/** Frames from DWARF: the module's own, or a separate debug file's (split DWARF). */
final class DwarfProvider implements SymbolProvider {
    private final Dwarf dwarf;
    private final SymbolSource source;
    private volatile DwarfLines lines; // built on first ask: only stepping needs it; two threads may both build it

    DwarfProvider(Dwarf dwarf, SymbolSource source) {
        this.dwarf = dwarf;
        this.source = source;
    }

    /**
     * The file's DWARF, its unit headers and lookup index read now so that broken DWARF is refused
     * here and not at a lookup. {@code prefix} starts each message (e.g. the file's name and ": ").
     */
    static Dwarf usable(WasmFile file, String prefix) {
        try {
            Dwarf dwarf = Dwarf.of(file);
            if (!dwarf.hasDebugInfo()) {
                throw new SymbolizeException(prefix + "no DWARF (.debug_info is missing or empty)");
            }
            dwarf.addressIndex();
            return dwarf;
        } catch (DwarfException | WasmFormatException e) {
            throw new SymbolizeException(prefix + "bad DWARF: " + e.getMessage(), e);
        }
    }

    Dwarf dwarf() {
        return dwarf;
    }

    @Override
    public SymbolSource source() {
        return source;
    }

    @Override
    public List<SourceFrame> frames(CodeLocation location) {
        return dwarf.lookup(location.codeAddress());
    }

    /** Empty when the line tables have no statement rows: nothing to step by. */
    @Override
    public Optional<LineSource> lines() {
        DwarfLines known = lines;
        if (known == null) {
            known = new DwarfLines(dwarf);
            lines = known;
        }
        return known.hasRows() ? Optional.of(known) : Optional.empty();
    }
}
