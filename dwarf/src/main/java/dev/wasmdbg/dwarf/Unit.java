package dev.wasmdbg.dwarf;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;

/**
 * One unit of .debug_info (DWARF 2-5, 32- or 64-bit format). Its header is read eagerly; its DIEs
 * are indexed on first use (offsets, abbreviations, parents, siblings) and decoded lazily. It reads
 * sections, strings and abbreviations through a {@link SectionContext}, not through {@link Dwarf}.
 */
public final class Unit {
    private static final String INFO = ".debug_info";

    private final SectionContext context;
    private final int offset;
    private final int end;
    private final Encoding encoding;
    private final int unitType;
    private final long abbrevOffset;
    private final int dieStart;

    private volatile DieIndex dies;
    private long strOffsetsBase = -1;
    private long addrBase;
    private long rnglistsBase = -1;
    private long loclistsBase = -1;

    /** The DIE index of a unit, in pre-order: parallel arrays, one slot a DIE. */
    private record DieIndex(int count, int[] offsets, Abbrev[] abbrevs, int[] attrStarts, int[] parents, int[] siblings) {}

    private Unit(SectionContext context, int offset, int end, int offsetSize, int version, int unitType,
            int addressSize, long abbrevOffset, int dieStart) {
        this.context = context;
        this.offset = offset;
        this.end = end;
        this.encoding = new Encoding(version, addressSize, offsetSize);
        this.unitType = unitType;
        this.abbrevOffset = abbrevOffset;
        this.dieStart = dieStart;
    }

    /** Reads the unit header at the reader's position and leaves the reader at the next unit. */
    static Unit readHeader(SectionContext context, ByteReader r) {
        int start = r.offset();
        int[] size = new int[1];
        long length = r.initialLength(size);
        int contentStart = r.offset();
        if (length > r.remaining()) {
            throw r.error(start, "unit length 0x" + Long.toHexString(length) + " runs past the end of the section");
        }
        int unitEnd = contentStart + (int) length;
        ByteReader h = r.section().reader(contentStart);
        h.limit(length);
        int version = h.u16();
        if (version < 2 || version > 5) {
            throw h.error(start, "unsupported DWARF version " + version);
        }
        int unitType = Dw.UT_COMPILE;
        int addressSize;
        long abbrevOffset;
        if (version >= 5) {
            unitType = h.u8();
            addressSize = h.u8();
            abbrevOffset = h.offsetValue(size[0]);
            switch (unitType) {
                case Dw.UT_SKELETON:
                case Dw.UT_SPLIT_COMPILE:
                    h.u64(); // dwo_id
                    break;
                case Dw.UT_TYPE:
                case Dw.UT_SPLIT_TYPE:
                    h.u64(); // type signature
                    h.offsetValue(size[0]); // type offset
                    break;
                case Dw.UT_COMPILE:
                case Dw.UT_PARTIAL:
                    break;
                default:
                    throw h.error(start, "unknown unit type 0x" + Integer.toHexString(unitType));
            }
        } else {
            abbrevOffset = h.offsetValue(size[0]);
            addressSize = h.u8();
        }
        if (addressSize != 1 && addressSize != 2 && addressSize != 4 && addressSize != 8) {
            throw h.error(start, "unsupported address size " + addressSize);
        }
        r.seek(unitEnd);
        return new Unit(context, start, unitEnd, size[0], version, unitType, addressSize, abbrevOffset, h.offset());
    }

    SectionContext context() {
        return context;
    }

    DwarfSections sections() {
        return context.sections();
    }

    /** Offset of the unit header in .debug_info. */
    public int offset() {
        return offset;
    }

    /** End of the unit (exclusive) in .debug_info. */
    public int end() {
        return end;
    }

    public int version() {
        return encoding.version();
    }

    public int unitType() {
        return unitType;
    }

    public int addressSize() {
        return encoding.addressSize();
    }

    /** 4 for the 32-bit DWARF format, 8 for the 64-bit one. */
    public int offsetSize() {
        return encoding.offsetSize();
    }

    /** The unit's root DIE (DW_TAG_compile_unit, partial_unit, ...). */
    public Die root() {
        index();
        return new Die(this, 0);
    }

    public String name() {
        return root().string(Dw.AT_NAME);
    }

    /** DW_AT_comp_dir, or "" when absent. */
    public String compDir() {
        String dir = root().string(Dw.AT_COMP_DIR);
        return dir == null ? "" : dir;
    }

    /** The line table for this unit (DW_AT_stmt_list), if it has one. */
    public Optional<LineTable> lineTable() {
        AttributeValue v = root().attribute(Dw.AT_STMT_LIST);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(context.lineTable(v.value(), this));
    }

