package dev.wasmdbg.dwarf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A debugging information entry: a position in its unit's DIE index. Attributes are decoded on demand. */
public final class Die {
    private final Unit unit;
    private final int index;

    Die(Unit unit, int index) {
        this.unit = unit;
        this.index = index;
    }

    public Unit unit() {
        return unit;
    }

    /** Absolute offset in .debug_info. */
    public long offset() {
        return unit.dieOffset(index);
    }

    public int tag() {
        return unit.dieAbbrev(index).tag();
    }

    int index() {
        return index;
    }

    public Optional<Die> parent() {
        int p = unit.dieParent(index);
        return p < 0 ? Optional.empty() : Optional.of(new Die(unit, p));
    }

    public List<Die> children() {
        List<Die> out = new ArrayList<>();
        for (int c = unit.firstChild(index); c >= 0; c = unit.nextSibling(c)) {
            out.add(new Die(unit, c));
        }
        return out;
    }

    /** The raw attribute, or null when this DIE does not have it. */
    public AttributeValue attribute(int name) {
        return unit.attribute(index, name);
    }

    public boolean has(int name) {
        return unit.dieAbbrev(index).indexOf(name) >= 0;
    }

    /** A string attribute, resolved through .debug_str / .debug_line_str / .debug_str_offsets. */
    public String string(int name) {
        AttributeValue v = attribute(name);
        return v == null ? null : unit.string(v);
    }

    /** A constant attribute (signed forms sign-extended), or the fallback when absent or not a constant. */
    public long constant(int name, long fallback) {
        AttributeValue v = attribute(name);
        return v != null && v.isConstant() ? v.value() : fallback;
    }

    public boolean flag(int name) {
        AttributeValue v = attribute(name);
        return v != null && v.value() != 0;
    }

    /** An address attribute (addr or addrx forms). */
    public Optional<Long> address(int name) {
        AttributeValue v = attribute(name);
        return v == null ? Optional.empty() : unit.address(v);
    }

    /** The DIE a reference attribute points at (possibly in another unit). */
    public Optional<Die> reference(int name) {
        AttributeValue v = attribute(name);
        if (v == null || !v.isReference()) {
            return Optional.empty();
        }
        return unit.context().dieAt(v.value());
    }

    /** A block or exprloc attribute's bytes. */
    public byte[] block(int name) {
        AttributeValue v = attribute(name);
        if (v == null || !v.isBlock()) {
            return null;
        }
        return unit.infoBytes(v.dataOffset(), v.dataLength());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Die d && d.unit == unit && d.index == index;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(offset());
    }

    @Override
    public String toString() {
        return "DIE 0x" + Long.toHexString(offset()) + " tag 0x" + Integer.toHexString(tag());
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
