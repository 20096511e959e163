package dev.wasmdbg.wasm;

/** A malformed or unsupported wasm module, with the file offset where reading stopped. */
public final class WasmFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    public WasmFormatException(long offset, String message) {
        super("wasm at 0x" + Long.toHexString(offset) + ": " + message);
        this.offset = offset;
    }

    /** The file offset where reading stopped. */
    public long offset() {
        return offset;
    }
}
