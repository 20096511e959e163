package dev.wasmdbg.demangle;

import java.nio.charset.StandardCharsets;

/**
 * Symbol names as LLVM 22 prints them ({@code llvm-cxxfilt-22}, and {@code llvm-symbolizer-22}'s
 * FunctionName): Itanium C++ ({@code _Z...}, which also covers Rust legacy names) and Rust v0
 * ({@code _R...}); plus {@link #readable} for the form a Rust user expects.
 */
public final class Demangler {
    /** Work allowed per name, in characters printed and nodes visited: far above any real name. */
    private static final long BUDGET = 4_000_000;

    private Demangler() {}

    /**
     * LLVM-identical demangling: Itanium C++ ("_Z..."; this also covers Rust <em>legacy</em> names
     * "_ZN...17h&lt;hash&gt;E", which LLVM demangles as Itanium, leaving "$LT$", "$u20$", ".." etc. and
     * the "::h&lt;hash&gt;" in place) and Rust v0 ("_R..."). Anything not mangled, or that cannot be
     * demangled, is returned unchanged. Never throws.
     */
    public static String demangle(String name) {
        try {
            return demangleWithinLimits(name);
        } catch (StackOverflowError e) {
            // Unreachable with a default thread stack: the parsers' depth limits hold the recursion
            // far below it (tests prove it on a 512 KB stack). A caller's smaller stack must still
            // not turn a hostile name into a crash.
            return name;
        }
    }

    /** demangle() without the last-resort StackOverflowError guard, so tests can see that it is not needed. */
    static String demangleWithinLimits(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        try {
            // LLVM works on bytes: lengths in a mangled name count UTF-8 bytes, not chars.
            String bytes = new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            String result = demangleBytes(bytes);
            if (result == null) {
                return name;
            }
            return new String(result.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        } catch (TooComplex e) {
            return name;
        } catch (RuntimeException e) {
            return name; // a bug must not take a backtrace down with it
        }
    }

    /**
     * What a user wants to read: for Rust legacy names the rustc-demangle "alternate" form (e.g.
     * "&lt;alloc::collections::TryReserveError as core::convert::From&lt;...&gt;&gt;::from", escapes
     * decoded, "::h&lt;16 hex&gt;" hash dropped); otherwise the same as demangle(). Never throws.
     */
    public static String readable(String name) {
        if (name == null) {
            return null;
        }
        try {
            String rust = RustLegacy.readable(name);
            if (rust != null) {
                return rust;
            }
        } catch (RuntimeException e) {
            // fall back to LLVM's form
        }
        return demangle(name);
    }

    /** llvm::nonMicrosoftDemangle: a leading '.' is kept aside, then Itanium or Rust v0. */
    private static String demangleBytes(String name) {
        String dot = "";
        if (name.startsWith(".")) {
            dot = ".";
            name = name.substring(1);
        }
        String result;
        if (isItaniumEncoding(name)) {
            Node ast = new ItaniumParser(name).parse();
            if (ast == null) {
                return null;
            }
            Output out = new Output(BUDGET);
            ast.print(out);
            result = out.toString();
        } else if (name.startsWith("_R")) {
            result = RustV0.demangle(name, BUDGET);
        } else {
            return null;
        }
        return result == null ? null : dot + result;
    }

    /** One to four underscores, then 'Z'. */
    private static boolean isItaniumEncoding(String name) {
        int underscores = 0;
        while (underscores < name.length() && name.charAt(underscores) == '_') {
            underscores++;
        }
        return underscores >= 1 && underscores <= 4 && underscores < name.length() && name.charAt(underscores) == 'Z';
    }
}
