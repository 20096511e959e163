package dev.wasmdbg.symbols;

import dev.wasmdbg.wasm.WasmFile;
import dev.wasmdbg.wasm.WasmFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The custom sections that hold one length-prefixed payload: build_id, external_debug_info, sourceMappingURL. */
final class CustomSections {
    private CustomSections() {}

    /** The section's payload as UTF-8 text. */
    static Optional<String> text(WasmFile file, String name) {
        return lengthPrefixed(file, name).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The bytes of a custom section whose payload is a LEB128 length and that many bytes. */
    static Optional<byte[]> lengthPrefixed(WasmFile file, String name) {
        try {
            return file.customBlob(name);
        } catch (WasmFormatException e) {
            throw new SymbolizeException(e.getMessage().substring(e.getMessage().indexOf(": ") + 2), e);
        }
    }
}
