package dev.wasmdbg.debugger;

import dev.wasmdbg.symbols.Symbolizer;
import dev.wasmdbg.dwarf.Dwarf;
import dev.wasmdbg.dwarf.FunctionInfo;
import dev.wasmdbg.dwarf.LineRow;
import dev.wasmdbg.dwarf.LineTable;
import dev.wasmdbg.dwarf.SourceFrame;
import dev.wasmdbg.dwarf.Unit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Source lines for stepping: where statement rows start (code addresses) and which line an address
 * is on. Without DWARF, nothing is available and line steps become instruction steps.
 */
final class Lines {
    /** A source position; equal file and line means the same line. */
    record Position(String file, long line) {
        boolean sameLine(Position other) {
            return other != null && line == other.line && file.equals(other.file);
        }
    }

    private final Dwarf dwarf;
    private final long[] starts;
    private final Position[] positions;

    Lines(Symbolizer symbolizer, int codeStart) {
        this.dwarf = symbolizer == null ? null : symbolizer.dwarf().orElse(null);
        TreeMap<Long, Position> rows = new TreeMap<>();
        if (dwarf != null) {
            for (Unit unit : dwarf.units()) {
                Optional<LineTable> table;
                try {
                    table = unit.lineTable();
                } catch (RuntimeException e) {
                    continue;
                }
                if (table.isEmpty()) {
                    continue;
                }
                for (LineRow r : table.get().rows()) {
                    if (r.isStmt() && !r.endSequence()) {
                        String file = table.get().filePath(r.file(), unit.compDir()).orElse("");
                        rows.put(r.address(), new Position(file, r.line())); // the last row at an address wins
                    }
                }
            }
        }
        starts = rows.keySet().stream().mapToLong(Long::longValue).toArray();
        positions = rows.values().toArray(new Position[0]);
    }

    boolean available() {
        return dwarf != null && starts.length > 0;
    }

    /** The position of the statement row starting exactly at this code address, else null. */
    Position rowStart(long code) {
        int i = Arrays.binarySearch(starts, code);
        return i >= 0 ? positions[i] : null;
    }

    /** The source line a code address is on (innermost inlined frame), or null. */
    Position at(long code) {
        if (dwarf == null) {
            return null;
        }
        List<SourceFrame> frames = dwarf.lookup(code);
        return frames.isEmpty() ? null : new Position(frames.get(0).file(), frames.get(0).line());
    }

    /** Whether the address is past its function's prologue (or not in a known function). */
    boolean pastPrologue(long code) {
        Optional<FunctionInfo> f = dwarf.functionAt(code);
        return f.isEmpty() || code >= f.get().entryAddress();
    }
}
