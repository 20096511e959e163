package dev.wasmdbg.dwarf;

/** Malformed or unsupported input, with the section and the byte offset in it where reading stopped. */
public final class DwarfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String section;
    private final long offset;

    public DwarfException(String section, long offset, String message) {
        super(section + " at 0x" + Long.toHexString(offset) + ": " + message);
        this.section = section;
        this.offset = offset;
    }

    /** The section being read, e.g. ".debug_info", or "wasm" for the module container itself. */
    public String section() {
        return section;
    }

    /** The offset within that section (within the file, for "wasm"). */
    public long offset() {
        return offset;
    }
}
