package dev.wasmdbg.dwarf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The variables in scope at a code address (Code-section-relative, the DWARF convention), frame
 * by frame along the inline chain, innermost frame first.
 *
 * <p>Within a frame, scopes are listed innermost first: the deepest lexical block containing the
 * address, then the blocks around it, then the function's own parameters and variables; inside a
 * scope, in declaration order. Inlined calls nested in a scope are frames of their own, not part of
 * it. Names, types and declaration lines come through DW_AT_abstract_origin when the concrete DIE
 * (an inlined or out-of-line instance) lacks them, and variables of the abstract scope that the
 * concrete one omits are listed too, as optimized out.
 */
public final class Variables {
    private static final int MAX_DEPTH = 256;

    private Variables() {}

    /**
     * One parameter or variable.
     *
     * @param die       the concrete DIE (the one with the location), or the abstract one when the
     *                  concrete scope omits it
     * @param location  the expression valid at the address; empty = optimized out (no location, or
     *                  no list entry covers the address)
     * @param constant  the value when the DIE has DW_AT_const_value instead of a location
     */
    public record Variable(String name, TypeRef type, long declLine, boolean parameter, Die die,
            Optional<DwarfExpression> location, Optional<Location> constant) {
        public DwarfType resolvedType() {
            return type.resolve();
        }

        /** Neither a location nor a constant value here. */
        public boolean optimizedOut() {
            return location.isEmpty() && constant.isEmpty();
        }
    }

    /**
     * One frame of the inline chain: its subprogram or inlined-subroutine DIE, the function's name,
     * the frame base expression to evaluate DW_OP_fbreg against, and the variables in scope.
     */
    public record Frame(Die die, String function, boolean inlined, Optional<DwarfExpression> frameBase,
            List<Variable> variables) {
        public Frame {
            variables = List.copyOf(variables);
        }

        public Optional<Variable> variable(String name) {
            return variables.stream().filter(v -> name.equals(v.name())).findFirst();
        }
    }

    /**
     * Frames innermost first; empty when no unit or function covers the address. (Takes the
     * {@link Dwarf} for its index and type resolver: a public signature, so Dwarf and Variables name
     * each other, within the query layer; no reader depends on either.)
     */
    public static List<Frame> at(Dwarf dwarf, long address) {
        TypeResolver types = TypeResolver.of(dwarf);
        List<Die> chain = dwarf.addressIndex().inlinedChain(address);
        List<Frame> frames = new ArrayList<>(chain.size());
        for (Die frameDie : chain) {
            List<Variable> vars = new ArrayList<>();
            collect(frameDie, address, types, vars, 0);
            Die[] where = new Die[1];
            AttributeValue v = AddressIndex.findRecursively(frameDie, new int[] {Dw.AT_NAME}, where);
            String name = v == null ? "" : where[0].unit().string(v);
            frames.add(new Frame(frameDie, name, frameDie.tag() == Dw.TAG_INLINED_SUBROUTINE,
                    frameBase(frameDie, address), vars));
        }
        return frames;
    }

    /**
     * The frame base expression for a scope DIE at an address: that of the nearest enclosing concrete
     * subprogram (inlined code uses its caller's frame), following DW_AT_abstract_origin and
     * DW_AT_specification when the subprogram itself lacks DW_AT_frame_base.
     */
    public static Optional<DwarfExpression> frameBase(Die scope, long address) {
        Die d = scope;
        for (int hops = 0; d != null && d.tag() != Dw.TAG_SUBPROGRAM && hops < MAX_DEPTH; hops++) {
            d = d.parent().orElse(null);
        }
        if (d == null) {
            return Optional.empty();
        }
        Die[] where = new Die[1];
        AttributeValue v = AddressIndex.findRecursively(d, new int[] {Dw.AT_FRAME_BASE}, where);
        if (v == null) {
            return Optional.empty();
        }
        return LocationDescription.of(where[0], Dw.AT_FRAME_BASE).flatMap(l -> l.at(address));
    }

