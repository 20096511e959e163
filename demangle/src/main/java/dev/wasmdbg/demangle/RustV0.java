package dev.wasmdbg.demangle;

import java.nio.charset.StandardCharsets;

/**
 * Rust's v0 symbol mangling ({@code _R...}, RFC 2603), demangled the way LLVM's RustDemangle
 * does: a single pass that prints while it parses, re-parsing earlier input for back-references,
 * and printing nothing (but still validating) for impl paths and the instantiating crate.
 * Works on a string of bytes (chars below 256); identifiers decoded from Punycode come out as UTF-8.
 */
final class RustV0 {
    private static final int MAX_RECURSION = 500;

    private final String input;
    private final StringBuilder out = new StringBuilder();
    private long budget;
    private int position;
    private boolean print = true;
    private boolean error;
    private int recursion;
    private long boundLifetimes;

    private RustV0(String input, long budget) {
        this.input = input;
        this.budget = budget;
    }

    /** The demangled name, or null if this is not a valid v0 symbol. */
    static String demangle(String mangled, long budget) {
        if (!mangled.startsWith("_R")) {
            return null;
        }
        String rest = mangled.substring(2);
        int dot = rest.indexOf('.');
        RustV0 d = new RustV0(dot < 0 ? rest : rest.substring(0, dot), budget);
        d.demanglePath(false, false);
        if (d.position != d.input.length()) {
            // <instantiating-crate>: parsed, not printed.
            d.print = false;
            d.demanglePath(false, false);
        }
        if (d.position != d.input.length()) {
            d.error = true;
        }
        if (dot >= 0) {
            d.print(" (");
            d.print(rest.substring(dot));
            d.print(")");
        }
        return d.error ? null : d.out.toString();
    }

    // ---- paths ----

    /** Returns whether generic arguments were left open (no closing '>') for a dyn trait's bindings. */
    private boolean demanglePath(boolean inType, boolean leaveOpen) {
        if (error || recursion >= MAX_RECURSION) {
            error = true;
            return false;
        }
        recursion++;
        try {
            return path(inType, leaveOpen);
        } finally {
            recursion--;
        }
    }

    private boolean path(boolean inType, boolean leaveOpen) {
        char c = consume();
        switch (c) {
            case 'C': { // crate root
                parseOptionalBase62('s');
                printIdentifier(parseIdentifier());
                break;
            }
            case 'M': { // <T> inherent impl
                demangleImplPath(inType);
                print("<");
                demangleType();
                print(">");
                break;
            }
            case 'X': { // <T as Trait> trait impl
                demangleImplPath(inType);
                print("<");
                demangleType();
                print(" as ");
                demanglePath(true, false);
                print(">");
                break;
            }
            case 'Y': { // <T as Trait> trait definition
                print("<");
                demangleType();
                print(" as ");
                demanglePath(true, false);
                print(">");
                break;
            }
            case 'N': { // nested path
                char ns = consume();
                if (!isLower(ns) && !isUpper(ns)) {
                    error = true;
                    break;
                }
                demanglePath(inType, false);
                long disambiguator = parseOptionalBase62('s');
                Identifier ident = parseIdentifier();
                if (isUpper(ns)) {
                    // Special namespaces: {closure#0}, {shim:vtable#0}, ...
                    print("::{");
                    if (ns == 'C') {
                        print("closure");
                    } else if (ns == 'S') {
                        print("shim");
                    } else {
                        print(ns);
                    }
                    if (!ident.name.isEmpty()) {
                        print(":");
                        printIdentifier(ident);
                    }
                    print('#');
                    print(Long.toUnsignedString(disambiguator));
                    print('}');
                } else if (!ident.name.isEmpty()) {
                    print("::");
                    printIdentifier(ident);
                }
                break;
            }
            case 'I': { // generic arguments
                demanglePath(inType, false);
                if (!inType) {
                    print("::"); // the turbofish, optional inside types
                }
                print("<");
                for (int i = 0; !error && !consumeIf('E'); i++) {
                    if (i > 0) {
                        print(", ");
                    }
                    demangleGenericArg();
                }
                if (leaveOpen) {
                    return true;
                }
                print(">");
                break;
            }
            case 'B': {
                boolean[] open = {false};
                backref(() -> open[0] = demanglePath(inType, leaveOpen));
                return open[0];
            }
            default:
                error = true;
                break;
        }
        return false;
    }

