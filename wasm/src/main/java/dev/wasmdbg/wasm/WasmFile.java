package dev.wasmdbg.wasm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The section layout of a .wasm file, read from the raw bytes: where each section's payload sits,
 * the custom sections by name (in file order, duplicates kept), the Code section's function bodies
 * and the data segments. DWARF code addresses are offsets from the Code section's payload start.
 * A malformed container is a {@link WasmFormatException}.
 */
public final class WasmFile {
    private static final int CUSTOM = 0;
    private static final int IMPORT = 2;
    private static final int CODE = 10;
    private static final int DATA = 11;

    /** One section: its id, custom-section name (else null), and payload [offset, offset + size) in the file. */
    public record Section(int id, String name, int offset, int size) {}

    /**
     * A defined function's body: its index among defined functions, where its size LEB starts
     * (headerOffset) and its contents' byte range [offset, offset + size) in the file.
     */
    public record FunctionBody(int definedIndex, int headerOffset, int offset, int size) {
        public int end() {
            return offset + size;
        }
    }

    private final byte[] bytes;
    private final List<Section> sections;
    private final List<FunctionBody> bodies;
    private final int importedFunctions;

    private WasmFile(byte[] bytes) {
        this.bytes = bytes;
        WasmReader r = new WasmReader(bytes, 0, bytes.length);
        if (bytes.length < 8 || r.u32() != 0x6d736100L) {
            throw new WasmFormatException(0, "not a wasm module (no \\0asm magic)");
        }
        long version = r.u32();
        if (version != 1) {
            throw new WasmFormatException(4, "unsupported wasm version " + version);
        }
        List<Section> found = new ArrayList<>();
        while (!r.atEnd()) {
            int headerAt = r.offset();
            int id = r.u8();
            long size = r.uleb();
            if (size < 0 || size > r.remaining()) {
                throw new WasmFormatException(headerAt, "section " + id + " of 0x" + Long.toHexString(size)
                        + " bytes runs past the end of the file");
            }
            int payload = r.offset();
            String name = null;
            if (id == CUSTOM) {
                WasmReader nr = new WasmReader(bytes, payload, payload + (int) size);
                name = nr.name();
                int contents = nr.offset();
                found.add(new Section(id, name, contents, (int) (payload + size - contents)));
            } else {
                found.add(new Section(id, null, payload, (int) size));
            }
            r.skip(size);
        }
        this.sections = Collections.unmodifiableList(found);
        this.bodies = readBodies();
        this.importedFunctions = countImportedFunctions();
    }

    public static WasmFile of(byte[] bytes) {
        return new WasmFile(bytes);
    }

    public static WasmFile read(Path path) throws IOException {
        return new WasmFile(Files.readAllBytes(path));
    }

    /** The whole file (not copied: do not modify). */
    public byte[] bytes() {
        return bytes;
    }

    public List<Section> sections() {
        return sections;
    }

    /** The first custom section with this name. */
    public Optional<Section> custom(String name) {
        return sections.stream().filter(s -> name.equals(s.name())).findFirst();
    }

    public boolean hasCustom(String name) {
        return custom(name).isPresent();
    }

