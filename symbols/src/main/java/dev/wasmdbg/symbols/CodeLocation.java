package dev.wasmdbg.symbols;

import dev.wasmdbg.wasm.WasmFile;
import java.util.Optional;

/**
 * An address being symbolized, in every form a provider may need: Code-section relative (DWARF),
 * as a file offset (source maps), and the function holding it ({@code functionIndex} counts imports
 * as the name section does; -1 and no body when the address falls between function bodies).
 */
public record CodeLocation(long codeAddress, long fileOffset, int functionIndex, Optional<WasmFile.FunctionBody> body) {}
