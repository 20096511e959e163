package dev.wasmdbg.dwarf;

import dev.wasmdbg.demangle.Demangler;

/**
 * One frame of a source location, innermost first in a lookup's answer. For the innermost frame,
 * file/line/column come from the line table; for its callers, from the inlined call site.
 *
 * @param function     the function's name as llvm-symbolizer prints it: its linkage name demangled,
 *                     else its DW_AT_name ("" if unknown)
 * @param linkageName  the name as stored: the mangled linkage name if there is one, else DW_AT_name
 * @param file         absolute source path, "" if unknown
 * @param line         0 if unknown
 * @param startFile    where the function is declared (DW_AT_decl_file), "" if unknown
 * @param startLine    DW_AT_decl_line, 0 if unknown
 * @param startAddress the function's DW_AT_low_pc, or -1 when it has none
 * @param inlined      whether this frame is an inlined call (DW_TAG_inlined_subroutine)
 */
public record SourceFrame(
        String function,
        String linkageName,
        String file,
        long line,
        long column,
        long discriminator,
        String startFile,
        long startLine,
        long startAddress,
        boolean inlined) {

    /** The name for people: Rust legacy names without escapes and hash, the rest as {@link #function}. */
    public String readableFunction() {
        return Demangler.readable(linkageName);
    }
}
