package dev.wasmdbg.debugger;

/**
 * Where a program is: the module (its id in the session, stable across restarts), the function
 * index (imports counted, -1 outside any function) and the instruction's file offset in the .wasm.
 */
public record CodeLocation(int module, int functionIndex, long fileOffset) {}