    /** Appends the variables of {@code scope} visible at the address, innermost scope first. */
    private static void collect(Die scope, long address, TypeResolver types, List<Variable> out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new DwarfException(".debug_info", scope.offset(), "lexical blocks nested too deep");
        }
        List<Die> own = new ArrayList<>();
        for (Die child : scope.children()) {
            int tag = child.tag();
            if (tag == Dw.TAG_FORMAL_PARAMETER || tag == Dw.TAG_VARIABLE) {
                own.add(child);
            } else if (tag == Dw.TAG_LEXICAL_BLOCK && contains(child, address)) {
                collect(child, address, types, out, depth + 1);
            }
        }
        Set<Long> concreteOf = new HashSet<>();
        for (Die v : own) {
            v.reference(Dw.AT_ABSTRACT_ORIGIN).ifPresent(o -> concreteOf.add(o.offset()));
            out.add(variable(v, address, types, true));
        }
        // The abstract scope's variables the concrete instance left out are optimized out here.
        Optional<Die> origin = scope.reference(Dw.AT_ABSTRACT_ORIGIN);
        if (origin.isPresent() && isScope(origin.get().tag())) {
            for (Die child : origin.get().children()) {
                int tag = child.tag();
                if ((tag == Dw.TAG_FORMAL_PARAMETER || tag == Dw.TAG_VARIABLE) && !concreteOf.contains(child.offset())) {
                    out.add(variable(child, address, types, false));
                }
            }
        }
    }

    private static boolean isScope(int tag) {
        return tag == Dw.TAG_SUBPROGRAM || tag == Dw.TAG_INLINED_SUBROUTINE || tag == Dw.TAG_LEXICAL_BLOCK;
    }

    /** Blocks without any address attribute cover their parent's addresses. */
    private static boolean contains(Die block, long address) {
        if (!block.has(Dw.AT_LOW_PC) && !block.has(Dw.AT_RANGES)) {
            return true;
        }
        try {
            for (AddressRange r : Ranges.of(block)) {
                if (r.contains(address)) {
                    return true;
                }
            }
        } catch (DwarfException e) {
            // an unreadable range list: the block is not entered
        }
        return false;
    }

    private static Variable variable(Die die, long address, TypeResolver types, boolean concrete) {
        Die[] where = new Die[1];
        AttributeValue nameValue = AddressIndex.findRecursively(die, new int[] {Dw.AT_NAME}, where);
        String name = nameValue == null ? null : where[0].unit().string(nameValue);
        AttributeValue typeValue = AddressIndex.findRecursively(die, new int[] {Dw.AT_TYPE}, where);
        TypeRef type = typeValue == null ? new TypeRef(types, -1) : types.refOf(where[0]);
        AttributeValue line = AddressIndex.findRecursively(die, new int[] {Dw.AT_DECL_LINE});
        Optional<DwarfExpression> location = Optional.empty();
        Optional<Location> constant = Optional.empty();
        if (concrete) {
            location = LocationDescription.of(die, Dw.AT_LOCATION).flatMap(l -> l.at(address));
            constant = constantValue(die);
        }
        boolean parameter = die.tag() == Dw.TAG_FORMAL_PARAMETER;
        return new Variable(name, type, line != null && line.isConstant() ? line.value() : 0, parameter, die,
                location, constant);
    }

    /** DW_AT_const_value as a location: its bytes for a block, else the constant as a value. */
    private static Optional<Location> constantValue(Die die) {
        AttributeValue v = die.attribute(Dw.AT_CONST_VALUE);
        if (v == null) {
            return Optional.empty();
        }
        if (v.isBlock()) {
            return Optional.of(new Location.Implicit(die.block(Dw.AT_CONST_VALUE)));
        }
        if (v.isConstant()) {
            return Optional.of(new Location.Value(v.value()));
        }
        if (v.form() == Dw.FORM_STRING || v.form() == Dw.FORM_STRP) {
            String s = die.string(Dw.AT_CONST_VALUE);
            return s == null ? Optional.empty()
                    : Optional.of(new Location.Implicit((s + "\0").getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }
}
