package dev.wasmdbg.symbols;

/** Where an answer came from, best first: the order in which a module's debug information is tried. */
public enum SymbolSource {
    /** The module's own DWARF sections. */
    DWARF,
    /** DWARF in a separate file: named by the module's external_debug_info section, or given. */
    EXTERNAL_DWARF,
    /** A Source Map v3 (sourceMappingURL, or given). */
    SOURCE_MAP,
    /** Only the function name, from the "name" section. */
    NAME_SECTION,
    /** Nothing but the function's index. */
    FUNCTION_INDEX
}
