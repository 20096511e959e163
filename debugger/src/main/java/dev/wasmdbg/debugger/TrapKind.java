package dev.wasmdbg.debugger;

/** The kinds of trap the WebAssembly spec defines (and a host function's failure). */
public enum TrapKind {
    UNREACHABLE("unreachable executed"),
    INTEGER_DIVIDE_BY_ZERO("integer divide by zero"),
    INTEGER_OVERFLOW("integer overflow"),
    INVALID_CONVERSION("invalid conversion to integer"),
    OUT_OF_BOUNDS_MEMORY("out of bounds memory access"),
    OUT_OF_BOUNDS_TABLE("out of bounds table access"),
    INDIRECT_CALL_TYPE_MISMATCH("indirect call type mismatch"),
    UNINITIALIZED_ELEMENT("uninitialized table element"),
    NULL_REFERENCE("null reference"),
    CALL_STACK_EXHAUSTED("call stack exhausted"),
    HOST("host function failed"),
    OTHER("trap");

    private final String description;

    TrapKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Chicory reports traps by message only; these are its messages (1.7.5). */
    static TrapKind of(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("unreachable")) {
            return UNREACHABLE;
        } else if (m.contains("divide by zero")) {
            return INTEGER_DIVIDE_BY_ZERO;
        } else if (m.contains("integer overflow")) {
            return INTEGER_OVERFLOW;
        } else if (m.contains("invalid conversion")) {
            return INVALID_CONVERSION;
        } else if (m.contains("out of bounds memory")) {
            return OUT_OF_BOUNDS_MEMORY;
        } else if (m.contains("out of bounds table")) {
            return OUT_OF_BOUNDS_TABLE;
        } else if (m.contains("indirect call type mismatch")) {
            return INDIRECT_CALL_TYPE_MISMATCH;
        } else if (m.contains("uninitialized element") || m.contains("undefined element")) {
            return UNINITIALIZED_ELEMENT;
        } else if (m.contains("null")) {
            return NULL_REFERENCE;
        } else if (m.contains("call stack exhausted")) {
            return CALL_STACK_EXHAUSTED;
        }
        return OTHER;
    }
}