    private void demangleImplPath(boolean inType) {
        boolean saved = print;
        print = false;
        parseOptionalBase62('s');
        demanglePath(inType, false);
        print = saved;
    }

    private void demangleGenericArg() {
        if (consumeIf('L')) {
            printLifetime(parseBase62());
        } else if (consumeIf('K')) {
            demangleConst();
        } else {
            demangleType();
        }
    }

    /** Re-parses from an earlier position; only when printing (otherwise just validated). */
    private void backref(Runnable demangler) {
        long target = parseBase62();
        if (error || Long.compareUnsigned(target, position) >= 0) {
            error = true;
            return;
        }
        if (!print) {
            return;
        }
        int saved = position;
        position = (int) target;
        demangler.run();
        position = saved;
    }

    // ---- types ----

    private static String basicType(char c) {
        return switch (c) {
            case 'a' -> "i8";
            case 'b' -> "bool";
            case 'c' -> "char";
            case 'd' -> "f64";
            case 'e' -> "str";
            case 'f' -> "f32";
            case 'h' -> "u8";
            case 'i' -> "isize";
            case 'j' -> "usize";
            case 'l' -> "i32";
            case 'm' -> "u32";
            case 'n' -> "i128";
            case 'o' -> "u128";
            case 'p' -> "_";
            case 's' -> "i16";
            case 't' -> "u16";
            case 'u' -> "()";
            case 'v' -> "...";
            case 'x' -> "i64";
            case 'y' -> "u64";
            case 'z' -> "!";
            default -> null;
        };
    }

    private void demangleType() {
        if (error || recursion >= MAX_RECURSION) {
            error = true;
            return;
        }
        recursion++;
        try {
            type();
        } finally {
            recursion--;
        }
    }

    private void type() {
        int start = position;
        char c = consume();
        String basic = basicType(c);
        if (basic != null) {
            print(basic);
            return;
        }
        switch (c) {
            case 'A' -> {
                print("[");
                demangleType();
                print("; ");
                demangleConst();
                print("]");
            }
            case 'S' -> {
                print("[");
                demangleType();
                print("]");
            }
            case 'T' -> {
                print("(");
                int i = 0;
                for (; !error && !consumeIf('E'); i++) {
                    if (i > 0) {
                        print(", ");
                    }
                    demangleType();
                }
                if (i == 1) {
                    print(",");
                }
                print(")");
            }
            case 'R', 'Q' -> {
                print('&');
                if (consumeIf('L')) {
                    long lifetime = parseBase62();
                    if (lifetime != 0) {
                        printLifetime(lifetime);
                        print(' ');
                    }
                }
                if (c == 'Q') {
                    print("mut ");
                }
                demangleType();
            }
            case 'P' -> {
                print("*const ");
                demangleType();
            }
            case 'O' -> {
                print("*mut ");
                demangleType();
            }
            case 'F' -> demangleFnSig();
            case 'D' -> {
                demangleDynBounds();
                if (consumeIf('L')) {
                    long lifetime = parseBase62();
                    if (lifetime != 0) {
                        print(" + ");
                        printLifetime(lifetime);
                    }
                } else {
                    error = true;
                }
            }
            case 'B' -> backref(this::demangleType);
            default -> {
                position = start;
                demanglePath(true, false);
            }
        }
    }

    /** {@code [<binder>] [U] [K <abi>] <type>* E <type>}. */
    private void demangleFnSig() {
        long savedBound = boundLifetimes;
        demangleOptionalBinder();
        if (consumeIf('U')) {
            print("unsafe ");
        }
        if (consumeIf('K')) {
            print("extern \"");
            if (consumeIf('C')) {
                print("C");
            } else {
                Identifier ident = parseIdentifier();
                if (ident.punycode) {
                    error = true;
                }
                for (char ch : ident.name.toCharArray()) {
                    print(ch == '_' ? '-' : ch); // the ABI's '-' is mangled as '_'
                }
            }
            print("\" ");
        }
        print("fn(");
        for (int i = 0; !error && !consumeIf('E'); i++) {
            if (i > 0) {
                print(", ");
            }
            demangleType();
        }
        print(")");
        if (!consumeIf('u')) {
            print(" -> ");
            demangleType();
        }
        boundLifetimes = savedBound;
    }

