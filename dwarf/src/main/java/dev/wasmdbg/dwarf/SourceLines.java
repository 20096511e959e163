package dev.wasmdbg.dwarf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Source line to breakpoint addresses. Files match by full path, else by path suffix (whole
 * components), else by base name. Rows are the is_stmt rows of that line; if the line has none, the
 * next line that has code is used (as LLDB moves to the nearest code). Per function or inlined
 * instance, the lowest address wins; on a function's opening line the site moves past the prologue.
 * The index and the function list are asked for only when needed (they are built on first use).
 */
final class SourceLines {
    private SourceLines() {}

    private record Candidate(LineTable table, Unit unit, int row) {}

    static List<BreakpointSite> addresses(List<Unit> units, Supplier<AddressIndex> index,
            Supplier<List<FunctionInfo>> functions, String file, long line) {
        String query = file.startsWith("./") ? file.substring(2) : file;
        List<Candidate> rows = matchingRows(units, query, line, Match.FULL);
        if (rows.isEmpty() && !hasFile(units, query, Match.FULL)) {
            rows = matchingRows(units, query, line, Match.SUFFIX);
            if (rows.isEmpty() && !hasFile(units, query, Match.SUFFIX)) {
                rows = matchingRows(units, query, line, Match.BASENAME);
            }
        }
        return sites(index.get(), functions, rows);
    }

    private enum Match { FULL, SUFFIX, BASENAME }

    private static boolean matches(String path, String query, Match how) {
        switch (how) {
            case FULL:
                return path.equals(query);
            case SUFFIX:
                return path.endsWith("/" + query);
            default:
                return baseName(path).equals(baseName(query));
        }
    }

    private static String baseName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }

    private static boolean hasFile(List<Unit> units, String query, Match how) {
        for (Unit unit : units) {
            LineTable t = Functions.lineTable(unit);
            if (t != null && !matchingFiles(t, unit, query, how).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static List<Long> matchingFiles(LineTable table, Unit unit, String query, Match how) {
        List<Long> out = new ArrayList<>();
        int n = table.files().size();
        long first = table.version() >= 5 ? 0 : 1;
        for (long i = first; i < first + n; i++) {
            Optional<String> path = table.filePath(i, unit.compDir());
            if (path.isPresent() && matches(path.get(), query, how)) {
                out.add(i);
            }
        }
        return out;
    }

    /** Rows for exactly this line; if none, for the smallest later line that has rows. */
    private static List<Candidate> matchingRows(List<Unit> units, String query, long line, Match how) {
        List<Candidate> exact = new ArrayList<>();
        long nextLine = Long.MAX_VALUE;
        List<Candidate> later = new ArrayList<>();
        Set<Long> seenTables = new HashSet<>();
        for (Unit unit : units) {
            LineTable table = Functions.lineTable(unit);
            if (table == null || !seenTables.add(table.offset())) {
                continue;
            }
            List<Long> files = matchingFiles(table, unit, query, how);
            if (files.isEmpty()) {
                continue;
            }
            List<LineRow> all = table.rows();
            for (int i = 0; i < all.size(); i++) {
                LineRow r = all.get(i);
                if (!r.isStmt() || r.endSequence() || !files.contains(r.file())
                        || Functions.isDead(r.address(), unit.addressSize())) {
                    continue;
                }
                if (r.line() == line) {
                    exact.add(new Candidate(table, unit, i));
                } else if (r.line() > line && r.line() <= nextLine) {
                    if (r.line() < nextLine) {
                        later.clear();
                        nextLine = r.line();
                    }
                    later.add(new Candidate(table, unit, i));
                }
            }
        }
        return exact.isEmpty() ? later : exact;
    }

    private static List<BreakpointSite> sites(AddressIndex index, Supplier<List<FunctionInfo>> functions,
            List<Candidate> rows) {
        Map<Long, BreakpointSite> byScope = new LinkedHashMap<>();
        for (Candidate c : rows) {
            LineRow r = c.table().rows().get(c.row());
            long address = r.address();
            List<Die> chain = index.inlinedChain(address);
            long scope = chain.isEmpty() ? -1 - address : chain.get(0).offset();
            BreakpointSite current = byScope.get(scope);
            if (current != null && Long.compareUnsigned(current.address(), address) <= 0) {
                continue;
            }
            String function = chain.isEmpty() ? "" : nameOf(chain.get(0));
            String path = c.table().filePath(r.file(), c.unit().compDir()).orElse("");
            byScope.put(scope, new BreakpointSite(address, path, r.line(), r.column(), function));
        }
        List<BreakpointSite> out = new ArrayList<>();
        for (BreakpointSite site : byScope.values()) {
            out.add(pastPrologue(index, functions.get(), site));
        }
        out.sort((a, b) -> Long.compareUnsigned(a.address(), b.address()));
        return out;
    }

    private static String nameOf(Die die) {
        Die[] where = new Die[1];
        AttributeValue v = AddressIndex.findRecursively(die, new int[] {Dw.AT_NAME}, where);
        return v == null ? "" : where[0].unit().string(v);
    }

    /** A site at a function's very start, on its opening line, moves to the end of the prologue. */
    private static BreakpointSite pastPrologue(AddressIndex index, List<FunctionInfo> functions, BreakpointSite site) {
        for (FunctionInfo f : functions) {
            if (f.lowPc() == site.address() && f.entryAddress() != f.lowPc()) {
                List<SourceFrame> frames = index.lookup(f.entryAddress());
                SourceFrame inner = frames.isEmpty() ? null : frames.get(0);
                return new BreakpointSite(f.entryAddress(), inner == null ? site.file() : inner.file(),
                        inner == null ? site.line() : inner.line(), inner == null ? site.column() : inner.column(),
                        site.function());
            }
        }
        return site;
    }
}
