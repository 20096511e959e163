package dev.wasmdbg.debugger;

/**
 * A code breakpoint: the address asked for and the instruction it was placed on (the next
 * instruction at or after it in the same function), both file offsets, and how often it was hit.
 */
public record Breakpoint(int id, long requestedAddress, long address, HitCondition condition, long hits) {}
