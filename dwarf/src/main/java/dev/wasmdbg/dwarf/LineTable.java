package dev.wasmdbg.dwarf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * A line table (DWARF 2-5): its header's directories and files, every row of its program in
 * program order, and LLVM's address lookup over its sequences.
 */
public final class LineTable {
    private static final String LINE = ".debug_line";
    private static final int LNCT_PATH = 1;
    private static final int LNCT_DIRECTORY_INDEX = 2;
    private static final int LNCT_TIMESTAMP = 3;
    private static final int LNCT_SIZE = 4;
    private static final int LNCT_MD5 = 5;

    /** A run of rows ending in end_sequence: [lowPc, highPc) over rows [firstRow, lastRow). */
    private record Sequence(long lowPc, long highPc, int firstRow, int lastRow) {}

    private final long offset;
    private final int version;
    private final int offsetSize;
    private final List<String> directories;
    private final List<FileEntry> files;
    private final List<LineRow> rows;
    private final Sequence[] sequences; // sorted by highPc, as LLVM does
    private final long[] rowAddresses;
    // Joined paths for the comp dir asked first (a table is nearly always used by one unit).
    private volatile String cachedCompDir;
    private volatile Optional<String>[] cachedPaths;

    private LineTable(long offset, int version, int offsetSize, List<String> directories, List<FileEntry> files,
            List<LineRow> rows, Sequence[] sequences) {
        this.offset = offset;
        this.version = version;
        this.offsetSize = offsetSize;
        this.directories = directories;
        this.files = files;
        this.rows = rows;
        this.sequences = sequences;
        this.rowAddresses = new long[rows.size()];
        for (int i = 0; i < rowAddresses.length; i++) {
            rowAddresses[i] = rows.get(i).address();
        }
    }

    /** Offset of this table in .debug_line. */
    public long offset() {
        return offset;
    }

    public int version() {
        return version;
    }

    public int offsetSize() {
        return offsetSize;
    }

    /** include_directories as stored (DWARF 5: entry 0 is the compilation directory). */
    public List<String> directories() {
        return directories;
    }

    /** file_names as stored (DWARF 5 indexes them from 0; earlier versions from 1). */
    public List<FileEntry> files() {
        return files;
    }

    public List<LineRow> rows() {
        return rows;
    }

    /** Whether a row's file index names an entry of this table. */
    public boolean hasFile(long index) {
        return version >= 5 ? index >= 0 && index < files.size() : index >= 1 && index <= files.size();
    }

    public FileEntry file(long index) {
        return files.get((int) (version >= 5 ? index : index - 1));
    }

    /**
     * The absolute path of file {@code index}, joined as llvm-symbolizer does: the name if absolute,
     * else comp_dir / include directory / name (DWARF 5 directory 0 is the comp dir itself).
     */
    public Optional<String> filePath(long index, String compDir) {
        if (!hasFile(index)) {
            return Optional.empty();
        }
        int slot = (int) (version >= 5 ? index : index - 1);
        Optional<String>[] cache = cachedPaths;
        if (cache == null) {
            synchronized (this) {
                if (cachedPaths == null) {
                    @SuppressWarnings("unchecked")
                    Optional<String>[] fresh = new Optional[files.size()];
                    cachedCompDir = compDir;
                    cachedPaths = fresh;
                }
                cache = cachedPaths;
            }
        }
        if (!compDir.equals(cachedCompDir) || slot >= cache.length) {
            return joinPath(index, compDir);
        }
        Optional<String> path = cache[slot];
        if (path == null) {
            path = joinPath(index, compDir);
            cache[slot] = path;
        }
        return path;
    }

