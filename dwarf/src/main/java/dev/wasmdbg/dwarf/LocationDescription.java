package dev.wasmdbg.dwarf;

import java.util.Optional;

/**
 * A DIE's location attribute (DW_AT_location, DW_AT_frame_base, ...): either one expression, valid
 * wherever the DIE's scope is live, or a location list whose entries hold for address ranges.
 */
public final class LocationDescription {
    private final DwarfExpression single;
    private final LocationList list;
    private final Long index; // the DW_FORM_loclistx index, for printing

    private LocationDescription(DwarfExpression single, LocationList list, Long index) {
        this.single = single;
        this.list = list;
        this.index = index;
    }

    public static LocationDescription of(DwarfExpression expression) {
        return new LocationDescription(expression, null, null);
    }

    /**
     * The DIE's attribute as a location description; empty when the DIE lacks it or it has a form
     * that is neither an expression nor a location list reference. Malformed lists raise DwarfException.
     */
    public static Optional<LocationDescription> of(Die die, int attribute) {
        AttributeValue v = die.attribute(attribute);
        if (v == null) {
            return Optional.empty();
        }
        Unit unit = die.unit();
        if (v.form() == Dw.FORM_LOCLISTX) {
            return Optional.of(new LocationDescription(null, LocationList.atIndex(unit, v.value()), v.value()));
        }
        boolean listOffset = v.form() == Dw.FORM_SEC_OFFSET
                || (unit.version() <= 3 && (v.form() == Dw.FORM_DATA4 || v.form() == Dw.FORM_DATA8));
        if (listOffset) {
            return Optional.of(new LocationDescription(null, LocationList.read(unit, v.value()), null));
        }
        return DwarfExpression.ofAttribute(die, attribute).map(LocationDescription::of);
    }

    /** The expression, when the attribute is a single expression. */
    public Optional<DwarfExpression> expression() {
        return Optional.ofNullable(single);
    }

    /** The location list, when the attribute refers to one. */
    public Optional<LocationList> list() {
        return Optional.ofNullable(list);
    }

    public boolean isList() {
        return list != null;
    }

    /**
     * The expression valid at a code address: the single expression (the caller knows the scope is
     * live there), or the list's entry covering the address. Empty means optimized out there.
     */
    public Optional<DwarfExpression> at(long address) {
        return single != null ? Optional.of(single) : list.expressionAt(address);
    }

    /**
     * The attribute's value as llvm-dwarfdump-22 --debug-info prints it between the parentheses,
     * list entries each on a new line indented by {@code indent} spaces.
     */
    public String render(int indent) {
        if (single != null) {
            return single.render();
        }
        String prefix = index == null ? "" : String.format("indexed (0x%x) loclist = ", index);
        return prefix + list.render(indent);
    }

    @Override
    public String toString() {
        return render(2);
    }
}
