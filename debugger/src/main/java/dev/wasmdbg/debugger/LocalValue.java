package dev.wasmdbg.debugger;

import com.dylibso.chicory.wasm.types.ValType;

/** A wasm local, global or operand: its type and raw bits (v128 uses both halves; others only low). */
public record LocalValue(int index, ValType type, long low, long high) {}
