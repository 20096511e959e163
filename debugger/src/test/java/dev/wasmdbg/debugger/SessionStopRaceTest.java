package dev.wasmdbg.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.dwarf.Dwarf;
import dev.wasmdbg.wasm.WasmFile;
import dev.wasmdbg.testkit.TestModules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stop is decided and entered in one step: a kill() or interrupt() cannot fall between the
 * program's thread choosing to stop (a breakpoint hit) and the session becoming PAUSED. Both tests
 * put a breakpoint on {@code counter++} of fact.c's spin loop (hit every few instructions) and race
 * against its stops. They are probabilistic (a race window of a few hundred nanoseconds); before the
 * fix each failed in nearly every run, the interrupt one within a few hundred cycles.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // last resort: every wait is bounded by WAIT
class SessionStopRaceTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final long SEED = Long.getLong("wasmdbg.stress.seed", 0x5EED_2024L);
    static byte[] bytes;
    static long spinSite;
    final List<Session> sessions = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        bytes = Files.readAllBytes(TestModules.wasm("fact-O0.wasm"));
        WasmFile file = WasmFile.of(bytes);
        spinSite = file.toFileOffset(Dwarf.of(file).addresses("fact.c", 64).get(0).address()).orElseThrow();
    }

    Session spin() {
        WasiConfig config = WasiConfig.of("fact-O0.wasm", List.of("spin"))
                .withStdio(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), new ByteArrayOutputStream());
        Session s = Session.launch(bytes, "fact-O0.wasm", config, false);
        synchronized (sessions) {
            sessions.add(s);
        }
        return s;
    }

    @AfterEach
    void killAll() throws InterruptedException {
        for (Session s : sessions) {
            s.kill();
            assertThat(s.join(WAIT)).as("%s's thread ends", s).isTrue();
        }
    }

    static StopEvent stop(Session s, String after) throws InterruptedException {
        return s.awaitStop(WAIT).orElseThrow(() -> new AssertionError(s + ": no stop within " + WAIT + " after " + after));
    }

    /**
     * An interrupt() that races with a breakpoint stop is answered by that stop: once the
     * interrupting thread is quiet, the next resume runs to the breakpoint again, never to an
     * INTERRUPTED stop nobody asked for since.
     */
    @Test
    void anInterruptRacingABreakpointStopDoesNotOutliveIt() throws Exception {
        Session s = spin();
        s.addBreakpoint(spinSite, HitCondition.ALWAYS);
        AtomicBoolean enabled = new AtomicBoolean();
        AtomicBoolean busy = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        Thread interrupter = new Thread(() -> {
            while (!done.get()) {
                busy.set(true); // set before reading enabled: the controller waits for !busy after disabling
                if (enabled.get()) {
                    s.interrupt();
                }
                busy.set(false);
            }
        }, "race-interrupter");
        interrupter.start();
        int cycles = 0;
        int racedStops = 0;
        try {
            stop(s, "launch");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            for (; cycles < 30_000 && System.nanoTime() < until; cycles++) {
                enabled.set(true);
                s.resume();
                StopEvent raced = stop(s, "resume() under interrupts");
                assertThat(raced.reason()).isIn(StopReason.BREAKPOINT, StopReason.INTERRUPTED);
                enabled.set(false);
                while (busy.get()) {
                    Thread.onSpinWait();
                }
                if (raced.reason() == StopReason.BREAKPOINT) {
                    racedStops++;
                }
                // No interrupt() is made from here on until the next stop.
                s.resume();
                StopEvent next = stop(s, "a quiet resume()");
                if (next.reason() != StopReason.BREAKPOINT) {
                    throw new AssertionError("cycle " + cycles + ": after " + raced + ", a resume with no interrupt "
                            + "pending stopped with " + next + " (an interrupt that raced with the first stop outlived it)");
                }
            }
        } finally {
            done.set(true);
            interrupter.join(WAIT.toMillis());
        }
        System.out.println("SessionStopRaceTest: " + cycles + " interrupt cycles, " + racedStops
                + " of them stopped at the breakpoint while interrupts were racing");
        assertThat(interrupter.isAlive()).isFalse();
        assertThat(cycles).isGreaterThan(100);
    }

    /**
     * kill() racing with a storm of breakpoint stops and resumes is never lost: once it returned,
     * the program never pauses again (no resume() succeeds, no stop but EXITED "killed" is seen) and
     * its thread ends.
     */
    @Test
    void aKillRacingABreakpointStopIsNeverLost() throws Exception {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        int perSlot = 32;
        List<Thread> slots = new ArrayList<>();
        for (int slot = 0; slot < 2; slot++) {
            Random rnd = new Random(SEED + slot);
            slots.add(new Thread(() -> {
                try {
                    for (int i = 0; i < perSlot && failures.isEmpty(); i++) {
                        killDuringBreakpointStorm(rnd, failures);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "race-kill-" + slot));
        }
        slots.forEach(Thread::start);
        for (Thread t : slots) {
            t.join(100_000);
            if (t.isAlive()) {
                failures.add(new AssertionError(t.getName() + " hung"));
            }
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " failure(s), first: " + failures.peek().getMessage(),
                    failures.peek());
            throw e;
        }
    }

    private void killDuringBreakpointStorm(Random rnd, ConcurrentLinkedQueue<Throwable> failures) throws Exception {
        Session s = spin();
        AtomicBoolean killReturned = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        Thread resumer = new Thread(() -> {
            while (!done.get()) {
                boolean afterKill = killReturned.get();
                try {
                    s.resume();
                    if (afterKill) {
                        failures.add(new AssertionError(s + ": resume() succeeded after kill() returned: the kill was lost"
                                + " and the program had paused again (last stop now " + s.lastStop().orElse(null) + ")"));
                        return;
                    }
                } catch (IllegalStateException e) {
                    if (!e.getMessage().contains("running") && !e.getMessage().contains("finished")) {
                        failures.add(e);
                    }
                }
            }
        }, "race-resumer-" + s.id());
        resumer.start();
        try {
            s.addBreakpoint(spinSite, HitCondition.ALWAYS);
            LockSupport.parkNanos(rnd.nextInt(4_000_000));
            s.kill();
            killReturned.set(true);
            boolean pausedAfterKill = s.isPaused();
            StopEvent end = stop(s, "kill()");
            if (pausedAfterKill || end.reason() != StopReason.EXITED) {
                throw new AssertionError(s + ": paused after kill() returned (the kill was lost): " + end);
            }
            assertThat(end.message()).isEqualTo("killed");
            assertThat(s.outcome()).contains(new RunOutcome.Killed());
            assertThat(s.join(WAIT)).as("%s's thread ends", s).isTrue();
        } finally {
            done.set(true);
            resumer.join(WAIT.toMillis());
            s.kill(); // frees a session whose kill was lost, so that a failure does not hang
            if (resumer.isAlive()) {
                failures.add(new AssertionError(s + ": resumer hung"));
            }
        }
    }
}
