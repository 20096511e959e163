package dev.wasmdbg.dwarf;

/** How a unit's attribute values are encoded: its DWARF version, address size and offset size (4 or 8). */
record Encoding(int version, int addressSize, int offsetSize) {}
