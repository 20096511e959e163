package dev.wasmdbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.testkit.TestModules;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Breakpoint addresses for source lines, and functions by name. Expected lines come from
 * test-modules/src/fact.c: sum_squares 18-26 (loop body 21-23), fact 28-32, main 43-72.
 */
class SourceLinesTest {

    static Dwarf load(String module) throws Exception {
        return Dwarf.read(TestModules.wasm(module));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fact-O0.wasm", "fact-dwarf5.wasm"})
    void aLoopLineHasOneSiteInItsFunction(String module) throws Exception {
        Dwarf dwarf = load(module);
        List<BreakpointSite> sites = dwarf.addresses("fact.c", 22);
        assertThat(sites).hasSize(1);
        BreakpointSite site = sites.get(0);
        assertThat(site.line()).isEqualTo(22);
        assertThat(site.function()).isEqualTo("sum_squares");
        assertThat(site.file()).isEqualTo("/wasmdbg/test-modules/src/fact.c");
        // The address really is line 22 of sum_squares when looked up again.
        SourceFrame frame = dwarf.lookup(site.address()).get(0);
        assertThat(frame.line()).isEqualTo(22);
        assertThat(frame.function()).isEqualTo("sum_squares");
    }

    @Test
    void filesMatchByFullPathSuffixOrBaseName() throws Exception {
        Dwarf dwarf = load("fact-O0.wasm");
        long expected = dwarf.addresses("fact.c", 22).get(0).address();
        for (String spelling : List.of("/wasmdbg/test-modules/src/fact.c", "src/fact.c", "./src/fact.c",
                "test-modules/src/fact.c", "/built/elsewhere/fact.c")) {
            assertThat(dwarf.addresses(spelling, 22)).as(spelling)
                    .extracting(BreakpointSite::address).containsExactly(expected);
        }
        assertThat(dwarf.addresses("nosuchfile.c", 22)).isEmpty();
        assertThat(dwarf.addresses("rc/fact.c", 22)).as("suffix must be whole components, then base name")
                .extracting(BreakpointSite::address).containsExactly(expected);
    }

    @Test
    void aFunctionsOpeningLineStopsPastThePrologue() throws Exception {
        Dwarf dwarf = load("fact-O0.wasm");
        List<BreakpointSite> sites = dwarf.addresses("fact.c", 28);
        assertThat(sites).hasSize(1);
        assertThat(sites.get(0).line()).isEqualTo(29);
        assertThat(sites.get(0).function()).isEqualTo("fact");
        FunctionInfo fact = dwarf.functions("fact").get(0);
        assertThat(sites.get(0).address()).isEqualTo(fact.entryAddress()).isNotEqualTo(fact.lowPc());
    }

    @Test
    void aLineWithoutCodeMovesToTheNextLineWithCode() throws Exception {
        Dwarf dwarf = load("fact-O0.wasm");
        // Line 27 is blank; 28 opens fact, whose first statement past the prologue is line 29.
        assertThat(dwarf.addresses("fact.c", 27)).extracting(BreakpointSite::line).containsExactly(29L);
        // Line 45 declares an uninitialized array: no code, so the loop on line 46.
        assertThat(dwarf.addresses("fact.c", 45)).extracting(BreakpointSite::line).containsExactly(46L);
    }

    @Test
    void inlinedCopiesEachGetASite() throws Exception {
        Dwarf dwarf = load("fact-O2.wasm");
        // Line 23 (counter++) is a side effect, so it survives in both inlined copies; the
        // optimizer hoists the squares of the second copy out of main's loop on line 58.
        List<BreakpointSite> sites = dwarf.addresses("fact.c", 23);
        assertThat(sites).hasSizeGreaterThanOrEqualTo(2);
        Set<Long> callerLines = sites.stream().map(s -> {
            List<SourceFrame> frames = dwarf.lookup(s.address());
            assertThat(frames.get(0).function()).isEqualTo("sum_squares");
            assertThat(frames.get(0).inlined()).isTrue();
            return frames.get(1).line();
        }).collect(Collectors.toSet());
        // sum_squares is called from main on lines 50 and 58.
        assertThat(callerLines).containsExactlyInAnyOrder(50L, 58L);
    }

    @Test
    void functionsByName() throws Exception {
        Dwarf dwarf = load("fact-O0.wasm");
        FunctionInfo main = dwarf.functions("main").get(0);
        assertThat(main.declLine()).isEqualTo(43);
        assertThat(main.declFile()).isEqualTo("/wasmdbg/test-modules/src/fact.c");
        assertThat(dwarf.lookup(main.entryAddress()).get(0).line()).isEqualTo(44);
        assertThat(dwarf.functions("fact").get(0).declLine()).isEqualTo(28);
        assertThat(dwarf.functions("no_such_function")).isEmpty();

        long inLoop = dwarf.addresses("fact.c", 22).get(0).address();
        assertThat(dwarf.functionAt(inLoop).map(FunctionInfo::name)).contains("sum_squares");
    }

    @Test
    void cppFunctionsHaveLinkageNames() throws Exception {
        Dwarf dwarf = load("shapes.wasm");
        List<FunctionInfo> area = dwarf.functions("area");
        assertThat(area).hasSize(1);
        assertThat(area.get(0).linkageName()).isEqualTo("_ZNK3geo4Rect4areaEv");
        assertThat(dwarf.functions("_ZNK3geo4Rect4areaEv")).containsExactlyElementsOf(area);
        assertThat(dwarf.functions("geo::Rect::area")).containsExactlyElementsOf(area);
        assertThat(dwarf.functions("geo::Rect::area() const")).containsExactlyElementsOf(area);
        // The template method and the lambda of shapes.cpp.
        assertThat(dwarf.functions("geo::Stack<int>::sum")).hasSize(1);
        assertThat(dwarf.functions("geo::Stack<int>::push")).hasSize(1);
    }

    @Test
    void rustFunctionsByPath() throws Exception {
        Dwarf dwarf = load("panic.wasm");
        // fn pick(items: &[i64], index: usize) in panic.rs, and Account::deposit.
        assertThat(dwarf.functions("panic::pick")).hasSize(1);
        assertThat(dwarf.functions("panic::Account::deposit")).hasSize(1);
        assertThat(dwarf.functions("panic::pick").get(0).declLine()).isEqualTo(24);
    }
}
