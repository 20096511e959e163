package dev.wasmdbg.demangle;

import java.util.ArrayList;
import java.util.List;

/**
 * Rust's legacy mangling, {@code _ZN <len><element>... 17h<16 hex> E}, read the way a Rust user
 * writes it (rustc-demangle's alternate form): LLVM demangles such names as C++ and leaves rustc's
 * escapes ({@code $LT$}, {@code $u20$}, {@code ..}) and the {@code ::h<hash>} in; here the escapes
 * are decoded and the hash is dropped.
 *
 * <p>Rules: a name is Rust legacy when it is {@code _ZN} (or macOS's {@code __ZN}), then ASCII
 * length-prefixed elements, then {@code E}, the last element being {@code h} and 16 hex digits,
 * optionally followed by a {@code .suffix}. A {@code .llvm.<hex>} suffix (ThinLTO) is dropped, any
 * other suffix made of ASCII letters, digits and punctuation is kept as it is. Each element but the
 * hash is printed, joined by {@code ::}: a leading {@code _} before a {@code $} is dropped,
 * {@code ..} is {@code ::}, {@code $SP$ $BP$ $RF$ $LT$ $GT$ $LP$ $RP$ $C$} are
 * {@code @ * & < > ( ) ,}, {@code $u<lower hex>$} is that (non-control) character; from an unknown
 * escape on, the element is printed as it is.
 */
final class RustLegacy {
    private RustLegacy() {}

    /** The readable form, or null when the name is not a Rust legacy name. */
    static String readable(String name) {
        String s = stripThinLtoSuffix(name);
        int pos;
        if (s.startsWith("_ZN")) {
            pos = 3;
        } else if (s.startsWith("__ZN")) {
            pos = 4;
        } else {
            return null;
        }
        List<String> elements = new ArrayList<>();
        while (pos < s.length() && s.charAt(pos) != 'E') {
            long length = 0;
            int digitsStart = pos;
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                length = length * 10 + (s.charAt(pos++) - '0');
                if (length > s.length()) {
                    return null;
                }
            }
            if (pos == digitsStart || length == 0 || pos + length > s.length()) {
                return null;
            }
            elements.add(s.substring(pos, pos + (int) length));
            pos += (int) length;
        }
        if (pos >= s.length() || elements.isEmpty() || !isHash(elements.get(elements.size() - 1))) {
            return null;
        }
        String suffix = s.substring(pos + 1);
        if (!suffix.isEmpty() && !(suffix.startsWith(".") && isSymbolLike(suffix))) {
            return null;
        }
        for (String element : elements) {
            for (int i = 0; i < element.length(); i++) {
                if (element.charAt(i) >= 0x80) {
                    return null;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < elements.size() - 1; i++) {
            if (i > 0) {
                out.append("::");
            }
            appendElement(out, elements.get(i));
        }
        return out.append(suffix).toString();
    }

    /** ThinLTO renames internal symbols to {@code name.llvm.<hex>}: not part of the name. */
    private static String stripThinLtoSuffix(String name) {
        int i = name.indexOf(".llvm.");
        if (i < 0) {
            return name;
        }
        for (int j = i + ".llvm.".length(); j < name.length(); j++) {
            char c = name.charAt(j);
            if (!(isDigit(c) || (c >= 'A' && c <= 'F') || c == '@')) {
                return name;
            }
        }
        return name.substring(0, i);
    }

    private static boolean isHash(String element) {
        if (element.length() != 17 || element.charAt(0) != 'h') {
            return false;
        }
        for (int i = 1; i < element.length(); i++) {
            if (Character.digit(element.charAt(i), 16) < 0 || element.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSymbolLike(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static void appendElement(StringBuilder out, String element) {
        String rest = element.startsWith("_$") ? element.substring(1) : element;
        while (!rest.isEmpty()) {
            if (rest.startsWith("..")) {
                out.append("::");
                rest = rest.substring(2);
            } else if (rest.startsWith(".")) {
                out.append('.');
                rest = rest.substring(1);
            } else if (rest.startsWith("$")) {
                int end = rest.indexOf('$', 1);
                String decoded = end < 0 ? null : unescape(rest.substring(1, end));
                if (decoded == null) {
                    out.append(rest); // unknown escape: the rest stays as it is
                    return;
                }
                out.append(decoded);
                rest = rest.substring(end + 1);
            } else {
                int next = 0;
                while (next < rest.length() && rest.charAt(next) != '$' && rest.charAt(next) != '.') {
                    next++;
                }
                out.append(rest, 0, next);
                rest = rest.substring(next);
            }
        }
    }

    private static String unescape(String escape) {
        switch (escape) {
            case "SP":
                return "@";
            case "BP":
                return "*";
            case "RF":
                return "&";
            case "LT":
                return "<";
            case "GT":
                return ">";
            case "LP":
                return "(";
            case "RP":
                return ")";
            case "C":
                return ",";
            default:
                break;
        }
        if (escape.length() < 2 || escape.charAt(0) != 'u') {
            return null;
        }
        int cp = 0;
        for (int i = 1; i < escape.length(); i++) {
            char c = escape.charAt(i);
            int d = isDigit(c) ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) {
                return null;
            }
            cp = cp * 16 + d;
            if (cp > 0x10FFFF) {
                return null;
            }
        }
        if ((cp >= 0xD800 && cp <= 0xDFFF) || Character.isISOControl(cp)) {
            return null;
        }
        return new String(Character.toChars(cp));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
