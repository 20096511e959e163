package dev.wasmdbg.dwarf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds {@link DwarfType}s from type DIEs, one per DIE offset, cached. Safe to share between
 * threads. {@link #of(Dwarf)} keeps one resolver per Dwarf.
 *
 * <p>It holds its {@link Dwarf}, not just the readers, because its public API hands that out
 * ({@link #dwarf()}); so Dwarf and TypeResolver name each other, a cycle within the query layer only.
 */
public final class TypeResolver {
    private static final int AT_BIT_OFFSET = 0x0c; // DWARF 2/3 bit fields, counted from the storage unit's MSB

    private final Dwarf dwarf;
    private final Map<Long, DwarfType> cache = new ConcurrentHashMap<>();
    private volatile Map<String, List<Long>> namedDefinitions;

    TypeResolver(Dwarf dwarf) {
        this.dwarf = dwarf;
    }

    /** The shared resolver of a Dwarf (kept by the Dwarf, so it lives and dies with it). */
    public static TypeResolver of(Dwarf dwarf) {
        return dwarf.types();
    }

    public Dwarf dwarf() {
        return dwarf;
    }

    /** The type of a DIE with DW_AT_type (a variable, member, typedef, ...); void when it has none. */
    public DwarfType typeOf(Die die) {
        return refOf(die).resolve();
    }

    /** A lazy reference to the type in a DIE's DW_AT_type (void when absent). */
    public TypeRef refOf(Die die) {
        return refOf(die, Dw.AT_TYPE);
    }

    TypeRef refOf(Die die, int attribute) {
        AttributeValue v = die.attribute(attribute);
        if (v == null) {
            return new TypeRef(this, -1);
        }
        if (!v.isReference()) {
            throw new DwarfException(".debug_info", die.offset(), "DW_AT_type of form 0x" + Integer.toHexString(v.form())
                    + " is not a reference to a DIE in this file (type units are not supported)");
        }
        return new TypeRef(this, v.value());
    }

    /** The type whose DIE is at this .debug_info offset. */
    public DwarfType resolve(long offset) {
        DwarfType t = cache.get(offset);
        if (t == null) {
            Die die = dwarf.dieAt(offset).orElseThrow(
                    () -> new DwarfException(".debug_info", offset, "type reference to no DIE"));
            t = build(die);
            DwarfType raced = cache.putIfAbsent(offset, t);
            if (raced != null) {
                t = raced;
            }
        }
        return t;
    }

    /** The type a type DIE describes. */
    public DwarfType type(Die typeDie) {
        return resolve(typeDie.offset());
    }

    /**
     * The definitions of named types (struct, class, union, enum, typedef, base) with this
     * qualified name, without struct / union / enum keywords: "point", "geo::Rect",
     * "std::__2::vector<int, std::__2::allocator<int> >". Forward declarations are left out.
     */
    public List<DwarfType> findTypes(String qualifiedName) {
        List<Long> offsets = index().getOrDefault(qualifiedName, List.of());
        List<DwarfType> out = new ArrayList<>(offsets.size());
        for (long o : offsets) {
            out.add(resolve(o));
        }
        return out;
    }

    /** A forward-declared struct / class / union's definition elsewhere (by qualified name), else itself. */
    public DwarfType complete(DwarfType type) {
        boolean declaration = type instanceof DwarfType.Composite c && c.declaration()
                || type instanceof DwarfType.Enumeration e && e.declaration();
        if (!declaration) {
            return type;
        }
        for (DwarfType candidate : findTypes(TypeNames.qualifiedName(type.die()))) {
            if (candidate.die().tag() == type.die().tag()) {
                return candidate;
            }
        }
        return type;
    }

    private Map<String, List<Long>> index() {
        Map<String, List<Long>> idx = namedDefinitions;
        if (idx == null) {
            synchronized (this) {
                idx = namedDefinitions;
                if (idx == null) {
                    idx = new HashMap<>();
                    for (Unit unit : dwarf.units()) {
                        for (Die die : unit.dies()) {
                            if (isNamedType(die.tag()) && !die.flag(Dw.AT_DECLARATION) && die.has(Dw.AT_NAME)) {
                                idx.computeIfAbsent(TypeNames.qualifiedName(die), k -> new ArrayList<>())
                                        .add(die.offset());
                            }
                        }
                    }
                    namedDefinitions = idx;
                }
            }
        }
        return idx;
    }

    private static boolean isNamedType(int tag) {
        switch (tag) {
            case Dw.TAG_STRUCTURE_TYPE:
            case Dw.TAG_CLASS_TYPE:
            case Dw.TAG_UNION_TYPE:
            case Dw.TAG_ENUMERATION_TYPE:
            case Dw.TAG_TYPEDEF:
            case Dw.TAG_BASE_TYPE:
                return true;
            default:
                return false;
        }
    }

    private DwarfType build(Die die) {
        String name = die.string(Dw.AT_NAME);
        long size = die.constant(Dw.AT_BYTE_SIZE, -1);
        switch (die.tag()) {
            case Dw.TAG_BASE_TYPE:
                return new DwarfType.Base(die, name, (int) die.constant(Dw.AT_ENCODING, 0), size,
                        die.constant(Dw.AT_BIT_SIZE, 0));
            case Dw.TAG_POINTER_TYPE:
            case Dw.TAG_REFERENCE_TYPE:
            case Dw.TAG_RVALUE_REFERENCE_TYPE:
                return new DwarfType.Pointer(die, die.tag(), name, refOf(die), null, size);
            case Dw.TAG_PTR_TO_MEMBER_TYPE:
                return new DwarfType.Pointer(die, die.tag(), name, refOf(die), refOf(die, AT_CONTAINING_TYPE), size);
            case Dw.TAG_CONST_TYPE:
            case Dw.TAG_VOLATILE_TYPE:
            case Dw.TAG_RESTRICT_TYPE:
            case Dw.TAG_ATOMIC_TYPE:
                return new DwarfType.Qualified(die, die.tag(), refOf(die));
            case Dw.TAG_TYPEDEF:
                return new DwarfType.Typedef(die, name, refOf(die));
            case Dw.TAG_STRUCTURE_TYPE:
            case Dw.TAG_CLASS_TYPE:
            case Dw.TAG_UNION_TYPE:
                return new DwarfType.Composite(die, die.tag(), name, size, die.flag(Dw.AT_DECLARATION), members(die));
            case Dw.TAG_ARRAY_TYPE:
                return new DwarfType.Array(die, refOf(die), dimensions(die), size);
            case Dw.TAG_ENUMERATION_TYPE:
                return new DwarfType.Enumeration(die, name, size, refOf(die), enumerators(die),
                        die.flag(Dw.AT_DECLARATION));
            case Dw.TAG_SUBROUTINE_TYPE: {
                List<TypeRef> params = new ArrayList<>();
                boolean variadic = false;
                for (Die c : die.children()) {
                    if (c.tag() == Dw.TAG_FORMAL_PARAMETER) {
                        params.add(refOf(c));
                    } else if (c.tag() == TAG_UNSPECIFIED_PARAMETERS) {
                        variadic = true;
                    }
                }
                return new DwarfType.Subroutine(die, refOf(die), params, variadic);
            }
            case Dw.TAG_UNSPECIFIED_TYPE:
                return new DwarfType.Unspecified(die, name);
            default:
                return new DwarfType.Other(die, die.tag(), name, die.has(Dw.AT_TYPE) ? refOf(die) : null);
        }
    }

    private static final int AT_CONTAINING_TYPE = 0x1d;
    private static final int TAG_UNSPECIFIED_PARAMETERS = 0x18;

    private List<DwarfType.Member> members(Die composite) {
        boolean union = composite.tag() == Dw.TAG_UNION_TYPE;
        List<DwarfType.Member> out = new ArrayList<>();
        for (Die c : composite.children()) {
            boolean inheritance = c.tag() == Dw.TAG_INHERITANCE;
            if (c.tag() != Dw.TAG_MEMBER && !inheritance) {
                continue; // methods, nested types, DWARF 5 static members (DW_TAG_variable), variant parts
            }
            if (!inheritance && (c.flag(Dw.AT_EXTERNAL) || c.flag(Dw.AT_DECLARATION))) {
                continue; // a DWARF 4 static data member
            }
            long byteOffset = union ? 0 : -1;
            DwarfExpression location = null;
            AttributeValue loc = c.attribute(Dw.AT_DATA_MEMBER_LOCATION);
            if (loc == null) {
                byteOffset = 0; // absent means the start of the object
            } else if (loc.isConstant()) {
                byteOffset = loc.value();
            } else if (loc.isBlock()) {
                location = DwarfExpression.ofAttribute(c, Dw.AT_DATA_MEMBER_LOCATION).orElse(null);
                byteOffset = staticOffset(location);
            }
            long bitSize = c.constant(Dw.AT_BIT_SIZE, 0);
            long dataBitOffset = -1;
            if (bitSize > 0) {
                AttributeValue dbo = c.attribute(Dw.AT_DATA_BIT_OFFSET);
                AttributeValue old = c.attribute(AT_BIT_OFFSET);
                if (dbo != null && dbo.isConstant()) {
                    dataBitOffset = dbo.value();
                    if (loc == null) {
                        byteOffset = dataBitOffset / 8;
                    } else if (byteOffset >= 0) {
                        dataBitOffset += byteOffset * 8;
                    }
                } else if (old != null && old.isConstant() && byteOffset >= 0) {
                    // DWARF 2/3: bit_offset counts from the most significant bit of the storage unit.
                    long storage = c.constant(Dw.AT_BYTE_SIZE, -1);
                    if (storage < 0) {
                        storage = refOf(c).resolve().byteSize().orElse(0);
                    }
                    dataBitOffset = byteOffset * 8 + storage * 8 - old.value() - bitSize;
                } else if (byteOffset >= 0) {
                    dataBitOffset = byteOffset * 8;
                }
            }
            String name = c.string(Dw.AT_NAME);
            out.add(new DwarfType.Member(name, refOf(c), byteOffset, bitSize, dataBitOffset, inheritance,
                    c.flag(Dw.AT_ARTIFICIAL), location));
        }
        return out;
    }

    /** A member location expression run from object address 0, if it needs nothing from the program. */
    private static long staticOffset(DwarfExpression location) {
        if (location == null) {
            return -1;
        }
        try {
            Location l = ExpressionEvaluator.evaluate(location, NO_PROGRAM, 1000, 0L);
            return l instanceof Location.Memory m ? m.address() : -1;
        } catch (DwarfException e) {
            return -1;
        }
    }

    private static final ExpressionContext NO_PROGRAM = new ExpressionContext() {
        @Override
        public long local(long index) {
            throw new UnsupportedOperationException("no program");
        }

        @Override
        public long global(long index) {
            throw new UnsupportedOperationException("no program");
        }

        @Override
        public long operandStack(long index) {
            throw new UnsupportedOperationException("no program");
        }

        @Override
        public byte[] readMemory(long address, int length) {
            throw new UnsupportedOperationException("no program");
        }
    };

    private static List<DwarfType.Dimension> dimensions(Die array) {
        List<DwarfType.Dimension> out = new ArrayList<>();
        for (Die c : array.children()) {
            if (c.tag() != Dw.TAG_SUBRANGE_TYPE && c.tag() != Dw.TAG_ENUMERATION_TYPE) {
                continue;
            }
            long lower = c.constant(Dw.AT_LOWER_BOUND, 0);
            long count = -1;
            AttributeValue countAttr = c.attribute(Dw.AT_COUNT);
            AttributeValue upper = c.attribute(Dw.AT_UPPER_BOUND);
            if (countAttr != null && countAttr.isConstant()) {
                count = countAttr.value();
            } else if (upper != null && upper.isConstant()) {
                // upper_bound -1 (with lower 0) is how some compilers say "no elements / unknown"
                count = upper.value() - lower + 1;
                if (count < 0) {
                    count = -1;
                }
            }
            out.add(new DwarfType.Dimension(lower, count));
        }
        return out;
    }

    private List<DwarfType.Enumerator> enumerators(Die enumeration) {
        boolean signed = false;
        try {
            DwarfType under = refOf(enumeration).resolve().strip();
            signed = under instanceof DwarfType.Base b
                    && (b.encoding() == Dw.ATE_SIGNED || b.encoding() == Dw.ATE_SIGNED_CHAR);
        } catch (DwarfException e) {
            // an unreadable underlying type: take values as unsigned
        }
        List<DwarfType.Enumerator> out = new ArrayList<>();
        for (Die c : enumeration.children()) {
            if (c.tag() != Dw.TAG_ENUMERATOR) {
                continue;
            }
            AttributeValue v = c.attribute(Dw.AT_CONST_VALUE);
            long value = v == null ? 0 : v.value();
            if (v != null && signed) {
                int bits = formBits(v.form());
                if (bits > 0 && bits < 64) {
                    value = value << (64 - bits) >> (64 - bits);
                }
            }
            out.add(new DwarfType.Enumerator(c.string(Dw.AT_NAME), value));
        }
        return out;
    }

    private static int formBits(int form) {
        switch (form) {
            case Dw.FORM_DATA1: return 8;
            case Dw.FORM_DATA2: return 16;
            case Dw.FORM_DATA4: return 32;
            default: return 0; // data8, sdata, udata, implicit_const: as read
        }
    }

    /** The type's first DIE whose name, qualified, is {@code qualifiedName}: a convenience for lookups. */
    public Optional<DwarfType> findType(String qualifiedName) {
        List<DwarfType> all = findTypes(qualifiedName);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }
}
