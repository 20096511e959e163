package dev.wasmdbg.symbols;

import java.util.Optional;

/**
 * What source-level stepping needs to know of a module, whatever the debug information: where
 * statement rows start and which line an address is on. Addresses are Code-section relative.
 */
public interface LineSource {

    /** A source position; equal file and line mean the same line. */
    record Position(String file, long line) {
        public boolean sameLine(Position other) {
            return other != null && line == other.line && file.equals(other.file);
        }
    }

    /** The position of the statement row that starts exactly at this address, else empty. */
    Optional<Position> rowStart(long codeAddress);

    /** The line this address is on (innermost inlined frame), else empty. */
    Optional<Position> at(long codeAddress);

    /** Whether the address is past its function's prologue; true when no function is known there. */
    boolean pastPrologue(long codeAddress);
}
