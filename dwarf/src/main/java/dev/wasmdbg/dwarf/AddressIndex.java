package dev.wasmdbg.dwarf;

import dev.wasmdbg.demangle.Demangler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Code address to source: which unit covers an address, which subprogram and inlined calls
 * contain it, and the frames innermost first. The rules are llvm-symbolizer's, step for step, so
 * the answers are the same: a sweep over unit ranges picks the unit (lowest offset wins overlaps);
 * each unit maps addresses to its innermost subroutine DIE, children splitting their parents' ranges.
 */
public final class AddressIndex {
    private static final int[] NAME_ATTRS = {Dw.AT_MIPS_LINKAGE_NAME, Dw.AT_LINKAGE_NAME};
    private static final int MAX_REFERENCE_HOPS = 64;

    private final long[] unitLow;
    private final long[] unitHigh;
    private final Unit[] unitOf;
    private final Map<Unit, UnitMap> unitMaps;
    private final Map<Long, DieFacts> facts = new ConcurrentHashMap<>();

    /** What a frame needs from its DIE, worked out once per DIE (names follow references). */
    private record DieFacts(String name, String linkageName, String startFile, long startLine, long startAddress, boolean inlined,
            long callFile, long callLine, long callColumn, long callDiscriminator) {}

    private DieFacts factsOf(Die die) {
        DieFacts f = facts.get(die.offset());
        if (f == null) {
            String name = name(die);
            AttributeValue declLine = findRecursively(die, new int[] {Dw.AT_DECL_LINE});
            String startFile = declFile(die);
            f = new DieFacts(name == null ? "" : Demangler.demangle(name), name == null ? "" : name,
                    startFile == null ? "" : startFile,
                    declLine != null && declLine.isConstant() ? declLine.value() : 0,
                    die.address(Dw.AT_LOW_PC).orElse(-1L), die.tag() == Dw.TAG_INLINED_SUBROUTINE,
                    die.constant(Dw.AT_CALL_FILE, 0), die.constant(Dw.AT_CALL_LINE, 0),
                    die.constant(Dw.AT_CALL_COLUMN, 0), die.constant(Dw.AT_GNU_DISCRIMINATOR, 0));
            facts.putIfAbsent(die.offset(), f);
        }
        return f;
    }

    /** One unit's address to innermost-subroutine map, flattened: sorted lows with their highs and DIEs. */
    private record UnitMap(long[] lows, long[] highs, int[] dies) {
        int find(long address) {
            int lo = 0;
            int hi = lows.length - 1;
            int found = -1;
            while (lo <= hi) { // last low <= address
                int mid = (lo + hi) >>> 1;
                if (Long.compareUnsigned(lows[mid], address) <= 0) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            if (found < 0 || Long.compareUnsigned(address, highs[found]) >= 0) {
                return -1;
            }
            return dies[found];
        }
    }

    private AddressIndex(long[] unitLow, long[] unitHigh, Unit[] unitOf, Map<Unit, UnitMap> unitMaps) {
        this.unitLow = unitLow;
        this.unitHigh = unitHigh;
        this.unitOf = unitOf;
        this.unitMaps = unitMaps;
    }

    /** Indexes the units' code ranges, taken from .debug_aranges where it names a unit. */
    static AddressIndex build(List<Unit> units, SectionData aranges) {
        List<long[]> endpoints = new ArrayList<>(); // {address, unit ordinal, 1 = start / 0 = end}
        Map<Unit, UnitMap> maps = new IdentityHashMap<>();
        // .debug_aranges first; units it does not name are covered by their own ranges.
        Set<Integer> covered = new HashSet<>();
        for (Aranges.Entry e : Aranges.read(aranges)) {
            int ordinal = ordinalOf(units, e.unitOffset());
            if (ordinal >= 0) {
                covered.add(ordinal);
                if (Long.compareUnsigned(e.low(), e.high()) < 0) {
                    endpoints.add(new long[] {e.low(), ordinal, 1});
                    endpoints.add(new long[] {e.high(), ordinal, 0});
                }
            }
        }
        for (int i = 0; i < units.size(); i++) {
            Unit u = units.get(i);
            if (u.unitType() != Dw.UT_COMPILE && u.unitType() != Dw.UT_PARTIAL && u.unitType() != Dw.UT_SKELETON) {
                continue;
            }
            UnitMap map = buildUnitMap(u);
            maps.put(u, map);
            if (covered.contains(i)) {
                continue;
            }
            List<AddressRange> ranges = safeRanges(u.root());
            if (ranges.isEmpty() && !u.root().has(Dw.AT_LOW_PC) && !u.root().has(Dw.AT_RANGES)) {
                // A unit that states no ranges of its own is covered by its subroutines (LLVM
                // would not find it at all; real compilers always state them).
                ranges = new ArrayList<>();
                for (int k = 0; k < map.lows().length; k++) {
                    ranges.add(new AddressRange(map.lows()[k], map.highs()[k]));
                }
            }
            for (AddressRange r : ranges) {
                if (Long.compareUnsigned(r.low(), r.high()) < 0) {
                    endpoints.add(new long[] {r.low(), i, 1});
                    endpoints.add(new long[] {r.high(), i, 0});
                }
            }
        }
        endpoints.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
        List<long[]> merged = new ArrayList<>(); // {low, high, unit ordinal}
        TreeMap<Long, Integer> valid = new TreeMap<>(); // unit ordinal -> open count (a multiset)
        long prev = -1L;
        for (long[] e : endpoints) {
            if (Long.compareUnsigned(prev, e[0]) < 0 && !valid.isEmpty()) {
                long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (last != null && last[1] == prev && valid.containsKey(last[2])) {
                    last[1] = e[0];
                } else {
                    merged.add(new long[] {prev, e[0], valid.firstKey()});
                }
            }
            long unit = e[1];
            if (e[2] == 1) {
                valid.merge(unit, 1, Integer::sum);
            } else {
                valid.computeIfPresent(unit, (k, n) -> n == 1 ? null : n - 1);
            }
            prev = e[0];
        }
        long[] lows = new long[merged.size()];
        long[] highs = new long[merged.size()];
        Unit[] owners = new Unit[merged.size()];
        for (int i = 0; i < lows.length; i++) {
            lows[i] = merged.get(i)[0];
            highs[i] = merged.get(i)[1];
            owners[i] = units.get((int) merged.get(i)[2]);
        }
        return new AddressIndex(lows, highs, owners, maps);
    }

