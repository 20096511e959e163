package dev.wasmdbg.symbolserver;

/**
 * What the store knows of one module without loading it: its id (build_id hex, else SHA-256) and
 * kind of id, the file name it was uploaded under, its size, and its debug links (see
 * {@link dev.wasmdbg.symbols.ModuleLinks}); the links are null when the module has none.
 */
record ModuleRecord(
        String id,
        String idKind,
        String name,
        long size,
        String codeSha256,
        boolean hasDwarf,
        String externalDebugInfo,
        String sourceMappingUrl,
        String uploaded) {}
