package dev.wasmdbg.debugger;

/**
 * A code breakpoint: the address asked for and the instruction it was placed on (the next
 * instruction at or after it in the same function), both file offsets; how often it was hit; and
 * who set it (a client's name, "" for the embedder), so a client that leaves takes its own away.
 */
public record Breakpoint(int id, long requestedAddress, long address, HitCondition condition, long hits,
        String owner) {

    public Breakpoint {
        owner = owner == null ? "" : owner;
    }

    Breakpoint counted() {
        return new Breakpoint(id, requestedAddress, address, condition, hits + 1, owner);
    }
}
