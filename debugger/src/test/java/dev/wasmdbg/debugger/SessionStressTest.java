package dev.wasmdbg.debugger;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasmdbg.dwarf.Die;
import dev.wasmdbg.dwarf.Dw;
import dev.wasmdbg.dwarf.Dwarf;
import dev.wasmdbg.dwarf.DwarfExpression;
import dev.wasmdbg.dwarf.ExpressionContext;
import dev.wasmdbg.dwarf.ExpressionEvaluator;
import dev.wasmdbg.dwarf.Location;
import dev.wasmdbg.dwarf.Unit;
import dev.wasmdbg.wasm.WasmFile;
import dev.wasmdbg.testkit.TestModules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Concurrency stress of the engine: interrupt, breakpoints, steps, kill and inspection racing with
 * running programs, from several threads, on several sessions at once (fact.c at -O0: {@code fact
 * spin} never ends by itself, {@code fact loop N} is CPU-bound and prints {@code loop total =
 * 135*N}, no argument exits 5, {@code fact 0} traps).
 *
 * <p>Bounded: a fixed number of rounds, stops and sessions; every wait has a timeout, and a wait
 * that runs out fails the test with the session and its thread's stack (a hang), it never blocks
 * the build. The random choices come from one seed, printed, and settable with {@code
 * -Dwasmdbg.stress.seed=N}; thread timing is not reproducible, so a failure names its session
 * and what it was doing. Counts are printed at the end.
 *
 * <p>Sleeps here only create races (random delays between calls); every claim is checked from the
 * session's own answers: stops from {@code awaitStop} and a listener, states, breakpoint hit counts,
 * frames, memory, outcomes, and thread ends from {@code join}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS) // last resort only: every wait below is bounded by WAIT
class SessionStressTest {
    static final long SEED = Long.getLong("wasmdbg.stress.seed", 0x5EED_2024L);
    static final Duration WAIT = Duration.ofSeconds(15);
    static final long TEST_DEADLINE_MS = 100_000;
    static final String MODULE = "fact-O0.wasm";
    /** sum_squares over values 3..7 (argc = 3 in "fact loop N"): 9 + 16 + 25 + 36 + 49. */
    static final long LOOP_SQUARES = 135;

    static byte[] bytes;
    /** File offsets of fact.c lines 21, 22, 23: the body of sum_squares' loop. */
    static long[] loopSites;
    /** File offset of fact.c line 64, {@code counter++} in the spin loop. */
    static long spinSite;
    /** Linear-memory address of the C global {@code counter}. */
    static long counterAddress;
    /** Function index of main ({@code __main_argc_argv}), where the spin loop is. */
    static int mainFunction;
    static int startFunction;
    static int functionCount;
    static long codeStart;
    static long codeEnd;

    static final Stats STATS = new Stats();
    /** Every session this class started, for the final check that no program thread is left. */
    static final List<Session> ALL = new CopyOnWriteArrayList<>();

    final Failures failures = new Failures();
    final List<Session> mine = new CopyOnWriteArrayList<>();

    // ---- set-up and tear-down -------------------------------------------------------------------

