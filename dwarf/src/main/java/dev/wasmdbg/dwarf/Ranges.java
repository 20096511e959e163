package dev.wasmdbg.dwarf;

import java.util.ArrayList;
import java.util.List;

/**
 * The address ranges of a DIE: DW_AT_low_pc/high_pc or DW_AT_ranges (.debug_ranges for DWARF 2-4,
 * .debug_rnglists for 5), with base address entries and LLVM's dropping of tombstoned entries.
 */
final class Ranges {
    private static final int MAX_ENTRIES = 1 << 20;

    private Ranges() {}

    static List<AddressRange> of(Die die) {
        Unit unit = die.unit();
        AttributeValue low = die.attribute(Dw.AT_LOW_PC);
        if (low != null) {
            var lowPc = unit.address(low);
            if (lowPc.isPresent()) {
                AttributeValue high = die.attribute(Dw.AT_HIGH_PC);
                if (high != null) {
                    var highAddress = unit.address(high);
                    long highPc;
                    if (highAddress.isPresent()) {
                        highPc = highAddress.get();
                    } else if (high.isConstant()) {
                        highPc = lowPc.get() + high.value();
                    } else {
                        return List.of();
                    }
                    return List.of(new AddressRange(lowPc.get(), highPc));
                }
            }
        }
        AttributeValue ranges = die.attribute(Dw.AT_RANGES);
        if (ranges == null) {
            return List.of();
        }
        if (ranges.form() == Dw.FORM_RNGLISTX) {
            return rnglist(unit, rnglistOffset(unit, ranges.value()));
        }
        return unit.version() <= 4 ? debugRanges(unit, ranges.value()) : rnglist(unit, ranges.value());
    }

    private static long tombstone(int addressSize) {
        return addressSize == 8 ? -1L : (1L << (addressSize * 8)) - 1;
    }

    /** DWARF 2-4 .debug_ranges: (begin, end) pairs; all-ones begin selects a base; (0, 0) ends. */
    static List<AddressRange> debugRanges(Unit unit, long offset) {
        int size = unit.addressSize();
        long max = tombstone(size);
        // A base of max-1 marks dead code (max itself is the base-selection marker).
        long deadBase = max - 1;
        ByteReader r = unit.sections().ranges().reader(offset);
        long base = unit.baseAddress();
        boolean hasBase = unit.root().has(Dw.AT_LOW_PC);
        List<AddressRange> out = new ArrayList<>();
        for (int n = 0; n < MAX_ENTRIES; n++) {
            long begin = r.address(size);
            long end = r.address(size);
            if (begin == 0 && end == 0) {
                return out;
            }
            if (begin == max) {
                base = end;
                hasBase = true;
                continue;
            }
            if (begin == deadBase || (hasBase && base == deadBase)) {
                continue;
            }
            if (hasBase) {
                begin += base;
                end += base;
            }
            out.add(new AddressRange(begin, end));
        }
        throw r.error("range list has more than " + MAX_ENTRIES + " entries");
    }

    private static long rnglistOffset(Unit unit, long index) {
        long base = unit.rnglistsBase();
        SectionData s = unit.sections().rnglists();
        ByteReader r = s.reader(0);
        if (base < 0) {
            throw r.error("DW_FORM_rnglistx in a unit without DW_AT_rnglists_base");
        }
        long at = base + index * unit.offsetSize();
        if (index < 0 || at < 0 || at > s.length() - unit.offsetSize()) {
            throw r.error(Math.max(0, Math.min(at, s.length())), "range list index " + index + " out of range");
        }
        r.seek(at);
        return base + r.offsetValue(unit.offsetSize());
    }

    /** DWARF 5 .debug_rnglists entries from {@code offset}. */
    static List<AddressRange> rnglist(Unit unit, long offset) {
        int size = unit.addressSize();
        long dead = tombstone(size);
        ByteReader r = unit.sections().rnglists().reader(offset);
        long base = unit.baseAddress();
        List<AddressRange> out = new ArrayList<>();
        for (int n = 0; n < MAX_ENTRIES; n++) {
            int at = r.offset();
            int kind = r.u8();
            long begin;
            long end;
            switch (kind) {
                case 0: // end_of_list
                    return out;
                case 1: // base_addressx
                    base = unit.indexedAddress(r.uleb());
                    continue;
                case 2: // startx_endx
                    begin = unit.indexedAddress(r.uleb());
                    end = unit.indexedAddress(r.uleb());
                    break;
                case 3: // startx_length
                    begin = unit.indexedAddress(r.uleb());
                    end = begin + r.uleb();
                    break;
                case 4: // offset_pair
                    begin = base + r.uleb();
                    end = base + r.uleb();
                    break;
                case 5: // base_address
                    base = r.address(size);
                    continue;
                case 6: // start_end
                    begin = r.address(size);
                    end = r.address(size);
                    break;
                case 7: // start_length
                    begin = r.address(size);
                    end = begin + r.uleb();
                    break;
                default:
                    throw r.error(at, "unknown range list entry kind " + kind);
            }
            if (begin != dead) {
                out.add(new AddressRange(begin, end));
            }
        }
        throw r.error("range list has more than " + MAX_ENTRIES + " entries");
    }
}
