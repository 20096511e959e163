package dev.wasmdbg.dwarf;

import java.util.ArrayList;
import java.util.List;

/**
 * .debug_aranges: per unit, the address ranges it covers. Read as LLVM does: sets in order, each
 * naming its unit by .debug_info offset; a malformed set ends the reading, and what was read stands.
 */
final class Aranges {
    /** One range of one unit, by the unit's .debug_info offset. */
    record Entry(long unitOffset, long low, long high) {}

    private Aranges() {}

    static List<Entry> read(SectionData section) {
        List<Entry> out = new ArrayList<>();
        ByteReader r = section.reader(0);
        try {
            while (!r.atEnd()) {
                int start = r.offset();
                int[] size = new int[1];
                long length = r.initialLength(size);
                if (length < 0 || length > r.remaining()) {
                    break;
                }
                int end = r.offset() + (int) length;
                int version = r.u16();
                long unitOffset = r.offsetValue(size[0]);
                int addressSize = r.u8();
                int segmentSize = r.u8();
                if (version != 2 || (addressSize != 4 && addressSize != 8) || segmentSize != 0) {
                    r.seek(end);
                    continue;
                }
                // Tuples start at a multiple of twice the address size from the set's start.
                int header = r.offset() - start;
                int tuple = 2 * addressSize;
                r.skip((tuple - header % tuple) % tuple);
                while (r.offset() + tuple <= end) {
                    long low = r.address(addressSize);
                    long length2 = r.address(addressSize);
                    if (low == 0 && length2 == 0) {
                        break;
                    }
                    out.add(new Entry(unitOffset, low, low + length2));
                }
                r.seek(end);
            }
        } catch (DwarfException e) {
            // keep the sets read so far: a bad set must not hide the rest of the module
        }
        return out;
    }
}
