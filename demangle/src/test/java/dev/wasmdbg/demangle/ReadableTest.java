package dev.wasmdbg.demangle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * readable(): Rust legacy names in the form a Rust user writes them, everything else as LLVM
 * prints it. The expected texts are worked out by hand from the rules in {@link RustLegacy}.
 */
class ReadableTest {
    private static final String HASH = "h0123456789abcdef";

    /** {@code _ZN <len><element>... E}, lengths counted here so the cases below stay readable. */
    private static String legacy(String... elements) {
        StringBuilder s = new StringBuilder("_ZN");
        for (String e : elements) {
            s.append(e.length()).append(e);
        }
        return s.append('E').toString();
    }

    @Test
    void traitImplWithGenericsFromTheTestModules() {
        String name = "_ZN122_$LT$alloc..collections..TryReserveError$u20$as$u20$core..convert..From$LT$"
                + "alloc..collections..TryReserveErrorKind$GT$$GT$4from17h3bf78145b4903af4E";
        assertThat(Demangler.readable(name)).isEqualTo(
                "<alloc::collections::TryReserveError as core::convert::From<alloc::collections::TryReserveErrorKind>>::from");
        // LLVM's form keeps rustc's escapes and the hash.
        assertThat(Demangler.demangle(name)).isEqualTo(
                "_$LT$alloc..collections..TryReserveError$u20$as$u20$core..convert..From$LT$"
                        + "alloc..collections..TryReserveErrorKind$GT$$GT$::from::h3bf78145b4903af4");
    }

    @Test
    void commaEscapeHasNoSpace() {
        String name = "_ZN5alloc3vec16Vec$LT$T$C$A$GT$4push17h17a689f2d9ae4c51E";
        assertThat(Demangler.readable(name)).isEqualTo("alloc::vec::Vec<T,A>::push");
        assertThat(Demangler.demangle(name)).isEqualTo("alloc::vec::Vec$LT$T$C$A$GT$::push::h17a689f2d9ae4c51");
    }

    @Test
    void rawPointerImpl() {
        assertThat(Demangler.readable("_ZN4core3ptr7mut_ptr31_$LT$impl$u20$$BP$mut$u20$T$GT$3add17h02229591ea909bf3E"))
                .isEqualTo("core::ptr::mut_ptr::<impl *mut T>::add");
    }

    @Test
    void closureBraces() {
        assertThat(Demangler.readable(
                "_ZN5alloc7raw_vec11finish_grow28_$u7b$$u7b$closure$u7d$$u7d$17h1d3fc742f0dcd3f5E"))
                .isEqualTo("alloc::raw_vec::finish_grow::{{closure}}");
    }

    @Test
    void referenceEscapeLeadingUnderscoreAndThinLtoSuffix() {
        assertThat(Demangler.readable("_ZN50_$LT$$RF$mut$u20$W$u20$as$u20$core..fmt..Write$GT$"
                + "10write_char17hd044ce1e93cb24e0E.llvm.11802614488365831574"))
                .isEqualTo("<&mut W as core::fmt::Write>::write_char");
    }

    @Test
    void lifetimeQuote() {
        String name = legacy("core", "fmt", "_$LT$impl$u20$core..fmt..Debug$u20$for$u20$$RF$$u27$a$u20$T$GT$", "fmt", HASH);
        assertThat(Demangler.readable(name)).isEqualTo("core::fmt::<impl core::fmt::Debug for &'a T>::fmt");
    }

    @Test
    void parenthesesAndAt() {
        assertThat(Demangler.readable(legacy("f$LP$$RP$$SP$x", HASH))).isEqualTo("f()@x");
    }

    @Test
    void dotsAndUnderscores() {
        // ".." is a path separator, a single '.' stays; only "_$" loses its underscore.
        assertThat(Demangler.readable(legacy("a.b", "c..d", HASH))).isEqualTo("a.b::c::d");
        assertThat(Demangler.readable(legacy("_$u20$x", "_y", "__z", HASH))).isEqualTo(" x::_y::__z");
    }

    @Test
    void unknownOrUnfinishedEscapesStayAsTheyAre() {
        assertThat(Demangler.readable(legacy("foo", "bar$XY$baz", HASH))).isEqualTo("foo::bar$XY$baz");
        assertThat(Demangler.readable(legacy("a$u7$b", HASH))).isEqualTo("a$u7$b"); // a control character
        assertThat(Demangler.readable(legacy("a$u7B$b", HASH))).isEqualTo("a$u7B$b"); // not lower-case hex
        assertThat(Demangler.readable(legacy("a$LT$b$GT", HASH))).isEqualTo("a<b$GT");
    }

    @Test
    void hashIsDropped() {
        String name = legacy("foo", HASH);
        assertThat(Demangler.readable(name)).isEqualTo("foo");
        assertThat(Demangler.demangle(name)).isEqualTo("foo::h0123456789abcdef");
    }

    @Test
    void cloneSuffixesAreKeptExceptThinLto() {
        assertThat(Demangler.readable(legacy("foo", "bar", HASH) + ".cold")).isEqualTo("foo::bar.cold");
        assertThat(Demangler.readable(legacy("foo", "bar", HASH) + ".llvm.9D1C9369")).isEqualTo("foo::bar");
        assertThat(Demangler.readable(legacy("foo", "bar", HASH) + ".llvm.xyz")).isEqualTo("foo::bar.llvm.xyz");
    }

    @Test
    void otherNamesReadAsLlvmPrintsThem() {
        assertThat(Demangler.readable("_ZN3geo4Rect5scaleEi")).isEqualTo("geo::Rect::scale(int)");
        assertThat(Demangler.readable("_ZN3geo5StackIiED2Ev")).isEqualTo("geo::Stack<int>::~Stack()");
        assertThat(Demangler.readable("main")).isEqualTo("main");
        assertThat(Demangler.readable("_RNvC5panic4main")).isEqualTo("panic::main");
        // Without a 16-digit hash it is not rustc's legacy mangling.
        assertThat(Demangler.readable("_ZN3fooE")).isEqualTo("foo");
        assertThat(Demangler.readable(legacy("foo", "h0123456789abcde"))).isEqualTo("foo::h0123456789abcde");
        assertThat(Demangler.readable(legacy("foo$LT$T$GT$", "bar"))).isEqualTo("foo$LT$T$GT$::bar");
        // A suffix that is not a symbol's: not Rust, and LLVM cannot demangle it either.
        String spaced = legacy("foo", HASH) + " x";
        assertThat(Demangler.readable(spaced)).isEqualTo(spaced);
    }

    @Test
    void nonAsciiIsNeverRustLegacy() {
        String name = "_ZN3fä17h0123456789abcdefE";
        assertThat(Demangler.readable(name)).isEqualTo(Demangler.demangle(name)).isEqualTo("fä::h0123456789abcdef");
    }
}
