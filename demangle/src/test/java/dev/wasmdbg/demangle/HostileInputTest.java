package dev.wasmdbg.demangle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names an attacker (or a corrupt module) could hand us. Each returns quickly, unchanged or
 * demangled as far as it makes sense, never throws, and never recurses past the explicit depth
 * limits: the deep ones run on a thread with a 512 KB stack, through the entry point that has
 * no StackOverflowError guard, so a missing limit would show up as an error here.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HostileInputTest {
    private static final int DEEP = 100_000;

    /** demangle() on a small stack; any Throwable (StackOverflowError included) fails the test. */
    private static String onSmallStack(String name) throws InterruptedException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(Demangler.demangleWithinLimits(name));
            } catch (Throwable e) {
                result.set(e);
            }
        }, "small-stack-demangle", 512 * 1024);
        t.start();
        t.join();
        assertThat(result.get()).as("demangling %s...", name.substring(0, Math.min(40, name.length())))
                .isInstanceOf(String.class);
        return (String) result.get();
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    @Test
    void truncatedNamesNeverThrow() {
        List<String> names = List.of(
                "_ZNSt3__26vectorIiNS_9allocatorIiEEE21_ConstructTransactionC4B9nqn220108ERS3_m",
                "_ZZNSt3__26vectorIiNS_9allocatorIiEEE12emplace_backIJRKiEEERiDpOT_ENKUlvE0_clEv",
                "_ZN4core3ptr52drop_in_place$LT$std..thread..local..AccessError$GT$17hf43ab9ee87d624f8E.llvm.1806579009859460006",
                "_RINvMs1_NtCs247YrygNUAC_4core3fmtNtB6_10ArgumentV111new_displayjECsfeHXqF5OsH_5panic",
                "_Z1fIiEvDTcl1gfp0_fp_EE");
        for (String name : names) {
            for (int end = 0; end <= name.length(); end++) {
                String prefix = name.substring(0, end);
                assertThat(Demangler.demangle(prefix)).isNotNull();
                assertThat(Demangler.readable(prefix)).isNotNull();
            }
        }
        assertThat(Demangler.demangle("_ZN3geo4Rect5sca")).isEqualTo("_ZN3geo4Rect5sca");
        assertThat(Demangler.demangle("_RNvC5pan")).isEqualTo("_RNvC5pan");
        assertThat(Demangler.demangle("_ZNSt3__26vectorIiNS_9allocatorIiEEE21_Construct"))
                .isEqualTo("_ZNSt3__26vectorIiNS_9allocatorIiEEE21_Construct");
    }

    @ParameterizedTest
    @ValueSource(strings = {"_Z999999999999a", "_Z99999999999999999999999a", "_ZN999999999999aE",
        "_RNvC99999999999999999999a", "_RNvC999999999a", "_Z1fIiEvT99999999999999_", "_Z1fS99999999999_",
        "_Z1fIiEvTL99999999999__", "_ZN1aB99999999999aE"})
    void absurdLengthsAndIndices(String name) {
        assertThat(Demangler.demangle(name)).isEqualTo(name);
    }

    @Test
    void lengthsWrapAroundLikeLlvmsSizeT() {
        // 2^64 + 1 is 1 in a 64-bit size_t: LLVM reads the one-letter name "a", and so do we.
        assertThat(Demangler.demangle("_Z18446744073709551617a")).isEqualTo("a");
        assertThat(Demangler.demangle("_ZN18446744073709551617aE")).isEqualTo("a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"_Z1fS999_", "_Z1fS_", "_Z1fSZZZZZZZZZZZZ_", "_Z1fIiEvT5_", "_Z1fIiEvTL5__",
        "_Z1fIiEvTL0_5_", "_ZN1aS3W_E", "_RNvB5_1a", "_RINvC1a1fB_E", "_RINvC1a1fBz_E", "_RNvC1aB99_",
        "_RINvC1a1fRL5_hE", "_Z1fIJEEvDpS1_"})
    void backReferencesOutOfRange(String name) {
        assertThat(Demangler.demangle(name)).isEqualTo(name);
    }

    @Test
    void nonAsciiLengthsCountUtf8Bytes() {
        assertThat(Demangler.demangle("_Z3fäv")).isEqualTo("fä()");
        assertThat(Demangler.demangle("_Z2fäv")).isEqualTo("_Z2fäv"); // the length splits 'ä'
        assertThat(Demangler.demangle("_Z5f😀v")).isEqualTo("f😀()");
        assertThat(Demangler.demangle("_Z4f😀v")).isEqualTo("_Z4f😀v");
        assertThat(Demangler.demangle("_RNvC2äx1f")).isEqualTo("_RNvC2äx1f"); // v0 identifiers are ASCII
        assertThat(Demangler.demangle("_Z1f\uD800")).isEqualTo("_Z1f\uD800"); // a lone surrogate
        assertThat(Demangler.demangle("_Zé")).isEqualTo("_Zé");
        assertThat(Demangler.readable("_ZN3fä17h0123456789abcdefE")).isEqualTo("fä::h0123456789abcdef");
    }

    @Test
    void deeplyNestedItaniumNames() throws InterruptedException {
        List<String> names = List.of(
                "_Z1f" + repeat("P", DEEP) + "i",
                "_Z1f" + repeat("1AI", DEEP) + "i" + repeat("E", DEEP) + "v",
                "_Z1f" + repeat("N1a1bI", DEEP) + "i" + repeat("EE", DEEP),
                "_ZN" + repeat("1a", DEEP) + "E",
                "_Z1f" + repeat("U3foo", DEEP) + "i",
                "_Z1f" + repeat("rVK", DEEP) + "i",
                "_Z1f" + repeat("A_", DEEP) + "i",
                "_Z1f" + repeat("F", DEEP) + "i" + repeat("E", DEEP),
                "_Z1f" + repeat("M1a", DEEP) + "i",
                "_Z1f" + repeat("Dp", DEEP) + "i",
                "_Z1f" + repeat("Z1g", DEEP) + "v" + repeat("E1x", DEEP),
                "_Z1f" + repeat("Ul", DEEP),
                "_Z1fI" + repeat("Tp", DEEP) + "TyiEvv",
                "_Z1fI" + repeat("X", DEEP) + "Li1E" + repeat("E", DEEP) + "Evv",
                "_Z1fILi1EEvDT" + repeat("pl", DEEP) + repeat("Li1E", DEEP + 1) + "E",
                "_Z1fIiEvDT" + repeat("cl", DEEP) + "fp_" + repeat("E", DEEP + 1),
                "_Z1fIJiEEvDT" + repeat("flpl", DEEP) + "fp_E",
                "_Z1fIiEvDT" + repeat("il", DEEP) + repeat("E", DEEP + 1),
                "_Z1fIiEvDT" + repeat("sr", DEEP) + "1xE");
        for (String name : names) {
            assertThat(onSmallStack(name)).isEqualTo(name);
        }
    }

    @Test
    void deeplyNestedRustNames() throws InterruptedException {
        List<String> names = List.of(
                "_RINvC1a1f" + repeat("R", DEEP) + "uE",
                "_RINvC1a1f" + repeat("T", DEEP) + repeat("E", DEEP) + "E",
                "_RINvC1a1f" + repeat("INtC1b1S", DEEP) + "u" + repeat("E", DEEP) + "E",
                "_R" + repeat("NvNv", DEEP) + "C1a" + repeat("1b", 2 * DEEP),
                "_RINvC1a1f" + repeat("FG_", DEEP) + "u" + repeat("Eu", DEEP) + "E",
                "_RINvC1a1fAhK" + repeat("B", DEEP) + "_E");
        for (String name : names) {
            assertThat(onSmallStack(name)).isEqualTo(name);
        }
    }

    @Test
    void longChainsBuiltFromSubstitutions() throws InterruptedException {
        // f(a, a*, a**, ...): each parameter a pointer to the one before. Flat to parse, but the
        // last type is 20000 levels deep and the text would be 200 MB; LLVM prints all of it.
        StringBuilder chain = new StringBuilder("_Z1f1a");
        for (int i = 0; i < 20_000; i++) {
            chain.append('P').append(subRef(i));
        }
        assertThat(onSmallStack(chain.toString())).isEqualTo(chain.toString());
    }

    @Test
    void exponentialOutputIsCutShort() throws InterruptedException {
        // Each template argument list names the previous type twice: 2^40 copies of "a".
        StringBuilder cxx = new StringBuilder("_Z1f1a");
        int previous = 0;
        for (int i = 0; i < 40; i++) {
            cxx.append("1bI").append(subRef(previous)).append(subRef(previous)).append('E');
            previous = 2 * (i + 1);
        }
        assertThat(onSmallStack(cxx.toString())).isEqualTo(cxx.toString());

        // The same with Rust v0 back-references: a tuple of two copies of the previous tuple.
        StringBuilder rust = new StringBuilder("INvC1a1f");
        int at = rust.length();
        rust.append("TuuE");
        for (int i = 0; i < 40; i++) {
            int next = rust.length();
            rust.append("TB").append(base62(at)).append('B').append(base62(at)).append('E');
            at = next;
        }
        String v0 = "_R" + rust.append('E');
        assertThat(onSmallStack(v0)).isEqualTo(v0);
    }

    @Test
    void hugeRustLegacyNames() {
        String name = "_ZN" + repeat("1a", DEEP) + "17h0123456789abcdefE";
        assertThat(Demangler.readable(name)).hasSize(3 * DEEP - 2);
        assertThat(Demangler.demangle("_ZN" + repeat("9", 40) + "aE")).startsWith("_ZN");
    }

    /** S_ for the first substitution, S0_ for the second, then base 36. */
    private static String subRef(int index) {
        return index == 0 ? "S_" : "S" + Integer.toString(index - 1, 36).toUpperCase() + "_";
    }

    /** A Rust v0 base-62 number: "_" for 0, else digits of n-1 and "_". */
    private static String base62(int n) {
        if (n == 0) {
            return "_";
        }
        String digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder s = new StringBuilder();
        for (int v = n - 1; ; v /= 62) {
            s.insert(0, digits.charAt(v % 62));
            if (v < 62) {
                break;
            }
        }
        return s.append('_').toString();
    }
}