    private Optional<String> joinPath(long index, String compDir) {
        if (!hasFile(index)) {
            return Optional.empty();
        }
        FileEntry entry = file(index);
        String name = entry.name();
        if (PathJoin.isAbsolute(name)) {
            return Optional.of(name);
        }
        String includeDir = null;
        long dirIndex = entry.directoryIndex();
        if (version >= 5) {
            if (dirIndex >= 0 && dirIndex < directories.size()) {
                includeDir = directories.get((int) dirIndex);
            }
        } else if (dirIndex > 0 && dirIndex <= directories.size()) {
            includeDir = directories.get((int) dirIndex - 1);
        }
        StringBuilder path = new StringBuilder();
        if ((version < 5 || dirIndex != 0) && !compDir.isEmpty()
                && (includeDir == null || !PathJoin.isAbsolute(includeDir))) {
            PathJoin.append(path, compDir);
        }
        PathJoin.append(path, includeDir);
        PathJoin.append(path, name);
        return Optional.of(path.toString());
    }

    /**
     * The row describing {@code address}, or -1: the sequence is the first whose end is past the
     * address, and the row the last one at or before it (LLVM's lookupAddress, kept exact).
     */
    public int lookup(long address) {
        int lo = 0;
        int hi = sequences.length;
        while (lo < hi) { // upper_bound by highPc
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(sequences[mid].highPc(), address) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == sequences.length) {
            return -1;
        }
        Sequence s = sequences[lo];
        if (Long.compareUnsigned(address, s.lowPc()) < 0 || Long.compareUnsigned(address, s.highPc()) >= 0) {
            return -1;
        }
        int first = s.firstRow() + 1;
        int last = s.lastRow() - 1;
        while (first < last) { // upper_bound by address in rows (first+1, last-1)
            int mid = (first + last) >>> 1;
            if (Long.compareUnsigned(rowAddresses[mid], address) <= 0) {
                first = mid + 1;
            } else {
                last = mid;
            }
        }
        return first - 1;
    }

    /** Start and end addresses of each sequence, [low, high), in ascending order. */
    public List<long[]> sequenceRanges() {
        List<long[]> out = new ArrayList<>();
        for (Sequence s : sequences) {
            out.add(new long[] {s.lowPc(), s.highPc()});
        }
        return out;
    }

    /** Row indexes [first, last) of the sequence containing the row, for scans within a function. */
    int[] sequenceOfRow(int row) {
        for (Sequence s : sequences) {
            if (row >= s.firstRow() && row < s.lastRow()) {
                return new int[] {s.firstRow(), s.lastRow()};
            }
        }
        return null;
    }

    /**
     * Parses the table at {@code offset} of .debug_line, for a unit with {@code addressSize}-byte
     * addresses (DWARF 5 tables state their own); {@code strOffset} maps a strx index to its
     * .debug_str offset through that unit's .debug_str_offsets contribution.
     */
    static LineTable parse(SectionData section, long offset, int addressSize, StringTable strings,
            LongUnaryOperator strOffset) {
        return new Parser(section, offset, addressSize, strings, strOffset).parse();
    }

    /** Reads one table: the header, then runs the line program. */
    private static final class Parser {
        private final SectionData section;
        private final long offset;
        private final StringTable strings;
        private final LongUnaryOperator strOffset;
        private ByteReader r;
        private int version;
        private int offsetSize;
        private int addressSize;

        Parser(SectionData section, long offset, int addressSize, StringTable strings, LongUnaryOperator strOffset) {
            this.section = section;
            this.offset = offset;
            this.addressSize = addressSize;
            this.strings = strings;
            this.strOffset = strOffset;
        }

