package dev.wasmdbg.dwarf;

/**
 * An attribute's value as encoded: its form and either a number (constant, address, address or
 * string index, section offset, reference as an absolute .debug_info offset, flag) or the position
 * of its bytes in .debug_info (blocks, expressions, inline strings, data16).
 */
public record AttributeValue(int form, long value, int dataOffset, int dataLength) {

    public boolean isBlock() {
        switch (form) {
            case Dw.FORM_BLOCK1:
            case Dw.FORM_BLOCK2:
            case Dw.FORM_BLOCK4:
            case Dw.FORM_BLOCK:
            case Dw.FORM_EXPRLOC:
            case Dw.FORM_DATA16:
                return true;
            default:
                return false;
        }
    }

    /** Forms whose value is a reference to another DIE (already made absolute). */
    public boolean isReference() {
        switch (form) {
            case Dw.FORM_REF1:
            case Dw.FORM_REF2:
            case Dw.FORM_REF4:
            case Dw.FORM_REF8:
            case Dw.FORM_REF_UDATA:
            case Dw.FORM_REF_ADDR:
                return true;
            default:
                return false;
        }
    }

    /** Constant forms (DWARF's "constant" class); sdata and implicit_const are signed. */
    public boolean isConstant() {
        switch (form) {
            case Dw.FORM_DATA1:
            case Dw.FORM_DATA2:
            case Dw.FORM_DATA4:
            case Dw.FORM_DATA8:
            case Dw.FORM_SDATA:
            case Dw.FORM_UDATA:
            case Dw.FORM_IMPLICIT_CONST:
                return true;
            default:
                return false;
        }
    }

    /** Forms that name a section offset (loclist / rnglist / line table), before DWARF 4 also data4/8. */
    public boolean isSectionOffset() {
        return form == Dw.FORM_SEC_OFFSET || form == Dw.FORM_DATA4 || form == Dw.FORM_DATA8;
    }
}