    private static int ordinalOf(List<Unit> units, long offset) {
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i).offset() == offset) {
                return i;
            }
        }
        return -1;
    }

    /** A DIE's ranges; a broken range list is skipped for lookups, as LLVM does, not fatal. */
    private static List<AddressRange> safeRanges(Die die) {
        try {
            return Ranges.of(die);
        } catch (DwarfException e) {
            return List.of();
        }
    }

    private static boolean isSubroutine(int tag) {
        return tag == Dw.TAG_SUBPROGRAM || tag == Dw.TAG_INLINED_SUBROUTINE;
    }

    /** Every subroutine DIE in pre-order (parents before children), each range inserted as LLVM does. */
    private static UnitMap buildUnitMap(Unit unit) {
        Comparator<Long> unsigned = Long::compareUnsigned;
        TreeMap<Long, long[]> map = new TreeMap<>(unsigned); // low -> {high, die index}
        int count = unit.dieCount();
        for (int i = 0; i < count; i++) {
            Die die = unit.die(i);
            if (!isSubroutine(die.tag())) {
                continue;
            }
            for (AddressRange r : safeRanges(die)) {
                if (r.low() == r.high()) {
                    continue;
                }
                Map.Entry<Long, long[]> b = map.floorEntry(r.low());
                if (b != null && Long.compareUnsigned(r.low(), b.getValue()[0]) < 0) {
                    long[] existing = b.getValue();
                    if (Long.compareUnsigned(r.high(), existing[0]) < 0) {
                        map.put(r.high(), new long[] {existing[0], existing[1]});
                    }
                    if (Long.compareUnsigned(r.low(), b.getKey()) > 0) {
                        existing[0] = r.low();
                    }
                }
                map.put(r.low(), new long[] {r.high(), i});
            }
        }
        long[] lows = new long[map.size()];
        long[] highs = new long[map.size()];
        int[] dies = new int[map.size()];
        int k = 0;
        for (Map.Entry<Long, long[]> e : map.entrySet()) {
            lows[k] = e.getKey();
            highs[k] = e.getValue()[0];
            dies[k] = (int) e.getValue()[1];
            k++;
        }
        return new UnitMap(lows, highs, dies);
    }

    /** The compile unit covering a code address. */
    public Optional<Unit> unitFor(long address) {
        int lo = 0;
        int hi = unitLow.length;
        while (lo < hi) { // first range whose high is past the address
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(unitHigh[mid], address) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo < unitLow.length && Long.compareUnsigned(unitLow[lo], address) <= 0) {
            return Optional.of(unitOf[lo]);
        }
        return Optional.empty();
    }

    /** The innermost subroutine DIE (subprogram or inlined call) containing the address, then its callers. */
    public List<Die> inlinedChain(long address) {
        Optional<Unit> unit = unitFor(address);
        if (unit.isEmpty()) {
            return List.of();
        }
        return chainIn(unit.get(), address);
    }

    private List<Die> chainIn(Unit unit, long address) {
        UnitMap map = unitMaps.get(unit);
        int index = map == null ? -1 : map.find(address);
        List<Die> chain = new ArrayList<>();
        for (Die d = index < 0 ? null : unit.die(index); d != null; d = d.parent().orElse(null)) {
            if (d.tag() == Dw.TAG_SUBPROGRAM) {
                chain.add(d);
                break;
            }
            if (d.tag() == Dw.TAG_INLINED_SUBROUTINE) {
                chain.add(d);
            }
        }
        return chain;
    }

    /**
     * Source frames for a code address (DWARF convention: relative to the Code section payload),
     * innermost first. Empty when no unit covers the address.
     */
    public List<SourceFrame> lookup(long address) {
        Optional<Unit> found = unitFor(address);
        if (found.isEmpty()) {
            return List.of();
        }
        Unit unit = found.get();
        String compDir = unit.compDir();
        LineTable table = lineTableOf(unit);
        List<Die> chain = chainIn(unit, address);
        List<SourceFrame> frames = new ArrayList<>(chain.size() + 1);
        if (chain.isEmpty()) {
            // No subroutine DIE: the line table still knows the file and line.
            LineInfo info = lineInfo(table, address, compDir);
            if (info != null) {
                frames.add(new SourceFrame("", "", info.file, info.line, info.column, info.discriminator, "", 0, -1,
                        false));
            }
            return frames;
        }
        long callFile = 0;
        long callLine = 0;
        long callColumn = 0;
        long callDiscriminator = 0;
        for (int i = 0; i < chain.size(); i++) {
            DieFacts f = factsOf(chain.get(i));
            String file;
            long line;
            long column;
            long discriminator;
            if (i == 0) {
                LineInfo info = lineInfo(table, address, compDir);
                file = info == null ? "" : info.file;
                line = info == null ? 0 : info.line;
                column = info == null ? 0 : info.column;
                discriminator = info == null ? 0 : info.discriminator;
            } else {
                file = table == null ? "" : table.filePath(callFile, compDir).orElse("");
                line = callLine;
                column = callColumn;
                discriminator = callDiscriminator;
            }
            if (i + 1 < chain.size()) {
                callFile = f.callFile();
                callLine = f.callLine();
                callColumn = f.callColumn();
                callDiscriminator = f.callDiscriminator();
            }
            frames.add(new SourceFrame(f.name(), f.linkageName(), file, line, column, discriminator, f.startFile(),
                    f.startLine(),
                    f.startAddress(), f.inlined()));
        }
        return frames;
    }

    private record LineInfo(String file, long line, long column, long discriminator) {}

    private static LineTable lineTableOf(Unit unit) {
        try {
            return unit.lineTable().orElse(null);
        } catch (DwarfException e) {
            return null;
        }
    }

    private static LineInfo lineInfo(LineTable table, long address, String compDir) {
        if (table == null) {
            return null;
        }
        int row = table.lookup(address);
        if (row < 0) {
            return null;
        }
        LineRow r = table.rows().get(row);
        Optional<String> file = table.filePath(r.file(), compDir);
        if (file.isEmpty()) {
            return null; // LLVM gives up on the whole row when its file index is bad
        }
        return new LineInfo(file.get(), r.line(), r.column(), r.discriminator());
    }

    /** The linkage name if any, else the name, following abstract origins and specifications. */
    public static String name(Die die) {
        Die[] where = new Die[1];
        AttributeValue v = findRecursively(die, NAME_ATTRS, where);
        if (v == null) {
            v = findRecursively(die, new int[] {Dw.AT_NAME}, where);
        }
        return v == null ? null : where[0].unit().string(v); // decoded by the unit it was found in
    }

    private static String declFile(Die die) {
        Die[] where = new Die[1];
        AttributeValue v = findRecursively(die, new int[] {Dw.AT_DECL_FILE}, where);
        if (v == null || !v.isConstant()) {
            return null;
        }
        Unit unit = where[0].unit();
        LineTable table = lineTableOf(unit);
        return table == null ? null : table.filePath(v.value(), unit.compDir()).orElse(null);
    }

    static AttributeValue findRecursively(Die die, int[] names) {
        return findRecursively(die, names, new Die[1]);
    }

    /**
     * The first of {@code names} on the DIE, else on the DIEs its abstract_origin / specification
     * lead to (a worklist with a seen set, so reference cycles end).
     */
    static AttributeValue findRecursively(Die die, int[] names, Die[] where) {
        ArrayDeque<Die> work = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        work.push(die);
        seen.add(die.offset());
        int hops = 0;
        while (!work.isEmpty() && hops++ < MAX_REFERENCE_HOPS) {
            Die d = work.pop();
            AttributeValue v = firstOf(d, names);
            if (v != null) {
                where[0] = d;
                return v;
            }
            for (int ref : new int[] {Dw.AT_ABSTRACT_ORIGIN, Dw.AT_SPECIFICATION}) {
                try {
                    Optional<Die> target = d.reference(ref);
                    if (target.isPresent() && seen.add(target.get().offset())) {
                        work.push(target.get());
                    }
                } catch (DwarfException e) {
                    // a dangling reference ends this path only
                }
            }
        }
        return null;
    }

    // Among several names, the one that comes first in the DIE's own attribute order (as LLVM's find).
    private static AttributeValue firstOf(Die d, int[] names) {
        if (names.length == 1) {
            return d.attribute(names[0]);
        }
        Abbrev a = d.unit().dieAbbrev(d.index());
        int best = Integer.MAX_VALUE;
        int bestName = -1;
        for (int name : names) {
            int at = a.indexOf(name);
            if (at >= 0 && at < best) {
                best = at;
                bestName = name;
            }
        }
        return bestName < 0 ? null : d.attribute(bestName);
    }

    /** Number of subroutine address ranges indexed, for reports. */
    public int indexedRanges() {
        return unitMaps.values().stream().mapToInt(m -> m.lows().length).sum();
    }
}
