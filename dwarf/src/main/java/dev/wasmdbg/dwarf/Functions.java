package dev.wasmdbg.dwarf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Every subprogram with code, found once per module: for `break NAME` and for function listings. */
final class Functions {
    private Functions() {}

    static List<FunctionInfo> collect(List<Unit> units) {
        List<FunctionInfo> out = new ArrayList<>();
        for (Unit unit : units) {
            LineTable table = lineTable(unit);
            for (Die die : unit.dies()) {
                if (die.tag() != Dw.TAG_SUBPROGRAM) {
                    continue;
                }
                List<AddressRange> ranges;
                try {
                    ranges = Ranges.of(die);
                } catch (DwarfException e) {
                    continue;
                }
                if (ranges.isEmpty()) {
                    continue; // a declaration or an abstract instance: no code of its own
                }
                long low = ranges.get(0).low();
                long high = ranges.get(0).high();
                for (AddressRange r : ranges) {
                    if (Long.compareUnsigned(r.low(), low) < 0) {
                        low = r.low();
                    }
                    if (Long.compareUnsigned(r.high(), high) > 0) {
                        high = r.high();
                    }
                }
                if (isDead(low, unit.addressSize())) {
                    continue;
                }
                Die[] where = new Die[1];
                AttributeValue n = AddressIndex.findRecursively(die, new int[] {Dw.AT_NAME}, where);
                String name = n == null ? null : where[0].unit().string(n);
                AttributeValue l = AddressIndex.findRecursively(die,
                        new int[] {Dw.AT_LINKAGE_NAME, Dw.AT_MIPS_LINKAGE_NAME}, where);
                String linkage = l == null ? null : where[0].unit().string(l);
                AttributeValue declLine = AddressIndex.findRecursively(die, new int[] {Dw.AT_DECL_LINE});
                AttributeValue declFile = AddressIndex.findRecursively(die, new int[] {Dw.AT_DECL_FILE}, where);
                String file = "";
                if (declFile != null && declFile.isConstant()) {
                    LineTable t = lineTable(where[0].unit());
                    file = t == null ? "" : t.filePath(declFile.value(), where[0].unit().compDir()).orElse("");
                }
                out.add(new FunctionInfo(name == null ? "" : name, linkage, low, high, file,
                        declLine != null && declLine.isConstant() ? declLine.value() : 0,
                        entryAddress(table, low, high), die.offset()));
            }
        }
        out.sort((a, b) -> Long.compareUnsigned(a.lowPc(), b.lowPc()));
        return Collections.unmodifiableList(out);
    }

    /** wasm-ld marks discarded code with all-ones (or all-ones minus one in range lists). */
    static boolean isDead(long address, int addressSize) {
        long ones = addressSize == 8 ? -1L : (1L << (addressSize * 8)) - 1;
        return address == ones || address == ones - 1;
    }

    /**
     * The first address past the prologue: the first prologue_end row in [low, high); failing that,
     * the first row past low whose line differs from the opening row's; failing that, low.
     */
    static long entryAddress(LineTable table, long low, long high) {
        if (table == null) {
            return low;
        }
        int first = table.lookup(low);
        if (first < 0) {
            return low;
        }
        List<LineRow> rows = table.rows();
        long openingLine = rows.get(first).line();
        Long fallback = null;
        for (int i = first; i < rows.size(); i++) {
            LineRow r = rows.get(i);
            if (r.endSequence() || Long.compareUnsigned(r.address(), high) >= 0) {
                break;
            }
            if (r.prologueEnd()) {
                return r.address();
            }
            if (fallback == null && r.address() != low && r.line() != openingLine && r.line() != 0) {
                fallback = r.address();
            }
        }
        return fallback != null ? fallback : low;
    }

    static LineTable lineTable(Unit unit) {
        try {
            return unit.lineTable().orElse(null);
        } catch (DwarfException e) {
            return null;
        }
    }
}
