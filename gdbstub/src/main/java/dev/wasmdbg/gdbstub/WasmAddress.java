package dev.wasmdbg.gdbstub;

/**
 * LLDB's 64-bit wasm addresses: type (2 bits) | module id (30 bits) | offset (32 bits). Type 1 is
 * a module's image (code addresses are .wasm file offsets in it); type 0 is linear memory, which
 * LLDB 22 sends as plain 32-bit addresses. Only types 0 and 1 are used: LLDB 22 aborts on 2 and 3.
 */
public record WasmAddress(int type, int module, long offset) {
    public static final int MEMORY = 0;
    public static final int IMAGE = 1;
    /** Module ids stay below 2^24, as LLDB expects. */
    public static final int MAX_MODULE = (1 << 24) - 1;

    public static WasmAddress image(int module, long offset) {
        return new WasmAddress(IMAGE, module, offset);
    }

    public static WasmAddress of(long raw) {
        return new WasmAddress((int) (raw >>> 62), (int) ((raw >>> 32) & 0x3fffffff), raw & 0xffffffffL);
    }

    public long raw() {
        return ((long) type << 62) | ((long) module << 32) | (offset & 0xffffffffL);
    }
}
