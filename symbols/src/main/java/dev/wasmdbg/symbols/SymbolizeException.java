package dev.wasmdbg.symbols;

/** A module, debug file, source map or address that cannot be used; the message is one line for a user. */
public final class SymbolizeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SymbolizeException(String message) {
        super(message);
    }

    public SymbolizeException(String message, Throwable cause) {
        super(message, cause);
    }
}