    @BeforeAll
    static void load() throws Exception {
        System.out.println("SessionStressTest: seed " + SEED + " (rerun with -Dwasmdbg.stress.seed=" + SEED + ")");
        bytes = Files.readAllBytes(TestModules.wasm(MODULE));
        WasmFile file = WasmFile.of(bytes);
        Dwarf dwarf = Dwarf.of(file);
        loopSites = new long[] {site(file, dwarf, 21), site(file, dwarf, 22), site(file, dwarf, 23)};
        spinSite = site(file, dwarf, 64);
        mainFunction = file.importedFunctionCount() + file.functionAt(spinSite).orElseThrow().definedIndex();
        if (Arrays.stream(loopSites).distinct().count() != 3) {
            throw new AssertionError("lines 21-23 of fact.c should start at distinct instructions: "
                    + Arrays.toString(loopSites));
        }
        counterAddress = globalVariableAddress(dwarf, "counter");
        WasmModule module = Parser.parse(bytes);
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            if (module.exportSection().getExport(i).name().equals("_start")) {
                startFunction = module.exportSection().getExport(i).index();
            }
        }
        functionCount = file.importedFunctionCount() + file.functionBodies().size();
        codeStart = file.functionBodies().get(0).offset();
        codeEnd = file.functionBodies().get(file.functionBodies().size() - 1).end();
    }

    static long site(WasmFile file, Dwarf dwarf, int line) {
        long code = dwarf.addresses("fact.c", line).get(0).address();
        return file.toFileOffset(code).orElseThrow();
    }

    /** A file-scope C variable's address, from its DW_AT_location (DW_OP_addr). */
    static long globalVariableAddress(Dwarf dwarf, String name) {
        for (Unit unit : dwarf.units()) {
            String unitName = unit.name();
            if (unitName == null || !unitName.endsWith("fact.c")) {
                continue;
            }
            for (Die die : unit.root().children()) {
                if (die.tag() == Dw.TAG_VARIABLE && name.equals(die.string(Dw.AT_NAME))) {
                    DwarfExpression location = DwarfExpression.ofAttribute(die, Dw.AT_LOCATION).orElseThrow();
                    Location at = ExpressionEvaluator.evaluate(location, new ExpressionContext() {
                        @Override
                        public long local(long index) {
                            throw new UnsupportedOperationException();
                        }

                        @Override
                        public long global(long index) {
                            throw new UnsupportedOperationException();
                        }

                        @Override
                        public long operandStack(long index) {
                            throw new UnsupportedOperationException();
                        }

                        @Override
                        public byte[] readMemory(long address, int length) {
                            throw new UnsupportedOperationException();
                        }
                    });
                    return ((Location.Memory) at).address();
                }
            }
        }
        throw new AssertionError("no global " + name + " in fact.c's DWARF");
    }

    @AfterEach
    void noSessionOutlivesItsTest() throws InterruptedException {
        // Normally every session is settled (EXITED, thread joined) by its scenario; this catches the rest.
        List<String> left = new ArrayList<>();
        for (Session s : mine) {
            if (!s.isTerminated()) {
                left.add(s + " was not terminated");
                s.kill();
            }
            if (!s.join(WAIT)) {
                left.add(s + "'s thread did not end: " + threadDump(s));
            }
        }
        left.addAll(liveProgramThreads(mine));
        if (!left.isEmpty() && failures.isEmpty()) {
            throw new AssertionError(String.join("\n", left));
        }
    }

    @AfterAll
    static void noProgramThreadIsLeft() throws InterruptedException {
        for (Session s : ALL) {
            s.kill(); // a no-op on a finished session
            s.join(WAIT);
        }
        List<String> live = liveProgramThreads(ALL);
        System.out.println("SessionStressTest: seed " + SEED + "; " + STATS.summary() + "; live program threads: "
                + live.size());
        if (!live.isEmpty()) {
            throw new AssertionError("program threads still alive: " + live);
        }
    }

    /** Threads named wasm-ID-... (the engine's program threads) of these sessions that are alive. */
    static List<String> liveProgramThreads(List<Session> sessions) {
        Set<String> prefixes = ConcurrentHashMap.newKeySet();
        sessions.forEach(s -> prefixes.add("wasm-" + s.id() + "-"));
        List<String> live = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            for (String p : prefixes) {
                if (t.getName().startsWith(p) && t.isAlive()) {
                    live.add(t.getName() + " " + t.getState());
                }
            }
        }
        return live;
    }

    // ---- the tests -------------------------------------------------------------------------------

    @Test
    void everyInterruptStopsOnceAndTheProgramGoesOn() throws Exception {
        inParallel("interrupts", 3, (slot, rnd) -> interruptRounds(slot, 60, rnd, slot != 1));
    }

    @Test
    void breakpointsComeAndGoWhileTheLoopRuns() throws Exception {
        inParallel("breakpoints", 3, (slot, rnd) -> breakpointChurn(slot, 150, rnd));
    }

    @Test
    void killAtRandomMomentsAlwaysEnds() throws Exception {
        inParallel("kills", 3, (slot, rnd) -> {
            KillMoment[] moments = KillMoment.values();
            for (int i = 0; i < 30; i++) {
                killOnce(slot, moments[(i + slot) % moments.length], new Random(rnd.nextLong()));
            }
        });
    }

    @Test
    void inspectionRacingWithResumeIsConsistentOrRefused() throws Exception {
        Inspection seen = new Inspection();
        inParallel("inspection", 2, (slot, rnd) -> inspectionRace(slot, 100, rnd, slot == 0, seen));
        // Not a race claim, a sanity one: the controller holds some pauses, so reads did succeed.
        failures.check(seen.ok.sum() > 0, () -> "no inspection ever succeeded while paused");
        failures.throwIfAny("inspection");
    }

    @Test
    void fourSessionsDoingAllOfItAtOnce() throws Exception {
        Inspection seen = new Inspection();
        inParallel("mixed", 4, (slot, rnd) -> {
            switch (slot) {
                case 0:
                    interruptRounds(slot, 40, rnd, true);
                    interruptRounds(slot, 20, rnd, false);
                    break;
                case 1:
                    breakpointChurn(slot, 100, rnd);
                    break;
                case 2:
                    for (KillMoment m : KillMoment.values()) {
                        killOnce(slot, m, new Random(rnd.nextLong()));
                    }
                    break;
                default:
                    inspectionRace(slot, 60, rnd, true, seen);
                    inspectionRace(slot, 40, rnd, false, seen);
                    break;
            }
        });
    }

    // ---- scenario: interrupt and resume, one controller per session ------------------------------

    /**
     * One thread interrupts a running program, checks the stop, sometimes steps, resumes; the only
     * thread that resumes, so it sees every stop: each interrupt made while running gives exactly one
     * INTERRUPTED stop, the program never stops by itself, and it goes on (the spinning counter grows;
     * the loop prints the right total).
     */
    void interruptRounds(int slot, int rounds, Random rnd, boolean spin) throws Exception {
        Program program = spin ? Program.spin() : Program.loop(30_000);
        for (int done = 0; done < rounds; ) {
            done += interruptRun(program, rounds - done, rnd);
        }
    }

    /** One session of {@link #interruptRounds}; returns the rounds done (fewer if the loop ended first). */
    int interruptRun(Program program, int rounds, Random rnd) throws Exception {
        boolean spin = program.natural() == null;
        Run r = launch(program, false);
        long interrupts = 0;
        long interruptedSeen = 0;
        long stepsSeen = 0;
        long firstCounter = -1;
        long lastCounter = -1;
        int round = 0;
        try {
            for (; round < rounds; round++) {
                pauseRandomly(rnd, 2_000);
                StopEvent early = r.s.isPaused() ? r.s.lastStop().orElse(null) : null;
                failures.check(early == null, () -> r + ": stopped although nobody asked: " + early);
                r.s.interrupt();
                interrupts++;
                STATS.interrupts.increment();
                StopEvent stop = awaitStop(r, "interrupt #" + interrupts);
                if (stop.reason() == StopReason.EXITED) {
                    // The loop finished before this interrupt landed; the caller goes on with a new run.
                    failures.check(!spin, () -> r + ": the spinning program ended by itself: " + stop);
                    break;
                }
                STATS.rounds.increment();
                if (stop.reason() != StopReason.INTERRUPTED) {
                    throw new AssertionError(r + ": interrupt #" + interrupts + " stopped with " + stop);
                }
                interruptedSeen++;
                checkPausedAt(r, stop);
                if (spin) {
                    long counter = readCounter(r);
                    long previous = lastCounter;
                    failures.check(counter >= previous, () -> r + ": counter went back from " + previous + " to "
                            + counter);
                    lastCounter = counter;
                    if (firstCounter < 0) {
                        firstCounter = counter;
                    }
                }
                if (rnd.nextInt(5) == 0) {
                    // Stepping over a call that never returns never ends (stopped in wasi-libc's start-up
                    // code, the next line calls main, and spin's main never returns): step over in main only.
                    boolean instruction = rnd.nextBoolean() || (spin && stop.functionIndex() != mainFunction);
                    if (instruction) {
                        r.s.stepInstruction();
                    } else {
                        r.s.stepOver();
                    }
                    StopEvent step = awaitStop(r, instruction ? "stepInstruction()" : "stepOver()");
                    if (step.reason() == StopReason.EXITED && !spin) {
                        break; // stepped over main from the start-up code: the loop ran to its end
                    }
                    if (step.reason() != StopReason.STEP) {
                        throw new AssertionError(r + ": a step from " + stop + " ended with " + step);
                    }
                    stepsSeen++;
                    STATS.steps.increment();
                    checkPausedAt(r, step);
                    failures.check(!instruction || step.address() != stop.address(), () -> r + ": stepInstruction() did"
                            + " not move from " + stop);
                }
                r.s.resume();
            }
            if (spin) {
                long first = firstCounter;
                long last = lastCounter;
                failures.check(last > first, () -> r + ": the spinning program made no progress (counter " + first
                        + " -> " + last + ")");
                r.s.kill();
                STATS.kills.increment();
                settle(r, true);
            } else {
                settle(r, false); // the last resume() lets the loop run to its end
            }
            checkExactStops(r, interruptedSeen, stepsSeen);
            return Math.max(round, 1);
        } finally {
            r.s.kill();
        }
    }

    /** The listener saw exactly the stops the controller saw: none extra, none lost. */
    void checkExactStops(Run r, long interrupted, long steps) {
        failures.check(r.log.count(StopReason.INTERRUPTED) == interrupted, () -> r + ": the listener saw "
                + r.log.count(StopReason.INTERRUPTED) + " INTERRUPTED stops, the controller " + interrupted);
        failures.check(r.log.count(StopReason.STEP) == steps, () -> r + ": the listener saw "
                + r.log.count(StopReason.STEP) + " STEP stops, the controller " + steps);
        failures.check(r.log.count(StopReason.BREAKPOINT) == 0 && r.log.count(StopReason.TRAP) == 0,
                () -> r + ": stops nobody asked for: " + r.log.events());
    }

    // ---- scenario: breakpoints added and removed while the program runs ----------------------------

    /**
     * A mutator thread adds and removes breakpoints on the loop's lines (ALWAYS or MULTIPLE_OF 2/3,
     * never two on one instruction) while the program runs; the controller, the only thread that
     * resumes, sometimes interrupts too. At every stop: a breakpoint's hit count never decreases,
     * each breakpoint has stopped exactly hits / k times (k = 1 for ALWAYS), a breakpoint whose
     * removal was acknowledged before a resume never stops after it, an INTERRUPTED stop only comes
     * after an interrupt made since the last resume, and the loop still prints the right total.
     */
    void breakpointChurn(int slot, int maxStops, Random rnd) throws Exception {
        Program program = Program.loop(20_000);
        Run r = launch(program, false);
        Helpers helpers = new Helpers(r);
        // Generation k = the time after the controller's k-th resume (0 = after launch).
        AtomicLong generation = new AtomicLong();
        Map<Integer, Long> removedIn = new ConcurrentHashMap<>();
        Random mr = new Random(rnd.nextLong());
        try {
            helpers.start("breakpoints", stop -> {
                Map<Long, Integer> live = new HashMap<>();
                List<Integer> removed = new ArrayList<>();
                while (!stop.get()) {
                    if (live.size() < loopSites.length && (live.isEmpty() || mr.nextInt(3) > 0)) {
                        long site = loopSites[mr.nextInt(loopSites.length)];
                        if (!live.containsKey(site)) {
                            HitCondition condition = mr.nextInt(4) == 0
                                    ? new HitCondition(HitCondition.Kind.MULTIPLE_OF, 2 + mr.nextInt(2))
                                    : HitCondition.ALWAYS;
                            Breakpoint b = r.s.addBreakpoint(site, condition);
                            failures.check(b.address() == site && b.hits() == 0, () -> r + ": added " + b);
                            live.put(site, b.id());
                            STATS.breakpointsAdded.increment();
                        }
                    } else {
                        List<Long> sites = new ArrayList<>(live.keySet());
                        long site = sites.get(mr.nextInt(sites.size()));
                        int id = live.remove(site);
                        if (mr.nextInt(4) == 0) {
                            int n = r.s.removeBreakpointsRequestedAt("", site);
                            failures.check(n == 1, () -> r + ": removeBreakpointsRequestedAt(" + site + ") removed " + n);
                        } else {
                            boolean done = r.s.removeBreakpoint(id);
                            failures.check(done, () -> r + ": removeBreakpoint(" + id + ") found nothing");
                        }
                        removedIn.put(id, generation.get()); // read after the removal returned
                        removed.add(id);
                        STATS.breakpointsRemoved.increment();
                        if (removed.size() > 1 && mr.nextInt(5) == 0) {
                            int again = removed.get(mr.nextInt(removed.size()));
                            failures.check(!r.s.removeBreakpoint(again), () -> r + ": breakpoint " + again
                                    + " removed twice");
                        }
                    }
                    pauseRandomly(mr, 300);
                }
            });

            Map<Integer, Long> stopsOf = new HashMap<>();
            Map<Integer, Long> lastHits = new HashMap<>();
            long interrupts = 0;
            long interruptedSeen = 0;
            int stops = 0;
            while (true) {
                long gen = generation.get();
                boolean interrupted = rnd.nextInt(8) == 0;
                if (interrupted) {
                    pauseRandomly(rnd, 500);
                    r.s.interrupt();
                    interrupts++;
                    STATS.interrupts.increment();
                }
                StopEvent stop = awaitStop(r, "resume #" + gen);
                if (stop.reason() == StopReason.EXITED) {
                    break;
                }
                stops++;
                STATS.rounds.increment();
                if (stop.reason() == StopReason.BREAKPOINT) {
                    int id = stop.breakpointId();
                    stopsOf.merge(id, 1L, Long::sum);
                    Long removedAt = removedIn.get(id);
                    if (removedAt != null && removedAt < gen) {
                        throw new AssertionError(r + ": breakpoint " + id + " was removed before resume #" + (removedAt + 1)
                                + " but stopped after resume #" + gen + ": " + stop);
                    }
                } else if (stop.reason() == StopReason.INTERRUPTED) {
                    interruptedSeen++;
                    if (!interrupted) {
                        throw new AssertionError(r + ": INTERRUPTED after resume #" + gen + " although no interrupt()"
                                + " was made since that resume (an older interrupt outlived the stop it raced with): "
                                + stop);
                    }
                } else {
                    throw new AssertionError(r + ": unexpected stop " + stop);
                }
                checkPausedAt(r, stop);
                Set<Integer> removedBefore = Set.copyOf(removedIn.keySet());
                List<Breakpoint> now = r.s.breakpoints();
                for (Breakpoint b : now) {
                    failures.check(!removedBefore.contains(b.id()), () -> r + ": removed breakpoint listed again: " + b);
                    long k = b.condition().kind() == HitCondition.Kind.ALWAYS ? 1 : b.condition().count();
                    long before = lastHits.getOrDefault(b.id(), 0L);
                    failures.check(b.hits() >= before, () -> r + ": hits of breakpoint " + b.id() + " went from "
                            + before + " to " + b.hits());
                    lastHits.put(b.id(), b.hits());
                    long stopped = stopsOf.getOrDefault(b.id(), 0L);
                    failures.check(stopped == b.hits() / k, () -> r + ": " + b + " has stopped " + stopped
                            + " times, expected hits / " + k);
                    if (b.id() == stop.breakpointId()) {
                        failures.check(b.address() == stop.address() && b.hits() % k == 0, () -> r + ": " + stop
                                + " reported by " + b);
                    }
                }
                if (stops >= maxStops) {
                    break;
                }
                if (rnd.nextInt(4) == 0) {
                    pauseRandomly(rnd, 300); // let the mutator work on a paused program too
                }
                generation.incrementAndGet();
                r.s.resume();
            }
            helpers.stopAndJoin();
            if (r.s.isPaused()) {
                for (Breakpoint b : r.s.breakpoints()) {
                    r.s.removeBreakpoint(b.id());
                }
                generation.incrementAndGet();
                r.s.resume();
            }
            settle(r, false); // runs to the end: the loop's total proves its state survived
            long breakpointStops = stopsOf.values().stream().mapToLong(Long::longValue).sum();
            long sawInterrupted = interruptedSeen;
            long madeInterrupts = interrupts;
            failures.check(r.log.count(StopReason.BREAKPOINT) == breakpointStops, () -> r + ": the listener saw "
                    + r.log.count(StopReason.BREAKPOINT) + " BREAKPOINT stops, the controller " + breakpointStops);
            failures.check(r.log.count(StopReason.INTERRUPTED) == sawInterrupted && sawInterrupted <= madeInterrupts,
                    () -> r + ": " + r.log.count(StopReason.INTERRUPTED) + " INTERRUPTED stops seen by the listener, "
                            + sawInterrupted + " by the controller, " + madeInterrupts + " interrupts");
        } finally {
            helpers.stopAndJoin();
            r.s.kill();
        }
    }

    // ---- scenario: kill at random moments ------------------------------------------------------------

    enum KillMoment { AT_LAUNCH, RUNNING, AT_BREAKPOINT, MID_STEP, WITH_RESUME, IN_A_STORM }

    /**
     * One program killed at one kind of moment, often while a storm of other threads resumes, steps,
     * interrupts, sets breakpoints and inspects: kill() returns, the session reaches EXITED ("killed",
     * or the program's own end if it came first) within WAIT and never stops again, its thread ends,
     * and no call of any thread throws anything but the documented IllegalStateException.
     */
    void killOnce(int slot, KillMoment moment, Random rnd) throws Exception {
        Program program = switch (rnd.nextInt(5)) {
            case 0, 1 -> Program.spin();
            case 2 -> Program.loop(3_000);
            case 3 -> Program.plain();
            default -> Program.trap();
        };
        boolean paused = rnd.nextBoolean();
        Run r = launch(program, paused);
        Helpers helpers = new Helpers(r);
        boolean storm = moment == KillMoment.IN_A_STORM || rnd.nextInt(3) == 0;
        try {
            if (storm) {
                startStorm(r, helpers, rnd);
            }
            switch (moment) {
                case AT_LAUNCH:
                    break;
                case RUNNING:
                    if (paused) {
                        attempt(r, "resume()", r.s::resume);
                    }
                    pauseRandomly(rnd, 20_000);
                    break;
                case AT_BREAKPOINT: {
                    r.s.addBreakpoint(program == Program.spin() && rnd.nextBoolean() ? spinSite : loopSites[1],
                            HitCondition.ALWAYS);
                    int hits = rnd.nextInt(4);
                    for (int i = 0; i <= hits; i++) {
                        if (r.s.isPaused()) {
                            attempt(r, "resume()", r.s::resume);
                        }
                        StopEvent stop = awaitStop(r, "resume() towards a breakpoint");
                        if (stop.reason() == StopReason.EXITED) {
                            break;
                        }
                        if (stop.reason() == StopReason.ENTRY) {
                            i--; // launched paused: first get going
                            continue;
                        }
                        if (!storm) {
                            failures.check(stop.reason() == StopReason.BREAKPOINT
                                    || stop.reason() == StopReason.TRAP, () -> r + ": expected a breakpoint, got " + stop);
                        }
                    }
                    break;
                }
                case MID_STEP: {
                    pauseSomehow(r);
                    int kind = rnd.nextInt(4);
                    String what = new String[] {"stepInstruction()", "stepOver()", "stepInto()", "stepOut()"}[kind];
                    attempt(r, what, () -> {
                        switch (kind) {
                            case 0 -> r.s.stepInstruction();
                            case 1 -> r.s.stepOver();
                            case 2 -> r.s.stepInto();
                            default -> r.s.stepOut();
                        }
                    });
                    STATS.steps.increment();
                    spinBriefly(rnd, 50);
                    break;
                }
                case WITH_RESUME: {
                    pauseSomehow(r);
                    CyclicBarrier both = new CyclicBarrier(2);
                    Thread resumer = new Thread(() -> {
                        try {
                            both.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                            attempt(r, "resume()", r.s::resume);
                        } catch (Exception e) {
                            failures.add(r + ": the resumer racing kill() failed", e);
                        }
                    }, "stress-resumer-" + r.s.id());
                    resumer.start();
                    both.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    r.s.kill();
                    r.killReturned = true;
                    STATS.kills.increment();
                    STATS.killMoment(moment);
                    resumer.join(WAIT.toMillis());
                    failures.check(!resumer.isAlive(), () -> r + ": resume() racing kill() did not return");
                    break;
                }
                case IN_A_STORM:
                    pauseRandomly(rnd, 30_000);
                    break;
                default:
                    throw new AssertionError(moment);
            }
            if (moment != KillMoment.WITH_RESUME) {
                r.s.kill();
                r.killReturned = true;
                STATS.kills.increment();
                STATS.killMoment(moment);
            }
            settle(r, true);
            helpers.stopAndJoin();
        } finally {
            helpers.stopAndJoin();
            r.s.kill();
        }
    }

    /** Gets the program paused (entry, an interrupt, or a trap), unless it ends first or a storm resumes it. */
    void pauseSomehow(Run r) throws InterruptedException {
        if (!r.s.isPaused()) {
            r.s.interrupt();
            STATS.interrupts.increment();
        }
        awaitStop(r, "interrupt()");
    }

    /** Helpers racing with everything: resume/step on stops, interrupt, breakpoints, inspection. */
    void startStorm(Run r, Helpers helpers, Random rnd) {
        Random a = new Random(rnd.nextLong());
        Random b = new Random(rnd.nextLong());
        Random c = new Random(rnd.nextLong());
        Random d = new Random(rnd.nextLong());
        helpers.start("resumer", stop -> {
            while (!stop.get()) {
                Optional<StopEvent> st = r.s.awaitStop(Duration.ofMillis(20));
                if (st.isEmpty()) {
                    continue;
                }
                if (st.get().reason() == StopReason.EXITED) {
                    return;
                }
                switch (a.nextInt(10)) {
                    case 0 -> attempt(r, "stepInstruction()", r.s::stepInstruction);
                    case 1 -> attempt(r, "stepOver()", r.s::stepOver);
                    case 2 -> attempt(r, "stepInto()", r.s::stepInto);
                    default -> attempt(r, "resume()", r.s::resume);
                }
            }
        });
        helpers.start("interrupter", stop -> {
            while (!stop.get()) {
                pauseRandomly(b, 1_000);
                r.s.interrupt(); // never refuses: an exception here fails the helper
                STATS.interrupts.increment();
            }
        });
        helpers.start("breakpoints", stop -> {
            long[] sites = {loopSites[1], spinSite};
            while (!stop.get()) {
                pauseRandomly(c, 2_000);
                List<Breakpoint> now = r.s.breakpoints();
                if (now.isEmpty() || c.nextBoolean()) {
                    r.s.addBreakpoint(sites[c.nextInt(2)], HitCondition.ALWAYS);
                    STATS.breakpointsAdded.increment();
                } else {
                    r.s.removeBreakpoint(now.get(c.nextInt(now.size())).id());
                    STATS.breakpointsRemoved.increment();
                }
            }
        });
        helpers.start("inspector", stop -> {
            Inspection seen = new Inspection();
            while (!stop.get()) {
                inspect(r, d, seen);
                pauseRandomly(d, 200);
            }
        });
    }

    // ---- scenario: inspection racing with resume -----------------------------------------------------

    /**
     * A controller stops the program (interrupts on the spin loop, a breakpoint in the summing loop)
     * and resumes it, holding some pauses; two inspector threads read frames, globals, memory and its
     * size all along. Each read either answers consistently with the stop it was made in, or throws
     * the documented IllegalStateException.
     */
    void inspectionRace(int slot, int stopsWanted, Random rnd, boolean spin, Inspection seen) throws Exception {
        Run r = launch(spin ? Program.spin() : Program.loop(20_000), false);
        Helpers helpers = new Helpers(r);
        try {
            if (!spin) {
                r.s.addBreakpoint(loopSites[1], HitCondition.ALWAYS);
            }
            for (int i = 0; i < 2; i++) {
                Random ir = new Random(rnd.nextLong());
                helpers.start("inspector-" + i, stop -> {
                    Inspection mine = new Inspection();
                    while (!stop.get()) {
                        inspect(r, ir, mine);
                    }
                    seen.add(mine);
                });
            }
            for (int i = 0; i < stopsWanted; i++) {
                if (spin) {
                    pauseRandomly(rnd, 1_000);
                    r.s.interrupt();
                    STATS.interrupts.increment();
                }
                StopEvent stop = awaitStop(r, spin ? "interrupt()" : "resume() towards a breakpoint");
                if (stop.reason() == StopReason.EXITED) {
                    throw new AssertionError(r + ": ended early: " + stop);
                }
                failures.check(stop.reason() == (spin ? StopReason.INTERRUPTED : StopReason.BREAKPOINT),
                        () -> r + ": unexpected " + stop);
                STATS.rounds.increment();
                checkPausedAt(r, stop);
                if (rnd.nextInt(3) == 0) {
                    LockSupport.parkNanos(rnd.nextInt(300_000)); // a longer pause: inspectors get in
                }
                r.s.resume();
            }
            r.s.kill();
            r.killReturned = true;
            STATS.kills.increment();
            settle(r, true);
            helpers.stopAndJoin();
        } finally {
            helpers.stopAndJoin();
            r.s.kill();
        }
    }

    /** What one inspector has seen: values that may only grow, and the shape of globals. */
    static final class Inspection {
        final LongAdder ok = new LongAdder();
        final LongAdder refused = new LongAdder();
        long counter = -1;
        long memorySize = -1;
        List<String> globalTypes;

        void add(Inspection other) {
            ok.add(other.ok.sum());
            refused.add(other.refused.sum());
        }
    }

    /** One random read; checks what it returns, or that it was refused with the documented exception. */
    void inspect(Run r, Random rnd, Inspection seen) {
        switch (rnd.nextInt(4)) {
            case 0: {
                StopEvent before = r.s.lastStop().orElse(null);
                Optional<List<Frame>> got = attempt(r, "frames()", r.s::frames);
                StopEvent after = r.s.lastStop().orElse(null);
                count(seen, got);
                got.ifPresent(frames -> checkFrames(r, frames, before == after ? before : null));
                break;
            }
            case 1: {
                Optional<List<LocalValue>> got = attempt(r, "globals()", r.s::globals);
                count(seen, got);
                got.ifPresent(globals -> {
                    List<String> types = globals.stream().map(g -> g.type().toString()).toList();
                    if (seen.globalTypes == null) {
                        seen.globalTypes = types;
                    }
                    failures.check(types.equals(seen.globalTypes), () -> r + ": globals changed shape: " + globals);
                    failures.check(!globals.isEmpty() && globals.get(0).low() >= 0 && globals.get(0).low() <= 0xffffffffL,
                            () -> r + ": the stack pointer is not an i32: " + globals);
                });
                break;
            }
            case 2: {
                Optional<byte[]> got = attempt(r, "readMemory(counter)", () -> r.s.readMemory(counterAddress, 4));
                count(seen, got);
                got.ifPresent(data -> {
                    failures.check(data.length == 4, () -> r + ": readMemory returned " + data.length + " bytes");
                    long value = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
                    long previous = seen.counter;
                    failures.check(value >= previous, () -> r + ": counter read " + value + " after " + previous);
                    seen.counter = value;
                });
                break;
            }
            default: {
                Optional<Long> got = attempt(r, "memorySize()", r.s::memorySize);
                count(seen, got);
                got.ifPresent(size -> {
                    long previous = seen.memorySize;
                    failures.check(size > 0 && size % 65536 == 0 && size >= previous, () -> r + ": memory size " + size
                            + " after " + previous);
                    seen.memorySize = size;
                });
                break;
            }
        }
    }

    private static void count(Inspection seen, Optional<?> got) {
        if (got.isPresent()) {
            seen.ok.increment();
            STATS.inspectionsOk.increment();
        } else {
            seen.refused.increment();
            STATS.inspectionsRefused.increment();
        }
    }

    /** A paused call stack: well formed, ending in _start, and (if the stop is known) starting at it. */
    void checkFrames(Run r, List<Frame> frames, StopEvent stop) {
        failures.check(!frames.isEmpty(), () -> r + ": no frames while paused");
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            int index = i;
            failures.check(f.index() == index && f.caller() == (index > 0) && f.functionIndex() >= 0
                    && f.functionIndex() < functionCount && f.address() >= codeStart && f.address() < codeEnd
                    && f.locals() != null && f.operands() != null, () -> r + ": frame " + index + " is " + f);
        }
        Frame outer = frames.get(frames.size() - 1);
        failures.check(outer.functionIndex() == startFunction, () -> r + ": the outermost frame is " + outer);
        if (stop != null && stop.reason() != StopReason.EXITED) {
            Frame top = frames.get(0);
            failures.check(top.address() == stop.address() && top.functionIndex() == stop.functionIndex(),
                    () -> r + ": paused at " + stop + " but the innermost frame is " + top);
        }
    }

    /** For the thread that alone resumes: still paused at that very stop, frames start there. */
    void checkPausedAt(Run r, StopEvent stop) {
        if (!r.s.isPaused() || r.s.lastStop().orElse(null) != stop) {
            throw new AssertionError(r + ": no longer paused at " + stop + " (last stop " + r.s.lastStop() + ")");
        }
        checkFrames(r, r.s.frames(), stop);
    }

    long readCounter(Run r) {
        return ByteBuffer.wrap(r.s.readMemory(counterAddress, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    }

    // ---- sessions, outcomes ------------------------------------------------------------------------

    /** A fact.c run: its arguments, how it ends by itself (null: never), what it prints then. */
    record Program(String label, List<String> args, RunOutcome natural, String output) {
        static Program spin() {
            return SPIN;
        }

        static Program loop(int rounds) {
            return new Program("loop " + rounds, List.of("loop", Integer.toString(rounds)), new RunOutcome.Exited(0),
                    "loop total = " + LOOP_SQUARES * rounds);
        }

        static Program plain() {
            return new Program("(no args)", List.of(), new RunOutcome.Exited(5), "sum of squares = 55");
        }

        static Program trap() {
            return new Program("0", List.of("0"), new RunOutcome.Trapped("integer divide by zero"), "sum of squares = 90");
        }

        private static final Program SPIN = new Program("spin", List.of("spin"), null, null);
    }

    /** A launched session with its stop log and stdout. */
    static final class Run {
        final Session s;
        final Program program;
        final StopLog log;
        final ByteArrayOutputStream out;
        final boolean launchedPaused;
        /** Set once kill() has returned: from then on the program must never be paused again. */
        volatile boolean killReturned;

        Run(Session s, Program program, StopLog log, ByteArrayOutputStream out, boolean launchedPaused) {
            this.s = s;
            this.program = program;
            this.log = log;
            this.out = out;
            this.launchedPaused = launchedPaused;
        }

        @Override
        public String toString() {
            return "session " + s.id() + " (fact " + program.label() + (launchedPaused ? ", launched paused" : "") + ")";
        }
    }

    /** Every stop, in the order the program's thread reports them. */
    static final class StopLog implements Consumer<StopEvent> {
        private final List<StopEvent> events = new ArrayList<>();

        @Override
        public synchronized void accept(StopEvent e) {
            events.add(e);
            STATS.stop(e.reason());
        }

        synchronized long count(StopReason reason) {
            return events.stream().filter(e -> e.reason() == reason).count();
        }

        synchronized List<StopEvent> events() {
            return List.copyOf(events);
        }
    }

    Run launch(Program program, boolean paused) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WasiConfig config = WasiConfig.of(MODULE, program.args())
                .withStdio(new ByteArrayInputStream(new byte[0]), out, new ByteArrayOutputStream());
        StopLog log = new StopLog();
        Session s = Session.launch(bytes, MODULE, config, paused);
        s.addListener(log); // first: the API cannot attach it before the program's thread starts
        mine.add(s);
        ALL.add(s);
        STATS.sessions.increment();
        return new Run(s, program, log, out, paused);
    }

    StopEvent awaitStop(Run r, String after) throws InterruptedException {
        Optional<StopEvent> stop = r.s.awaitStop(WAIT);
        if (stop.isEmpty()) {
            throw new AssertionError(r + ": no stop within " + WAIT.toSeconds() + " s after " + after
                    + " (hung?); " + threadDump(r.s));
        }
        return stop.get();
    }

    /**
     * The end of a run, after kill() returned (killed) or after the last resume: EXITED within WAIT
     * (never a pause after kill), the thread ended, the outcome and the stop log agree, and the
     * finished session refuses control and inspection with "finished".
     */
    RunOutcome settle(Run r, boolean killed) throws InterruptedException {
        StopEvent end = awaitStop(r, killed ? "kill()" : "the last resume()");
        if (end.reason() != StopReason.EXITED) {
            throw new AssertionError(r + ": " + (killed ? "paused after kill() returned: " : "expected the end: ")
                    + end + "; " + threadDump(r.s));
        }
        if (!r.s.join(WAIT)) {
            throw new AssertionError(r + ": EXITED, but its thread did not end within " + WAIT.toSeconds() + " s; "
                    + threadDump(r.s));
        }
        RunOutcome outcome = r.s.outcome().orElse(null);
        if (outcome instanceof RunOutcome.Killed) {
            failures.check(killed, () -> r + ": killed, but nobody killed it");
            failures.check("killed".equals(end.message()) && end.exitCode() == null, () -> r + ": killed, but " + end);
            STATS.killedOutcomes.increment();
        } else {
            RunOutcome natural = r.program.natural();
            failures.check(outcome != null && outcome.equals(natural), () -> r + ": ended with " + outcome + ", "
                    + (natural == null ? "it never ends by itself" : "by itself it ends with " + natural) + "; " + end);
            if (outcome instanceof RunOutcome.Exited e) {
                failures.check(end.exitCode() != null && end.exitCode() == e.code() && end.message() == null,
                        () -> r + ": " + outcome + " reported as " + end);
            } else if (outcome instanceof RunOutcome.Trapped t) {
                failures.check(t.message().equals(end.message()), () -> r + ": " + outcome + " reported as " + end);
            }
            if (r.program.output() != null) {
                String out = r.out.toString();
                failures.check(out.contains(r.program.output()), () -> r + ": printed " + out.replace('\n', '|')
                        + ", expected " + r.program.output());
            }
            STATS.naturalEnds.increment();
        }
        List<StopEvent> events = r.log.events();
        long exits = r.log.count(StopReason.EXITED);
        // A program launched running may end before the listener is attached (then no EXITED is logged).
        failures.check(exits == 1 || (exits == 0 && !r.launchedPaused), () -> r + ": " + exits + " EXITED stops: "
                + events);
        if (exits == 0) {
            STATS.endedBeforeListener.increment();
            System.out.println("SessionStressTest: " + r + " ended (" + end + ") before its listener was attached");
        }
        if (exits == 1) {
            failures.check(events.get(events.size() - 1) == end, () -> r + ": EXITED is not the last stop: " + events);
        }
        // Finished: control and inspection are refused, kill and interrupt are no-ops.
        for (String what : List.of("resume()", "stepInstruction()", "stepOver()", "frames()", "globals()",
                "readMemory()")) {
            try {
                switch (what) {
                    case "resume()" -> r.s.resume();
                    case "stepInstruction()" -> r.s.stepInstruction();
                    case "stepOver()" -> r.s.stepOver();
                    case "frames()" -> r.s.frames();
                    case "globals()" -> r.s.globals();
                    default -> r.s.readMemory(counterAddress, 4);
                }
                failures.add(r + ": " + what + " after the end did not throw", null);
            } catch (IllegalStateException e) {
                failures.check(String.valueOf(e.getMessage()).contains("finished"), () -> r + ": " + what
                        + " after the end: " + e.getMessage());
            } catch (RuntimeException e) {
                failures.add(r + ": " + what + " after the end threw " + e, e);
            }
        }
        r.s.interrupt();
        r.s.kill();
        failures.check(r.s.isTerminated() && !r.s.isPaused() && r.s.lastStop().orElse(null) == end,
                () -> r + ": not cleanly terminated after " + end);
        return outcome;
    }

    // ---- racing calls ------------------------------------------------------------------------------

    interface Call<T> {
        T call() throws Exception;
    }

    /**
     * A call that needs a paused program, racing with others: it answers, or is refused with the
     * documented IllegalStateException (the program is running / has finished). Anything else is a
     * failure, and so is an answer to a call made after kill() returned (the program paused again).
     */
    <T> Optional<T> attempt(Run r, String what, Call<T> call) {
        boolean afterKill = r.killReturned;
        try {
            T value = call.call();
            if (value == null) {
                failures.add(r + ": " + what + " returned null", null);
            }
            if (afterKill) {
                failures.add(r + ": " + what + " succeeded after kill() returned: the kill was lost, the program had"
                        + " paused again (last stop now " + r.s.lastStop().orElse(null) + ")", null);
            }
            return Optional.ofNullable(value);
        } catch (IllegalStateException e) {
            String m = String.valueOf(e.getMessage());
            if (!m.contains("running") && !m.contains("finished")) {
                failures.add(r + ": " + what + " threw an undocumented IllegalStateException", e);
            }
            STATS.refused.increment();
            return Optional.empty();
        } catch (Throwable e) {
            failures.add(r + ": " + what + " threw " + e, e);
            return Optional.empty();
        }
    }

    boolean attempt(Run r, String what, Runnable call) {
        return attempt(r, what, () -> {
            call.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    /** Sometimes nothing, sometimes a yield or a busy spin, else a park of up to maxMicros: makes races, proves nothing. */
    static void pauseRandomly(Random rnd, long maxMicros) {
        switch (rnd.nextInt(4)) {
            case 0 -> {
            }
            case 1 -> Thread.yield();
            case 2 -> spinBriefly(rnd, 20);
            default -> LockSupport.parkNanos(1 + (long) (rnd.nextDouble() * maxMicros * 1000));
        }
    }

    static void spinBriefly(Random rnd, int maxMicros) {
        long until = System.nanoTime() + rnd.nextInt(maxMicros * 1000 + 1);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    // ---- threads ----------------------------------------------------------------------------------

    interface SlotBody {
        void run(int slot, Random rnd) throws Exception;
    }

    interface HelperBody {
        void run(AtomicBoolean stop) throws Exception;
    }

    /** Runs the slots on threads of their own (one session each at a time) and waits for all, bounded. */
    void inParallel(String name, int slots, SlotBody body) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            int slot = i;
            Random rnd = new Random(SEED * 1_000_003L + name.hashCode() * 31L + slot);
            threads.add(new Thread(() -> {
                try {
                    body.run(slot, rnd);
                } catch (Throwable e) {
                    failures.add(name + " slot " + slot + ": " + e.getMessage(), e);
                }
            }, "stress-" + name + "-" + slot));
        }
        long started = System.nanoTime();
        threads.forEach(Thread::start);
        long deadline = System.currentTimeMillis() + TEST_DEADLINE_MS;
        for (Thread t : threads) {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
        for (Thread t : threads) {
            if (t.isAlive()) {
                failures.add(t.getName() + " still running after " + TEST_DEADLINE_MS / 1000 + " s (hung): "
                        + stack(t), null);
            }
        }
        if (threads.stream().anyMatch(Thread::isAlive)) {
            mine.forEach(Session::kill); // release what can be released before failing
        }
        System.out.printf("SessionStressTest %s: %d slots, %.1f s, seed %d%n", name, slots,
                (System.nanoTime() - started) / 1e9, SEED);
        failures.throwIfAny(name);
    }

    /** Threads racing with a slot's controller on one session; stopped and joined (bounded) at its end. */
    final class Helpers {
        final Run r;
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();

        Helpers(Run r) {
            this.r = r;
        }

        void start(String role, HelperBody body) {
            Thread t = new Thread(() -> {
                try {
                    body.run(stop);
                } catch (Throwable e) {
                    failures.add(r + ": helper " + role + " failed: " + e, e);
                }
            }, "stress-" + role + "-" + r.s.id());
            threads.add(t);
            t.start();
        }

        void stopAndJoin() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(WAIT.toMillis());
                if (t.isAlive()) {
                    failures.add(r + ": helper " + t.getName() + " did not stop within " + WAIT.toSeconds() + " s (hung): "
                            + stack(t), null);
                }
            }
            threads.clear();
        }
    }

    static String threadDump(Session s) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("wasm-" + s.id() + "-")) {
                return "its thread " + t.getName() + " is " + t.getState() + " at " + stack(t);
            }
        }
        return "its thread is gone";
    }

    static String stack(Thread t) {
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0; i < Math.min(12, trace.length); i++) {
            sb.append("\n\tat ").append(trace[i]);
        }
        return sb.toString();
    }

    /** Failures from any thread; the test fails with all of them (the first with its stack). */
    static final class Failures {
        private final ConcurrentLinkedQueue<AssertionError> list = new ConcurrentLinkedQueue<>();

        void add(String message, Throwable cause) {
            AssertionError e = cause instanceof AssertionError a && cause.getMessage() != null
                    && message.endsWith(cause.getMessage()) ? a : new AssertionError(message, cause);
            list.add(e);
        }

        void check(boolean condition, java.util.function.Supplier<String> message) {
            if (!condition) {
                add(message.get(), null);
            }
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        void throwIfAny(String name) {
            if (list.isEmpty()) {
                return;
            }
            List<AssertionError> all = new ArrayList<>(list);
            StringBuilder sb = new StringBuilder(name + ": " + all.size() + " failure(s), seed " + SEED
                    + " (-Dwasmdbg.stress.seed=" + SEED + "):");
            for (int i = 0; i < Math.min(all.size(), 15); i++) {
                sb.append("\n  ").append(all.get(i).getMessage());
            }
            AssertionError e = new AssertionError(sb.toString(), all.get(0));
            all.stream().skip(1).limit(5).forEach(e::addSuppressed);
            throw e;
        }
    }

    /** Counts over the whole class, printed at the end. */
    static final class Stats {
        final LongAdder sessions = new LongAdder();
        final LongAdder rounds = new LongAdder();
        final LongAdder interrupts = new LongAdder();
        final LongAdder steps = new LongAdder();
        final LongAdder kills = new LongAdder();
        final LongAdder killedOutcomes = new LongAdder();
        final LongAdder naturalEnds = new LongAdder();
        final LongAdder breakpointsAdded = new LongAdder();
        final LongAdder breakpointsRemoved = new LongAdder();
        final LongAdder inspectionsOk = new LongAdder();
        final LongAdder inspectionsRefused = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder endedBeforeListener = new LongAdder();
        final Map<StopReason, LongAdder> stops = new EnumMap<>(StopReason.class);
        final Map<KillMoment, LongAdder> moments = new EnumMap<>(KillMoment.class);

        Stats() {
            for (StopReason r : StopReason.values()) {
                stops.put(r, new LongAdder());
            }
            for (KillMoment m : KillMoment.values()) {
                moments.put(m, new LongAdder());
            }
        }

        void stop(StopReason reason) {
            stops.get(reason).increment();
        }

        void killMoment(KillMoment m) {
            moments.get(m).increment();
        }

        String summary() {
            Map<String, Long> byReason = new TreeMap<>();
            stops.forEach((k, v) -> byReason.put(k.name(), v.sum()));
            Map<String, Long> byMoment = new TreeMap<>();
            moments.forEach((k, v) -> byMoment.put(k.name(), v.sum()));
            return "sessions " + sessions.sum() + ", controller rounds " + rounds.sum() + ", stops " + byReason
                    + ", interrupt() calls " + interrupts.sum() + ", steps " + steps.sum() + ", kills " + kills.sum()
                    + " " + byMoment + ", ended killed " + killedOutcomes.sum() + " / by themselves "
                    + naturalEnds.sum() + ", breakpoints added " + breakpointsAdded.sum() + " / removed "
                    + breakpointsRemoved.sum() + ", inspections answered " + inspectionsOk.sum() + " / refused "
                    + inspectionsRefused.sum() + ", control calls refused (IllegalStateException) " + refused.sum()
                    + ", programs that ended before their listener was attached " + endedBeforeListener.sum();
        }
    }
}
