package dev.wasmdbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.testkit.ExternalTool;
import dev.wasmdbg.testkit.TestModules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Variables in scope at code addresses taken from the line table, against fact.c:
 *
 * <pre>
 * 18 static int sum_squares(const int *values, int n) {
 * 19   int total = 0;
 * 20   for (int i = 0; i < n; i++) {
 * 21     int square = values[i] * values[i];
 * 22     total += square;
 * </pre>
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VariablesTest {

    /** Code addresses of fact.c rows on a line, in line-table order. */
    static List<Long> addressesOfLine(Dwarf dwarf, int line) {
        List<Long> out = new ArrayList<>();
        for (LineTable t : dwarf.lineTables()) {
            for (LineRow r : t.rows()) {
                if (!r.endSequence() && r.line() == line && t.filePath(r.file(), "").orElse("").endsWith("src/fact.c")) {
                    out.add(r.address());
                }
            }
        }
        assertThat(out).as("rows of fact.c line %d", line).isNotEmpty();
        return out;
    }

    @Test
    void insideTheLoopOfSumSquaresAtO0() throws Exception {
        Dwarf dwarf = Dwarf.read(TestModules.wasm("fact-O0.wasm"));
        for (long address : addressesOfLine(dwarf, 22)) {
            List<Variables.Frame> frames = Variables.at(dwarf, address);
            assertThat(frames).hasSize(1);
            Variables.Frame f = frames.get(0);
            assertThat(f.function()).isEqualTo("sum_squares");
            assertThat(f.inlined()).isFalse();
            // innermost scope first: the loop body's square, the loop's i, then the function's own
            assertThat(f.variables()).extracting(Variables.Variable::name)
                    .containsExactly("square", "i", "values", "n", "total");
            assertThat(f.variables()).extracting(v -> v.resolvedType().displayName())
                    .containsExactly("int", "int", "const int *", "int", "int");
            assertThat(f.variables()).extracting(Variables.Variable::declLine).containsExactly(21L, 20L, 18L, 18L, 19L);
            assertThat(f.variables()).extracting(Variables.Variable::parameter)
                    .containsExactly(false, false, true, true, false);
            assertThat(f.variables()).allSatisfy(v -> assertThat(v.location()).isPresent());
            assertThat(f.frameBase()).isPresent();
        }
        // No function covers an address past the code.
        assertThat(Variables.at(dwarf, 0x7fff_0000L)).isEmpty();
        // On line 19, before the loop, i and square are not in scope.
        for (long address : addressesOfLine(dwarf, 19)) {
            assertThat(Variables.at(dwarf, address).get(0).variables()).extracting(Variables.Variable::name)
                    .containsExactly("values", "n", "total");
        }
    }

    @Test
    void totalIsAtTheFrameBasePlusTheOffsetLlvmDwarfdumpShows() throws Exception {
        Path wasm = TestModules.wasm("fact-O0.wasm");
        Path tool = ExternalTool.require("llvm-dwarfdump-22");
        String dump = ExternalTool.run(List.of(tool.toString(), "--debug-info", "--name=sum_squares", "--show-children",
                wasm.toString()), wasm.getParent(), "", Duration.ofSeconds(30)).stdout();
        Matcher frameBase = Pattern.compile("DW_AT_frame_base\\t\\(DW_OP_WASM_location 0x0 0x([0-9a-f]+), "
                + "DW_OP_stack_value\\)").matcher(dump);
        assertThat(frameBase.find()).as(dump).isTrue();
        long frameBaseLocal = Long.parseLong(frameBase.group(1), 16);
        Matcher total = Pattern.compile("DW_AT_location\\t\\(DW_OP_fbreg \\+(\\d+)\\)\\s+DW_AT_name\\t\\(\"total\"\\)")
                .matcher(dump);
        assertThat(total.find()).as(dump).isTrue();
        long offset = Long.parseLong(total.group(1));

        Dwarf dwarf = Dwarf.read(wasm);
        long address = addressesOfLine(dwarf, 22).get(0);
        Variables.Frame f = Variables.at(dwarf, address).get(0);
        ExpressionEvaluatorTest.FakeFrame frame = new ExpressionEvaluatorTest.FakeFrame();
        frame.locals.put(frameBaseLocal, 0x1000L);
        frame.store32(0x1000 + offset, 55); // what the program would have stored in total
        ExpressionContext context = ExpressionContext.withFrameBase(frame, f.frameBase().orElseThrow());
        Location where = ExpressionEvaluator.evaluate(f.variable("total").orElseThrow().location().orElseThrow(),
                context);
        assertThat(where).isEqualTo(new Location.Memory(0x1000 + offset));
        byte[] bytes = frame.readMemory(((Location.Memory) where).address(), 4);
        assertThat(bytes[0] & 0xff).isEqualTo(55);
        assertThat(frame.reads).contains("local " + frameBaseLocal);
    }

    @Test
    void inlinedFramesAtO2ComeWithWasmLocations() throws Exception {
        Dwarf dwarf = Dwarf.read(TestModules.wasm("fact-O2.wasm"));
        int checked = 0;
        for (long address : addressesOfLine(dwarf, 22)) {
            List<Variables.Frame> frames = Variables.at(dwarf, address);
            // sum_squares is inlined into main at -O2
            assertThat(frames).hasSize(2);
            Variables.Frame inner = frames.get(0);
            Variables.Frame main = frames.get(1);
            assertThat(inner.function()).isEqualTo("sum_squares");
            assertThat(inner.inlined()).isTrue();
            assertThat(main.function()).isEqualTo("main");
            assertThat(main.inlined()).isFalse();
            // Every variable of the source is listed, optimized out or not, with the abstract origin's name and type.
            assertThat(inner.variables()).extracting(Variables.Variable::name)
                    .containsExactlyInAnyOrder("square", "i", "values", "n", "total");
            assertThat(inner.variable("values").orElseThrow().resolvedType().displayName()).isEqualTo("const int *");
            assertThat(inner.variable("total").orElseThrow().declLine()).isEqualTo(19);
            assertThat(main.variables()).extracting(Variables.Variable::name).contains("argc", "argv", "values", "p");
            // Inlined code's frame base is its caller's.
            assertThat(inner.frameBase()).isEqualTo(main.frameBase());

            for (Variables.Frame f : frames) {
                for (Variables.Variable v : f.variables()) {
                    if (v.location().isPresent() && v.location().get().ops().stream()
                            .anyMatch(op -> op.opcode() == DwOp.WASM_LOCATION)) {
                        checked++;
                    }
                }
            }
            // argc lives in wasm local 0 at -O2: evaluating gives the local's value.
            ExpressionEvaluatorTest.FakeFrame frame = new ExpressionEvaluatorTest.FakeFrame();
            frame.locals.put(0L, 3L);
            Location argc = ExpressionEvaluator.evaluate(main.variable("argc").orElseThrow().location().orElseThrow(),
                    frame);
            assertThat(argc).isEqualTo(new Location.Value(3));
        }
        assertThat(checked).as("variables located by DW_OP_WASM_location in the inline chains").isPositive();

        // Somewhere on line 22 square is on the operand stack (DW_OP_WASM_location 0x2 n, DW_OP_stack_value).
        boolean onStack = false;
        for (long address : addressesOfLine(dwarf, 22)) {
            Variables.Variable square = Variables.at(dwarf, address).get(0).variable("square").orElseThrow();
            if (square.location().isPresent()) {
                ExpressionEvaluatorTest.FakeFrame frame = new ExpressionEvaluatorTest.FakeFrame();
                for (long i = 0; i < 8; i++) {
                    frame.stack.put(i, 100 + i);
                }
                Location l = ExpressionEvaluator.evaluate(square.location().get(), frame);
                if (frame.reads.stream().anyMatch(r -> r.startsWith("stack "))) {
                    onStack = true;
                    long slot = Long.parseLong(frame.reads.get(0).substring("stack ".length()));
                    assertThat(l).isEqualTo(new Location.Value(100 + slot));
                }
            }
        }
        assertThat(onStack).isTrue();
    }

    @Test
    void constantValuesAndOptimizedOutVariables() throws Exception {
        Dwarf dwarf = Dwarf.read(TestModules.wasm("fact-O2.wasm"));
        boolean constant = false;
        boolean optimizedOut = false;
        for (long address : addressesOfLine(dwarf, 22)) {
            for (Variables.Variable v : Variables.at(dwarf, address).get(0).variables()) {
                // sum_squares(values, 5): n is the constant 5 once inlined
                if (v.name().equals("n") && v.constant().isPresent()) {
                    assertThat(v.constant().get()).isEqualTo(new Location.Value(5));
                    constant = true;
                }
                optimizedOut |= v.optimizedOut();
            }
        }
        assertThat(constant).isTrue();
        assertThat(optimizedOut).isTrue();
    }

    @Test
    void everyLocationExpressionOfEveryModuleEvaluates() throws Exception {
        // A frame that answers everything: the evaluator must never fail on what compilers emit.
        ExpressionContext anything = new ExpressionContext() {
            @Override
            public long local(long index) {
                return index + 1;
            }

            @Override
            public long global(long index) {
                return index + 2;
            }

            @Override
            public long operandStack(long index) {
                return index + 3;
            }

            @Override
            public byte[] readMemory(long address, int length) {
                return new byte[length];
            }

            @Override
            public long frameBase() {
                return 0x1000;
            }

            @Override
            public long tlsAddress(long offset) {
                return 0x2000 + offset;
            }
        };
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        Map<String, Integer> failures = new java.util.TreeMap<>();
        int total = 0;
        for (String module : TestModules.withDwarf()) {
            Dwarf dwarf = Dwarf.read(TestModules.wasm(module + ".wasm"));
            for (Unit u : dwarf.units()) {
                for (Die d : u.dies()) {
                    if (!d.has(Dw.AT_LOCATION)) {
                        continue;
                    }
                    LocationDescription l = LocationDescription.of(d, Dw.AT_LOCATION).orElseThrow();
                    List<DwarfExpression> exprs = new ArrayList<>();
                    l.expression().ifPresent(exprs::add);
                    l.list().ifPresent(list -> list.entries().stream().filter(LocationList.Entry::hasExpression)
                            .forEach(e -> exprs.add(e.expression())));
                    for (DwarfExpression e : exprs) {
                        total++;
                        try {
                            Location where = ExpressionEvaluator.evaluate(e, anything);
                            kinds.merge(where.getClass().getSimpleName(), 1, Integer::sum);
                        } catch (DwarfException x) {
                            failures.merge(e.render() + " -> " + x.getMessage().replaceAll(".* at 0x[0-9a-f]+: ", ""),
                                    1, Integer::sum);
                        }
                    }
                }
            }
        }
        System.out.printf("%d location expressions of %d modules evaluated: %s; rejected: %s%n", total,
                TestModules.withDwarf().size(), kinds, failures);
        assertThat(kinds).containsKeys("Memory", "Value", "Pieces", "Empty", "WasmLocal", "WasmStack", "Implicit");
        // The only expressions rejected: rustc 1.63 gives some zero-sized parameters a lone
        // "DW_OP_plus_uconst 0x8", which has nothing to add to.
        assertThat(failures.keySet()).allMatch(k -> k.equals("DW_OP_plus_uconst 0x8 -> DW_OP_plus_uconst: stack underflow"));
        assertThat(failures.values().stream().mapToInt(Integer::intValue).sum()).isLessThan(10);
    }
}
