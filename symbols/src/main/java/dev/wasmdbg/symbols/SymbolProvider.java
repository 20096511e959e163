package dev.wasmdbg.symbols;

import dev.wasmdbg.dwarf.SourceFrame;
import java.util.List;
import java.util.Optional;

/**
 * One kind of debug information a module has (DWARF, a source map, the name section, ...). A
 * {@link Symbolizer} asks its providers best first and answers with the first that covers an
 * address. Implementations are safe to share between threads.
 */
public interface SymbolProvider {

    /** What this provider's answers are marked as. */
    SymbolSource source();

    /** Frames for a location, innermost first; empty when this provider does not cover it. */
    List<SourceFrame> frames(CodeLocation location);

    /** Source lines for stepping, when this provider knows where lines start. */
    default Optional<LineSource> lines() {
        return Optional.empty();
    }
}
