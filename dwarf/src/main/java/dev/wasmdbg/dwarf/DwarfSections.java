package dev.wasmdbg.dwarf;

import dev.wasmdbg.wasm.WasmFile;
import java.util.Map;
import java.util.function.Function;

/** The DWARF sections of one module; a missing section is empty. */
public record DwarfSections(
        SectionData info,
        SectionData abbrev,
        SectionData str,
        SectionData lineStr,
        SectionData strOffsets,
        SectionData line,
        SectionData addr,
        SectionData ranges,
        SectionData rnglists,
        SectionData loc,
        SectionData loclists,
        SectionData aranges) {

    /** Finds each section by its name (".debug_info", ...) with the given function. */
    static DwarfSections from(Function<String, SectionData> byName) {
        return new DwarfSections(
                get(byName, ".debug_info"),
                get(byName, ".debug_abbrev"),
                get(byName, ".debug_str"),
                get(byName, ".debug_line_str"),
                get(byName, ".debug_str_offsets"),
                get(byName, ".debug_line"),
                get(byName, ".debug_addr"),
                get(byName, ".debug_ranges"),
                get(byName, ".debug_rnglists"),
                get(byName, ".debug_loc"),
                get(byName, ".debug_loclists"),
                get(byName, ".debug_aranges"));
    }

    public static DwarfSections of(WasmFile file) {
        return from(name -> file.custom(name).map(s -> new SectionData(name, file.bytes(), s.offset(), s.size())).orElse(null));
    }

    public static DwarfSections of(Map<String, byte[]> sections) {
        return from(name -> {
            byte[] b = sections.get(name);
            return b == null ? null : SectionData.of(name, b);
        });
    }

    private static SectionData get(Function<String, SectionData> byName, String name) {
        SectionData s = byName.apply(name);
        return s == null ? SectionData.empty(name) : s;
    }
}
