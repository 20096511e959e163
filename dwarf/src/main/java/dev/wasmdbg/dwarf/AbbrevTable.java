package dev.wasmdbg.dwarf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The abbreviations starting at one .debug_abbrev offset, looked up by code. */
final class AbbrevTable {
    private final Abbrev[] dense; // codes 1..n in order, the usual case
    private final Map<Long, Abbrev> sparse;

    private AbbrevTable(Abbrev[] dense, Map<Long, Abbrev> sparse) {
        this.dense = dense;
        this.sparse = sparse;
    }

    Abbrev get(long code) {
        if (code > 0 && code <= dense.length) {
            return dense[(int) code - 1];
        }
        return sparse == null ? null : sparse.get(code);
    }

    static AbbrevTable parse(SectionData section, long offset) {
        ByteReader r = section.reader(offset);
        List<Abbrev> list = new ArrayList<>();
        boolean denseSoFar = true;
        Map<Long, Abbrev> byCode = new HashMap<>();
        while (true) {
            int at = r.offset();
            long code = r.uleb();
            if (code == 0) {
                break;
            }
            int tag = r.ulebInt("tag");
            int children = r.u8();
            List<int[]> attrs = new ArrayList<>();
            List<Long> consts = new ArrayList<>();
            while (true) {
                int name = r.ulebInt("attribute");
                int form = r.ulebInt("form");
                if (name == 0 && form == 0) {
                    break;
                }
                attrs.add(new int[] {name, form});
                consts.add(form == Dw.FORM_IMPLICIT_CONST ? r.sleb() : 0L);
            }
            int n = attrs.size();
            int[] names = new int[n];
            int[] forms = new int[n];
            long[] implicit = new long[n];
            for (int i = 0; i < n; i++) {
                names[i] = attrs.get(i)[0];
                forms[i] = attrs.get(i)[1];
                implicit[i] = consts.get(i);
            }
            Abbrev a = new Abbrev(code, tag, children != 0, names, forms, implicit);
            if (byCode.put(code, a) != null) {
                throw r.error(at, "abbreviation code " + code + " declared twice");
            }
            denseSoFar &= code == list.size() + 1;
            list.add(a);
        }
        if (denseSoFar) {
            return new AbbrevTable(list.toArray(new Abbrev[0]), null);
        }
        return new AbbrevTable(new Abbrev[0], byCode);
    }
}