        LineTable parse() {
            if (offset < 0 || offset >= section.length()) {
                throw new DwarfException(LINE, offset, "line table offset outside the section (size 0x"
                        + Integer.toHexString(section.length()) + ")");
            }
            r = section.reader(offset);
            int[] size = new int[1];
            long length = r.initialLength(size);
            offsetSize = size[0];
            r.limit(length);
            version = r.u16();
            if (version < 2 || version > 5) {
                throw r.error(offset, "unsupported line table version " + version);
            }
            if (version >= 5) {
                addressSize = r.u8();
                r.u8(); // segment selector size
            }
            long headerLength = r.offsetValue(offsetSize);
            int programStart = r.offset();
            if (headerLength < 0 || headerLength > r.remaining()) {
                throw r.error("header_length 0x" + Long.toHexString(headerLength) + " runs past the table");
            }
            int programAt = programStart + (int) headerLength;
            int minInstLength = r.u8();
            int maxOps = version >= 4 ? r.u8() : 1;
            boolean defaultIsStmt = r.u8() != 0;
            int lineBase = (byte) r.u8();
            int lineRange = r.u8();
            int opcodeBase = r.u8();
            int[] standardLengths = new int[Math.max(0, opcodeBase - 1)];
            for (int i = 0; i < standardLengths.length; i++) {
                standardLengths[i] = r.u8();
            }
            List<String> dirs = new ArrayList<>();
            List<FileEntry> files = new ArrayList<>();
            if (version >= 5) {
                readEntriesV5(dirs, null);
                readEntriesV5(null, files);
            } else {
                while (true) {
                    String dir = r.cstring();
                    if (dir.isEmpty()) {
                        break;
                    }
                    dirs.add(dir);
                }
                while (true) {
                    String name = r.cstring();
                    if (name.isEmpty()) {
                        break;
                    }
                    files.add(new FileEntry(name, r.uleb(), r.uleb(), r.uleb(), null));
                }
            }
            r.seek(programAt);
            List<LineRow> rows = new ArrayList<>();
            List<Sequence> sequences = new ArrayList<>();
            new Program(r, version, addressSize, minInstLength, maxOps == 0 ? 1 : maxOps, defaultIsStmt, lineBase,
                    lineRange, opcodeBase, standardLengths, files).run(rows, sequences);
            Sequence[] sorted = sequences.toArray(new Sequence[0]);
            Arrays.sort(sorted, Comparator.comparing(Sequence::highPc, Long::compareUnsigned));
            return new LineTable(offset, version, offsetSize, Collections.unmodifiableList(dirs),
                    Collections.unmodifiableList(files), Collections.unmodifiableList(rows), sorted);
        }

        private void readEntriesV5(List<String> dirs, List<FileEntry> files) {
            int formatCount = r.u8();
            int[] types = new int[formatCount];
            int[] forms = new int[formatCount];
            for (int i = 0; i < formatCount; i++) {
                types[i] = r.ulebInt("content type");
                forms[i] = r.ulebInt("form");
            }
            long count = r.uleb();
            if (count < 0 || count > r.remaining()) { // each entry takes at least a byte
                throw r.error("entry count " + count + " exceeds the table");
            }
            for (long n = 0; n < count; n++) {
                String path = null;
                long dirIndex = 0;
                long time = 0;
                long size = 0;
                byte[] md5 = null;
                for (int i = 0; i < formatCount; i++) {
                    int form = forms[i];
                    switch (types[i]) {
                        case LNCT_PATH:
                            path = readString(form);
                            break;
                        case LNCT_DIRECTORY_INDEX:
                            dirIndex = readUnsigned(form);
                            break;
                        case LNCT_TIMESTAMP:
                            time = form == Dw.FORM_BLOCK ? skipBlock() : readUnsigned(form);
                            break;
                        case LNCT_SIZE:
                            size = readUnsigned(form);
                            break;
                        case LNCT_MD5:
                            if (form != Dw.FORM_DATA16) {
                                throw r.error("MD5 with form 0x" + Integer.toHexString(form));
                            }
                            md5 = r.bytes(16);
                            break;
                        default:
                            skipValue(form);
                    }
                }
                if (dirs != null) {
                    dirs.add(path == null ? "" : path);
                } else {
                    files.add(new FileEntry(path == null ? "" : path, dirIndex, time, size, md5));
                }
            }
        }

        private long skipBlock() {
            r.skip(r.uleb());
            return 0;
        }

        private String readString(int form) {
            switch (form) {
                case Dw.FORM_STRING:
                    return r.cstring();
                case Dw.FORM_LINE_STRP:
                    return strings.lineStr(r.offsetValue(offsetSize));
                case Dw.FORM_STRP:
                    return strings.str(r.offsetValue(offsetSize));
                case Dw.FORM_STRX:
                    return strx(r.uleb());
                case Dw.FORM_STRX1:
                    return strx(r.u8());
                case Dw.FORM_STRX2:
                    return strx(r.u16());
                case Dw.FORM_STRX3:
                    return strx(r.u24());
                case Dw.FORM_STRX4:
                    return strx(r.u32());
                default:
                    throw r.error("path with form 0x" + Integer.toHexString(form));
            }
        }

