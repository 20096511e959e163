package dev.wasmdbg.dwarf;

/**
 * A function with code: its source name, linkage (mangled) name if any, code range, declaration,
 * and the address a breakpoint on the function should use (the end of its prologue).
 */
public record FunctionInfo(
        String name,
        String linkageName,
        long lowPc,
        long highPc,
        String declFile,
        long declLine,
        long entryAddress,
        long dieOffset) {

    public boolean contains(long address) {
        return Long.compareUnsigned(lowPc, address) <= 0 && Long.compareUnsigned(address, highPc) < 0;
    }
}
