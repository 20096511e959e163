package dev.wasmdbg.dwarf;

/** Reads and skips attribute values by form, for one unit's encoding (version, address and offset sizes). */
final class Forms {
    private static final int MAX_INDIRECTION = 8;

    private Forms() {}

    /** Reads one value; references come out absolute, {@code unitOffset} being the unit's .debug_info offset. */
    static AttributeValue read(ByteReader r, int form, long implicitConst, Encoding encoding, int unitOffset) {
        for (int hops = 0; form == Dw.FORM_INDIRECT; hops++) {
            if (hops == MAX_INDIRECTION) {
                throw r.error("DW_FORM_indirect chain too long");
            }
            form = r.ulebInt("indirect form");
        }
        switch (form) {
            case Dw.FORM_ADDR:
                return value(form, r.address(encoding.addressSize()));
            case Dw.FORM_DATA1:
            case Dw.FORM_FLAG:
            case Dw.FORM_STRX1:
            case Dw.FORM_ADDRX1:
                return value(form, r.u8());
            case Dw.FORM_REF1:
                return value(form, unitOffset + r.u8());
            case Dw.FORM_DATA2:
            case Dw.FORM_STRX2:
            case Dw.FORM_ADDRX2:
                return value(form, r.u16());
            case Dw.FORM_REF2:
                return value(form, unitOffset + r.u16());
            case Dw.FORM_STRX3:
            case Dw.FORM_ADDRX3:
                return value(form, r.u24());
            case Dw.FORM_DATA4:
            case Dw.FORM_STRX4:
            case Dw.FORM_ADDRX4:
            case Dw.FORM_REF_SUP4:
                return value(form, r.u32());
            case Dw.FORM_REF4:
                return value(form, unitOffset + r.u32());
            case Dw.FORM_DATA8:
            case Dw.FORM_REF_SIG8:
            case Dw.FORM_REF_SUP8:
                return value(form, r.u64());
            case Dw.FORM_REF8:
                return value(form, unitOffset + r.u64());
            case Dw.FORM_SDATA:
                return value(form, r.sleb());
            case Dw.FORM_UDATA:
            case Dw.FORM_STRX:
            case Dw.FORM_ADDRX:
            case Dw.FORM_LOCLISTX:
            case Dw.FORM_RNGLISTX:
            case Dw.FORM_GNU_ADDR_INDEX:
            case Dw.FORM_GNU_STR_INDEX:
                return value(form, r.uleb());
            case Dw.FORM_REF_UDATA:
                return value(form, unitOffset + r.uleb());
            case Dw.FORM_STRP:
            case Dw.FORM_SEC_OFFSET:
            case Dw.FORM_LINE_STRP:
            case Dw.FORM_STRP_SUP:
            case Dw.FORM_GNU_STRP_ALT:
            case Dw.FORM_GNU_REF_ALT:
                return value(form, r.offsetValue(encoding.offsetSize()));
            case Dw.FORM_REF_ADDR:
                return value(form, encoding.version() <= 2 ? r.address(encoding.addressSize())
                        : r.offsetValue(encoding.offsetSize()));
            case Dw.FORM_FLAG_PRESENT:
                return value(form, 1);
            case Dw.FORM_IMPLICIT_CONST:
                return value(form, implicitConst);
            case Dw.FORM_STRING: {
                int start = r.offset();
                r.skipCstring();
                return new AttributeValue(form, 0, start, r.offset() - start - 1);
            }
            case Dw.FORM_BLOCK1:
                return block(r, form, r.u8());
            case Dw.FORM_BLOCK2:
                return block(r, form, r.u16());
            case Dw.FORM_BLOCK4:
                return block(r, form, r.u32());
            case Dw.FORM_BLOCK:
            case Dw.FORM_EXPRLOC:
                return block(r, form, r.uleb());
            case Dw.FORM_DATA16:
                return block(r, form, 16);
            default:
                throw r.error("unknown attribute form 0x" + Integer.toHexString(form));
        }
    }

    private static AttributeValue value(int form, long v) {
        return new AttributeValue(form, v, 0, 0);
    }

    private static AttributeValue block(ByteReader r, int form, long length) {
        int start = r.offset();
        r.skip(length);
        return new AttributeValue(form, 0, start, (int) length);
    }

    /** Skips one value; the common fixed-size forms without building anything. */
    static void skip(ByteReader r, int form, Encoding encoding) {
        switch (form) {
            case Dw.FORM_FLAG_PRESENT:
            case Dw.FORM_IMPLICIT_CONST:
                return;
            case Dw.FORM_DATA1:
            case Dw.FORM_REF1:
            case Dw.FORM_FLAG:
            case Dw.FORM_STRX1:
            case Dw.FORM_ADDRX1:
                r.skip(1);
                return;
            case Dw.FORM_DATA2:
            case Dw.FORM_REF2:
            case Dw.FORM_STRX2:
            case Dw.FORM_ADDRX2:
                r.skip(2);
                return;
            case Dw.FORM_DATA4:
            case Dw.FORM_REF4:
            case Dw.FORM_STRX4:
            case Dw.FORM_ADDRX4:
                r.skip(4);
                return;
            case Dw.FORM_STRP:
            case Dw.FORM_SEC_OFFSET:
            case Dw.FORM_LINE_STRP:
                r.skip(encoding.offsetSize());
                return;
            case Dw.FORM_ADDR:
                r.skip(encoding.addressSize());
                return;
            case Dw.FORM_UDATA:
            case Dw.FORM_SDATA:
            case Dw.FORM_REF_UDATA:
            case Dw.FORM_STRX:
            case Dw.FORM_ADDRX:
                r.uleb();
                return;
            case Dw.FORM_EXPRLOC:
            case Dw.FORM_BLOCK:
                r.skip(r.uleb());
                return;
            case Dw.FORM_BLOCK1:
                r.skip(r.u8());
                return;
            case Dw.FORM_STRING:
                r.skipCstring();
                return;
            default:
                read(r, form, 0, encoding, 0); // the value is dropped, so the unit offset does not matter
        }
    }
}
