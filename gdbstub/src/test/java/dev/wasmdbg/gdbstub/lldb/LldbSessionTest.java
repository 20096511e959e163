package dev.wasmdbg.gdbstub.lldb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.gdbstub.GdbServer;
import dev.wasmdbg.gdbstub.lldb.Lldb.Location;
import dev.wasmdbg.gdbstub.lldb.Lldb.Transcript;
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
            // the program starts paused at its entry, exactly at _start.command_export's start
            assertThat(t.of("process connect -p wasm connect://127.0.0.1:" + server.port()))
                    .contains("fact-O0.wasm`_start.command_export\n");
            // __main_void calls main; no "+ N" offset: the breakpoint's own address
            assertThat(t.of("c", 0)).contains("stop reason = breakpoint 1.1", "fact-O0.wasm`__main_void\n");
            // main calls fact(5) (line 49), which recurses down to fact(1): 5 calls, the first stops
            assertThat(t.of("c", 1)).contains("stop reason = breakpoint 2.1");
            assertAt(top(t, "c", 1), "fact", "fact.c", 28);
            // with the breakpoint deleted, the 4 recursive calls do not stop: the program ends
            assertThat(t.of("c", 2)).contains("Process 1 exited with status = 5 (0x00000005)");
        }
    }
}