    /** The unit's base address for range and location lists (its DW_AT_low_pc, else 0). */
    public long baseAddress() {
        return root().address(Dw.AT_LOW_PC).orElse(0L);
    }

    public int dieCount() {
        return index().count();
    }

    /** All DIEs in pre-order. */
    public Iterable<Die> dies() {
        DieIndex idx = index();
        return () -> new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < idx.count();
            }

            @Override
            public Die next() {
                return new Die(Unit.this, i++);
            }
        };
    }

    /** The DIE at an absolute .debug_info offset inside this unit. */
    public Optional<Die> dieAt(long absoluteOffset) {
        DieIndex idx = index();
        int i = Arrays.binarySearch(idx.offsets(), 0, idx.count(), (int) absoluteOffset);
        return i >= 0 ? Optional.of(new Die(this, i)) : Optional.empty();
    }

    /** The attribute names a DIE's abbreviation declares, in order. */
    int[] dieAbbrevNames(Die die) {
        return dieAbbrev(die.index()).names().clone();
    }

    Die die(int index) {
        return new Die(this, index);
    }

    int dieOffset(int i) {
        return index().offsets()[i];
    }

    Abbrev dieAbbrev(int i) {
        return index().abbrevs()[i];
    }

    int dieParent(int i) {
        return index().parents()[i];
    }

    int firstChild(int i) {
        DieIndex idx = index();
        return i + 1 < idx.count() && idx.parents()[i + 1] == i ? i + 1 : -1;
    }

    int nextSibling(int i) {
        return index().siblings()[i];
    }

    AttributeValue attribute(int i, int name) {
        DieIndex idx = index();
        Abbrev a = idx.abbrevs()[i];
        int[] names = a.names();
        int k = -1;
        for (int j = 0; j < names.length; j++) {
            if (names[j] == name) {
                k = j;
                break;
            }
        }
        if (k < 0) {
            return null;
        }
        ByteReader r = reader(idx.attrStarts()[i]);
        int[] forms = a.forms();
        for (int j = 0; j < k; j++) {
            Forms.skip(r, forms[j], encoding);
        }
        return Forms.read(r, forms[k], a.implicitConsts()[k], encoding, offset);
    }

    ByteReader reader(int at) {
        ByteReader r = context.sections().info().reader(at);
        r.limit(end - at);
        return r;
    }

    byte[] infoBytes(int at, int length) {
        return reader(at).bytes(length);
    }

    /** Resolves any string form. */
    public String string(AttributeValue v) {
        switch (v.form()) {
            case Dw.FORM_STRING:
                return Die.utf8(infoBytes(v.dataOffset(), v.dataLength()));
            case Dw.FORM_STRP:
                return context.strings().str(v.value());
            case Dw.FORM_LINE_STRP:
                return context.strings().lineStr(v.value());
            case Dw.FORM_STRX:
            case Dw.FORM_STRX1:
            case Dw.FORM_STRX2:
            case Dw.FORM_STRX3:
            case Dw.FORM_STRX4:
            case Dw.FORM_GNU_STR_INDEX:
                return context.strings().str(stringOffset(v.value()));
            default:
                return null; // strp_sup / GNU_strp_alt need a supplementary file we do not have
        }
    }

    /** The .debug_str offset that entry {@code index} of this unit's .debug_str_offsets contribution holds. */
    long stringOffset(long index) {
        index();
        int offsetSize = encoding.offsetSize();
        long base = strOffsetsBase >= 0 ? strOffsetsBase : offsetSize == 8 ? 16 : 8;
        SectionData s = context.sections().strOffsets();
        ByteReader r = s.reader(0);
        long at = base + index * offsetSize;
        if (index < 0 || index > Integer.MAX_VALUE || at < 0 || at > s.length() - offsetSize) {
            throw r.error(Math.max(0, Math.min(at, s.length())), "string index " + index + " outside .debug_str_offsets");
        }
        r.seek(at);
        return r.offsetValue(offsetSize);
    }

    /** Resolves an address form (addr, addrx*, GNU_addr_index). */
    public Optional<Long> address(AttributeValue v) {
        switch (v.form()) {
            case Dw.FORM_ADDR:
                return Optional.of(v.value());
            case Dw.FORM_ADDRX:
            case Dw.FORM_ADDRX1:
            case Dw.FORM_ADDRX2:
            case Dw.FORM_ADDRX3:
            case Dw.FORM_ADDRX4:
            case Dw.FORM_GNU_ADDR_INDEX:
                return Optional.of(indexedAddress(v.value()));
            default:
                return Optional.empty();
        }
    }

    /** Entry {@code index} of this unit's .debug_addr contribution. */
    long indexedAddress(long index) {
        index();
        int addressSize = encoding.addressSize();
        SectionData s = context.sections().addr();
        ByteReader r = s.reader(0);
        long at = addrBase + index * addressSize;
        if (index < 0 || index > Integer.MAX_VALUE || at < 0 || at > s.length() - addressSize) {
            throw r.error(Math.max(0, Math.min(at, s.length())), "address index " + index + " outside .debug_addr");
        }
        r.seek(at);
        return r.address(addressSize);
    }

    long rnglistsBase() {
        index();
        return rnglistsBase;
    }

    long loclistsBase() {
        index();
        return loclistsBase;
    }

    private DieIndex index() {
        DieIndex idx = dies;
        if (idx == null) {
            synchronized (this) {
                idx = dies;
                if (idx == null) {
                    idx = scan();
                    dies = idx;
                    readBases(idx);
                }
            }
        }
        return idx;
    }

    private void readBases(DieIndex idx) {
        if (idx.count() == 0) {
            return;
        }
        AttributeValue v = attribute(0, Dw.AT_STR_OFFSETS_BASE);
        if (v != null) {
            strOffsetsBase = v.value();
        }
        v = attribute(0, Dw.AT_ADDR_BASE);
        if (v == null) {
            v = attribute(0, Dw.AT_GNU_ADDR_BASE);
        }
        if (v != null) {
            addrBase = v.value();
        }
        v = attribute(0, Dw.AT_RNGLISTS_BASE);
        if (v != null) {
            rnglistsBase = v.value();
        }
        v = attribute(0, Dw.AT_LOCLISTS_BASE);
        if (v != null) {
            loclistsBase = v.value();
        }
    }

    private DieIndex scan() {
        AbbrevTable abbrevs = context.abbrevTable(abbrevOffset);
        ByteReader r = reader(dieStart);
        int capacity = Math.max(16, (end - dieStart) / 8);
        int[] offsets = new int[capacity];
        Abbrev[] abbrevOf = new Abbrev[capacity];
        int[] attrStarts = new int[capacity];
        int[] parents = new int[capacity];
        int[] siblings = new int[capacity];
        int[] parentStack = new int[64];
        int[] lastChildStack = new int[64];
        int depth = 0;
        parentStack[0] = -1;
        lastChildStack[0] = -1;
        int n = 0;
        while (!r.atEnd()) {
            int at = r.offset();
            long code = r.uleb();
            if (code == 0) {
                if (depth > 0) {
                    depth--; // end of a children list; at depth 0 it is padding
                }
                continue;
            }
            Abbrev a = abbrevs.get(code);
            if (a == null) {
                throw r.error(at, "unknown abbreviation code " + code + " (table at .debug_abbrev 0x"
                        + Long.toHexString(abbrevOffset) + ")");
            }
            if (n == offsets.length) {
                int grown = offsets.length * 2;
                offsets = Arrays.copyOf(offsets, grown);
                abbrevOf = Arrays.copyOf(abbrevOf, grown);
                attrStarts = Arrays.copyOf(attrStarts, grown);
                parents = Arrays.copyOf(parents, grown);
                siblings = Arrays.copyOf(siblings, grown);
            }
            if (n > 0 && depth == 0) {
                // A second top-level DIE: LLVM reads only the first tree of a unit.
                break;
            }
            offsets[n] = at;
            abbrevOf[n] = a;
            attrStarts[n] = r.offset();
            parents[n] = parentStack[depth];
            siblings[n] = -1;
            if (lastChildStack[depth] >= 0) {
                siblings[lastChildStack[depth]] = n;
            }
            lastChildStack[depth] = n;
            int[] forms = a.forms();
            for (int form : forms) {
                Forms.skip(r, form, encoding);
            }
            if (a.hasChildren()) {
                depth++;
                if (depth == parentStack.length) {
                    parentStack = Arrays.copyOf(parentStack, depth * 2);
                    lastChildStack = Arrays.copyOf(lastChildStack, depth * 2);
                }
                parentStack[depth] = n;
                lastChildStack[depth] = -1;
            }
            n++;
        }
        return new DieIndex(n, offsets, abbrevOf, attrStarts, parents, siblings);
    }

    @Override
    public String toString() {
        return "unit at 0x" + Integer.toHexString(offset) + " (DWARF " + encoding.version() + ")";
    }
}
