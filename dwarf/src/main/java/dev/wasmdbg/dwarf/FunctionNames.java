package dev.wasmdbg.dwarf;

import dev.wasmdbg.demangle.Demangler;

/** The spellings a user may type for a function in `break NAME`. */
final class FunctionNames {
    private FunctionNames() {}

    static boolean matches(FunctionInfo f, String query) {
        if (query.equals(f.name()) || query.equals(f.linkageName())) {
            return true;
        }
        if (f.linkageName() == null) {
            return false;
        }
        String demangled = Demangler.demangle(f.linkageName());
        if (query.equals(demangled) || query.equals(Demangler.readable(f.linkageName()))) {
            return true;
        }
        return query.equals(withoutParameters(demangled));
    }

    /**
     * "geo::Rect::area() const" to "geo::Rect::area"; "int const& std::max<int>(int const&, int const&)"
     * to "std::max<int>": the last top-level parenthesized group and what follows go, and so does a
     * return type before the name.
     */
    static String withoutParameters(String demangled) {
        int depth = 0;
        int open = -1;
        for (int i = demangled.length() - 1; i >= 0; i--) {
            char c = demangled.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(') {
                depth--;
                if (depth == 0) {
                    open = i;
                    break;
                }
            }
        }
        if (open <= 0) {
            return demangled;
        }
        String head = demangled.substring(0, open);
        int angle = 0;
        for (int i = head.length() - 1; i >= 0; i--) {
            char c = head.charAt(i);
            if (c == '>') {
                angle++;
            } else if (c == '<') {
                angle--;
            } else if (c == ' ' && angle == 0 && !head.startsWith("operator", i + 1)) {
                return head.substring(i + 1);
            }
        }
        return head;
    }
}
