package dev.wasmdbg.demangle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Constructs the test modules do not contain (special names, expressions, packs, lambdas with
 * template parameters, constraints, modules, literals of every kind, Rust v0 consts, dyn traits,
 * higher-ranked fn pointers, Punycode). Each expected text is what llvm-cxxfilt-22 printed for it.
 */
class DemanglerTest {
    private static final String LLVM_SAYS = """
_ZTV1A	vtable for A
_ZTI1A	typeinfo for A
_ZTS1A	typeinfo name for A
_ZTh8_N1A1fEv	non-virtual thunk to A::f()
_ZTv0_n12_N1A1fEv	virtual thunk to A::f()
_ZTch0_h16_N1A1fEv	covariant return thunk to A::f()
_ZTCN1A1BE8_N1C1DE	construction vtable for C::D-in-A::B
_ZGVZ1fvE1x	guard variable for f()::x
_ZGR1x0_	reference temporary for x
_ZTW1x	thread-local wrapper routine for x
_ZTH1x	thread-local initialization routine for x
_ZGIW3Foo	initializer for module Foo
_ZNSsC1Ev	std::basic_string<char, std::char_traits<char>, std::allocator<char>>::basic_string()
_ZNSs4sizeEv	std::string::size()
_ZNSdD0Ev	std::basic_iostream<char, std::char_traits<char>>::~basic_iostream()
_Z1fIJidEEvDpT_	void f<int, double>(int, double)
_Z1fIJEEvDpT_	void f<>()
_Z1fIiJEEvT_DpT0_	void f<int>(int)
_Z1fILi1ELb0ELc65EEvv	void f<1, false, (char)65>()
_Z1fILm5ELx6ELy7ELs1ELt2ELa3ELh4ELw65ELn8ELo9EEvv	void f<5ul, 6ll, 7ull, (short)1, (unsigned short)2, (signed char)3, (unsigned char)4, (wchar_t)65, (__int128)8, (unsigned __int128)9>()
_Z1fIXadL_ZN1A1xEEEEvv	void f<&A::x>()
_Z1fIXtlA3_cLc10ELc48ELc0EEEEvv	void f<"\\n0\\0">()
_Z1fIXtl1AdxLi0ELi1EEEEvv	void f<A{[0] = 1}>()
_Z1fIiEvDTcl1gfp0_fp_EE	void f<int>(decltype(g(fp0, fp)))
_Z1fIiEvDTqufp_fp_fp_E	void f<int>(decltype(fp ? fp : fp))
_Z1fIiEvDTnaLi5E_T_EE	void f<int>(decltype(new[](5) int))
_Z1fIiEvDTgsdafp_E	void f<int>(decltype(::delete[] fp))
_Z1fIiEvDTpp_fp_E	void f<int>(decltype(++fp))
_Z1fIiEvDTszfp_E	void f<int>(decltype(sizeof (fp)))
_Z1fIiEvDTtiT_E	void f<int>(decltype(typeid (int)))
_Z1fIiEvDTdcPT_fp_E	void f<int>(decltype(dynamic_cast<int*>(fp)))
_Z1fIiEvDTcvT__fp_fp_EE	void f<int>(decltype((int)(fp, fp)))
_Z1fIiEvDTptfp_1xE	void f<int>(decltype(fp->x))
_Z1fIiEvDTpmfp_fp_E	void f<int>(decltype(fp->*fp))
_Z1fIiEvDTixfp_Li0EE	void f<int>(decltype(fp[0]))
_Z1fIiEvDTplmlfp_fp_fp_E	void f<int>(decltype(fp * fp + fp))
_Z1fIiEvDTmlplfp_fp_fp_E	void f<int>(decltype((fp + fp) * fp))
_Z1fIiEvDTaSfp_aSfp_fp_E	void f<int>(decltype(fp = fp = fp))
_Z1fIiEvDTaSaSfp_fp_fp_E	void f<int>(decltype((fp = fp) = fp))
_Z1fIiEvDTsrNT_1aE1xE	void f<int>(decltype(int::a::x))
_Z1fIiEvDTgssr1AE1xE	void f<int>(decltype(::A::x))
_Z1fIiEvDTsrT_dnT_E	void f<int>(decltype(int::~int))
_Z1fIJiEEvDTsZT_E	void f<int>(decltype(sizeof...(int)))
_Z1fIJiEEvDTfLplLi0Efp_E	void f<int>(decltype((0 + ... + (fp...))))
_Z1fIJiEEvDTfrplfp_E	void f<int>(decltype(((fp...) + ...)))
_Z1fIiEvDTtlT_Li1EEE	void f<int>(decltype(int{1}))
_Z1fIiEvDTso1AL_Z1xE8_1_2pEE	void f<int>(decltype(x.<A at offset 8>))
_Z1fIiEvDTLDnEE	void f<int>(decltype(nullptr))
_Z1fIiEvDTLUliE0_EE	void f<int>(decltype([](int){...}))
_Z1fIiEvDTrqXfp_NR1CEE	void f<int>(decltype(requires { {fp} noexcept -> C; }))
_Z1fIiEvDTrqTT_EE	void f<int>(decltype(requires { typename int; }))
_Z1fIiEvvQ1CIT_E	void f<int>() requires C<T>
_Z1fITk1CIiEiEvv	void f<int>()
_Z1fITpTyJidEEvv	void f<int, double>()
_ZZ1fvENKUlTyTyT_T0_E_clIiiEEDaS_S0_	auto f()::'lambda'<typename $T, typename $T0>($T, $T0)::operator()<int, int>($T, $T0) const
_ZZ1fvENKUlT_T0_E_clIiiEEDaS_S0_	auto f()::'lambda'(auto, auto)::operator()<int, int>(auto, auto) const
_ZZ1fvENKUlTyQ1CIT_EvE_clIiEEDav	auto f()::'lambda'<typename $T> requires C<T> ()::operator()<int>() const
_ZZ1fvENUt0_D1Ev	f()::'unnamed0'::~()
_ZZ1fvE1x__12_	f()::x
_ZZ1fvEs	f()::string literal
_ZZ1fvEd0_1x	f()::x
_ZN12_GLOBAL__N_11fEv	(anonymous namespace)::f()
_ZN1A1fB5cxx11B3fooEv	A::f[abi:cxx11][abi:foo]()
_ZNSsB5cxx11C1Ev	std::string[abi:cxx11]::string()
_ZN1AcvPT_IiEEv	A::operator int*<int>()
_ZN1Ali3_kmEy	A::operator"" _km(unsigned long long)
_ZN1AawEv	A::operator co_await()
_ZN1AssERKS_	A::operator<=>(A const&)
_ZNrVK1A1fEv	A::f() const volatile restrict
_ZNKR1A1fEv	A::f() const &
_ZNH1A1fES_i	A::f(this A, int)
_ZN1AF1fEv	A::friend f()
_ZW3FooWP3Bar1fv	f@Foo:Bar()
_ZN1ADC1a1bEE	A::[a, b]
_Z1fPFPFivEvE	f(int (* (*)())())
_Z1fPA10_A20_i	f(int (*) [10][20])
_Z1fM1AKFivE	f(int (A::*)() const)
_Z1fM1AA10_i	f(int(A::*) [10])
_Z1fPDOLb1EEFivE	f(int (*)() noexcept(true))
_Z1fPDwicEFivE	f(int (*)() throw(int, char))
_Z1fDv4_p	f(pixel vector[4])
_Z1fDvLi4E_f	f(float vector[4])
_Z1fDF16b	f(std::bfloat16_t)
_Z1fDSDAl	f(_Sat long _Accum)
_Z1fIiEvDBT__	void f<int>(_BitInt(int))
_Z1fDK1CIiE	f(C<int> decltype(auto))
_Z1fGd	f(double imaginary)
_Z1fu3fooIiE	f(foo(int))
_Z1fPU11objcproto1A11objc_object	f(id<A>)
_Z1fROi	f(int&)
_Z1fTe1A	f(enum A)
_Z1fSt9nullptr_t	f(std::nullptr_t)
_Z1fSbIcE	f(std::basic_string<char>)
_Z1fIJicEJdfEEvDpPFT_T0_E	void f<int, char, double, float>(int (*)(double), char (*)(float))
_Z1fIJEEvDpPT_	void f<>()
_Z3fooILi1EEvRAplT_Li1E_i	void foo<1>(int (&) [1 + 1])
_ZNKSt3__110__function6__funcIZ4mainE3$_0NS_9allocatorIS2_EEFiiEE7__cloneEv	std::__1::__function::__func<main::$_0, std::__1::allocator<main::$_0>, int (int)>::__clone() const
___Z1fv_block_invoke_1	invocation function for block in f()
_Z1fv.cold.1.llvm.2	f() (.cold.1.llvm.2)
._Z1fv	.f()
__Z1fv	f()
_Z1fILe4000c000000000000000EEvv	void f<0xcp-2L>()
_Z1fILd4000000000000000EEvv	void f<0x1p+1>()
_Z1fILf40400000EEvv	void f<0x1.8p+1f>()
_Z1fIXgtLi1ELi2EEXrsLi1ELi2EEEvv	void f<(1 > 2), (1 >> 2)>()
_Z1fIXgtLi1EcvigtLi1ELi2EEEvv	void f<(1 > (int)(1 > 2))>()
_Z1gIiEvA_DTgtLi1ELi2EE	void g<int>(decltype((1 > 2)) [])
_ZN1BCI21AEi	B::B(int)
_Z18446744073709551617a	a
_RINvC1a1fFG_KCRL0_hEuE	a::f::<for<'a> extern "C" fn(&'a u8)>
_RINvC1a1fTaEE	a::f::<(i8,)>
_RINvC1a1fReQShPtOmE	a::f::<&str, &mut [u8], *const u16, *mut u32>
_RINvC1a1fDNtC1b1TEL_E	a::f::<dyn b::T>
_RINvC1a1fKc27_E	a::f::<'\\''>
_RINvC1a1fKc1f600_E	a::f::<'\\u{1f600}'>
_RINvC1a1fKo123456789abcdef0123_E	a::f::<0x123456789abcdef0123>
_RINvC1a1fKhn1_E	a::f::<-1>
_RNvC1a1f.llvm.123	a::f (.llvm.123)
_RINvC1a1fL_E	a::f::<'_>
_RNvNXC1a1f1g	a::{X:f#0}::g
_RINvC1a1fvdefnoistzE	a::f::<..., f64, str, f32, i128, u128, isize, i16, u16, !>
_RNvCs4YYKAqpqZtm_2v0u9gre_6ka8l	v0::grüße
_RNvNtCs4YYKAqpqZtm_2v0u7caf_dmau8nave_6pa	v0::café::naïve
_RNvMCs4YYKAqpqZtm_2v0INtB2_4WrapKjffffffffffffffff_Kb0_Kce9_Kln80000000_E3getB2_	<v0::Wrap<18446744073709551615, false, '\\u{e9}', -2147483648>>::get
_RNSNvYNCNvCs4YYKAqpqZtm_2v04mains_0INtNtNtCs6IL9ONYDOZW_4core3ops8function6FnOnceuE9call_once6vtableB8_	<v0::main::{closure#1} as core::ops::function::FnOnce<()>>::call_once::{shim:vtable#0}
_RNvXsV_NtCs6IL9ONYDOZW_4core3fmtRDNtB5_5DebugNtNtB7_6marker4SendNtBJ_4SyncEL_Bw_3fmtCs4YYKAqpqZtm_2v0	<&dyn core::fmt::Debug + core::marker::Send + core::marker::Sync as core::fmt::Debug>::fmt
_RINvMs1_NtNtCs6IL9ONYDOZW_4core3ptr6uniqueINtB6_6UniqueDINtNtNtBa_3ops8function2FnuEp6OutputhEL_E4casthECs4YYKAqpqZtm_2v0	<core::ptr::unique::Unique<dyn core::ops::function::Fn<(), Output = u8>>>::cast::<u8>
""";

