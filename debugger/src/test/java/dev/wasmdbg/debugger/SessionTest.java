package dev.wasmdbg.debugger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wasmdbg.dwarf.Dwarf;
import dev.wasmdbg.dwarf.ExpressionContext;
import dev.wasmdbg.dwarf.ExpressionEvaluator;
import dev.wasmdbg.dwarf.Location;
import dev.wasmdbg.dwarf.SourceFrame;
import dev.wasmdbg.dwarf.Variables;
import dev.wasmdbg.wasm.WasmFile;
import dev.wasmdbg.testkit.TestModules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine on fact.c (test-modules/src/fact.c). Expected lines and values come from the source:
 * sum_squares 18-26 (loop 20, body 21-23), fact 28-32, main 43-72, with argc = 1 values = {1..5}.
 * Frames are named as llvm-symbolizer names them: by linkage name, and clang gives main(argc, argv)
 * the linkage name __main_argc_argv.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    final List<Session> sessions = new ArrayList<>();

    Session launch(String module, boolean paused, String... args) throws Exception {
        WasiConfig config = WasiConfig.of(module, List.of(args))
                .withStdio(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), new ByteArrayOutputStream());
        Session s = Session.launch(TestModules.wasm(module), config, paused);
        sessions.add(s);
        return s;
    }

    @AfterEach
    void killAll() {
        sessions.forEach(Session::kill);
    }

    static StopEvent stop(Session s) throws InterruptedException {
        return s.awaitStop(WAIT).orElseThrow(() -> new AssertionError("no stop within " + WAIT));
    }

    /** File offset of the breakpoint site for a line of fact.c. */
    static long siteOf(Session s, int line) {
        Dwarf dwarf = s.symbolizer().orElseThrow().dwarf().orElseThrow();
        long code = dwarf.addresses("fact.c", line).get(0).address();
        return s.moduleFile().toFileOffset(code).orElseThrow();
    }

    static SourceFrame source(Session s, long fileOffset) {
        return s.symbolizer().orElseThrow().symbolizeFile(fileOffset).frames().get(0);
    }

    static long line(Session s) {
        return source(s, s.frames().get(0).address()).line();
    }

    /** A variable's 4-byte value, read through DWARF: frame base, location expression, memory. */
    static int variable(Session s, int frame, String name) {
        long code = s.moduleFile().toCodeAddress(s.frames().get(frame).address() - (frame > 0 ? 1 : 0)).orElseThrow();
        Dwarf dwarf = s.symbolizer().orElseThrow().dwarf().orElseThrow();
        Variables.Frame scope = dwarf.variablesAt(code).get(0);
        Variables.Variable v = scope.variables().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        ExpressionContext ctx = ExpressionContext.withFrameBase(s.context(frame), scope.frameBase().orElseThrow());
        Location location = ExpressionEvaluator.evaluate(v.location().orElseThrow(), ctx);
        assertThat(location).as(name).isInstanceOf(Location.Memory.class);
        byte[] bytes = s.readMemory(((Location.Memory) location).address(), 4);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Test
    void startsPausedAtTheFirstInstruction() throws Exception {
        Session s = launch("fact-O0.wasm", true);
        StopEvent entry = stop(s);
        assertThat(entry.reason()).isEqualTo(StopReason.ENTRY);
        // The program starts in the function exported as _start (wasi-libc's _start.command_export).
        var exports = com.dylibso.chicory.wasm.Parser.parse(TestModules.wasm("fact-O0.wasm")).exportSection();
        int start = -1;
        for (int i = 0; i < exports.exportCount(); i++) {
            if (exports.getExport(i).name().equals("_start")) {
                start = exports.getExport(i).index();
            }
        }
        assertThat(s.frames()).hasSize(1);
        assertThat(s.frames().get(0).functionIndex()).isEqualTo(start);
        assertThat(entry.address()).isEqualTo(s.frames().get(0).address());
        s.resume();
        StopEvent end = stop(s);
        assertThat(end.reason()).isEqualTo(StopReason.EXITED);
        assertThat(end.exitCode()).isEqualTo(5); // main returns counter: five squares summed
    }

    @Test
    void aBreakpointInTheLoopShowsLocalsAndTheCallStack() throws Exception {
        Session s = launch("fact-O0.wasm", true);
        stop(s);
        Breakpoint b = s.addBreakpoint(siteOf(s, 22), HitCondition.ALWAYS);
        s.resume();
        StopEvent hit = stop(s);
        assertThat(hit.reason()).isEqualTo(StopReason.BREAKPOINT);
        assertThat(hit.breakpointId()).isEqualTo(b.id());
        assertThat(line(s)).isEqualTo(22);
        List<Frame> frames = s.frames();
        assertThat(source(s, frames.get(0).address()).function()).isEqualTo("sum_squares");
        // The caller is main, at its call on line 50 (looked up at the return address - 1, as LLDB does).
        assertThat(frames.get(1).caller()).isTrue();
        SourceFrame caller = source(s, frames.get(1).address() - 1);
        assertThat(caller.line()).isEqualTo(50);
        // First iteration: i = 0, square = values[0]^2 = 1, total not yet added to.
        assertThat(variable(s, 0, "i")).isZero();
        assertThat(variable(s, 0, "square")).isEqualTo(1);
        assertThat(variable(s, 0, "total")).isZero();
        assertThat(variable(s, 0, "n")).isEqualTo(5);
        // Third time round: i = 2, square = 3^2, total = 1 + 4.
        s.resume();
        stop(s);
        s.resume();
        stop(s);
        assertThat(variable(s, 0, "i")).isEqualTo(2);
        assertThat(variable(s, 0, "square")).isEqualTo(9);
        assertThat(variable(s, 0, "total")).isEqualTo(5);
        assertThat(s.breakpoints().get(0).hits()).isEqualTo(3);
    }

    @Test
    void aHitConditionIsCountedByTheEngine() throws Exception {
        Session s = launch("fact-O0.wasm", true);
        stop(s);
        s.addBreakpoint(siteOf(s, 22), new HitCondition(HitCondition.Kind.EQUAL, 4));
        s.resume();
        assertThat(stop(s).reason()).isEqualTo(StopReason.BREAKPOINT);
        assertThat(variable(s, 0, "i")).isEqualTo(3);
        s.resume();
        assertThat(stop(s).reason()).isEqualTo(StopReason.EXITED); // hits 5 does not equal 4
    }

    @Test
    void stepOverWalksTheLoopLineByLine() throws Exception {
        Session s = launch("fact-O0.wasm", true);
        stop(s);
        s.addBreakpoint(siteOf(s, 22), HitCondition.ALWAYS);
        s.resume();
        stop(s);
        s.removeBreakpoint(s.breakpoints().get(0).id());
        List<Long> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            s.stepOver();
            assertThat(stop(s).reason()).isEqualTo(StopReason.STEP);
            lines.add(line(s));
        }
        // counter++ (23), then the loop header's i++ and test (20), then the body again (21, 22).
        assertThat(lines).containsExactly(23L, 20L, 21L, 22L);
    }

    @Test
    void stepIntoStopsPastThePrologueAndStepOutReturns() throws Exception {
        Session s = launch("fact-O0.wasm", true);
        stop(s);
        s.addBreakpoint(siteOf(s, 49), HitCondition.ALWAYS); // int f = fact(4 + argc);
        s.resume();
        stop(s);
        int depth = s.frames().size();
        s.stepInto();
        assertThat(stop(s).reason()).isEqualTo(StopReason.STEP);
        assertThat(source(s, s.frames().get(0).address()).function()).isEqualTo("fact");
        assertThat(line(s)).isEqualTo(29); // past `int fact(int n) {` on 28
        assertThat(s.frames()).hasSize(depth + 1);
        s.stepOut();
        stop(s);
        assertThat(s.frames()).hasSize(depth);
        assertThat(source(s, s.frames().get(0).address()).function()).isEqualTo("__main_argc_argv");
        assertThat(line(s)).isEqualTo(49); // back in main, storing the result in f
    }

    @Test
    void frameAddressesAreTheFramesAddresses() throws Exception {
        Session s = launch("fact-O0.wasm", true);
        stop(s);
        s.addBreakpoint(siteOf(s, 22), HitCondition.ALWAYS);
        s.resume();
        stop(s);
        List<Long> fromFrames = s.frames().stream().map(Frame::address).toList();
        assertThat(fromFrames).hasSizeGreaterThan(2);
        assertThat(s.frameAddresses()).isEqualTo(fromFrames);
    }

    @Test
    void lineStepsFollowASourceMapToo() throws Exception {
        // fact-em.wasm has no DWARF, only a source map: steps still go by source lines.
        Session s = launch("fact-em.wasm", true);
        stop(s);
        long site = firstOffsetOnLine(s, 21);
        s.addBreakpoint(site, HitCondition.ALWAYS);
        s.resume();
        assertThat(stop(s).reason()).isEqualTo(StopReason.BREAKPOINT);
        assertThat(line(s)).isEqualTo(21);
        s.stepOver();
        assertThat(stop(s).reason()).isEqualTo(StopReason.STEP);
        assertThat(line(s)).isEqualTo(22);
        assertThat(source(s, s.frames().get(0).address()).file()).endsWith("fact.c");
    }

    /** The lowest file offset the module's source map puts on a line of fact.c. */
    static long firstOffsetOnLine(Session s, int line) {
        var code = s.moduleFile().codeSection().orElseThrow();
        for (long at = code.offset(); at < code.offset() + code.size(); at++) {
            var frames = s.symbolizer().orElseThrow().symbolizeFile(at).frames();
            if (!frames.isEmpty() && frames.get(0).line() == line && frames.get(0).file().endsWith("fact.c")) {
                return at;
            }
        }
        throw new AssertionError("no code on fact.c:" + line);
    }

    @Test
    void stepOverARecursiveCallStaysInTheSameInvocation() throws Exception {
        Session s = launch("fact-O0.wasm", true);
        stop(s);
        s.addBreakpoint(siteOf(s, 31), HitCondition.ALWAYS); // return n * fact(n - 1);
        s.resume();
        stop(s);
        int depth = s.frames().size();
        s.removeBreakpoint(s.breakpoints().get(0).id());
        s.stepOver();
        stop(s);
        assertThat(s.frames()).hasSize(depth);
        assertThat(line(s)).isEqualTo(32); // the closing brace of the same call
    }

    @Test
    void interruptPausesASpinningProgramAndKillEndsIt() throws Exception {
        Session s = launch("fact-O0.wasm", false, "spin");
        Thread.sleep(300);
        s.interrupt();
        StopEvent paused = stop(s);
        assertThat(paused.reason()).isEqualTo(StopReason.INTERRUPTED);
        assertThat(source(s, s.frames().get(0).address()).function()).isEqualTo("__main_argc_argv");
        assertThat(line(s)).isBetween(63L, 64L); // while (spinning) counter++;
        s.kill();
        StopEvent end = stop(s);
        assertThat(end.reason()).isEqualTo(StopReason.EXITED);
        assertThat(end.message()).isEqualTo("killed");
        assertThat(s.join(WAIT)).isTrue();
    }

    @Test
    void aTrapStopsBeforeUnwinding() throws Exception {
        Session s = launch("fact-O0.wasm", false, "0");
        StopEvent trap = stop(s);
        assertThat(trap.reason()).isEqualTo(StopReason.TRAP);
        assertThat(trap.trapKind()).isEqualTo(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        assertThat(source(s, trap.address()).function()).isEqualTo("ratio");
        assertThat(source(s, trap.address()).line()).isEqualTo(35); // return a / b;
        assertThat(source(s, s.frames().get(1).address() - 1).line()).isEqualTo(69); // its call in main
        s.resume();
        StopEvent end = stop(s);
        assertThat(end.reason()).isEqualTo(StopReason.EXITED);
        assertThat(s.outcome()).contains(new RunOutcome.Trapped("integer divide by zero"));
    }

    @Test
    void breakpointsSnapToTheNextInstructionAndBadAddressesAreRefused() throws Exception {
        Session s = launch("fact-O0.wasm", true);
        stop(s);
        long site = siteOf(s, 22);
        Breakpoint exact = s.addBreakpoint(site, HitCondition.ALWAYS);
        assertThat(exact.address()).isEqualTo(site);
        Breakpoint moved = s.addBreakpoint(site + 1, HitCondition.ALWAYS);
        assertThat(moved.address()).isGreaterThan(site + 1 - 1).isNotEqualTo(site + 1 == moved.address() ? -1 : site);
        assertThatThrownBy(() -> s.addBreakpoint(3, HitCondition.ALWAYS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.readMemory(s.memorySize() - 2, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside linear memory");
        assertThatThrownBy(() -> s.readMemory(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memoryLocalsAndGlobalsCanBeWritten() throws Exception {
        Session s = launch("fact-O0.wasm", true);
        stop(s);
        s.addBreakpoint(siteOf(s, 22), HitCondition.ALWAYS);
        s.resume();
        stop(s);
        long code = s.moduleFile().toCodeAddress(s.frames().get(0).address()).orElseThrow();
        Dwarf dwarf = s.symbolizer().orElseThrow().dwarf().orElseThrow();
        Variables.Frame scope = dwarf.variablesAt(code).get(0);
        ExpressionContext ctx = ExpressionContext.withFrameBase(s.context(0), scope.frameBase().orElseThrow());
        Variables.Variable square = scope.variables().stream().filter(v -> v.name().equals("square")).findFirst()
                .orElseThrow();
        long at = ((Location.Memory) ExpressionEvaluator.evaluate(square.location().orElseThrow(), ctx)).address();
        s.writeMemory(at, new byte[] {100, 0, 0, 0});
        assertThat(variable(s, 0, "square")).isEqualTo(100);
        LocalValue g0 = s.globals().get(0);
        s.setGlobal(0, g0.low(), 0);
        assertThat(s.globals().get(0).low()).isEqualTo(g0.low());
        LocalValue l0 = s.frames().get(0).locals().get(0);
        s.setLocal(0, 0, l0.low(), 0);
        assertThat(s.frames().get(0).locals().get(0).low()).isEqualTo(l0.low());
        // total += 100 instead of 1: the program's printed sum grows by 99, its exit code stays 5.
        s.removeBreakpoint(s.breakpoints().get(0).id());
        s.resume();
        assertThat(stop(s).exitCode()).isEqualTo(5);
    }

    @Test
    void restartRunsFromTheBeginningInTheSameSessionWithTheSameBreakpoints() throws Exception {
        Session s = launch("fact-O0.wasm", true);
        stop(s);
        s.addBreakpoint(siteOf(s, 22), HitCondition.ALWAYS);
        s.resume();
        stop(s);
        s.resume();
        stop(s); // second time round the loop
        assertThat(variable(s, 0, "i")).isEqualTo(1);
        int breakpoint = s.breakpoints().get(0).id();
        Session again = s.restart(true);
        assertThat(again).isSameAs(s); // a restart is a new run of the same session: id and breakpoints stay
        assertThat(stop(again).reason()).isEqualTo(StopReason.ENTRY);
        assertThat(again.breakpoints()).extracting(Breakpoint::id).containsExactly(breakpoint);
        again.resume();
        assertThat(stop(again).reason()).isEqualTo(StopReason.BREAKPOINT);
        assertThat(variable(again, 0, "i")).isZero(); // from the beginning: first time round
    }

    @Test
    void severalSessionsAtOnce() throws Exception {
        Session a = launch("fact-O0.wasm", true);
        Session b = launch("fact-O2.wasm", true);
        assertThat(stop(a).reason()).isEqualTo(StopReason.ENTRY);
        assertThat(stop(b).reason()).isEqualTo(StopReason.ENTRY);
        assertThat(a.id()).isNotEqualTo(b.id());
        b.resume();
        assertThat(stop(b).exitCode()).isEqualTo(5);
        assertThat(a.isPaused()).isTrue();
        a.resume();
        assertThat(stop(a).exitCode()).isEqualTo(5);
    }
}
