package dev.wasmdbg.dwarf;

/** One row of a line table's matrix, as the line program produced it. */
public record LineRow(
        long address,
        int opIndex,
        long file,
        long line,
        long column,
        long isa,
        long discriminator,
        boolean isStmt,
        boolean basicBlock,
        boolean endSequence,
        boolean prologueEnd,
        boolean epilogueBegin) {}
