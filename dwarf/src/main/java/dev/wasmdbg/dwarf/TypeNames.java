package dev.wasmdbg.dwarf;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;
import java.util.Set;

/**
 * C declarator syntax for {@link DwarfType#displayName()} and sizes for {@link DwarfType#byteSize()}.
 *
 * <p>Names are built inside out, as C declarators are: a pointer prefixes "*" to the declarator
 * being built, an array or function appends "[n]" or "(params)", and a pointer to an array or
 * function is parenthesized: {@code int (*)[5]}. Qualifiers go before a named type
 * ({@code const char *}) and after the star of a pointer ({@code char *const}).
 */
final class TypeNames {
    private static final int MAX_DEPTH = 256;

    private TypeNames() {}

    static DwarfException cycle(DwarfType t) {
        return new DwarfException(".debug_info", t.offset(), "type DIE 0x" + Long.toHexString(t.offset())
                + " refers back to itself through typedefs, qualifiers, arrays or pointers");
    }

    /** C, C89, C99, C11, C17: where struct / union / enum names need their keyword. */
    static boolean isC(DwarfType t) {
        if (t.die() == null) {
            return false;
        }
        long lang = t.die().unit().root().constant(Dw.AT_LANGUAGE, 0);
        return lang == 0x01 || lang == 0x02 || lang == 0x0c || lang == 0x1d || lang == 0x2c;
    }

    static String render(DwarfType t, boolean tagKeywords) {
        return declarator(t, "", 0, tagKeywords, new ArrayDeque<>());
    }

    private static final String[] QUALIFIERS = {"const", "volatile", "restrict", "_Atomic"};

    /**
     * @param inner  the declarator built so far (what this type is the type of)
     * @param quals  qualifiers waiting for the next named type or pointer (bit i = QUALIFIERS[i])
     */
    private static String declarator(DwarfType t, String inner, int quals, boolean keywords, Deque<Long> path) {
        if (path.size() > MAX_DEPTH || (t.offset() >= 0 && path.contains(t.offset()))) {
            throw cycle(t);
        }
        path.push(t.offset());
        try {
            return declaratorOf(t, inner, quals, keywords, path);
        } finally {
            path.pop();
        }
    }

    private static String declaratorOf(DwarfType t, String inner, int quals, boolean keywords, Deque<Long> path) {
        if (t instanceof DwarfType.Qualified q) {
            return declarator(q.target().resolve(), inner, quals | 1 << qualifierRank(q.tag()), keywords, path);
        }
        if (t instanceof DwarfType.Pointer p) {
            if (p.name() != null && p.tag() != Dw.TAG_PTR_TO_MEMBER_TYPE) {
                return prefix(quals) + join(p.name(), inner); // Rust names its pointers: &str, *const u8
            }
            String star;
            switch (p.tag()) {
                case Dw.TAG_REFERENCE_TYPE: star = "&"; break;
                case Dw.TAG_RVALUE_REFERENCE_TYPE: star = "&&"; break;
                case Dw.TAG_PTR_TO_MEMBER_TYPE:
                    star = (p.containing() == null || p.containing().isVoid() ? ""
                            : declarator(p.containing().resolve(), "", 0, false, path) + "::") + "*";
                    break;
                default: star = "*";
            }
            // The pointer's own qualifiers follow its star: char *const p.
            String own = quals == 0 ? "" : words(quals) + (inner.isEmpty() || inner.startsWith("[") ? "" : " ");
            String built = star + own + inner;
            DwarfType target = p.target().resolve();
            return declarator(target, needsParentheses(target) ? "(" + built + ")" : built, 0, keywords, path);
        }
        if (t instanceof DwarfType.Array a) {
            StringBuilder dims = new StringBuilder(inner);
            for (DwarfType.Dimension d : a.dimensions()) {
                dims.append('[');
                if (d.count() >= 0) {
                    dims.append(d.count());
                }
                dims.append(']');
            }
            if (a.dimensions().isEmpty()) {
                dims.append("[]");
            }
            // A qualified array is an array of qualified elements.
            return declarator(a.element().resolve(), dims.toString(), quals, keywords, path);
        }
        if (t instanceof DwarfType.Subroutine s) {
            StringBuilder params = new StringBuilder(inner).append('(');
            for (int i = 0; i < s.parameters().size(); i++) {
                params.append(i == 0 ? "" : ", ")
                        .append(declarator(s.parameters().get(i).resolve(), "", 0, keywords, path));
            }
            if (s.variadic()) {
                params.append(s.parameters().isEmpty() ? "..." : ", ...");
            }
            params.append(')');
            if (quals != 0) {
                params.append(' ').append(words(quals)); // a C++ const member function's type
            }
            return declarator(s.returnType().resolve(), params.toString(), 0, keywords, path);
        }
        return prefix(quals) + join(namedType(t, keywords), inner);
    }