        private String strx(long index) {
            return strings.str(strOffset.applyAsLong(index));
        }

        private long readUnsigned(int form) {
            switch (form) {
                case Dw.FORM_DATA1:
                    return r.u8();
                case Dw.FORM_DATA2:
                    return r.u16();
                case Dw.FORM_DATA4:
                    return r.u32();
                case Dw.FORM_DATA8:
                    return r.u64();
                case Dw.FORM_UDATA:
                    return r.uleb();
                default:
                    throw r.error("number with form 0x" + Integer.toHexString(form));
            }
        }

        private void skipValue(int form) {
            switch (form) {
                case Dw.FORM_STRING:
                    r.skipCstring();
                    return;
                case Dw.FORM_LINE_STRP:
                case Dw.FORM_STRP:
                case Dw.FORM_SEC_OFFSET:
                    r.skip(offsetSize);
                    return;
                case Dw.FORM_DATA16:
                    r.skip(16);
                    return;
                case Dw.FORM_BLOCK:
                    r.skip(r.uleb());
                    return;
                case Dw.FORM_STRX:
                case Dw.FORM_SDATA:
                    r.uleb();
                    return;
                case Dw.FORM_STRX1:
                    r.skip(1);
                    return;
                case Dw.FORM_STRX2:
                    r.skip(2);
                    return;
                case Dw.FORM_STRX3:
                    r.skip(3);
                    return;
                case Dw.FORM_STRX4:
                    r.skip(4);
                    return;
                default:
                    readUnsigned(form);
            }
        }
    }

    /** The line-number state machine. */
    private static final class Program {
        private final ByteReader r;
        private final int version;
        private final int addressSize;
        private final int minInstLength;
        private final int maxOps;
        private final boolean defaultIsStmt;
        private final int lineBase;
        private final int lineRange;
        private final int opcodeBase;
        private final int[] standardLengths;
        private final List<FileEntry> files;

        private long address;
        private int opIndex;
        private long file;
        private long line;
        private long column;
        private boolean isStmt;
        private boolean basicBlock;
        private boolean endSequence;
        private boolean prologueEnd;
        private boolean epilogueBegin;
        private long isa;
        private long discriminator;
        private boolean tombstoned; // set_address gave the dead-code marker: rows are dropped until end_sequence
        private boolean sequenceEmpty = true;
        private long sequenceLow;
        private int sequenceFirst;

        Program(ByteReader r, int version, int addressSize, int minInstLength, int maxOps, boolean defaultIsStmt,
                int lineBase, int lineRange, int opcodeBase, int[] standardLengths, List<FileEntry> files) {
            this.r = r;
            this.version = version;
            this.addressSize = addressSize;
            this.minInstLength = minInstLength;
            this.maxOps = maxOps;
            this.defaultIsStmt = defaultIsStmt;
            this.lineBase = lineBase;
            this.lineRange = lineRange;
            this.opcodeBase = opcodeBase;
            this.standardLengths = standardLengths;
            this.files = files;
            reset();
        }

        private void reset() {
            address = 0;
            opIndex = 0;
            file = 1;
            line = 1;
            column = 0;
            isStmt = defaultIsStmt;
            basicBlock = false;
            endSequence = false;
            prologueEnd = false;
            epilogueBegin = false;
            isa = 0;
            discriminator = 0;
        }

        void run(List<LineRow> rows, List<Sequence> sequences) {
            while (!r.atEnd()) {
                int at = r.offset();
                int opcode = r.u8();
                if (opcode >= opcodeBase) {
                    if (lineRange == 0) {
                        throw r.error(at, "special opcode with line_range 0");
                    }
                    int adjusted = opcode - opcodeBase;
                    advance(adjusted / lineRange);
                    line += lineBase + adjusted % lineRange;
                    emit(rows, sequences);
                } else if (opcode == 0) {
                    extended(at, rows, sequences);
                } else {
                    standard(at, opcode, rows, sequences);
                }
            }
        }

