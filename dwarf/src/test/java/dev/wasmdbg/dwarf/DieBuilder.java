package dev.wasmdbg.dwarf;

import dev.wasmdbg.wasm.WasmFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one DWARF 4 compile unit by hand for tests: abbreviations, then DIEs whose attribute
 * values are given in abbreviation order; {@link Ref}s to labelled DIEs become DW_FORM_ref4.
 */
final class DieBuilder {
    private static final int HEADER = 11; // DWARF 4: length, version, abbrev offset, address size

    /** A reference to the DIE with this label. */
    record Ref(String label) {}

    private record Abbrev(int tag, boolean children, int[] attrForms) {}

    private final List<Abbrev> abbrevs = new ArrayList<>();
    private final Bytes body = new Bytes();
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<Object[]> fixups = new ArrayList<>(); // {position in body, label}

    /** Declares an abbreviation: attribute / form pairs. Returns its code. */
    int abbrev(int tag, boolean children, int... attrForms) {
        abbrevs.add(new Abbrev(tag, children, attrForms));
        return abbrevs.size();
    }

    /** Appends a DIE; {@code label} may be null. */
    DieBuilder die(String label, int code, Object... values) {
        if (label != null) {
            labels.put(label, HEADER + body.size());
        }
        body.uleb(code);
        int[] af = abbrevs.get(code - 1).attrForms();
        for (int i = 0; i < values.length; i++) {
            int form = af[2 * i + 1];
            Object v = values[i];
            switch (form) {
                case Dw.FORM_STRING -> body.cstring((String) v);
                case Dw.FORM_DATA1 -> body.u8(((Number) v).intValue());
                case Dw.FORM_DATA2 -> body.u16(((Number) v).intValue());
                case Dw.FORM_DATA4, Dw.FORM_ADDR, Dw.FORM_SEC_OFFSET -> body.u32(((Number) v).longValue());
                case Dw.FORM_SDATA -> body.sleb(((Number) v).longValue());
                case Dw.FORM_UDATA -> body.uleb(((Number) v).longValue());
                case Dw.FORM_FLAG_PRESENT -> { }
                case Dw.FORM_EXPRLOC -> body.uleb(((byte[]) v).length).raw((byte[]) v);
                case Dw.FORM_BLOCK1 -> body.u8(((byte[]) v).length).raw((byte[]) v);
                case Dw.FORM_REF4 -> {
                    fixups.add(new Object[] {body.size(), ((Ref) v).label()});
                    body.u32(0);
                }
                default -> throw new IllegalArgumentException("form 0x" + Integer.toHexString(form));
            }
        }
        return this;
    }

    /** Ends the current DIE's children. */
    DieBuilder end() {
        body.u8(0);
        return this;
    }

    /** The offset in .debug_info of a labelled DIE. */
    long offset(String label) {
        return labels.get(label);
    }

    /** A wasm module with the unit in .debug_info and .debug_abbrev. */
    byte[] wasm() {
        byte[] b = body.bytes();
        for (Object[] f : fixups) {
            Integer target = labels.get((String) f[1]);
            if (target == null) {
                throw new IllegalStateException("no DIE labelled " + f[1]);
            }
            Bytes.patch32(b, (int) f[0], target);
        }
        Bytes info = new Bytes().u32(HEADER - 4 + b.length).u16(4).u32(0).u8(4).raw(b);
        Bytes abbrev = new Bytes();
        for (int i = 0; i < abbrevs.size(); i++) {
            Abbrev a = abbrevs.get(i);
            abbrev.uleb(i + 1).uleb(a.tag()).u8(a.children() ? 1 : 0);
            for (int v : a.attrForms()) {
                abbrev.uleb(v);
            }
            abbrev.u8(0).u8(0);
        }
        abbrev.u8(0);
        return Bytes.wasmWithCustomSections(".debug_info", info.bytes(), ".debug_abbrev", abbrev.bytes());
    }

    Dwarf dwarf() {
        return Dwarf.of(WasmFile.of(wasm()));
    }
}
