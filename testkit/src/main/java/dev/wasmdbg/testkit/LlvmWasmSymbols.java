package dev.wasmdbg.testkit;

import dev.wasmdbg.wasm.WasmFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * llvm-symbolizer's symbol table for a wasm module, modelled to explain its answers: named defined
 * functions span [their body's size LEB, body end) in FILE offsets, named active data segments
 * span their memory addresses. llvm-symbolizer looks the (Code-relative) address up in this table
 * and, when a symbol contains it, prints that symbol's name and start for the outermost frame.
 */
public final class LlvmWasmSymbols {
    /** One symbol: [start, start + size) and its (mangled) name. */
    public record Symbol(long start, long size, String name) {}

    private final List<Symbol> symbols;

    private LlvmWasmSymbols(List<Symbol> symbols) {
        this.symbols = symbols;
    }

    public static LlvmWasmSymbols of(WasmFile file) {
        List<Symbol> symbols = new ArrayList<>();
        Map<Integer, String> names = file.functionNames();
        for (WasmFile.FunctionBody body : file.functionBodies()) {
            String name = names.get(file.importedFunctionCount() + body.definedIndex());
            if (name != null) {
                symbols.add(new Symbol(body.headerOffset(), body.end() - body.headerOffset(), name));
            }
        }
        Map<Integer, String> segmentNames = file.dataSegmentNames();
        for (WasmFile.DataSegment segment : file.dataSegments()) {
            String name = segmentNames.get(segment.index());
            if (name != null && segment.memoryOffset() >= 0) {
                symbols.add(new Symbol(segment.memoryOffset(), segment.size(), name));
            }
        }
        symbols.sort(Comparator.comparingLong(Symbol::start).thenComparingLong(Symbol::size));
        return new LlvmWasmSymbols(symbols);
    }

    /** LLVM's getNameFromSymbolTable: the last symbol starting at or before the address, if it reaches it. */
    public Optional<Symbol> at(long address) {
        Symbol found = null;
        for (Symbol s : symbols) {
            if (s.start() <= address) {
                found = s;
            } else {
                break;
            }
        }
        if (found == null || (found.size() != 0 && found.start() + found.size() <= address)) {
            return Optional.empty();
        }
        return Optional.of(found);
    }
}
