package dev.wasmdbg.dwarf;

/** A half-open address range [low, high). */
public record AddressRange(long low, long high) {
    public boolean contains(long address) {
        return Long.compareUnsigned(low, address) <= 0 && Long.compareUnsigned(address, high) < 0;
    }
}
