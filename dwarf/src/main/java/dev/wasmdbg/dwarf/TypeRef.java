package dev.wasmdbg.dwarf;

/**
 * A lazy reference to a type: the .debug_info offset of its DIE (-1 for void), resolved through
 * the resolver's cache on {@link #resolve()}.
 */
public record TypeRef(TypeResolver types, long offset) {

    public boolean isVoid() {
        return offset < 0;
    }

    public DwarfType resolve() {
        return offset < 0 ? DwarfType.VOID : types.resolve(offset);
    }

    @Override
    public String toString() {
        return offset < 0 ? "void" : "type@0x" + Long.toHexString(offset);
    }
}
