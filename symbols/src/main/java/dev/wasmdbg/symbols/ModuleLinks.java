package dev.wasmdbg.symbols;

import dev.wasmdbg.wasm.WasmFile;

/**
 * What a module says of its debug information and where it is: whether it carries DWARF itself,
 * the file its external_debug_info section names and its sourceMappingURL (null when absent), and
 * the SHA-256 of its Code section, which a split-DWARF companion file shares with its module.
 */
public record ModuleLinks(boolean hasDwarf, String externalDebugInfo, String sourceMappingUrl, String codeSha256) {

    /** Reads the links of a parsed module; a malformed link section is a {@link SymbolizeException}. */
    public static ModuleLinks of(WasmFile file) {
        var code = file.codeSection();
        String codeHash = code.map(s -> ModuleIdentity.sha256(file.bytes(), s.offset(), s.size())).orElse("");
        return new ModuleLinks(file.hasCustom(".debug_info"),
                CustomSections.text(file, "external_debug_info").orElse(null),
                CustomSections.text(file, "sourceMappingURL").orElse(null), codeHash);
    }
}
