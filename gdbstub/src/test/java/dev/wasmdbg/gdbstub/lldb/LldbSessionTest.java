package dev.wasmdbg.gdbstub.lldb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.gdbstub.GdbServer;
import dev.wasmdbg.gdbstub.lldb.Lldb.Location;
import dev.wasmdbg.gdbstub.lldb.Lldb.Transcript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real lldb-22 against wasmdbg, on the test modules. Every expected value is worked out from
 * the program sources in test-modules/src (fact.c, shapes.cpp, panic.rs), as the comments say, not
 * taken from wasmdbg's answers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LldbSessionTest {

    private static Location top(Transcript t, String command, int occurrence) {
        return Transcript.top(t.of(command, occurrence));
    }

    private static void assertAt(Location l, String function, String file, int line) {
        assertThat(l.function()).as("function of %s", l).isEqualTo(function);
        assertThat(l.file() + ":" + l.line()).as("line of %s", l).isEqualTo(file + ":" + line);
    }

    /** The address lldb printed for a breakpoint it set ("Breakpoint N: where = ..., address = 0x..."). */
    private static String breakpointAddress(String output) {
        Matcher m = Pattern.compile("address = (0x[0-9a-f]+)").matcher(output);
        assertThat(m.find()).as("a breakpoint address in:\n%s", output).isTrue();
        return m.group(1);
    }

    /**
     * fact.c at -O0, run without arguments (argc = 1): breakpoints, stepping in, over and out,
     * backtrace, locals of every kind, expressions, memory, the PC, and the exit with the output.
     */
    @Test
    void cAtO0() throws Exception {
        try (GdbServer server = Lldb.serve("fact-O0.wasm")) {
            Transcript t = Lldb.run(server,
                    "b fact.c:49",
                    "c",
                    "step",
                    "next",
                    "frame variable n",
                    "bt 2",
                    "finish",
                    "next",
                    "b fact.c:22",
                    "c",
                    "bt",
                    "frame variable",
                    "up",
                    "frame variable",
                    "frame variable p.x",
                    "p p.x",
                    "p p.y * 10 + p.x",
                    "frame variable -L values",
                    "memory read -s4 -fd -c5 &values",
                    "down",
                    "register read pc",
                    "next",
                    "next",
                    "next",
                    "breakpoint disable",
                    "step",
                    "finish",
                    "next",
                    "target variable counter",
                    "breakpoint delete -f",
                    "c");

            // line 49: int f = fact(4 + argc);  stopped before the call
            assertThat(t.of("c", 0)).contains("stop reason = breakpoint 1.1");
            assertAt(top(t, "c", 0), "__main_argc_argv", "fact.c", 49);
            // step: into fact, at its start (line 28, `int fact(int n) {`). LLDB 22 does not run past
            // the prologue there: every wasm frame has CFA 0 in LLDB, so it cannot tell the callee
            // is younger than the caller (its step log: "ShouldStopHere no plan to step out of this
            // frame", the older-frame path), and the prologue skip is only done for younger frames.
            assertThat(t.of("step", 0)).contains("stop reason = step in");
            assertAt(top(t, "step", 0), "fact", "fact.c", 28);
            // next: over the prologue to the first line of the body, `if (n <= 1)`; n = 4 + argc = 5
            assertAt(top(t, "next", 0), "fact", "fact.c", 29);
            assertThat(t.of("frame variable n")).contains("(int) n = 5");
            List<Location> two = Transcript.frames(t.of("bt 2"));
            assertAt(two.get(0), "fact", "fact.c", 29);
            assertAt(two.get(1), "__main_argc_argv", "fact.c", 49);
            // finish: back in main, still on line 49 (the result is not stored yet); next: line 50
            assertThat(t.of("finish", 0)).contains("stop reason = step out");
            assertAt(top(t, "finish", 0), "__main_argc_argv", "fact.c", 49);
            assertAt(top(t, "next", 1), "__main_argc_argv", "fact.c", 50);

            // line 22 (total += square) in sum_squares' loop, first round: i = 0, values[0] = 0 + argc = 1
            String bp2 = breakpointAddress(t.of("b fact.c:22"));
            assertThat(t.of("c", 1)).contains("stop reason = breakpoint 2.1");
            assertAt(top(t, "c", 1), "sum_squares", "fact.c", 22);
            List<Location> bt = Transcript.frames(t.of("bt"));
            assertAt(bt.get(0), "sum_squares", "fact.c", 22);
            assertThat(bt.get(0).index()).isZero();
            assertAt(bt.get(1), "__main_argc_argv", "fact.c", 50); // int s = sum_squares(values, 5);
            assertThat(bt.get(1).index()).isEqualTo(1);
            // then wasi-libc's __main_void (no line info), __original_main and _start (crt1-command.c)
            assertThat(t.of("bt")).contains("`__main_void", "`__original_main", "`_start");
            assertThat(t.of("frame variable", 0)).contains("(const int *) values = 0x", "(int) n = 5",
                    "(int) total = 0", "(int) i = 0", "(int) square = 1");
            // main: p = {3, 4} moved by (argc, 2 * argc) = {4, 6}; values[i] = i + argc; f = fact(5) = 120
            assertThat(t.of("frame variable", 1)).contains("(int) argc = 1", "(point) p = (x = 4, y = 6)",
                    "(int[5]) values = ([0] = 1, [1] = 2, [2] = 3, [3] = 4, [4] = 5)", "(int) f = 120");
            assertThat(t.of("frame variable p.x")).contains("(int) p.x = 4");
            assertThat(t.of("p p.x")).contains("(int) 4");
            assertThat(t.of("p p.y * 10 + p.x")).contains("(int) 64"); // LLDB's IR interpreter, no code run
            // the array's address, then its 5 ints read back from linear memory at that address
            Matcher located = Pattern.compile("(0x[0-9a-f]+): \\(int\\[5\\]\\) values = \\{")
                    .matcher(t.of("frame variable -L values"));
            assertThat(located.find()).as(t.of("frame variable -L values")).isTrue();
            long base = Long.decode(located.group(1));
            StringBuilder words = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                words.append(String.format("0x%08x: %d%n", base + 4L * i, i + 1));
            }
            assertThat(t.of("memory read -s4 -fd -c5 &values")).contains(words.toString());
            // the PC of frame 0 is where lldb put breakpoint 2
            assertThat(t.of("register read pc")).containsPattern("pc = " + bp2 + "\\b");

            // next, next, next: 22 -> 23 (counter++) -> 20 (i++) -> 21 (int square = ...)
            assertAt(top(t, "next", 2), "sum_squares", "fact.c", 23);
            assertAt(top(t, "next", 3), "sum_squares", "fact.c", 20);
            assertAt(top(t, "next", 4), "sum_squares", "fact.c", 21);
            // step on a line without calls: the next line; finish: main, still on line 50; next: 51
            assertAt(top(t, "step", 1), "sum_squares", "fact.c", 22);
            assertAt(top(t, "finish", 1), "__main_argc_argv", "fact.c", 50);
            assertAt(top(t, "next", 5), "__main_argc_argv", "fact.c", 51);
            // the loop ran five times, each counter++
            assertThat(t.of("target variable counter")).contains("(int) counter = 5");
            // the output (O packets) and the exit code: main returns counter = 5
            assertThat(t.of("c", 2)).contains("fact = 120\nsum of squares = 55\npoint = (4, 6)\n",
                    "Process 1 exited with status = 5 (0x00000005)");
            assertThat(t.exitCode()).isZero();
        }
    }

    /**
     * Breakpoints on a function's first byte, where its local declarations are (no instruction):
     * LLDB puts them there for a function without line information (wasi-libc's __main_void) and
     * with --skip-prologue false. The stop must be reported at that address for LLDB to recognise
     * its breakpoint, and deleting one must remove it.
     */
    @Test
    void breakpointsOnTheFirstByteOfAFunction() throws Exception {
        try (GdbServer server = Lldb.serve("fact-O0.wasm")) {
            Transcript t = Lldb.run(server,
                    "b __main_void",
                    "breakpoint set -n fact --skip-prologue false",
                    "c",
                    "c",
                    "breakpoint delete 2",
                    "c");
            // the program starts paused at its entry, the first instruction of _start.command_export
            // (after its local declarations, one byte: none), which LLDB disassembles from there
            assertThat(t.of("process connect -p wasm connect://127.0.0.1:" + server.port()))
                    .contains("fact-O0.wasm`_start.command_export + 1\n")
                    .containsPattern("->  0x[0-9a-f]+ <\\+1>: call   7");
            // __main_void calls main; no "+ N" offset: the breakpoint's own address
            assertThat(t.of("c", 0)).contains("stop reason = breakpoint 1.1", "fact-O0.wasm`__main_void\n");
            // main calls fact(5) (line 49), which recurses down to fact(1): 5 calls, the first stops
            assertThat(t.of("c", 1)).contains("stop reason = breakpoint 2.1");
            assertAt(top(t, "c", 1), "fact", "fact.c", 28);
            // with the breakpoint deleted, the 4 recursive calls do not stop: the program ends
            assertThat(t.of("c", 2)).contains("Process 1 exited with status = 5 (0x00000005)");
        }
    }

    /** fact.c with the argument 0: ratio(f, 0) divides by zero (line 35) and the program stops there. */
    @Test
    void divideByZeroStopsAtTheDivision() throws Exception {
        try (GdbServer server = Lldb.serve("fact-O0.wasm", "0")) {
            Transcript t = Lldb.run(server, List.of("c"),
                    List.of("bt", "frame variable", "up", "frame variable f d", "c"));
            // the output before the trap: argc = 2, fact(4 + 2) = 720, squares of 2..6 = 90, (5, 8)
            assertThat(t.of("c")).contains("fact = 720\nsum of squares = 90\npoint = (5, 8)\n");
            // a trap stop: the reason is the trap, said once (Chicory's message is the kind's text)
            assertThat(t.of("c")).contains("stop reason = wasm trap: integer divide by zero\n");
            assertAt(top(t, "c", 0), "ratio", "fact.c", 35); // return a / b;
            List<Location> bt = Transcript.frames(t.of("bt"));
            assertAt(bt.get(0), "ratio", "fact.c", 35);
            assertAt(bt.get(1), "__main_argc_argv", "fact.c", 69); // printf(..., ratio(f, d));
            // a = f = fact(6) = 720, b = d = atoi("0") = 0
            assertThat(t.of("frame variable")).contains("(int) a = 720", "(int) b = 0");
            assertThat(t.of("frame variable f d")).contains("(int) f = 720", "(int) d = 0");
            // a wasm trap cannot be resumed: the program ends with it (SIGFPE's number, and what it was)
            assertThat(t.of("c", 1)).contains("Process 1 exited with status = 8 (0x00000008) wasm trap: "
                    + "integer divide by zero\n");
        }
    }

    /**
     * fact.c with the argument spin loops on `while (spinning) counter++;` (lines 63-64) until
     * interrupted; killed, the program is started again for the next client, paused at its entry.
     */
    @Test
    void interruptKillAndReconnect() throws Exception {
        try (GdbServer server = Lldb.serve("fact-O0.wasm", "spin")) {
            // In batch mode lldb waits for each command to finish; asynchronous mode lets
            // "process continue" return while the program runs, so that "process interrupt" can follow.
            Transcript t = Lldb.run(server,
                    "script lldb.debugger.SetAsync(True)",
                    "process continue",
                    "script import time; time.sleep(1.5)",
                    "process interrupt",
                    "script [time.sleep(0.1) for _ in range(100) if lldb.process.GetState() != lldb.eStateStopped]",
                    "script lldb.debugger.SetAsync(False)",
                    "bt",
                    "frame variable argc",
                    "target variable counter",
                    "process kill");
            assertThat(t.text()).contains("stop reason = signal SIGINT");
            List<Location> bt = Transcript.frames(t.of("bt"));
            assertThat(bt.get(0).function()).isEqualTo("__main_argc_argv");
            assertThat(bt.get(0).line()).isBetween(63, 64);
            assertThat(t.of("frame variable argc")).contains("(int) argc = 2");
            // 5 from sum_squares, then one more each time round the spin loop
            Matcher counter = Pattern.compile("\\(int\\) counter = (\\d+)").matcher(t.of("target variable counter"));
            assertThat(counter.find()).isTrue();
            assertThat(Integer.parseInt(counter.group(1))).isGreaterThan(5);
            assertThat(t.of("process kill")).contains("Process 1 exited with status = 9 (0x00000009) killed");

            // a new client: a fresh run, paused at its first instruction, globals at their initial values
            Transcript again = Lldb.runOnceFree(server, "bt", "target variable counter spinning");
            List<String> frames = again.of("bt").lines().filter(l -> l.contains("frame #")).toList();
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0)).endsWith("fact-O0.wasm`_start.command_export + 1"); // after its locals
            assertThat(again.of("target variable counter spinning")).contains("(int) counter = 0",
                    "(volatile int) spinning = 1");
        }
    }

    /**
     * A breakpoint set before running, in a function not called yet (ratio, called with the
     * argument 4); a deleted breakpoint that no longer stops.
     */
    @Test
    void breakpointsSetAheadAndDeleted() throws Exception {
        try (GdbServer server = Lldb.serve("fact-O0.wasm", "4")) {
            Transcript t = Lldb.run(server,
                    "b ratio",
                    "b fact.c:22",
                    "c",
                    "breakpoint delete 2",
                    "c",
                    "bt 2",
                    "frame variable",
                    "c");
            assertThat(t.of("b ratio")).contains("Breakpoint 1: where = fact-O0.wasm`ratio");
            assertThat(t.of("c", 0)).contains("stop reason = breakpoint 2.1");
            assertAt(top(t, "c", 0), "sum_squares", "fact.c", 22);
            // line 22 runs 4 more times in this call: deleted, it stops no more; ratio is next
            assertThat(t.of("c", 1)).contains("stop reason = breakpoint 1.1").doesNotContain("breakpoint 2.1");
            assertAt(top(t, "c", 1), "ratio", "fact.c", 35);
            List<Location> bt = Transcript.frames(t.of("bt 2"));
            assertAt(bt.get(1), "__main_argc_argv", "fact.c", 69);
            // a = fact(4 + 2) = 720, b = atoi("4") = 4
            assertThat(t.of("frame variable")).contains("(int) a = 720", "(int) b = 4");
            assertThat(t.of("c", 2)).contains("720 / 4 = 180\n", "Process 1 exited with status = 5 (0x00000005)");
        }
    }

    /** fact loop 200: line 22 runs 5 times per sum_squares call, 201 calls: 1005 auto-continued hits. */
    @Test
    void aThousandAutoContinuedBreakpointHits() throws Exception {
        try (GdbServer server = Lldb.serve("fact-O0.wasm", "loop", "200")) {
            Transcript t = Lldb.run(server,
                    "b fact.c:22",
                    "breakpoint modify --auto-continue true 1",
                    "c",
                    "breakpoint list");
            // sum_squares(values, 5) once in main, then 200 rounds; values = 3..7 (argc = 3):
            // 9 + 16 + 25 + 36 + 49 = 135 per call, 200 * 135 = 27000; main returns 0
            assertThat(t.of("c")).contains("loop total = 27000\n", "Process 1 exited with status = 0 (0x00000000)");
            assertThat(t.of("breakpoint list")).contains("hit count = 1005");
            System.out.println("1005 auto-continued breakpoint hits: the whole lldb run took " + t.took().toMillis()
                    + " ms");
            assertThat(t.took()).isLessThan(java.time.Duration.ofSeconds(30));
        }
    }

    /** fact.c at -O2: move and sum_squares are inlined into main; LLDB shows the inlined frames. */
    @Test
    void cAtO2InlinedFrames() throws Exception {
        try (GdbServer server = Lldb.serve("fact-O2.wasm")) {
            Transcript t = Lldb.run(server,
                    "b fact.c:40",
                    "b fact.c:22",
                    "c",
                    "bt",
                    "script print('inlined:', lldb.frame.IsInlined(), lldb.frame.GetFunctionName())",
                    "frame variable dx dy",
                    "c",
                    "bt",
                    "script print('inlined:', lldb.frame.IsInlined(), lldb.frame.GetFunctionName())",
                    "frame variable n",
                    "c");
            // line 40 `p->y += dy;` of move(&p, argc, 2 * argc), called from line 48: dx = 1, dy = 2
            assertThat(t.of("b fact.c:40")).contains("[inlined] move");
            assertThat(t.of("c", 0)).contains("stop reason = breakpoint 1.1");
            List<Location> bt = Transcript.frames(t.of("bt", 0));
            assertAt(bt.get(0), "move", "fact.c", 40);
            assertAt(bt.get(1), "__main_argc_argv", "fact.c", 48);
            assertThat(t.of("bt", 0)).contains("at fact.c:40:8 [inlined]");
            assertThat(t.of("script print('inlined:', lldb.frame.IsInlined(), lldb.frame.GetFunctionName())", 0))
                    .contains("inlined: True move");
            assertThat(t.of("frame variable dx dy")).contains("(int) dx = 1", "(int) dy = 2");
            // line 22 in the inlined sum_squares(values, 5), called from line 50
            assertThat(t.of("c", 1)).contains("stop reason = breakpoint 2.1");
            bt = Transcript.frames(t.of("bt", 1));
            assertAt(bt.get(0), "sum_squares", "fact.c", 22);
            assertAt(bt.get(1), "__main_argc_argv", "fact.c", 50);
            assertThat(t.of("script print('inlined:', lldb.frame.IsInlined(), lldb.frame.GetFunctionName())", 1))
                    .contains("inlined: True sum_squares");
            assertThat(t.of("frame variable n")).contains("(int) n = 5");
            // -O2 prints "fact = ..." before sum_squares runs
            assertThat(t.text()).contains("fact = 120\n", "sum of squares = 55\npoint = (4, 6)\n");
            assertThat(t.of("c", 2)).contains("Process 1 exited with status = 5 (0x00000005)");
        }
    }

    /** shapes.cpp: breakpoints in methods of the class template geo::Stack<int>; this; std::vector. */
    @Test
    void cppTemplateMethodsThisAndVector() throws Exception {
        try (GdbServer server = Lldb.serve("shapes.wasm")) {
            Transcript t = Lldb.run(server,
                    "b geo::Stack<int>::push",
                    "b geo::Stack<int>::sum",
                    "c",
                    "frame variable this",
                    "frame variable *this",
                    "frame variable *v",
                    "breakpoint disable 1",
                    "c",
                    "frame variable this",
                    "frame variable items_",
                    "up",
                    "frame variable r limit count",
                    "c");
            // argc = 1: r = Rect(2, 3) scaled by 2 = 4 x 6; areas.push(24 * i) for i = 1..4
            assertThat(t.of("c", 0)).contains("stop reason = breakpoint 1.1");
            assertAt(top(t, "c", 0), "geo::Stack<int>::push", "shapes.cpp", 27);
            assertThat(t.of("frame variable this")).contains("(geo::Stack<int> *) this = 0x");
            assertThat(t.of("frame variable *this")).contains("items_ = size=0 {}"); // the first push
            assertThat(t.of("frame variable *v")).contains("(const int) *v = 24");
            assertThat(t.of("c", 1)).contains("stop reason = breakpoint 2.1");
            assertAt(top(t, "c", 1), "geo::Stack<int>::sum", "shapes.cpp", 29);
            assertThat(t.of("frame variable this", 1)).contains("(const geo::Stack<int> *) this = 0x");
            assertThat(t.of("frame variable items_")).contains(
                    "(std::vector<int>) items_ = size=4 {\n  [0] = 24\n  [1] = 48\n  [2] = 72\n  [3] = 96\n}");
            // main, line 55; count = areas above 30 = 3
            assertAt(Transcript.top(t.of("up")), "__main_argc_argv", "shapes.cpp", 55);
            assertThat(t.of("frame variable r limit count")).contains("(geo::Rect) r = (width_ = 4, height_ = 6)",
                    "(int) limit = 30", "(int) count = 3");
            assertThat(t.of("c", 2)).contains("area = 24, sum = 240, big = 3\n",
                    "Process 1 exited with status = 0 (0x00000000)");
        }
    }

    /** panic.rs with the argument 7: the closure's breakpoint, then the panic in pick (line 25). */
    @Test
    void rustClosureAndPanic() throws Exception {
        try (GdbServer server = Lldb.serve("panic.wasm", "7")) {
            Transcript t = Lldb.run(server,
                    List.of("b panic.rs:32",
                            "c",
                            "c",
                            "bt 2",
                            "frame variable",
                            "breakpoint delete -f",
                            "c"),
                    List.of("bt",
                            "script [lldb.thread.SetSelectedFrame(f.GetFrameID()) for f in lldb.thread"
                                    + " if 'panic::pick' in (f.GetFunctionName() or '')]",
                            "frame variable"));
            // line 32 `let add_bonus = |x: i64| x + bonus;`: the closure's creation in main, and its body
            assertThat(t.of("b panic.rs:32")).contains("2 locations");
            assertThat(t.of("c", 0)).contains("stop reason = breakpoint 1.1");
            assertThat(top(t, "c", 0).function()).startsWith("panic::main::h");
            // in the closure, called from line 34 with the first amount (10); bonus = args.len() = 2
            assertThat(t.of("c", 1)).contains("stop reason = breakpoint 1.2");
            Location closure = top(t, "c", 1);
            assertThat(closure.function()).startsWith("panic::main::").contains("closure");
            assertThat(closure.file() + ":" + closure.line()).isEqualTo("panic.rs:32");
            assertAt(Transcript.frames(t.of("bt 2")).get(1), "panic::main::" + top(t, "c", 0).function()
                    .substring("panic::main::".length()), "panic.rs", 34);
            assertThat(t.of("frame variable", 0)).contains("(long long) x = 10", "(long long) bonus = 2");
            // items[7] of 3 items: Rust's panic message on stderr (O packets), then the abort traps
            String crash = t.of("c", 2);
            assertThat(crash).contains("index out of bounds: the len is 3 but the index is 7");
            assertThat(crash).contains("stop reason = wasm trap: unreachable executed");
            List<Location> bt = Transcript.frames(t.of("bt"));
            Location pick = bt.stream().filter(l -> l.function().startsWith("panic::pick::")).findFirst().orElseThrow();
            assertThat(pick.file() + ":" + pick.line()).isEqualTo("panic.rs:25"); // items[index]
            Location caller = bt.get(bt.indexOf(pick) + 1);
            assertAt(caller, top(t, "c", 0).function(), "panic.rs", 40); // pick(&items, index)
            assertThat(t.of("frame variable", 1)).contains("length = 3", "(unsigned int) index = 7");
        }
    }

    /**
     * A client that vanishes without detaching (killed, or its connection lost) takes its
     * breakpoints with it: the next client knows nothing of them, so they must not stop it.
     */
    @Test
    void breakpointsOfAVanishedClientAreGone() throws Exception {
        try (GdbServer server = Lldb.serve("fact-O0.wasm")) {
            // lldb inserts the breakpoint (Z0) at once, then dies: no z0, no D
            Transcript killed = Lldb.run(server, "b fact.c:22",
                    "script import os, signal; os.kill(os.getpid(), signal.SIGKILL)");
            assertThat(killed.exitCode()).isEqualTo(128 + 9);
            Transcript next = Lldb.runOnceFree(server, "c");
            // the program, still paused at its entry, runs to its end: 5 = main's counter
            assertThat(next.of("c")).contains("Process 1 exited with status = 5 (0x00000005)")
                    .doesNotContain("stop reason");
        }
    }

    /**
     * An LLDB-side limit, pinned: an expression that calls a function needs memory allocated in
     * the process (the _M packet) and code run there; LLDB 22's wasm process offers neither, and
     * its IR interpreter gives up. Plain expressions and frame variable work (see above).
     */
    @Test
    void expressionsThatCallFunctionsAreBeyondLldb22() throws Exception {
        Path log = Files.createTempFile("lldb-packets", ".log");
        try (GdbServer server = Lldb.serve("shapes.wasm")) {
            Transcript t = Lldb.run(server,
                    "b geo::Stack<int>::sum",
                    "c",
                    "frame variable items_",
                    "log enable -f " + log + " gdb-remote packets",
                    "p items_.size()");
            assertThat(t.of("frame variable items_")).contains("size=4");
            assertThat(t.of("p items_.size()")).contains("error: Can't evaluate the expression without a running "
                    + "target due to: Interpreter doesn't handle one of the expression's opcodes");
            // LLDB asked to allocate memory in the process (_M SIZE,PERMISSIONS): unsupported (empty reply)
            String packets = Files.readString(log);
            assertThat(packets).containsPattern("send packet: \\$_M[0-9a-f]+,rwx#[0-9a-f]{2}\\s+\\S+\\s+<\\s+4> read packet: \\$#00");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** wasmdbg's monitor commands (qRcmd), as LLDB sends them: their text is shown, not hex. */
    @Test
    void monitorCommandsPrintText() throws Exception {
        try (GdbServer server = Lldb.serve("fact-O0.wasm")) {
            Transcript t = Lldb.run(server,
                    "b fact.c:22",
                    "process plugin packet monitor info",
                    "process plugin packet monitor symbolize 0x629");
            assertThat(t.of("process plugin packet monitor info")).contains("module: "
                    + dev.wasmdbg.testkit.TestModules.wasm("fact-O0.wasm").toAbsolutePath(), "debug information: DWARF",
                    "response: OK");
            // .wasm file offset 0x629 is where lldb put the breakpoint on line 22 (sum_squares + 103)
            assertThat(breakpointAddress(t.of("b fact.c:22"))).endsWith("629");
            assertThat(t.of("process plugin packet monitor symbolize 0x629"))
                    .contains("sum_squares at /wasmdbg/test-modules/src/fact.c:22:14\n", "response: OK");
        }
    }
}
