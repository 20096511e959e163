package dev.wasmdbg.debugger;

import com.dylibso.chicory.runtime.Instance;
import dev.wasmdbg.dwarf.ExpressionContext;
import dev.wasmdbg.symbols.Symbolizer;
import dev.wasmdbg.wasm.WasmFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One program under the debugger: its module, its breakpoints, its listeners and its runs. The
 * program runs on its own thread (launch) or on the embedder's (attach); it stops at breakpoints,
 * after steps, on request and on traps (before unwinding), and while stopped its frames, locals,
 * operands, globals and memory can be read and written from any thread. Control calls return at
 * once; {@link #awaitStop} waits for the stop. A restart is a new run of the same session: its
 * id, module ids, breakpoints and listeners stay.
 */
public final class Session implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger(1);
    /** The module id of a session's (today: only) module, as LLDB is told it. */
    public static final int MAIN_MODULE = 1;

    private final int id = IDS.getAndIncrement();
    private final ModuleImage module;
    private final BreakpointTable breakpoints;
    private final List<Consumer<StopEvent>> listeners = new CopyOnWriteArrayList<>();
    private final RunControl control;
    private final Inspection inspection;
    private final Host.Factory hosts; // null when attached: the embedder runs it
    private final RunControl.Run attachedRun;

    private Session(byte[] bytes, String name, Path location, Host.Factory hosts) {
        this.module = new ModuleImage(MAIN_MODULE, bytes, name, location);
        this.breakpoints = new BreakpointTable(bytes.length);
        this.control = new RunControl(module, breakpoints, this::fire);
        this.inspection = new Inspection(control);
        this.hosts = hosts;
        this.attachedRun = hosts == null ? control.attach() : null;
    }

    /**
     * Starts a WASI command module on a thread of its own: stopped before its first instruction
     * when {@code paused}, else running.
     */
    public static Session launch(Path module, WasiConfig config, boolean paused) throws IOException {
        return launch(Files.readAllBytes(module), module.getFileName().toString(), module,
                WasiHost.factory(config), paused);
    }

    /** As launch(Path...), from bytes; companion files (split DWARF, source map) are looked for under {@code name}. */
    public static Session launch(byte[] module, String name, WasiConfig config, boolean paused) {
        return launch(module, name, null, WasiHost.factory(config), paused);
    }

    /**
     * Starts a module against the host the factory makes (a fresh host for every run);
     * {@code location} (may be null) is where its companion files are looked for.
     */
    public static Session launch(byte[] module, String name, Path location, Host.Factory host, boolean paused) {
        Session s = new Session(module, name, location, host);
        s.control.launch(host, paused, s.threadName());
        return s;
    }

    /**
     * For embedders that build their own Chicory instance (their own host functions): install the
     * session's hooks into the builder, build, and call into the instance on any thread; that thread
     * stops where the session says. {@code module} is the .wasm the instance is built from.
     */
    public static Session attach(byte[] module, String name) {
        return new Session(module, name, null, null);
    }

    /** Adds the engine and its per-instruction hook to an instance builder (attach). */
    public Instance.Builder install(Instance.Builder builder) {
        if (attachedRun == null) {
            throw new IllegalStateException("a launched session runs its own instance");
        }
        return attachedRun.install(builder);
    }

    private String threadName() {
        return "wasm-" + id + "-" + module.name();
    }

    public int id() {
        return id;
    }

    public String name() {
        return module.name();
    }

    /** The .wasm bytes (not copied). */
    public byte[] moduleBytes() {
        return module.bytes();
    }

    public WasmFile moduleFile() {
        return module.file();
    }

    public Optional<Symbolizer> symbolizer() {
        return module.symbolizer();
    }

    public void addListener(Consumer<StopEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<StopEvent> listener) {
        listeners.remove(listener);
    }

    private void fire(StopEvent stop) {
        for (Consumer<StopEvent> l : listeners) {
            try {
                l.accept(stop);
            } catch (RuntimeException ex) {
                // a listener's failure must not take the program down
            }
        }
    }

    // ---- run control ---------------------------------------------------------------------------

    public boolean isPaused() {
        return control.isPaused();
    }

    public boolean isTerminated() {
        return control.isTerminated();
    }

    public Optional<StopEvent> lastStop() {
        return control.lastStop();
    }

    /** How the program ended, once it has. */
    public Optional<RunOutcome> outcome() {
        return control.outcome();
    }

    /** Waits until the program is stopped or finished and returns that stop; empty on timeout. */
    public Optional<StopEvent> awaitStop(Duration timeout) throws InterruptedException {
        return control.awaitStop(timeout);
    }

    public void resume() {
        control.resume();
    }

    /** Runs exactly one instruction (into calls). */
    public void stepInstruction() {
        control.stepInstruction();
    }

    /** Runs to the next source line, into calls. Needs line information; without it, one instruction. */
    public void stepInto() {
        control.stepInto();
    }

    /** Runs to the next source line in this function or its callers, over calls. */
    public void stepOver() {
        control.stepOver();
    }

    /** Runs until the current function returns to its caller. */
    public void stepOut() {
        control.stepOut();
    }

    /** Asks a running program to stop as soon as it executes an instruction. */
    public void interrupt() {
        control.interrupt();
    }

    /** Ends the program (paused or running); it reports EXITED with the outcome Killed. */
    public void kill() {
        control.kill();
    }

    /**
     * Runs the program again from the beginning, in this session (launched sessions only): the
     * current run is ended without a report, and the new one starts paused at its first
     * instruction when {@code paused}. Returns at once; breakpoints and listeners stay.
     */
    public Session restart(boolean paused) {
        if (hosts == null) {
            throw new IllegalStateException("an attached session is run by its embedder; it cannot restart");
        }
        control.launch(hosts, paused, threadName());
        return this;
    }

    /** Waits for the current run's thread to end (launched sessions). */
    public boolean join(Duration timeout) throws InterruptedException {
        return control.join(timeout);
    }

    /** Called by an embedder's thread when its call into an attached instance ended (optional). */
    public void finish(RunOutcome result) {
        control.finish(result);
    }

    @Override
    public void close() {
        kill();
    }

    // ---- breakpoints ---------------------------------------------------------------------------

    /**
     * Sets a breakpoint on a file offset; an offset that is not an instruction moves to the next
     * instruction of the same function. Throws IllegalArgumentException outside any function.
     */
    public Breakpoint addBreakpoint(long fileOffset, HitCondition condition) {
        return addBreakpoint(fileOffset, condition, "");
    }

    /** As addBreakpoint, owned by {@code owner} (a client), who can remove all of its own at once. */
    public Breakpoint addBreakpoint(long fileOffset, HitCondition condition, String owner) {
        Breakpoint b = breakpoints.add(fileOffset, module.instructionAtOrAfter(fileOffset), condition, owner);
        control.breakpointsChanged();
        return b;
    }

    public boolean removeBreakpoint(int id) {
        boolean removed = breakpoints.remove(id);
        control.breakpointsChanged();
        return removed;
    }

    /** Removes {@code owner}'s breakpoints asked for at this address (as it asked, before placing). */
    public int removeBreakpointsRequestedAt(String owner, long requestedAddress) {
        int n = breakpoints.removeIf(b -> b.owner().equals(owner) && b.requestedAddress() == requestedAddress);
        control.breakpointsChanged();
        return n;
    }

    /** Removes every breakpoint of {@code owner}. */
    public int removeBreakpointsOf(String owner) {
        int n = breakpoints.removeIf(b -> b.owner().equals(owner));
        control.breakpointsChanged();
        return n;
    }

    public List<Breakpoint> breakpoints() {
        return breakpoints.list();
    }

    // ---- inspection (paused) -------------------------------------------------------------------

    /** The call stack, innermost first. */
    public List<Frame> frames() {
        return inspection.frames();
    }

    /**
     * Where each frame is, innermost first: the instruction executing, then the callers' return
     * addresses (file offsets); as {@link #frames()} gives them, without reading locals and operands.
     */
    public List<Long> frameAddresses() {
        return inspection.addresses();
    }

    /** Local {@code index} of frame {@code frame} (0 innermost); IllegalArgumentException if there is none. */
    public LocalValue local(int frame, int index) {
        return inspection.local(frame, index);
    }

    /** Operand {@code index} (from the bottom) of frame {@code frame}'s operand stack. */
    public long operand(int frame, int index) {
        return inspection.operand(frame, index);
    }

    /** What DWARF expressions of frame {@code frameIndex} read. Valid while the program stays paused. */
    public ExpressionContext context(int frameIndex) {
        return inspection.context(frameIndex);
    }

    /** Sets local {@code index} of frame {@code frameIndex} (0 = innermost). */
    public void setLocal(int frameIndex, int index, long low, long high) {
        inspection.setLocal(frameIndex, index, low, high);
    }

    /** Every global of the instance (imported ones included). */
    public List<LocalValue> globals() {
        return inspection.globals();
    }

    public void setGlobal(int index, long low, long high) {
        inspection.setGlobal(index, low, high);
    }

    /** Linear memory size in bytes (0 without a memory). */
    public long memorySize() {
        return inspection.memorySize();
    }

    /** Reads linear memory; a range outside it is an IllegalArgumentException, not a crash. */
    public byte[] readMemory(long address, int length) {
        return inspection.readMemory(address, length);
    }

    public void writeMemory(long address, byte[] data) {
        inspection.writeMemory(address, data);
    }

    @Override
    public String toString() {
        return "session " + id + " (" + module.name() + ")";
    }
}
