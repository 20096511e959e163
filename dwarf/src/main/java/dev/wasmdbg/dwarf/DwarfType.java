package dev.wasmdbg.dwarf;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A type from DWARF type DIEs. Types point at other types through {@link TypeRef}s, resolved on
 * demand by DIE offset, so building a type never recurses into others and self-referencing types
 * (a struct with a pointer to itself) are fine. Following a cycle that has no named type in it
 * (typedefs, qualifiers, arrays or pointers leading back to themselves) raises DwarfException.
 */
public sealed interface DwarfType {

    /** The type DIE; null only for {@link Void}. */
    Die die();

    /** DW_AT_name, or null. */
    String name();

    /** The DIE's offset in .debug_info, -1 for {@link Void}. */
    default long offset() {
        return die() == null ? -1 : die().offset();
    }

    /** Size in bytes: DW_AT_byte_size, else what it follows from (pointee-independent for pointers). */
    default OptionalLong byteSize() {
        return TypeNames.byteSize(this, new HashSet<>());
    }

    /** The type under any typedefs and const / volatile / restrict / atomic qualifiers. */
    default DwarfType strip() {
        DwarfType t = this;
        Set<Long> seen = new HashSet<>();
        while (t instanceof Typedef || t instanceof Qualified) {
            if (!seen.add(t.offset())) {
                throw TypeNames.cycle(t);
            }
            t = t instanceof Typedef d ? d.target().resolve() : ((Qualified) t).target().resolve();
        }
        return t;
    }

    /**
     * The type as C writes it: {@code struct point *}, {@code const char *}, {@code int[5]},
     * {@code int (*)(int)}; in C units struct / union / enum names carry their keyword, elsewhere
     * names are qualified by their namespaces and classes ({@code geo::Rect}).
     */
    default String displayName() {
        return TypeNames.render(this, TypeNames.isC(this));
    }

    /** The display name, with or without the struct / union / enum keyword on tagged types. */
    default String displayName(boolean tagKeywords) {
        return TypeNames.render(this, tagKeywords);
    }

    /** DW_TAG_base_type. {@code encoding} is a DW_ATE_* value; sizes are -1 / 0 when absent. */
    record Base(Die die, String name, int encoding, long declaredSize, long bitSize) implements DwarfType {}

    /**
     * DW_TAG_pointer_type, reference_type, rvalue_reference_type or ptr_to_member_type ({@code tag}
     * says which); {@code containing} is a member pointer's class, else null. Rust names its
     * pointer types ("&str"), C does not.
     */
    record Pointer(Die die, int tag, String name, TypeRef target, TypeRef containing, long declaredSize)
            implements DwarfType {}

    /** DW_TAG_const_type, volatile_type, restrict_type or atomic_type over {@code target}. */
    record Qualified(Die die, int tag, TypeRef target) implements DwarfType {
        @Override
        public String name() {
            return null;
        }

        /** "const", "volatile", "restrict" or "_Atomic". */
        public String keyword() {
            switch (tag) {
                case Dw.TAG_CONST_TYPE: return "const";
                case Dw.TAG_VOLATILE_TYPE: return "volatile";
                case Dw.TAG_RESTRICT_TYPE: return "restrict";
                default: return "_Atomic";
            }
        }
    }

    record Typedef(Die die, String name, TypeRef target) implements DwarfType {}

    /**
     * DW_TAG_structure_type, class_type or union_type. {@code members} are the non-static data
     * members and base classes in declaration order; {@code declaration} marks a forward declaration
     * (see {@link TypeResolver#complete}).
     */
    record Composite(Die die, int tag, String name, long declaredSize, boolean declaration, List<Member> members)
            implements DwarfType {
        public Composite {
            members = List.copyOf(members);
        }

        /** "struct", "class" or "union". */
        public String keyword() {
            return tag == Dw.TAG_CLASS_TYPE ? "class" : tag == Dw.TAG_UNION_TYPE ? "union" : "struct";
        }

        public Optional<Member> member(String memberName) {
            return members.stream().filter(m -> memberName.equals(m.name())).findFirst();
        }
    }

    /**
     * A data member or base class.
     *
     * @param byteOffset    offset from the start of the object (DW_AT_data_member_location as a constant
     *                      or an expression evaluated from 0); -1 when it cannot be computed statically
     * @param bitSize       DW_AT_bit_size for a bit field, else 0
     * @param dataBitOffset a bit field's first bit counted from the start of the object, else -1
     * @param location      the DW_AT_data_member_location expression, when it is one (else null)
     */
    record Member(String name, TypeRef type, long byteOffset, long bitSize, long dataBitOffset, boolean inheritance,
            boolean artificial, DwarfExpression location) {
        public boolean isBitField() {
            return bitSize > 0;
        }
    }

    /** DW_TAG_array_type: element type and dimensions, outermost first. */
    record Array(Die die, TypeRef element, List<Dimension> dimensions, long declaredSize) implements DwarfType {
        public Array {
            dimensions = List.copyOf(dimensions);
        }

        @Override
        public String name() {
            return null;
        }
    }

    /** One DW_TAG_subrange_type: lower bound and element count, -1 when unknown (int[], VLA). */
    record Dimension(long lowerBound, long count) {}

    /** DW_TAG_enumeration_type; {@code underlying} is void when DW_AT_type is absent. */
    record Enumeration(Die die, String name, long declaredSize, TypeRef underlying, List<Enumerator> enumerators,
            boolean declaration) implements DwarfType {
        public Enumeration {
            enumerators = List.copyOf(enumerators);
        }
    }

    record Enumerator(String name, long value) {}

    /** DW_TAG_subroutine_type: a function type; {@code returnType} is void when absent. */
    record Subroutine(Die die, TypeRef returnType, List<TypeRef> parameters, boolean variadic) implements DwarfType {
        public Subroutine {
            parameters = List.copyOf(parameters);
        }

        @Override
        public String name() {
            return null;
        }
    }

    /** DW_TAG_unspecified_type, e.g. C++'s decltype(nullptr). */
    record Unspecified(Die die, String name) implements DwarfType {}

    /** No type: a DIE without DW_AT_type (a void function's return, void *'s pointee). */
    record Void() implements DwarfType {
        @Override
        public Die die() {
            return null;
        }

        @Override
        public String name() {
            return "void";
        }
    }

    /** Any other tag used as a type (Fortran strings, Pascal sets, ...), kept by tag and name. */
    record Other(Die die, int tag, String name, TypeRef target) implements DwarfType {}

    Void VOID = new Void();
}