    @Test
    void constructsBeyondTheTestModulesDemangleAsLlvmCxxfilt() {
        List<String> mismatches = new ArrayList<>();
        int count = 0;
        for (String line : LLVM_SAYS.split("\n")) {
            int tab = line.indexOf('\t');
            String mangled = line.substring(0, tab);
            String expected = line.substring(tab + 1);
            count++;
            String actual = Demangler.demangle(mangled);
            if (!actual.equals(expected)) {
                mismatches.add(mangled + "\n  llvm: " + expected + "\n  ours: " + actual);
            }
        }
        assertThat(count).isGreaterThan(100);
        assertThat(mismatches).isEmpty();
    }

    /** Names LLVM 22 leaves alone; so must we. */
    @ParameterizedTest
    @ValueSource(strings = {"main", "_Z", "_R", "_Z1", "_Z1fv$x", "___Z1fv", "_____Z1fv", ".._Z1fv", "__RNvC3foo3bar",
        "_D3foo3barFZv", "_ZN1a1bEE", "_Z1fS_", "_ZNSt", "?f@@YAXXZ", "_RNvC1a1fC1b1c", "_RNvB_1a",
        "ZN3foo3barE"})
    void leavesWhatLlvmLeaves(String name) {
        assertThat(Demangler.demangle(name)).isEqualTo(name);
    }

    @Test
    void nullAndEmptyComeBackAsTheyAre() {
        assertThat(Demangler.demangle(null)).isNull();
        assertThat(Demangler.demangle("")).isEmpty();
        assertThat(Demangler.readable(null)).isNull();
        assertThat(Demangler.readable("")).isEmpty();
    }
}
