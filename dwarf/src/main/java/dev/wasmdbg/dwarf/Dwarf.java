package dev.wasmdbg.dwarf;

import dev.wasmdbg.wasm.WasmFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The debug information of one module: its units, read from section bytes that are borrowed, not
 * copied. Units are listed eagerly (headers only); everything else is parsed on first use and cached.
 * Safe to share between threads.
 *
 * <p>This is the query facade only: the readers ({@link Unit}, {@link Die}, {@link LineTable}, ...)
 * read through a {@link SectionContext} and never call back here. The query objects it builds
 * (address index, functions, source lines) get units and sections, not the facade; only
 * {@link TypeResolver} and {@link Variables} name {@code Dwarf}, because their public API
 * ({@code TypeResolver.of(Dwarf)}, {@code TypeResolver.dwarf()}, {@code Variables.at(Dwarf, long)}) does.
 */
public final class Dwarf {
    private final DwarfSections sections;
    private final SectionContext context;
    private final List<Unit> units;
    private volatile AddressIndex addressIndex;
    private volatile List<FunctionInfo> functions;
    private volatile TypeResolver types;

    private Dwarf(DwarfSections sections) {
        this.sections = sections;
        this.context = new SectionContext(sections);
        this.units = context.units();
    }

    public static Dwarf of(DwarfSections sections) {
        return new Dwarf(sections);
    }

    public static Dwarf of(WasmFile file) {
        return new Dwarf(DwarfSections.of(file));
    }

    public static Dwarf read(Path wasm) throws IOException {
        return of(WasmFile.read(wasm));
    }

    public DwarfSections sections() {
        return sections;
    }

    public List<Unit> units() {
        return units;
    }

    /** True when the module has DWARF units. */
    public boolean hasDebugInfo() {
        return !units.isEmpty();
    }

    /** The unit holding an absolute .debug_info offset. */
    public Optional<Unit> unitAt(long infoOffset) {
        return context.unitAt(infoOffset);
    }

    /** The DIE at an absolute .debug_info offset. */
    public Optional<Die> dieAt(long infoOffset) {
        return context.dieAt(infoOffset);
    }

    /** Every line table referenced by a unit, in unit order (a table shared by units is listed once). */
    public List<LineTable> lineTables() {
        List<LineTable> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (Unit u : units) {
            AttributeValue v = u.root().attribute(Dw.AT_STMT_LIST);
            if (v != null && seen.add(v.value())) {
                out.add(context.lineTable(v.value(), u));
            }
        }
        return out;
    }

    /**
     * Source frames for a code address (relative to the Code section payload, the DWARF
     * convention), innermost first: inlined callees, then the function that contains them.
     */
    public List<SourceFrame> lookup(long codeAddress) {
        return addressIndex().lookup(codeAddress);
    }

    /**
     * Breakpoint addresses for a source line: the file matched by full path, else path suffix,
     * else base name; one site per function or inlined instance; past the prologue on a
     * function's opening line; the next line with code when this one has none.
     */
    public List<BreakpointSite> addresses(String file, long line) {
        return SourceLines.addresses(units, this::addressIndex, this::functions, file, line);
    }

    /** Every function with code, by address. */
    public List<FunctionInfo> functions() {
        List<FunctionInfo> f = functions;
        if (f == null) {
            synchronized (this) {
                f = functions;
                if (f == null) {
                    f = Functions.collect(units);
                    functions = f;
                }
            }
        }
        return f;
    }

    /**
     * Functions named {@code name} (for `break NAME`): by DW_AT_name, linkage name, demangled name
     * with or without its parameter list (geo::Rect::area, geo::Rect::area() const), or readable
     * Rust path (panic::pick).
     */
    public List<FunctionInfo> functions(String name) {
        List<FunctionInfo> out = new ArrayList<>();
        for (FunctionInfo f : functions()) {
            if (FunctionNames.matches(f, name)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The function whose code contains a Code-relative address. */
    public Optional<FunctionInfo> functionAt(long address) {
        List<FunctionInfo> all = functions(); // sorted by lowPc
        int lo = 0;
        int hi = all.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(all.get(mid).lowPc(), address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        // Ranges may nest (rare); look back a little for the innermost one that contains the address.
        for (int i = found; i >= 0 && i > found - 8; i--) {
            if (all.get(i).contains(address)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The variables and parameters in scope at a code address, one frame per level of the inline
     * chain (innermost first), each with its type and the location expression valid there.
     */
    public List<Variables.Frame> variablesAt(long codeAddress) {
        return Variables.at(this, codeAddress);
    }

    /** Type layouts: resolves DW_AT_type references into types with sizes, members and names. */
    public TypeResolver types() {
        TypeResolver t = types;
        if (t == null) {
            synchronized (this) {
                t = types;
                if (t == null) {
                    t = new TypeResolver(this);
                    types = t;
                }
            }
        }
        return t;
    }

    /** The address-to-source index (built once, on first use). */
    public AddressIndex addressIndex() {
        AddressIndex idx = addressIndex;
        if (idx == null) {
            synchronized (this) {
                idx = addressIndex;
                if (idx == null) {
                    idx = AddressIndex.build(units, sections.aranges());
                    addressIndex = idx;
                }
            }
        }
        return idx;
    }
}
