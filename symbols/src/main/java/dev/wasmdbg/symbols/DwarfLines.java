package dev.wasmdbg.symbols;

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

/** Lines from DWARF line tables: statement rows start lines; lookups give the line an address is on. */
final class DwarfLines implements LineSource {
    private final Dwarf dwarf;
    private final long[] starts;
    private final Position[] positions;

    DwarfLines(Dwarf dwarf) {
        this.dwarf = dwarf;
        TreeMap<Long, Position> rows = new TreeMap<>();
        for (Unit unit : dwarf.units()) {
            Optional<LineTable> table;
            try {
                table = unit.lineTable();
            } catch (RuntimeException e) { // one unit's broken line table: step by the others
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
        starts = rows.keySet().stream().mapToLong(Long::longValue).toArray();
        positions = rows.values().toArray(new Position[0]);
    }

    boolean hasRows() {
        return starts.length > 0;
    }

    @Override
    public Optional<Position> rowStart(long codeAddress) {
        int i = Arrays.binarySearch(starts, codeAddress);
        return i >= 0 ? Optional.of(positions[i]) : Optional.empty();
    }

    @Override
    public Optional<Position> at(long codeAddress) {
        List<SourceFrame> frames = dwarf.lookup(codeAddress);
        return frames.isEmpty() ? Optional.empty() : Optional.of(new Position(frames.get(0).file(), frames.get(0).line()));
    }

    @Override
    public boolean pastPrologue(long codeAddress) {
        Optional<FunctionInfo> f = dwarf.functionAt(codeAddress);
        return f.isEmpty() || codeAddress >= f.get().entryAddress();
    }
}