    private static String words(int quals) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < QUALIFIERS.length; i++) {
            if ((quals & 1 << i) != 0) {
                out.append(out.length() == 0 ? "" : " ").append(QUALIFIERS[i]);
            }
        }
        return out.toString();
    }

    private static String prefix(int quals) {
        return quals == 0 ? "" : words(quals) + " ";
    }

    private static int qualifierRank(int tag) {
        switch (tag) {
            case Dw.TAG_CONST_TYPE: return 0;
            case Dw.TAG_VOLATILE_TYPE: return 1;
            case Dw.TAG_RESTRICT_TYPE: return 2;
            default: return 3;
        }
    }

    /** Arrays and functions bind tighter than "*": a pointer to one needs parentheses. */
    private static boolean needsParentheses(DwarfType target) {
        DwarfType t = target;
        for (int n = 0; t instanceof DwarfType.Qualified q && n < MAX_DEPTH; n++) {
            t = q.target().resolve();
        }
        return t instanceof DwarfType.Array || t instanceof DwarfType.Subroutine;
    }

    private static String join(String name, String inner) {
        if (inner.isEmpty()) {
            return name;
        }
        return inner.startsWith("[") ? name + inner : name + " " + inner;
    }

    private static String namedType(DwarfType t, boolean keywords) {
        if (t instanceof DwarfType.Void) {
            return "void";
        }
        String keyword = null;
        if (t instanceof DwarfType.Composite c) {
            keyword = c.keyword();
        } else if (t instanceof DwarfType.Enumeration) {
            keyword = "enum";
        }
        if (t.name() == null) {
            if (keyword != null) {
                return "(anonymous " + keyword + ")";
            }
            return t instanceof DwarfType.Other o ? "<" + tagName(o.tag()) + ">" : "<unnamed>";
        }
        String name = qualifiedName(t.die());
        if (keywords && keyword != null) {
            return (keyword.equals("class") ? "struct" : keyword) + " " + name;
        }
        return name;
    }

    private static String tagName(int tag) {
        return "tag 0x" + Integer.toHexString(tag);
    }

    /** A DIE's name with its enclosing namespaces, classes, structs, unions and enums: geo::Rect. */
    static String qualifiedName(Die die) {
        String name = die.string(Dw.AT_NAME);
        StringBuilder out = new StringBuilder(name == null ? "" : name);
        int hops = 0;
        for (Die p = die.parent().orElse(null); p != null && hops < MAX_DEPTH; p = p.parent().orElse(null), hops++) {
            int tag = p.tag();
            if (tag != Dw.TAG_NAMESPACE && tag != Dw.TAG_STRUCTURE_TYPE && tag != Dw.TAG_CLASS_TYPE
                    && tag != Dw.TAG_UNION_TYPE && tag != Dw.TAG_ENUMERATION_TYPE) {
                break; // a unit, subprogram or lexical block ends the scope chain
            }
            String scope = p.string(Dw.AT_NAME);
            if (scope == null) {
                scope = tag == Dw.TAG_NAMESPACE ? "(anonymous namespace)" : "(anonymous)";
            }
            out.insert(0, scope + "::");
        }
        return out.toString();
    }

    static OptionalLong byteSize(DwarfType t, Set<Long> seen) {
        if (t.offset() >= 0 && !seen.add(t.offset())) {
            throw cycle(t);
        }
        if (seen.size() > MAX_DEPTH * 16) {
            throw cycle(t);
        }
        if (t instanceof DwarfType.Base b) {
            if (b.declaredSize() >= 0) {
                return OptionalLong.of(b.declaredSize());
            }
            return b.bitSize() > 0 ? OptionalLong.of((b.bitSize() + 7) / 8) : OptionalLong.empty();
        }
        if (t instanceof DwarfType.Pointer p) {
            if (p.declaredSize() >= 0) {
                return OptionalLong.of(p.declaredSize());
            }
            int size = p.die().unit().addressSize();
            if (p.tag() == Dw.TAG_PTR_TO_MEMBER_TYPE && p.target().resolve() instanceof DwarfType.Subroutine) {
                return OptionalLong.of(2L * size);
            }
            return OptionalLong.of(size);
        }
        if (t instanceof DwarfType.Qualified q) {
            return byteSize(q.target().resolve(), seen);
        }
        if (t instanceof DwarfType.Typedef d) {
            return byteSize(d.target().resolve(), seen);
        }
        if (t instanceof DwarfType.Composite c) {
            return c.declaredSize() >= 0 ? OptionalLong.of(c.declaredSize()) : OptionalLong.empty();
        }
        if (t instanceof DwarfType.Array a) {
            if (a.declaredSize() >= 0) {
                return OptionalLong.of(a.declaredSize());
            }
            OptionalLong element = byteSize(a.element().resolve(), seen);
            if (element.isEmpty()) {
                return element;
            }
            long size = element.getAsLong();
            for (DwarfType.Dimension d : a.dimensions()) {
                if (d.count() < 0) {
                    return OptionalLong.empty();
                }
                size = Math.multiplyExact(size, d.count());
            }
            return OptionalLong.of(size);
        }
        if (t instanceof DwarfType.Enumeration e) {
            if (e.declaredSize() >= 0) {
                return OptionalLong.of(e.declaredSize());
            }
            return e.underlying().isVoid() ? OptionalLong.empty() : byteSize(e.underlying().resolve(), seen);
        }
        if (t instanceof DwarfType.Unspecified u) {
            long size = u.die().constant(Dw.AT_BYTE_SIZE, -1);
            return size >= 0 ? OptionalLong.of(size) : OptionalLong.empty();
        }
        if (t instanceof DwarfType.Other o) {
            long size = o.die().constant(Dw.AT_BYTE_SIZE, -1);
            if (size >= 0) {
                return OptionalLong.of(size);
            }
            return o.target() == null ? OptionalLong.empty() : byteSize(o.target().resolve(), seen);
        }
        return OptionalLong.empty(); // void, function types
    }
}