    private void demangleDynBounds() {
        long savedBound = boundLifetimes;
        print("dyn ");
        demangleOptionalBinder();
        for (int i = 0; !error && !consumeIf('E'); i++) {
            if (i > 0) {
                print(" + ");
            }
            demangleDynTrait();
        }
        boundLifetimes = savedBound;
    }

    /** A trait path with associated type bindings: {@code Iterator<Item = u8>}. */
    private void demangleDynTrait() {
        boolean open = demanglePath(true, true);
        while (!error && consumeIf('p')) {
            if (!open) {
                open = true;
                print('<');
            } else {
                print(", ");
            }
            print(parseIdentifier().name);
            print(" = ");
            demangleType();
        }
        if (open) {
            print(">");
        }
    }

    /** {@code G <n>}: the higher-ranked lifetimes {@code for<'a, 'b>}. */
    private void demangleOptionalBinder() {
        long binder = parseOptionalBase62('G');
        if (error || binder == 0) {
            return;
        }
        // Each bound lifetime needs at least one byte to be referenced: refuse what cannot be.
        if (Long.compareUnsigned(binder, input.length() - boundLifetimes) >= 0) {
            error = true;
            return;
        }
        print("for<");
        for (long i = 0; i != binder; i++) {
            boundLifetimes++;
            if (i > 0) {
                print(", ");
            }
            printLifetime(1);
        }
        print("> ");
    }

    // ---- constants ----

    private void demangleConst() {
        if (error || recursion >= MAX_RECURSION) {
            error = true;
            return;
        }
        recursion++;
        try {
            constant();
        } finally {
            recursion--;
        }
    }

    private void constant() {
        char c = consume();
        if ("hmytjolsxnai".indexOf(c) >= 0 && c != '\0') { // integer types
            if (consumeIf('n')) {
                print('-');
            }
            Hex hex = parseHex();
            if (hex.digits.length() <= 16) {
                print(Long.toUnsignedString(hex.value));
            } else {
                print("0x");
                print(hex.digits);
            }
        } else if (c == 'b') {
            Hex hex = parseHex();
            if (hex.digits.equals("0")) {
                print("false");
            } else if (hex.digits.equals("1")) {
                print("true");
            } else {
                error = true;
            }
        } else if (c == 'c') {
            demangleConstChar();
        } else if (c == 'p') {
            print('_');
        } else if (c == 'B') {
            backref(this::demangleConst);
        } else {
            error = true;
        }
    }

    private void demangleConstChar() {
        Hex hex = parseHex();
        if (error || hex.digits.length() > 6) {
            error = true;
            return;
        }
        long cp = hex.value;
        print("'");
        if (cp == '\t') {
            print("\\t");
        } else if (cp == '\r') {
            print("\\r");
        } else if (cp == '\n') {
            print("\\n");
        } else if (cp == '\\') {
            print("\\\\");
        } else if (cp == '"') {
            print("\"");
        } else if (cp == '\'') {
            print("\\'");
        } else if (cp >= 0x20 && cp <= 0x7e) {
            print((char) cp);
        } else {
            print("\\u{");
            print(hex.digits);
            print('}');
        }
        print('\'');
    }

    private record Hex(long value, String digits) {}

    /** {@code 0_} or {@code <1-9a-f> <0-9a-f>* _}; the value wraps past 16 digits, the digits do not. */
    private Hex parseHex() {
        int start = position;
        long value = 0;
        if (!isHexDigit(look())) {
            error = true;
        }
        if (consumeIf('0')) {
            if (!consumeIf('_')) {
                error = true;
            }
        } else {
            while (!error && !consumeIf('_')) {
                char c = consume();
                value *= 16;
                if (isDigit(c)) {
                    value += c - '0';
                } else if (c >= 'a' && c <= 'f') {
                    value += 10 + (c - 'a');
                } else {
                    error = true;
                }
            }
        }
        if (error) {
            return new Hex(0, "");
        }
        return new Hex(value, input.substring(start, position - 1));
    }

    // ---- identifiers and numbers ----

    private record Identifier(String name, boolean punycode) {}