        private void advance(long operationAdvance) {
            if (maxOps == 1) {
                address += minInstLength * operationAdvance;
            } else {
                long total = opIndex + operationAdvance;
                address += minInstLength * (total / maxOps);
                opIndex = (int) (total % maxOps);
            }
        }

        private void standard(int at, int opcode, List<LineRow> rows, List<Sequence> sequences) {
            switch (opcode) {
                case 1: // copy
                    emit(rows, sequences);
                    return;
                case 2: // advance_pc
                    advance(r.uleb());
                    return;
                case 3: // advance_line
                    line += r.sleb();
                    return;
                case 4: // set_file
                    file = r.uleb();
                    return;
                case 5: // set_column
                    column = r.uleb();
                    return;
                case 6: // negate_stmt
                    isStmt = !isStmt;
                    return;
                case 7: // set_basic_block
                    basicBlock = true;
                    return;
                case 8: { // const_add_pc
                    if (lineRange == 0) {
                        throw r.error(at, "const_add_pc with line_range 0");
                    }
                    advance((255 - opcodeBase) / lineRange);
                    return;
                }
                case 9: // fixed_advance_pc
                    address += r.u16();
                    opIndex = 0;
                    return;
                case 10:
                    prologueEnd = true;
                    return;
                case 11:
                    epilogueBegin = true;
                    return;
                case 12:
                    isa = r.uleb();
                    return;
                default: // an opcode this reader does not know: skip its declared operands
                    for (int i = 0; i < standardLengths[opcode - 1]; i++) {
                        r.uleb();
                    }
            }
        }

        private void extended(int at, List<LineRow> rows, List<Sequence> sequences) {
            long length = r.uleb();
            int start = r.offset();
            if (length < 0 || length > r.remaining()) {
                throw r.error(at, "extended opcode length 0x" + Long.toHexString(length) + " runs past the table");
            }
            if (length == 0) {
                return;
            }
            int sub = r.u8();
            switch (sub) {
                case 1: // end_sequence
                    endSequence = true;
                    emit(rows, sequences);
                    reset();
                    tombstoned = false;
                    break;
                case 2: { // set_address: the operand's size is the opcode's length less one
                    int size = (int) length - 1;
                    if (size != 1 && size != 2 && size != 4 && size != 8) {
                        throw r.error(at, "set_address with a " + size + "-byte operand");
                    }
                    address = r.unsigned(size);
                    opIndex = 0;
                    tombstoned = address == (size == 8 ? -1L : (1L << (size * 8)) - 1);
                    break;
                }
                case 3: // define_file
                    if (version < 5) {
                        files.add(new FileEntry(r.cstring(), r.uleb(), r.uleb(), r.uleb(), null));
                    }
                    break;
                case 4: // set_discriminator
                    discriminator = r.uleb();
                    break;
                default:
                    break;
            }
            r.seek(start + length); // whatever the operands were, the opcode ends where its length says
        }

        private void emit(List<LineRow> rows, List<Sequence> sequences) {
            if (tombstoned) {
                basicBlock = false;
                prologueEnd = false;
                epilogueBegin = false;
                discriminator = 0;
                return;
            }
            int rowNumber = rows.size();
            if (sequenceEmpty) {
                sequenceEmpty = false;
                sequenceLow = address;
                sequenceFirst = rowNumber;
            }
            rows.add(new LineRow(address, opIndex, file, line, column, isa, discriminator, isStmt, basicBlock,
                    endSequence, prologueEnd, epilogueBegin));
            if (endSequence) {
                if (Long.compareUnsigned(sequenceLow, address) < 0 && sequenceFirst < rowNumber + 1) {
                    sequences.add(new Sequence(sequenceLow, address, sequenceFirst, rowNumber + 1));
                }
                sequenceEmpty = true;
            }
            basicBlock = false;
            prologueEnd = false;
            epilogueBegin = false;
            discriminator = 0;
        }
    }
}
