package dev.wasmdbg.symbols;

import dev.wasmdbg.dwarf.SourceFrame;
import java.util.List;

/**
 * The answer for one address: the address both ways, the function index holding it (-1 when it
 * falls between function bodies), where the answer came from, and the frames innermost first.
 */
public record Symbolization(
        long codeAddress, long fileOffset, int functionIndex, SymbolSource source, List<SourceFrame> frames) {

    public Symbolization {
        frames = List.copyOf(frames);
    }
}
