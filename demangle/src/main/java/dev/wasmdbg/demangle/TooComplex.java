package dev.wasmdbg.demangle;

/**
 * Thrown inside the demanglers when an input exceeds a nesting or output limit; the public entry
 * points catch it and hand the name back unchanged. Stackless: it is control flow, not a bug.
 */
final class TooComplex extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final TooComplex INSTANCE = new TooComplex();

    private TooComplex() {
        super("mangled name too complex", null, false, false);
    }
}
