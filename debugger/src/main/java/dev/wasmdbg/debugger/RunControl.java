package dev.wasmdbg.debugger;

import com.dylibso.chicory.runtime.Instance;
import dev.wasmdbg.symbols.LineSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The state machine of a session's runs: RUNNING, PAUSED, TERMINATED; resume, steps, interrupt,
 * kill; the stop each run reports. A restart begins a new {@link Run}: the old one is told only to
 * end, and nothing it does afterwards is reported. Stops are handed to the listener with no lock
 * held, on the program's thread.
 */
final class RunControl {
    private static final long WASM_THREAD_STACK = 64L << 20;

    enum State { RUNNING, PAUSED, TERMINATED }

    /** Thrown on the program's thread to end it when killed or superseded; not a trap. */
    static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Killed() {
            super("killed", null, false, false);
        }
    }

    private final Object lock = new Object();
    private final ModuleImage module;
    private final BreakpointTable breakpoints;
    private final Consumer<StopEvent> listener;
    private final long[] allOnes;

    // guarded by lock: the current run and its state
    private Run run;
    private int generations;
    private State state = State.RUNNING;
    private StepPlan plan = StepPlan.CONTINUE;
    private boolean attention;
    private boolean pauseRequested;
    private boolean entryPending;
    private boolean killRequested;
    private StopEvent lastStop;
    private RunOutcome outcome;

    RunControl(ModuleImage module, BreakpointTable breakpoints, Consumer<StopEvent> listener) {
        this.module = module;
        this.breakpoints = breakpoints;
        this.listener = listener;
        this.allOnes = new long[(module.bytes().length >>> 6) + 1];
        Arrays.fill(allOnes, -1L);
    }

    /** One run of the program: its engine, its thread, the probe its engine calls. */
    final class Run implements Probe {
        private final int generation;
        private final Engine engine;
        private final boolean attached;
        private volatile long[] bits;
        private Thread thread; // guarded by lock

        private Run(int generation, boolean attached) {
            this.generation = generation;
            this.engine = new InterpreterEngine(module);
            this.attached = attached;
            this.bits = allOnes;
        }

        @Override
        public long[] interest() {
            return bits;
        }

        @Override
        public void reached(int address) {
            onInstruction(this, address);
        }

        @Override
        public void trapped(RuntimeException trap) {
            onTrap(this, trap);
        }

        @Override
        public void calling(Thread t) {
            if (attached) {
                synchronized (lock) {
                    thread = t;
                }
            }
        }

        Instance.Builder install(Instance.Builder builder) {
            return engine.install(builder, this);
        }

        @Override
        public String toString() {
            return "run " + generation;
        }
    }

    /** The run of an embedder's instance: it runs on the embedder's threads, never restarted by us. */
    Run attach() {
        return begin(false, true);
    }

    /** Starts a new run on a thread of its own, ending the current one if any. */
    void launch(Host.Factory hosts, boolean paused, String threadName) {
        Run fresh = begin(paused, false);
        Thread t = new Thread(null, () -> program(fresh, hosts), threadName, WASM_THREAD_STACK);
        t.setDaemon(true);
        synchronized (lock) {
            fresh.thread = t;
        }
        t.start();
    }

    private Run begin(boolean paused, boolean attached) {
        Thread old = null;
        Run fresh;
        synchronized (lock) {
            if (run != null) {
                run.bits = allOnes; // its next instruction ends it
                old = run.thread;
            }
            fresh = new Run(++generations, attached);
            run = fresh;
            state = State.RUNNING;
            plan = StepPlan.CONTINUE;
            pauseRequested = paused;
            entryPending = paused;
            killRequested = false;
            lastStop = null;
            outcome = null;
            updateAttention();
            lock.notifyAll(); // an old run paused in pause() wakes and ends
        }
        if (old != null && old != Thread.currentThread()) {
            old.interrupt(); // ends a host call that blocks
        }
        return fresh;
    }

    private void program(Run me, Host.Factory hosts) {
        RunOutcome result;
        try (Host host = hosts.create()) {
            Instance instance = me.install(Instance.builder(module.chicory())
                    .withImportValues(host.imports())
                    .withStart(false))
                    .build();
            try {
                result = host.run(instance);
            } catch (RuntimeException e) {
                result = Outcomes.of(e);
            }
        } catch (RuntimeException e) {
            result = e instanceof Killed ? new RunOutcome.Killed()
                    : new RunOutcome.Trapped("cannot instantiate: " + e.getMessage());
        }
        finish(me, result);
    }

    /** An attached run's embedder says its call ended. */
    void finish(RunOutcome result) {
        Run me;
        synchronized (lock) {
            me = run;
        }
        finish(me, result);
    }

    private void finish(Run me, RunOutcome result) {
        StopEvent event;
        synchronized (lock) {
            if (me != run) {
                return; // superseded by a restart: nobody waits for its end
            }
            outcome = result;
            state = State.TERMINATED;
            event = new StopEvent.Exited(result);
            lastStop = event;
            lock.notifyAll();
        }
        fire(event);
    }

    // ---- state -------------------------------------------------------------------------------

    boolean isPaused() {
        synchronized (lock) {
            return state == State.PAUSED;
        }
    }

    boolean isTerminated() {
        synchronized (lock) {
            return state == State.TERMINATED;
        }
    }

    Optional<StopEvent> lastStop() {
        synchronized (lock) {
            return Optional.ofNullable(lastStop);
        }
    }

    Optional<RunOutcome> outcome() {
        synchronized (lock) {
            return Optional.ofNullable(outcome);
        }
    }

    Optional<StopEvent> awaitStop(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (state == State.RUNNING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return Optional.ofNullable(lastStop);
        }
    }

    boolean join(Duration timeout) throws InterruptedException {
        Thread t;
        synchronized (lock) {
            t = run == null ? null : run.thread;
        }
        if (t == null) {
            return true;
        }
        t.join(Math.max(1, timeout.toMillis()));
        return !t.isAlive();
    }

    /** Runs {@code what} on the paused program's engine, holding the lock so it stays paused. */
    <T> T whilePaused(Function<Engine, T> what) {
        synchronized (lock) {
            requirePaused();
            return what.apply(run.engine);
        }
    }

    private void requirePaused() {
        if (state != State.PAUSED) {
            throw new IllegalStateException(state == State.TERMINATED ? "the program has finished"
                    : "the program is running: interrupt it first");
        }
    }

    // ---- commands ----------------------------------------------------------------------------

    void resume() {
        command(() -> StepPlan.CONTINUE);
    }

    void stepInstruction() {
        command(StepPlan.Instruction::new);
    }

    void stepInto() {
        command(() -> module.lines().isPresent()
                ? new StepPlan.LineInto(run.engine.depth(), here()) : new StepPlan.Instruction());
    }

    void stepOver() {
        command(() -> module.lines().isPresent()
                ? new StepPlan.LineOver(run.engine.depth(), here()) : new StepPlan.Instruction());
    }

    void stepOut() {
        command(() -> new StepPlan.LineOut(run.engine.depth()));
    }

    private LineSource.Position here() {
        return module.lines().flatMap(l -> l.at(run.engine.currentInstruction() - module.codeStart())).orElse(null);
    }

    private void command(Supplier<StepPlan> next) {
        synchronized (lock) {
            requirePaused();
            plan = next.get();
            // A request to pause that came while the program ran, and that another stop overtook
            // (a trap, a race with a breakpoint), must not stop this new run of commands at once.
            pauseRequested = false;
            entryPending = false;
            state = State.RUNNING;
            updateAttention();
            lock.notifyAll();
        }
    }

    void interrupt() {
        synchronized (lock) {
            if (state == State.RUNNING) {
                pauseRequested = true;
                attend();
            }
        }
    }

    void kill() {
        Thread t;
        synchronized (lock) {
            if (state == State.TERMINATED || run == null) {
                return;
            }
            killRequested = true;
            attend();
            if (state == State.PAUSED) {
                state = State.RUNNING;
                lock.notifyAll();
            }
            t = run.thread;
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt(); // wakes it if a host call is blocking
        }
    }

    /** The breakpoint table changed: the hook follows when it is not already looking at every instruction. */
    void breakpointsChanged() {
        synchronized (lock) {
            updateAttention();
        }
    }

    private void updateAttention() {
        attention = pauseRequested || killRequested || !(plan instanceof StepPlan.Continue);
        run.bits = attention ? allOnes : breakpoints.bits();
    }

    private void attend() {
        attention = true;
        run.bits = allOnes;
    }

    // ---- the program's thread ------------------------------------------------------------------

    private void onInstruction(Run me, int address) {
        StopEvent stop = null;
        synchronized (lock) {
            if (me != run || killRequested) {
                throw new Killed();
            }
            CodeLocation at = null;
            if (pauseRequested) {
                pauseRequested = false;
                at = module.location(address);
                stop = entryPending ? new StopEvent.Entry(at) : new StopEvent.Interrupted(at);
                entryPending = false;
            } else if (!(plan instanceof StepPlan.Continue) && stepDone(me, address)) {
                at = module.location(address);
                stop = new StopEvent.StepDone(at);
            }
            Breakpoint hit = breakpoints.hit(address);
            if (hit != null) {
                stop = new StopEvent.BreakpointHit(at != null ? at : module.location(address), hit);
            }
            if (stop == null) {
                return;
            }
            plan = StepPlan.CONTINUE;
            updateAttention();
            enterPause(stop);
        }
        pause(me, stop);
    }

    private boolean stepDone(Run me, int address) {
        if (plan instanceof StepPlan.Instruction) {
            return true;
        }
        int depth = me.engine.depth();
        int from;
        LineSource.Position start;
        boolean over = false;
        if (plan instanceof StepPlan.LineOut out) {
            return depth < out.depth(); // returned past the starting frame: stop in the caller
        } else if (plan instanceof StepPlan.LineOver o) {
            from = o.depth();
            start = o.from();
            over = true;
        } else {
            StepPlan.LineInto i = (StepPlan.LineInto) plan;
            from = i.depth();
            start = i.from();
        }
        if (depth < from) {
            return true;
        }
        if (over && depth > from) {
            return false;
        }
        LineSource lines = module.lines().orElse(null);
        if (lines == null) {
            return true; // no lines (cannot happen: such steps are instruction steps)
        }
        LineSource.Position here = lines.rowStart(address - module.codeStart()).orElse(null);
        if (here == null || here.line() == 0) {
            return false;
        }
        if (depth > from && !lines.pastPrologue(address - module.codeStart())) {
            return false; // stepped into a call: stop where its body starts, past the prologue
        }
        return depth != from || !here.sameLine(start);
    }

    private void onTrap(Run me, RuntimeException e) {
        StopEvent stop;
        synchronized (lock) {
            if (me != run || killRequested || e instanceof Killed) {
                return;
            }
            long address = me.engine.currentInstruction();
            stop = new StopEvent.Trapped(module.location(address), TrapKind.of(e), e.getMessage());
            plan = StepPlan.CONTINUE;
            updateAttention();
            enterPause(stop);
        }
        pause(me, stop);
    }

    /**
     * Becomes PAUSED at this stop. Called holding the lock, in the critical section that chose the
     * stop: a kill() or interrupt() between choosing and pausing would be lost (the thread would
     * pause after kill() returned) or would outlive this stop (a second, unasked-for stop).
     */
    private void enterPause(StopEvent stop) {
        state = State.PAUSED;
        lastStop = stop;
        lock.notifyAll();
    }

    /** Reports the stop entered by enterPause and waits until resumed, killed or superseded. */
    private void pause(Run me, StopEvent stop) {
        synchronized (lock) {
            if (me != run) {
                throw new Killed(); // restarted since it chose to stop: the stop is not news
            }
        }
        fire(stop);
        synchronized (lock) {
            while (state == State.PAUSED && me == run) {
                try {
                    lock.wait();
                } catch (InterruptedException ie) {
                    // interrupted while paused: only a kill or a restart ends a pause
                }
            }
            if (killRequested || me != run) {
                throw new Killed();
            }
        }
    }

    private void fire(StopEvent stop) {
        try {
            listener.accept(stop);
        } catch (RuntimeException ex) {
            // a listener's failure must not take the program down
        }
    }
}
