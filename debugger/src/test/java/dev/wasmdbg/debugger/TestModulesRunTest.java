package dev.wasmdbg.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.testkit.TestModules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The C, C++ and Rust test modules run under WASI to the output their sources promise. Expected
 * values are worked out from test-modules/src by hand (see the comments), not copied from a run.
 */
class TestModulesRunTest {

    record Run(RunOutcome outcome, String stdout, String stderr) {}

    static Run run(String module, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        WasiConfig config = WasiConfig.of(module, List.of(args))
                .withStdio(new ByteArrayInputStream(new byte[0]), out, err);
        RunOutcome outcome = WasiRunner.run(TestModules.wasm(module), config);
        return new Run(outcome, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    // fact.c built five ways: clang -O0, -O2, DWARF 5, emscripten with a source map, emscripten split DWARF.
    @ParameterizedTest
    @ValueSource(strings = {"fact-O0.wasm", "fact-O2.wasm", "fact-dwarf5.wasm", "fact-em.wasm", "fact-split.wasm"})
    void factWithoutArgumentsExitsWithTheLoopCount(String module) {
        // argc = 1: values 1..5, point (3+1, 4+2), fact(5); counter counts 5 squares.
        Run run = run(module);
        assertThat(run.outcome()).isEqualTo(new RunOutcome.Exited(5));
        assertThat(run.stdout()).isEqualTo("fact = 120\nsum of squares = 55\npoint = (4, 6)\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fact-O0.wasm", "fact-O2.wasm", "fact-dwarf5.wasm", "fact-em.wasm", "fact-split.wasm"})
    void factDividesByItsArgument(String module) {
        // argc = 2: values 2..6 (squares 4+9+16+25+36), point (3+2, 4+4), fact(6) = 720, 720 / 4.
        Run run = run(module, "4");
        assertThat(run.outcome()).isEqualTo(new RunOutcome.Exited(5));
        assertThat(run.stdout())
                .isEqualTo("fact = 720\nsum of squares = 90\npoint = (5, 8)\n720 / 4 = 180\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fact-O0.wasm", "fact-O2.wasm", "fact-dwarf5.wasm", "fact-em.wasm", "fact-split.wasm"})
    void factTrapsOnDivisionByZero(String module) {
        Run run = run(module, "0");
        assertThat(run.outcome()).isEqualTo(new RunOutcome.Trapped("integer divide by zero"));
        // stdout is line-buffered in both libcs, so what was printed before the trap is out.
        assertThat(run.stdout()).isEqualTo("fact = 720\nsum of squares = 90\npoint = (5, 8)\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fact-O0.wasm", "fact-O2.wasm"})
    void factLoopsOnRequest(String module) {
        // argc = 3: values 3..7, squares 9+16+25+36+49 = 135, three rounds = 405.
        Run run = run(module, "loop", "3");
        assertThat(run.outcome()).isEqualTo(new RunOutcome.Exited(0));
        assertThat(run.stdout()).endsWith("sum of squares = 135\npoint = (6, 10)\nloop total = 405\n");
    }

    @Test
    void factSpinsUntilItsThreadIsInterrupted() throws Exception {
        var outcome = new java.util.concurrent.CompletableFuture<Throwable>();
        Thread runner = new Thread(() -> {
            try {
                run("fact-O0.wasm", "spin");
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        runner.start();
        runner.join(500);
        assertThat(runner.isAlive()).as("still spinning").isTrue();
        runner.interrupt();
        assertThat(outcome.get(30, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(com.dylibso.chicory.runtime.ChicoryInterruptedException.class);
    }

    @Test
    void cppShapes() {
        // argc = 1: Rect 2x3 scaled by 2 = 4x6 (24); areas 24, 48, 72, 96; above 30: three.
        Run run = run("shapes.wasm");
        assertThat(run.outcome()).isEqualTo(new RunOutcome.Exited(0));
        assertThat(run.stdout()).isEqualTo("area = 24, sum = 240, big = 3\n");

        // argc = 2: scaled by 3 = 6x9 (54); areas 54, 108, 162, 216.
        Run second = run("shapes.wasm", "1");
        assertThat(second.outcome()).isEqualTo(new RunOutcome.Exited(0));
        assertThat(second.stdout()).isEqualTo("area = 54, sum = 540, big = 4\nareas[1] = 108\n");
    }

    @Test
    void cppVectorAtOutOfRangeAborts() {
        Run run = run("shapes.wasm", "9");
        assertThat(run.outcome()).isInstanceOf(RunOutcome.Trapped.class);
        assertThat(((RunOutcome.Trapped) run.outcome()).message()).contains("unreachable");
    }

    @Test
    void rustAccount() {
        // one arg (the program name): bonus 1, deposits 11 + 21 + 31.
        Run run = run("panic.wasm");
        assertThat(run.outcome()).isEqualTo(new RunOutcome.Exited(0));
        assertThat(run.stdout()).isEqualTo("ferris has 63 after 3 deposits\n");

        // two args: bonus 2, deposits 12 + 22 + 32; items[1] = 2.
        Run second = run("panic.wasm", "1");
        assertThat(second.outcome()).isEqualTo(new RunOutcome.Exited(0));
        assertThat(second.stdout()).isEqualTo("ferris has 66 after 3 deposits\nitem = 2\n");
    }

    @Test
    void rustIndexOutOfBoundsPanicsAndTraps() {
        Run run = run("panic.wasm", "7");
        assertThat(run.stderr()).contains("index out of bounds: the len is 3 but the index is 7");
        assertThat(run.outcome()).isInstanceOf(RunOutcome.Trapped.class);
        assertThat(((RunOutcome.Trapped) run.outcome()).message()).contains("unreachable");
    }
}
