package dev.wasmdbg.dwarf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the low-level readers (units, DIEs, line tables, range and location lists) read through: the
 * sections, their strings, the abbreviation and line tables (parsed once, cached by offset) and the
 * units, so that a reference can lead into another unit. Built once by {@link Dwarf}; it knows
 * nothing of the query layer, which keeps the readers free of the facade (as gimli's are).
 */
final class SectionContext {
    private final DwarfSections sections;
    private final StringTable strings;
    private final List<Unit> units;
    private final Map<Long, AbbrevTable> abbrevTables = new ConcurrentHashMap<>();
    private final Map<Long, LineTable> lineTables = new ConcurrentHashMap<>();

    /** Reads every unit header of .debug_info (the DIEs wait for their first use). */
    SectionContext(DwarfSections sections) {
        this.sections = sections;
        this.strings = new StringTable(sections.str(), sections.lineStr());
        List<Unit> list = new ArrayList<>();
        ByteReader r = sections.info().reader(0);
        while (!r.atEnd()) {
            list.add(Unit.readHeader(this, r)); // a unit only keeps the context; it reads nothing through it yet
        }
        this.units = Collections.unmodifiableList(list);
    }

    DwarfSections sections() {
        return sections;
    }

    StringTable strings() {
        return strings;
    }

    /** The units in .debug_info order. */
    List<Unit> units() {
        return units;
    }

    /** The unit holding an absolute .debug_info offset. */
    Optional<Unit> unitAt(long infoOffset) {
        int lo = 0;
        int hi = units.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Unit u = units.get(mid);
            if (infoOffset < u.offset()) {
                hi = mid - 1;
            } else if (infoOffset >= u.end()) {
                lo = mid + 1;
            } else {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    /** The DIE at an absolute .debug_info offset, in whichever unit holds it. */
    Optional<Die> dieAt(long infoOffset) {
        return unitAt(infoOffset).flatMap(u -> u.dieAt(infoOffset));
    }

    AbbrevTable abbrevTable(long offset) {
        AbbrevTable t = abbrevTables.get(offset);
        if (t == null) {
            t = AbbrevTable.parse(sections.abbrev(), offset);
            abbrevTables.putIfAbsent(offset, t);
        }
        return t;
    }

    /** The line table at a .debug_line offset; a table shared by units is parsed for the first that asks. */
    LineTable lineTable(long offset, Unit unit) {
        LineTable t = lineTables.get(offset);
        if (t == null) {
            t = LineTable.parse(sections.line(), offset, unit.addressSize(), strings, unit::stringOffset);
            lineTables.putIfAbsent(offset, t);
        }
        return t;
    }
}
