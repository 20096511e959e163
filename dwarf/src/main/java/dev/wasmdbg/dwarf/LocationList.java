package dev.wasmdbg.dwarf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A location list: DWARF 2-4 .debug_loc (address pairs relative to a base, 2-byte expression
 * lengths) or DWARF 5 .debug_loclists (DW_LLE entries, ULEB lengths). Entries are kept as LLVM
 * reads them, .debug_loc ones mapped onto DW_LLE_end_of_list / base_address / offset_pair, so the
 * list can be printed as llvm-dwarfdump prints it.
 *
 * <p>Dead code: wasm-ld writes a tombstone instead of the address of code it dropped (0xfffffffe
 * in .debug_loc and .debug_ranges, where all-ones selects a base; all-ones elsewhere). Entries whose
 * start or base is a tombstone are marked {@link Entry#dead()}; llvm-dwarfdump still prints them,
 * lookups ignore them, as LLVM's address lookups ignore tombstoned ranges.
 */
public final class LocationList {
    private static final int MAX_ENTRIES = 1 << 20;
    private static final int AT_ENTRY_PC = 0x52;
    /** Longest DW_LLE name, for LLVM's column of raw entries. */
    private static final int LLE_NAME_WIDTH = "DW_LLE_default_location".length();

    private final Unit unit;
    private final String section;
    private final long offset;
    private final boolean dwarf5;
    private final List<Entry> entries;

    /**
     * One entry. {@code kind} is a DwOp.LLE_* constant; value0/value1 are its operands as encoded.
     *
     * @param range      the resolved addresses, null for base / end entries, default_location, or when
     *                   the entry cannot be resolved (offset pair without a base, bad .debug_addr index)
     * @param expression null for base / end entries
     * @param dead       the code it covers was dropped by the linker (a tombstone address)
     */
    public record Entry(int kind, long value0, long value1, AddressRange range, DwarfExpression expression,
            boolean dead) {
        /** An entry that gives a location: has an expression and is not base / end. */
        public boolean hasExpression() {
            return expression != null;
        }

        public boolean isDefault() {
            return kind == DwOp.LLE_DEFAULT_LOCATION;
        }
    }

    private LocationList(Unit unit, String section, long offset, boolean dwarf5, List<Entry> entries) {
        this.unit = unit;
        this.section = section;
        this.offset = offset;
        this.dwarf5 = dwarf5;
        this.entries = entries;
    }

    /** The list at an offset of the unit's location section (.debug_loc before DWARF 5, else .debug_loclists). */
    public static LocationList read(Unit unit, long offset) {
        boolean v5 = unit.version() >= 5;
        SectionData s = v5 ? unit.sections().loclists() : unit.sections().loc();
        List<Entry> list = v5 ? readLoclists(unit, s, offset) : readLoc(unit, s, offset);
        return new LocationList(unit, s.name(), offset, v5, Collections.unmodifiableList(list));
    }

    /** The list a DW_FORM_loclistx index names (through the unit's DW_AT_loclists_base). */
    public static LocationList atIndex(Unit unit, long index) {
        return read(unit, offsetOfIndex(unit, index));
    }

    /** The .debug_loclists offset of list {@code index}: its loclists_base plus the offset stored there. */
    static long offsetOfIndex(Unit unit, long index) {
        SectionData s = unit.sections().loclists();
        long base = unit.loclistsBase();
        if (base < 0) {
            // DWARF 5 allows loclistx without the attribute: then the first table's offsets follow its header.
            base = unit.offsetSize() == 8 ? 20 : 12;
        }
        int headerSize = unit.offsetSize() == 8 ? 20 : 12;
        ByteReader r = s.reader(0);
        if (base < headerSize || base > s.length()) {
            throw r.error(Math.max(0, Math.min(base, s.length())), "DW_AT_loclists_base 0x" + Long.toHexString(base)
                    + " does not follow a location list table header");
        }
        r.seek(base - 4); // offset_entry_count, the header's last field
        long count = r.u32();
        if (index < 0 || index >= count) {
            throw r.error(base - 4, "location list index " + index + " out of range (table has " + count + ")");
        }
        long at = base + index * unit.offsetSize();
        if (at > s.length() - unit.offsetSize()) {
            throw r.error(Math.min(at, s.length()), "location list index " + index + " outside .debug_loclists");
        }
        r.seek(at);
        return base + r.offsetValue(unit.offsetSize());
    }

    public Unit unit() {
        return unit;
    }

    /** ".debug_loc" or ".debug_loclists". */
    public String section() {
        return section;
    }

    public long offset() {
        return offset;
    }

    /** Every entry as read, base-address entries included, the terminating end_of_list excluded. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entries that give a location for resolved, live code (plus a default_location entry). */
    public List<Entry> liveEntries() {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.hasExpression() && !e.dead() && (e.range() != null || e.isDefault())) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * The expression valid at a code address: the first live entry whose range contains it, else
     * the default_location's expression, else none (the value is optimized out there).
     */
    public Optional<DwarfExpression> expressionAt(long address) {
        DwarfExpression fallback = null;
        for (Entry e : entries) {
            if (!e.hasExpression() || e.dead()) {
                continue;
            }
            if (e.isDefault()) {
                if (fallback == null) {
                    fallback = e.expression();
                }
            } else if (e.range() != null && e.range().contains(address)) {
                return Optional.of(e.expression());
            }
        }
        return Optional.ofNullable(fallback);
    }

    /** The unit's base address for location lists as LLVM takes it (DW_AT_low_pc, else entry_pc), if any. */
    static Optional<Long> unitBase(Unit unit) {
        Die root = unit.root();
        for (int attr : new int[] {Dw.AT_LOW_PC, AT_ENTRY_PC}) {
            AttributeValue v = root.attribute(attr);
            if (v != null) {
                try {
                    return unit.address(v);
                } catch (DwarfException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static long allOnes(int addressSize) {
        return addressSize == 8 ? -1L : (1L << (addressSize * 8)) - 1;
    }

    private static boolean isTombstone(long address, int addressSize) {
        long max = allOnes(addressSize);
        return address == max || address == max - 1;
    }

    private static List<Entry> readLoc(Unit unit, SectionData s, long offset) {
        int size = unit.addressSize();
        long max = allOnes(size);
        ByteReader r = s.reader(offset);
        Long base = unitBase(unit).orElse(null);
        List<Entry> out = new ArrayList<>();
        for (int n = 0; n < MAX_ENTRIES; n++) {
            long v0 = r.address(size);
            long v1 = r.address(size);
            if (v0 == 0 && v1 == 0) {
                return out;
            }
            if (v0 == max) {
                base = v1;
                out.add(new Entry(DwOp.LLE_BASE_ADDRESS, v1, 0, null, null, false));
                continue;
            }
            int length = r.u16();
            int at = r.offset();
            r.skip(length);
            DwarfExpression expr = DwarfExpression.in(unit, s, at, length);
            AddressRange range = base == null ? null : new AddressRange(base + v0, base + v1);
            boolean dead = isTombstone(v0, size) || (base != null && isTombstone(base, size));
            out.add(new Entry(DwOp.LLE_OFFSET_PAIR, v0, v1, range, expr, dead));
        }
        throw r.error("location list has more than " + MAX_ENTRIES + " entries");
    }

    private static List<Entry> readLoclists(Unit unit, SectionData s, long offset) {
        int size = unit.addressSize();
        ByteReader r = s.reader(offset);
        Long base = unitBase(unit).orElse(null);
        List<Entry> out = new ArrayList<>();
        for (int n = 0; n < MAX_ENTRIES; n++) {
            int at = r.offset();
            int kind = r.u8();
            long v0 = 0;
            long v1 = 0;
            Long low = null;
            Long high = null;
            boolean resolved = true;
            switch (kind) {
                case DwOp.LLE_END_OF_LIST:
                    return out;
                case DwOp.LLE_BASE_ADDRESSX:
                    v0 = r.uleb();
                    base = indexed(unit, v0);
                    out.add(new Entry(kind, v0, 0, null, null, false));
                    continue;
                case DwOp.LLE_BASE_ADDRESS:
                    v0 = r.address(size);
                    base = v0;
                    out.add(new Entry(kind, v0, 0, null, null, false));
                    continue;
                case DwOp.LLE_STARTX_ENDX:
                    v0 = r.uleb();
                    v1 = r.uleb();
                    low = indexed(unit, v0);
                    high = indexed(unit, v1);
                    resolved = low != null && high != null;
                    break;
                case DwOp.LLE_STARTX_LENGTH:
                    v0 = r.uleb();
                    v1 = r.uleb();
                    low = indexed(unit, v0);
                    high = low == null ? null : low + v1;
                    resolved = low != null;
                    break;
                case DwOp.LLE_OFFSET_PAIR:
                    v0 = r.uleb();
                    v1 = r.uleb();
                    resolved = base != null;
                    if (resolved) {
                        low = base + v0;
                        high = base + v1;
                    }
                    break;
                case DwOp.LLE_DEFAULT_LOCATION:
                    resolved = false;
                    break;
                case DwOp.LLE_START_END:
                    v0 = r.address(size);
                    v1 = r.address(size);
                    low = v0;
                    high = v1;
                    break;
                case DwOp.LLE_START_LENGTH:
                    v0 = r.address(size);
                    v1 = r.uleb();
                    low = v0;
                    high = v0 + v1;
                    break;
                default:
                    throw r.error(at, "unknown location list entry kind 0x" + Integer.toHexString(kind));
            }
            long length = r.uleb();
            if (length > r.remaining()) {
                throw r.error(at, "location expression of 0x" + Long.toHexString(length) + " bytes runs past the end");
            }
            int exprAt = r.offset();
            r.skip(length);
            DwarfExpression expr = DwarfExpression.in(unit, s, exprAt, (int) length);
            AddressRange range = resolved ? new AddressRange(low, high) : null;
            boolean dead = resolved && (isTombstone(low, size)
                    || (kind == DwOp.LLE_OFFSET_PAIR && isTombstone(base, size)));
            out.add(new Entry(kind, v0, v1, range, expr, dead));
        }
        throw r.error("location list has more than " + MAX_ENTRIES + " entries");
    }

    /** A .debug_addr entry, or null when the index is bad (LLVM then prints the raw entry). */
    private static Long indexed(Unit unit, long index) {
        try {
            return unit.indexedAddress(index);
        } catch (DwarfException e) {
            return null;
        }
    }

    /**
     * The list as llvm-dwarfdump prints it after "DW_AT_location\t(": its offset, then one line per
     * entry, each starting with a newline and {@code indent} spaces.
     */
    public String render(int indent) {
        StringBuilder out = new StringBuilder(String.format("0x%08x: ", offset));
        String pad = " ".repeat(indent);
        int width = 2 + 2 * unit.addressSize();
        for (Entry e : entries) {
            boolean base = e.kind() == DwOp.LLE_BASE_ADDRESS || e.kind() == DwOp.LLE_BASE_ADDRESSX;
            boolean failed = base ? e.kind() == DwOp.LLE_BASE_ADDRESSX && indexed(unit, e.value0()) == null
                    : e.range() == null && !e.isDefault();
            if (failed) {
                out.append('\n').append(pad);
                if (dwarf5) {
                    out.append(String.format("%-" + LLE_NAME_WIDTH + "s(", DwOp.lleName(e.kind())));
                    if (base) {
                        out.append(hex(e.value0(), width));
                    } else {
                        out.append(hex(e.value0(), width)).append(", ").append(hex(e.value1(), width));
                    }
                    out.append(')');
                } else {
                    out.append('(').append(hex(e.value0(), width)).append(", ").append(hex(e.value1(), width)).append(')');
                }
            } else if (!base) {
                out.append('\n').append(pad);
                if (e.range() != null) {
                    out.append(String.format("[0x%0" + (2 * unit.addressSize()) + "x, 0x%0" + (2 * unit.addressSize())
                            + "x)", e.range().low(), e.range().high()));
                } else {
                    out.append("<default>");
                }
            }
            if (!base) {
                out.append(": ").append(e.expression().render());
            }
        }
        return out.toString();
    }

    // LLVM's format_hex: "0x" and at least width - 2 digits.
    private static String hex(long v, int width) {
        return String.format("0x%0" + (width - 2) + "x", v);
    }

    @Override
    public String toString() {
        return section + " list at 0x" + Long.toHexString(offset) + " (" + entries.size() + " entries)";
    }
}