    /**
     * A custom section whose payload is one length-prefixed UTF-8 string (external_debug_info,
     * sourceMappingURL); a malformed one is a WasmFormatException.
     */
    public Optional<String> customString(String name) {
        return customBlob(name).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** A custom section whose payload is a LEB128 length and that many bytes (build_id), copied. */
    public Optional<byte[]> customBlob(String name) {
        return custom(name).map(s -> {
            WasmReader r = new WasmReader(bytes, s.offset(), s.offset() + s.size());
            long length;
            try {
                length = r.uleb();
            } catch (WasmFormatException e) {
                throw new WasmFormatException(s.offset(), "the " + name + " section is malformed (bad length)");
            }
            if (length < 0 || length > r.remaining()) {
                throw new WasmFormatException(s.offset(), "the " + name + " section is malformed (length "
                        + Long.toUnsignedString(length) + " but " + r.remaining() + " bytes)");
            }
            return Arrays.copyOfRange(bytes, r.offset(), r.offset() + (int) length);
        });
    }

    /** The Code section, if any. */
    public Optional<Section> codeSection() {
        return sections.stream().filter(s -> s.id() == CODE).findFirst();
    }

    /** File offset of the Code section's payload (its function count LEB); DWARF addresses count from here. */
    public Optional<Integer> codePayloadOffset() {
        return codeSection().map(Section::offset);
    }

    /**
     * A file offset as a DWARF code address (relative to the Code section payload). Empty when the
     * module has no Code section or the offset is outside it; its end counts as inside, since line
     * tables end their last sequence there.
     */
    public Optional<Long> toCodeAddress(long fileOffset) {
        return codeSection()
                .filter(s -> fileOffset >= s.offset() && fileOffset <= (long) s.offset() + s.size())
                .map(s -> fileOffset - s.offset());
    }

    /** A DWARF code address as a file offset; empty outside [0, size of the Code section]. */
    public Optional<Long> toFileOffset(long codeAddress) {
        return codeSection()
                .filter(s -> codeAddress >= 0 && codeAddress <= s.size())
                .map(s -> s.offset() + codeAddress);
    }

    public List<FunctionBody> functionBodies() {
        return bodies;
    }

    /** How many functions are imported: a defined function's index in the module is this plus its definedIndex. */
    public int importedFunctionCount() {
        return importedFunctions;
    }

    /**
     * The file offset of a body's first instruction: past its local declarations. A function's
     * start (its body offset) is DWARF's low_pc and LLDB's symbol address; engines stop on instructions.
     */
    public int firstInstruction(FunctionBody body) {
        WasmReader r = new WasmReader(bytes, body.offset(), body.end());
        long groups = r.uleb();
        for (long g = 0; g < groups && !r.atEnd(); g++) {
            r.uleb(); // how many locals
            skipValType(r);
        }
        return r.offset();
    }

    /** The defined function whose body holds this file offset. */
    public Optional<FunctionBody> functionAt(long fileOffset) {
        int lo = 0;
        int hi = bodies.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            FunctionBody b = bodies.get(mid);
            if (fileOffset < b.offset()) {
                hi = mid - 1;
            } else if (fileOffset >= b.end()) {
                lo = mid + 1;
            } else {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /**
     * Function names from the "name" section (function index, imports included, to name). A
     * malformed name section is an error; a missing one gives an empty map.
     */
    public Map<Integer, String> functionNames() {
        return names(1);
    }

    /** Data segment names from the "name" section (segment index to name). */
    public Map<Integer, String> dataSegmentNames() {
        return names(9);
    }

    /** A data segment: its index, where an active segment is placed in memory (-1 if not a constant), and its bytes in the file. */
    public record DataSegment(int index, long memoryOffset, int offset, int size) {}

    public List<DataSegment> dataSegments() {
        Optional<Section> data = sections.stream().filter(s -> s.id() == DATA).findFirst();
        if (data.isEmpty()) {
            return List.of();
        }
        WasmReader r = new WasmReader(bytes, data.get().offset(), data.get().offset() + data.get().size());
        long count = r.uleb();
        if (count < 0 || count > r.remaining()) {
            throw r.error("data segment count " + count + " exceeds the section");
        }
        List<DataSegment> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long flags = r.uleb();
            long memoryOffset = -1;
            if (flags != 1) { // active: (memory index,) offset expression
                if (flags == 2) {
                    r.uleb();
                }
                memoryOffset = constantExpression(r);
            }
            long size = r.uleb();
            int start = r.offset();
            r.skip(size);
            out.add(new DataSegment(i, memoryOffset, start, (int) size));
        }
        return out;
    }

    // An init expression's value when it is a lone i32/i64.const, else -1; the reader ends after `end`.
    private static long constantExpression(WasmReader r) {
        long value = -1;
        int op = r.u8();
        if (op == 0x41) {
            value = r.sleb() & 0xffffffffL;
        } else if (op == 0x42) {
            value = r.sleb();
        } else if (op == 0x23) {
            r.uleb(); // global.get: not a constant we can know here
        } else if (op != 0x0b) {
            throw r.error("unsupported opcode 0x" + Integer.toHexString(op) + " in a data segment offset");
        }
        if (op != 0x0b && r.u8() != 0x0b) {
            throw r.error("data segment offset expression is longer than one instruction");
        }
        return value;
    }

    /** A name map subsection of the "name" section (1 functions, 7 globals, 9 data segments). */
    private Map<Integer, String> names(int subsection) {
        Optional<Section> names = custom("name");
        if (names.isEmpty()) {
            return Map.of();
        }
        int start = names.get().offset();
        WasmReader r = new WasmReader(bytes, start, start + names.get().size());
        Map<Integer, String> out = new HashMap<>();
        while (!r.atEnd()) {
            int id = r.u8();
            long size = r.uleb();
            int end = r.offset() + (int) Math.min(size, r.remaining());
            if (size < 0 || size > r.remaining()) {
                throw r.error("name subsection " + id + " runs past the section");
            }
            if (id == subsection) {
                WasmReader sub = new WasmReader(bytes, r.offset(), end);
                long count = sub.uleb();
                for (long i = 0; i < count; i++) {
                    int index = sub.count("function index", Integer.MAX_VALUE);
                    out.put(index, sub.name());
                }
            }
            r.seek(end);
        }
        return out;
    }

    private List<FunctionBody> readBodies() {
        Optional<Section> code = codeSection();
        if (code.isEmpty()) {
            return List.of();
        }
        WasmReader r = new WasmReader(bytes, code.get().offset(), code.get().offset() + code.get().size());
        long count = r.uleb();
        if (count < 0 || count > r.remaining()) { // every body takes at least one byte (a uleb of 64+ bits is negative)
            throw new WasmFormatException(code.get().offset(), "function count " + count + " exceeds the section");
        }
        List<FunctionBody> out = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            int header = r.offset();
            long size = r.uleb();
            int start = r.offset();
            r.skip(size);
            out.add(new FunctionBody(i, header, start, (int) size));
        }
        return Collections.unmodifiableList(out);
    }

    private int countImportedFunctions() {
        Optional<Section> imports = sections.stream().filter(s -> s.id() == IMPORT).findFirst();
        if (imports.isEmpty()) {
            return 0;
        }
        WasmReader r = new WasmReader(bytes, imports.get().offset(), imports.get().offset() + imports.get().size());
        long count = r.uleb();
        int functions = 0;
        for (long i = 0; i < count; i++) {
            r.skip(r.uleb()); // module name
            r.skip(r.uleb()); // field name
            int kind = r.u8();
            switch (kind) {
                case 0: // function: type index
                    r.uleb();
                    functions++;
                    break;
                case 1: // table: reftype + limits
                    r.u8();
                    skipLimits(r);
                    break;
                case 2: // memory: limits
                    skipLimits(r);
                    break;
                case 3: // global: valtype + mutability
                    skipValType(r);
                    r.u8();
                    break;
                case 4: // tag: attribute + type index
                    r.u8();
                    r.uleb();
                    break;
                default:
                    throw r.error("unknown import kind " + kind);
            }
        }
        return functions;
    }

    private static void skipLimits(WasmReader r) {
        int flags = r.u8();
        r.uleb();
        if ((flags & 1) != 0) {
            r.uleb();
        }
    }

    private static void skipValType(WasmReader r) {
        int t = r.u8();
        if (t == 0x63 || t == 0x64) { // (ref null? heaptype)
            r.sleb();
        }
    }
}
