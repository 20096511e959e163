package dev.wasmdbg.debugger;

import static dev.wasmdbg.debugger.TrapsWasm.afterCall;
import static dev.wasmdbg.debugger.TrapsWasm.export;
import static dev.wasmdbg.debugger.TrapsWasm.first;
import static dev.wasmdbg.debugger.TrapsWasm.function;
import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.OpCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every trap of traps.wasm (test-modules/src/traps.wat) through the embedding API: attach, install
 * the hooks into our own Instance builder, call the export on a thread of our own. Each trap sits in
 * a helper one call below its export, so the stop shows [helper, export].
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AttachedTrapsTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    TrapsWasm.Attached run;

    @AfterEach
    void kill() throws InterruptedException {
        if (run != null) {
            run.close();
        }
    }

    static StopEvent stop(Session s) throws InterruptedException {
        return s.awaitStop(WAIT).orElseThrow(() -> new AssertionError("no stop within " + WAIT));
    }

    /** What the call threw, once the session let it go (a further stop would time this out). */
    static Throwable thrown(CompletableFuture<long[]> call) throws Exception {
        try {
            long[] result = call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("the call returned " + java.util.Arrays.toString(result) + " instead of trapping");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /**
     * The expected offset is the helper's only instruction of that opcode (found by scanning its
     * parsed code); the constant is what {@code wasm-objdump -d traps.wasm} prints for it, to show
     * that the scan finds a file offset. {@code local0} is the helper's first argument (its i32
     * bits), as the export passes it in traps.wat; empty for $do_unreachable, which has none.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // export,                helper,         opcode,          kind,                         objdump, local0
        "trap_unreachable,        do_unreachable, UNREACHABLE,     UNREACHABLE,                  0x1e0,   ",
        "trap_div_by_zero,        divide,         I32_DIV_S,       INTEGER_DIVIDE_BY_ZERO,       0x1ed,   10",
        "trap_int_overflow,       divide,         I32_DIV_S,       INTEGER_OVERFLOW,             0x1ed,   -2147483648",
        // f32.const nan is the canonical quiet NaN, bits 0x7fc00000.
        "trap_invalid_conversion, truncate,       I32_TRUNC_F32_S, INVALID_CONVERSION,           0x209,   2143289344",
        "trap_oob_load,           load,           I32_LOAD,        OUT_OF_BOUNDS_MEMORY,         0x219,   65534",
        "trap_oob_store,          store,          I32_STORE,       OUT_OF_BOUNDS_MEMORY,         0x22c,   65536",
        // Slot 1 holds $returns_nothing, of type $void; slot 2 is never initialized (null).
        "trap_indirect_mismatch,  indirect,       CALL_INDIRECT,   INDIRECT_CALL_TYPE_MISMATCH,  0x23f,   1",
        "trap_indirect_null,      indirect,       CALL_INDIRECT,   UNINITIALIZED_ELEMENT,        0x23f,   2",
    })
    void aTrapStopsAtTheFaultingInstructionWithBothFrames(String exportName, String helperName, OpCode opcode,
            TrapKind kind, String objdumpOffset, Integer local0) throws Exception {
        int helper = function(helperName);
        int export = export(exportName);
        long faulting = first(helper, opcode);
        assertThat(faulting).isEqualTo(Long.decode(objdumpOffset));

        run = new TrapsWasm.Attached();
        Session s = run.session;
        List<StopEvent> events = new CopyOnWriteArrayList<>();
        s.addListener(events::add);
        CompletableFuture<long[]> call = run.call(exportName);

        StopEvent trap = stop(s);
        assertThat(trap.reason()).isEqualTo(StopReason.TRAP);
        assertThat(trap.trapKind()).isEqualTo(kind);
        assertThat(trap.address()).isEqualTo(faulting);
        assertThat(trap.functionIndex()).isEqualTo(helper);
        assertThat(s.isPaused()).isTrue();
        assertThat(call).isNotDone(); // the embedder's thread waits inside the trap, nothing unwound

        List<Frame> frames = s.frames();
        assertThat(frames).extracting(Frame::functionIndex).containsExactly(helper, export);
        Frame inner = frames.get(0);
        assertThat(inner.functionName()).isEqualTo(helperName);
        assertThat(inner.address()).isEqualTo(faulting);
        assertThat(inner.caller()).isFalse();
        Frame outer = frames.get(1);
        assertThat(outer.functionName()).isEqualTo("wasm-function[" + export + "]"); // no $name in traps.wat
        assertThat(outer.caller()).isTrue();
        assertThat(outer.address()).isEqualTo(afterCall(export, helper)); // the return address
        assertThat(outer.locals()).isEmpty();
        if (local0 == null) {
            assertThat(inner.locals()).isEmpty();
        } else {
            assertThat((int) inner.locals().get(0).low()).isEqualTo(local0);
        }
        if (helperName.equals("divide")) {
            assertThat((int) inner.locals().get(1).low()).isEqualTo(kind == TrapKind.INTEGER_DIVIDE_BY_ZERO ? 0 : -1);
        }

        // Resumed, the trap unwinds: the call throws on the embedder's thread with no further stop,
        // and the embedder reports the outcome to the session.
        s.resume();
        Throwable e = thrown(call);
        assertThat(e).isInstanceOf(ChicoryException.class).hasMessage(trap.message());
        assertThat(s.isPaused()).isFalse();
        assertThat(events).extracting(StopEvent::reason).containsExactly(StopReason.TRAP);
        s.finish(new RunOutcome.Trapped(e.getMessage()));
        StopEvent end = stop(s);
        assertThat(end.reason()).isEqualTo(StopReason.EXITED);
        assertThat(end.message()).isEqualTo(e.getMessage());
        assertThat(end.exitCode()).isNull();
        assertThat(s.outcome()).contains(new RunOutcome.Trapped(e.getMessage()));
        assertThat(s.isTerminated()).isTrue();
    }

    @Test
    void stackExhaustionStopsWithEveryRecursionFrameOnTheStack() throws Exception {
        int recurse = function("recurse");
        int export = export("trap_stack_exhausted");
        long call = first(recurse, OpCode.CALL);
        assertThat(call).isEqualTo(0x25f); // wasm-objdump: 00025f: 10 11 | call 17 <recurse>
        long returnAddress = afterCall(recurse, recurse);

        run = new TrapsWasm.Attached();
        Session s = run.session;
        List<StopEvent> events = new CopyOnWriteArrayList<>();
        s.addListener(events::add);
        CompletableFuture<long[]> result = run.call("trap_stack_exhausted");

        StopEvent trap = stop(s);
        assertThat(trap.reason()).isEqualTo(StopReason.TRAP);
        assertThat(trap.trapKind()).isEqualTo(TrapKind.CALL_STACK_EXHAUSTED);
        // The call that could not be made is the faulting instruction, in the deepest $recurse
        // left on the stack (the frame that overflowed is gone).
        assertThat(trap.address()).isEqualTo(call);
        assertThat(trap.functionIndex()).isEqualTo(recurse);

        List<Frame> frames = s.frames();
        int n = frames.size();
        assertThat(n).isGreaterThan(100);
        assertThat(frames.get(n - 1).functionIndex()).isEqualTo(export);
        assertThat(frames.get(n - 1).address()).isEqualTo(afterCall(export, recurse));
        for (int i = 0; i < n - 1; i++) {
            Frame f = frames.get(i);
            assertThat(f.functionIndex()).as("frame %d", i).isEqualTo(recurse);
            assertThat(f.functionName()).isEqualTo("recurse");
            assertThat(f.address()).as("frame %d", i).isEqualTo(i == 0 ? call : returnAddress);
            // $n counts the depth: 0 in the outermost $recurse, one more in each call below.
            assertThat((int) f.locals().get(0).low()).as("frame %d's $n", i).isEqualTo(n - 2 - i);
        }

        s.resume();
        Throwable e = thrown(result);
        assertThat(e).isInstanceOf(ChicoryException.class).hasMessageContaining("call stack exhausted");
        assertThat(events).extracting(StopEvent::reason).containsExactly(StopReason.TRAP);
        s.finish(new RunOutcome.Trapped(e.getMessage()));
        assertThat(stop(s).reason()).isEqualTo(StopReason.EXITED);
        assertThat(s.outcome()).contains(new RunOutcome.Trapped("call stack exhausted"));
    }

    /** Uses some stack: about what a listener formatting a reply or logging might. */
    static int deep(int n) {
        return n == 0 ? 0 : 1 + deep(n - 1);
    }

    /**
     * A stop's listeners run on the program's thread, and at a stack-exhaustion trap that thread
     * has next to no stack left. A listener that needs some must still see one stop, whose frames
     * stay put until resumed: before the engine reported this trap from the outermost call, the
     * listener's StackOverflowError escaped the pause, the program unwound a few frames and stopped
     * again, several times (several TRAP events, each one's frames going while a client read them).
     */
    @Test
    void aStackExhaustionTrapLeavesItsListenersRoomToRun() throws Exception {
        run = new TrapsWasm.Attached();
        Session s = run.session;
        List<StopEvent> events = new CopyOnWriteArrayList<>();
        List<Integer> framesSeen = new CopyOnWriteArrayList<>();
        CountDownLatch listened = new CountDownLatch(1);
        s.addListener(event -> {
            events.add(event);
            deep(5_000);
            framesSeen.add(s.frames().size());
            listened.countDown();
        });
        CompletableFuture<long[]> result = run.call("trap_stack_exhausted");

        // A listener runs after the stop is published: wait for it to finish too.
        assertThat(listened.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        StopEvent trap = stop(s);
        assertThat(events).containsExactly(trap);
        assertThat(trap.trapKind()).isEqualTo(TrapKind.CALL_STACK_EXHAUSTED);
        assertThat(trap.address()).isEqualTo(first(function("recurse"), OpCode.CALL));
        int frames = s.frames().size();
        assertThat(frames).isGreaterThan(100);
        assertThat(framesSeen).containsExactly(frames); // what the listener saw is what is there
        assertThat((int) s.frames().get(0).locals().get(0).low()).isEqualTo(frames - 2);
        s.resume();
        assertThat(thrown(result)).hasMessageContaining("call stack exhausted");
        assertThat(events).containsExactly(trap);
        assertThat(framesSeen).containsExactly(frames);
    }

    @Test
    void aGoodIndirectCallReturnsWithoutStopping() throws Exception {
        run = new TrapsWasm.Attached();
        Session s = run.session;
        // $returns_i32 in slot 0 returns its argument, the 5 $indirect passes.
        assertThat(run.call("indirect_ok").get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(5L);
        assertThat(s.lastStop()).isEmpty();
        assertThat(s.isPaused()).isFalse();
        s.finish(new RunOutcome.Exited(0));
        assertThat(stop(s).exitCode()).isZero();
    }
}
