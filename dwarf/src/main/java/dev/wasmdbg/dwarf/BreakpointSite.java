package dev.wasmdbg.dwarf;

/** Where a breakpoint for a source line goes: the address and the line-table row it comes from. */
public record BreakpointSite(long address, String file, long line, long column, String function) {}