    /** {@code [u] <decimal length> [_] <bytes>}. */
    private Identifier parseIdentifier() {
        boolean punycode = consumeIf('u');
        long bytes = parseDecimal();
        consumeIf('_'); // separates the length from an identifier starting with a digit or '_'
        if (error || Long.compareUnsigned(bytes, input.length() - position) > 0) {
            error = true;
            return new Identifier("", false);
        }
        String s = input.substring(position, position + (int) bytes);
        position += (int) bytes;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isDigit(c) && !isLower(c) && !isUpper(c) && c != '_') {
                error = true;
                return new Identifier("", false);
            }
        }
        return new Identifier(s, punycode);
    }

    /** Disambiguators and binders: absent is 0, present is the base-62 value + 1. */
    private long parseOptionalBase62(char tag) {
        if (!consumeIf(tag)) {
            return 0;
        }
        long n = parseBase62();
        if (error || !fitsAdd(n, 1)) {
            return 0;
        }
        return n + 1;
    }

    /** {@code _} is 0, {@code <0-9a-zA-Z>+ _} is the base-62 value + 1. */
    private long parseBase62() {
        if (consumeIf('_')) {
            return 0;
        }
        long value = 0;
        while (true) {
            char c = consume();
            long digit;
            if (c == '_') {
                break;
            } else if (isDigit(c)) {
                digit = c - '0';
            } else if (isLower(c)) {
                digit = 10 + (c - 'a');
            } else if (isUpper(c)) {
                digit = 36 + (c - 'A');
            } else {
                error = true;
                return 0;
            }
            if (!fitsMul(value, 62)) {
                return 0;
            }
            value *= 62;
            if (!fitsAdd(value, digit)) {
                return 0;
            }
            value += digit;
        }
        if (!fitsAdd(value, 1)) {
            return 0;
        }
        return value + 1;
    }

    /** {@code 0} or {@code <1-9> <0-9>*}. */
    private long parseDecimal() {
        char c = look();
        if (!isDigit(c)) {
            error = true;
            return 0;
        }
        if (c == '0') {
            consume();
            return 0;
        }
        long value = 0;
        while (isDigit(look())) {
            if (!fitsMul(value, 10)) {
                error = true;
                return 0;
            }
            value *= 10;
            long d = consume() - '0';
            if (!fitsAdd(value, d)) {
                return 0;
            }
            value += d;
        }
        return value;
    }

    /** Unsigned 64-bit overflow checks, as LLVM does them on uint64_t; overflow is an error. */
    private boolean fitsAdd(long a, long b) {
        if (Long.compareUnsigned(a, -1L - b) > 0) {
            error = true;
            return false;
        }
        return true;
    }

    private boolean fitsMul(long a, long b) {
        if (b != 0 && Long.compareUnsigned(a, Long.divideUnsigned(-1L, b)) > 0) {
            error = true;
            return false;
        }
        return true;
    }

    // ---- output ----

    private void print(String s) {
        if (error || !print) {
            return;
        }
        budget -= s.length() + 1;
        if (budget < 0) {
            throw TooComplex.INSTANCE;
        }
        out.append(s);
    }

    private void print(char c) {
        print(String.valueOf(c));
    }

    /** 0 is the erased lifetime '_; others are De Bruijn indices into the enclosing binders. */
    private void printLifetime(long index) {
        if (index == 0) {
            print("'_");
            return;
        }
        if (Long.compareUnsigned(index - 1, boundLifetimes) >= 0) {
            error = true;
            return;
        }
        long depth = boundLifetimes - index;
        print('\'');
        if (depth < 26) {
            print((char) ('a' + depth));
        } else {
            print('z');
            print(Long.toUnsignedString(depth - 26 + 1));
        }
    }

    private void printIdentifier(Identifier ident) {
        if (error || !print) {
            return;
        }
        if (!ident.punycode) {
            print(ident.name);
            return;
        }
        int[] points = Punycode.decode(ident.name);
        if (points == null) {
            error = true;
            return;
        }
        // Bytes out: the caller decodes the whole result as UTF-8.
        byte[] utf8 = new String(points, 0, points.length).getBytes(StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder(utf8.length);
        for (byte b : utf8) {
            s.append((char) (b & 0xFF));
        }
        print(s.toString());
    }

    // ---- cursor ----

    private char look() {
        return error || position >= input.length() ? '\0' : input.charAt(position);
    }

    private char consume() {
        if (error || position >= input.length()) {
            error = true;
            return '\0';
        }
        return input.charAt(position++);
    }

    private boolean consumeIf(char c) {
        if (error || position >= input.length() || input.charAt(position) != c) {
            return false;
        }
        position++;
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f');
    }
}
