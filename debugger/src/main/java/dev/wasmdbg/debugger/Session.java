package dev.wasmdbg.debugger;

import com.dylibso.chicory.runtime.ChicoryFrames;
import com.dylibso.chicory.runtime.ExecutionCompletedException;
import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmdbg.symbols.Symbolizer;
import dev.wasmdbg.wasm.WasmFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One wasm instance under the debugger. The program runs on its own thread (launch) or on the
 * embedder's (attach); it stops at breakpoints, after steps, on request and on traps (before
 * unwinding), and while stopped its frames, locals, operands, globals and memory can be read and
 * written from any thread. Control calls return at once; {@link #awaitStop} waits for the stop.
 */
public final class Session implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger(1);
    private static final long WASM_THREAD_STACK = 64L << 20;

    private enum State { RUNNING, PAUSED, TERMINATED }

    private enum Mode { CONTINUE, INSTRUCTION, LINE_INTO, LINE_OVER, LINE_OUT }

    /** Thrown on the program's thread to end it when killed; not a trap. */
    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Killed() {
            super("killed", null, false, false);
        }
    }

    private final int id = IDS.getAndIncrement();
    private final byte[] bytes;
    private final String name;
    private final WasmModule module;
    private final WasmFile file;
    private final Symbolizer symbolizer;
    private final Lines lines;
    private final WasiConfig config;
    private final Path location;
    private final Object lock = new Object();
    private final List<Consumer<StopEvent>> listeners = new CopyOnWriteArrayList<>();
    private final TreeMap<Integer, Breakpoint> breakpoints = new TreeMap<>();
    private final int codeStart;

    // The hook reads one volatile field per instruction: the breakpoint bitmap, or, while the
    // program needs attention (pause, kill, stepping), a bitmap of all ones.
    private volatile long[] hookBits = new long[0];
    private long[] breakpointBits = new long[0]; // guarded by lock
    private final long[] allOnes;
    private boolean attention; // guarded by lock

    private State state = State.RUNNING;
    private Mode mode = Mode.CONTINUE;
    private boolean pauseRequested;
    private boolean entryPending;
    private boolean killRequested;
    private int stepDepth;
    private Lines.Position stepFrom;
    private StopEvent lastStop;
    private long stops;
    private RunOutcome outcome;
    private DebugMachine machine;
    private Thread thread;
    private int nextBreakpointId = 1;

    private Session(byte[] bytes, String name, Path location, WasiConfig config) {
        this.bytes = bytes;
        this.name = name;
        this.config = config;
        this.location = location;
        this.module = Parser.parse(bytes);
        this.file = WasmFile.of(bytes);
        this.codeStart = file.codePayloadOffset().orElse(0);
        this.allOnes = new long[(bytes.length >>> 6) + 1];
        java.util.Arrays.fill(allOnes, -1L);
        this.breakpointBits = new long[allOnes.length];
        this.hookBits = breakpointBits;
        Symbolizer s;
        try {
            s = Symbolizer.open(bytes, location == null ? Path.of(name) : location);
        } catch (RuntimeException e) {
            s = null; // broken debug information: still debuggable at the instruction level
        }
        this.symbolizer = s;
        this.lines = new Lines(s, codeStart);
    }

    /**
     * Starts a WASI command module on a thread of its own: stopped before its first instruction
     * when {@code paused}, else running.
     */
    public static Session launch(Path module, WasiConfig config, boolean paused) throws IOException {
        Session s = new Session(Files.readAllBytes(module), module.getFileName().toString(), module, config);
        s.start(paused);
        return s;
    }

    /** As launch(Path...), from bytes; companion files (split DWARF, source map) are looked for under {@code name}. */
    public static Session launch(byte[] module, String name, WasiConfig config, boolean paused) {
        Session s = new Session(module, name, null, config);
        s.start(paused);
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

    /** Adds the machine and the per-instruction listener to an instance builder (attach). */
    public Instance.Builder install(Instance.Builder builder) {
        return builder.withMachineFactory(this::newMachine).withUnsafeExecutionListener(new Hook(this));
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The .wasm bytes (not copied). */
    public byte[] moduleBytes() {
        return bytes;
    }

    public WasmFile moduleFile() {
        return file;
    }

    public Optional<Symbolizer> symbolizer() {
        return Optional.ofNullable(symbolizer);
    }

    public void addListener(Consumer<StopEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<StopEvent> listener) {
        listeners.remove(listener);
    }

    public boolean isPaused() {
        synchronized (lock) {
            return state == State.PAUSED;
        }
    }

    public boolean isTerminated() {
        synchronized (lock) {
            return state == State.TERMINATED;
        }
    }

    /** The last stop, if any. */
    public Optional<StopEvent> lastStop() {
        synchronized (lock) {
            return Optional.ofNullable(lastStop);
        }
    }

    /** How the program ended, once it has. */
    public Optional<RunOutcome> outcome() {
        synchronized (lock) {
            return Optional.ofNullable(outcome);
        }
    }

    /** Waits until the program is stopped or finished and returns that stop; empty on timeout. */
    public Optional<StopEvent> awaitStop(Duration timeout) throws InterruptedException {
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

    // ---- control -------------------------------------------------------------------------------

    public void resume() {
        command(Mode.CONTINUE);
    }

    /** Runs exactly one instruction (into calls). */
    public void stepInstruction() {
        command(Mode.INSTRUCTION);
    }

    /** Runs to the next source line, into calls. Needs DWARF; without it, one instruction. */
    public void stepInto() {
        command(lines.available() ? Mode.LINE_INTO : Mode.INSTRUCTION);
    }

    /** Runs to the next source line in this function or its callers, over calls. */
    public void stepOver() {
        command(lines.available() ? Mode.LINE_OVER : Mode.INSTRUCTION);
    }

    /** Runs until the current function returns to its caller. */
    public void stepOut() {
        command(Mode.LINE_OUT);
    }

    /** Asks a running program to stop as soon as it executes an instruction. */
    public void interrupt() {
        synchronized (lock) {
            if (state == State.RUNNING) {
                pauseRequested = true;
                attention();
            }
        }
    }

    /** Ends the program (paused or running); it reports EXITED with the message "killed". */
    public void kill() {
        Thread t;
        synchronized (lock) {
            if (state == State.TERMINATED) {
                return;
            }
            killRequested = true;
            attention();
            if (state == State.PAUSED) {
                state = State.RUNNING;
                lock.notifyAll();
            }
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt(); // wakes it if a host call is blocking
        }
    }

    /** Kills this run and starts the same module from the beginning (launched sessions only). */
    public Session restart(boolean paused) throws InterruptedException {
        if (config == null) {
            throw new IllegalStateException("an attached session is run by its embedder; it cannot restart");
        }
        kill();
        join(Duration.ofSeconds(30));
        Session fresh = new Session(bytes, name, location, config);
        fresh.start(paused);
        synchronized (lock) {
            for (Breakpoint b : breakpoints.values()) {
                fresh.addBreakpoint(b.requestedAddress(), b.condition());
            }
        }
        listeners.forEach(fresh::addListener);
        return fresh;
    }

    /** Waits for the program's thread to end (launched sessions). */
    public boolean join(Duration timeout) throws InterruptedException {
        Thread t;
        synchronized (lock) {
            t = thread;
        }
        if (t == null) {
            return true;
        }
        t.join(Math.max(1, timeout.toMillis()));
        return !t.isAlive();
    }

    @Override
    public void close() {
        kill();
    }

    private void command(Mode next) {
        synchronized (lock) {
            requirePaused();
            mode = next;
            if (next != Mode.CONTINUE && next != Mode.INSTRUCTION) {
                stepDepth = machine.depth();
                stepFrom = lines.at(currentAddress() - codeStart);
            }
            state = State.RUNNING;
            updateAttention();
            lock.notifyAll();
        }
    }

    private void updateAttention() {
        attention = pauseRequested || killRequested || mode != Mode.CONTINUE;
        hookBits = attention ? allOnes : breakpointBits;
    }

    private void attention() {
        attention = true;
        hookBits = allOnes;
    }

    // ---- breakpoints ---------------------------------------------------------------------------

    /**
     * Sets a breakpoint on a file offset; an offset that is not an instruction moves to the next
     * instruction of the same function. Throws IllegalArgumentException outside any function.
     */
    public Breakpoint addBreakpoint(long fileOffset, HitCondition condition) {
        long address = instructionAtOrAfter(fileOffset);
        synchronized (lock) {
            Breakpoint b = new Breakpoint(nextBreakpointId++, fileOffset, address, condition, 0);
            breakpoints.put(b.id(), b);
            rebuildBits();
            return b;
        }
    }

    public boolean removeBreakpoint(int id) {
        synchronized (lock) {
            boolean removed = breakpoints.remove(id) != null;
            rebuildBits();
            return removed;
        }
    }

    /** Removes every breakpoint placed on this instruction address. */
    public int removeBreakpointsAt(long address) {
        synchronized (lock) {
            int before = breakpoints.size();
            breakpoints.values().removeIf(b -> b.address() == address);
            rebuildBits();
            return before - breakpoints.size();
        }
    }

    public List<Breakpoint> breakpoints() {
        synchronized (lock) {
            return List.copyOf(breakpoints.values());
        }
    }

    private void rebuildBits() {
        long[] bits = new long[(bytes.length >>> 6) + 1];
        for (Breakpoint b : breakpoints.values()) {
            bits[(int) (b.address() >>> 6)] |= 1L << b.address();
        }
        breakpointBits = bits;
        hookBits = attention ? allOnes : bits;
    }

    private long instructionAtOrAfter(long fileOffset) {
        WasmFile.FunctionBody body = file.functionAt(fileOffset).orElseThrow(() -> new IllegalArgumentException(
                "0x" + Long.toHexString(fileOffset) + " is not inside a function body"));
        FunctionBody code = module.codeSection().getFunctionBody(body.definedIndex());
        for (var instruction : code.instructions()) {
            if (instruction.address() >= fileOffset) {
                return instruction.address();
            }
        }
        throw new IllegalArgumentException("0x" + Long.toHexString(fileOffset) + " is past the last instruction of "
                + "function " + (file.importedFunctionCount() + body.definedIndex()));
    }

    // ---- the program's thread -----------------------------------------------------------------

    private void start(boolean paused) {
        synchronized (lock) {
            pauseRequested = paused;
            entryPending = paused;
            updateAttention();
        }
        Thread t = new Thread(null, this::runProgram, "wasm-" + id + "-" + name, WASM_THREAD_STACK);
        t.setDaemon(true);
        synchronized (lock) {
            thread = t;
        }
        t.start();
    }

    private void runProgram() {
        RunOutcome result;
        try (var wasi = WasiPreview1.builder().withOptions(WasiRunner.options(config)).build()) {
            Instance instance = install(Instance.builder(module)
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                    .withStart(false))
                    .build();
            try {
                instance.export(Instance.START_FUNCTION_NAME).apply();
                result = new RunOutcome.Exited(0);
            } catch (ExecutionCompletedException e) {
                result = new RunOutcome.Exited(0);
            } catch (WasiExitException e) {
                result = new RunOutcome.Exited(e.exitCode());
            } catch (Killed | com.dylibso.chicory.runtime.ChicoryInterruptedException e) {
                result = new RunOutcome.Killed();
            } catch (ChicoryException e) {
                result = new RunOutcome.Trapped(e.getMessage());
            } catch (RuntimeException e) {
                result = new RunOutcome.Trapped(TrapKind.HOST.description() + ": " + e);
            }
        } catch (RuntimeException e) {
            result = new RunOutcome.Trapped("cannot instantiate: " + e.getMessage());
        } finally {
            try {
                config.stdout().flush();
                config.stderr().flush();
            } catch (IOException ignored) {
                // the streams are the caller's
            }
        }
        finish(result);
    }

    /** Called by an embedder's thread when its call into an attached instance ended (optional). */
    public void finish(RunOutcome result) {
        StopEvent event;
        synchronized (lock) {
            outcome = result;
            state = State.TERMINATED;
            Integer code = result instanceof RunOutcome.Exited e ? e.code() : null;
            String message = result instanceof RunOutcome.Trapped t ? t.message()
                    : result instanceof RunOutcome.Killed ? "killed" : null;
            event = new StopEvent(StopReason.EXITED, -1, -1, null, message, -1, code);
            lastStop = event;
            stops++;
            lock.notifyAll();
        }
        fire(event);
    }

    private DebugMachine newMachine(Instance instance) {
        DebugMachine m = new DebugMachine(instance, this);
        synchronized (lock) {
            machine = m;
        }
        return m;
    }

    /** An attached instance's outermost call runs on {@code t} (null once it returned): kill() interrupts it. */
    void calling(Thread t) {
        if (config == null) {
            synchronized (lock) {
                thread = t;
            }
        }
    }

    /** The per-instruction hook: a bitmap test and a flag, then the slow path. */
    private static final class Hook implements ExecutionListener {
        private final Session session;

        Hook(Session session) {
            this.session = session;
        }

        @Override
        public void onExecution(Instruction instruction, MStack stack) {
            int address = instruction.address();
            long[] bits = session.hookBits;
            int word = address >>> 6;
            if (word < bits.length && (bits[word] & (1L << address)) != 0) {
                session.onInstruction(address);
            }
        }
    }

    private void onInstruction(int address) {
        StopEvent stop = null;
        synchronized (lock) {
            if (killRequested) {
                throw new Killed();
            }
            if (pauseRequested) {
                pauseRequested = false;
                stop = StopEvent.at(entryPending ? StopReason.ENTRY : StopReason.INTERRUPTED, address,
                        functionAt(address));
                entryPending = false;
            } else if (mode != Mode.CONTINUE && stepDone(address)) {
                stop = StopEvent.at(StopReason.STEP, address, functionAt(address));
            }
            Breakpoint hit = hitBreakpoint(address);
            if (hit != null) {
                stop = new StopEvent(StopReason.BREAKPOINT, address, functionAt(address), null, null, hit.id(), null);
            }
            if (stop == null) {
                return;
            }
            mode = Mode.CONTINUE;
            updateAttention();
            enterPause(stop);
        }
        pause(stop);
    }

    private Breakpoint hitBreakpoint(int address) {
        long[] bits = breakpointBits;
        int word = address >>> 6;
        if (word >= bits.length || (bits[word] & (1L << address)) == 0) {
            return null;
        }
        Breakpoint stopping = null;
        for (var e : breakpoints.entrySet()) {
            Breakpoint b = e.getValue();
            if (b.address() == address) {
                Breakpoint counted = new Breakpoint(b.id(), b.requestedAddress(), b.address(), b.condition(), b.hits() + 1);
                e.setValue(counted);
                if (stopping == null && counted.condition().stops(counted.hits())) {
                    stopping = counted;
                }
            }
        }
        return stopping;
    }

    private boolean stepDone(int address) {
        if (mode == Mode.INSTRUCTION) {
            return true;
        }
        int depth = machine.depth();
        if (depth < stepDepth) {
            return true; // returned past the starting frame: stop in the caller
        }
        if (mode == Mode.LINE_OUT || (mode == Mode.LINE_OVER && depth > stepDepth)) {
            return false;
        }
        Lines.Position here = lines.rowStart(address - codeStart);
        if (here == null || here.line() == 0) {
            return false;
        }
        if (depth > stepDepth && !lines.pastPrologue(address - codeStart)) {
            return false; // stepped into a call: stop where its body starts, past the prologue
        }
        return depth != stepDepth || !here.sameLine(stepFrom);
    }

    /** Called by the machine on the program's thread when a trap is raised, before unwinding. */
    void onTrap(RuntimeException e) {
        StopEvent stop;
        synchronized (lock) {
            if (killRequested || e instanceof Killed) {
                return;
            }
            long address = currentAddress();
            stop = new StopEvent(StopReason.TRAP, address, functionAt(address), TrapKind.of(e), e.getMessage(), -1,
                    null);
            mode = Mode.CONTINUE;
            updateAttention();
            enterPause(stop);
        }
        pause(stop);
    }

    /**
     * Becomes PAUSED at this stop. Called holding the lock, in the critical section that chose the
     * stop: a kill() or interrupt() between choosing and pausing would be lost (the thread would
     * pause after kill() returned) or would outlive this stop (a second, unasked-for stop).
     */
    private void enterPause(StopEvent stop) {
        state = State.PAUSED;
        lastStop = stop;
        stops++;
        lock.notifyAll();
    }

    /** Reports the stop entered by enterPause and waits until resumed or killed. */
    private void pause(StopEvent stop) {
        fire(stop);
        synchronized (lock) {
            while (state == State.PAUSED) {
                try {
                    lock.wait();
                } catch (InterruptedException ie) {
                    // interrupted while paused: only a kill ends a pause
                }
            }
            if (killRequested) {
                throw new Killed();
            }
        }
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

    private int functionAt(long address) {
        return file.functionAt(address).map(b -> file.importedFunctionCount() + b.definedIndex()).orElse(-1);
    }

    // ---- inspection (paused) -------------------------------------------------------------------

    private void requirePaused() {
        if (state != State.PAUSED) {
            throw new IllegalStateException(state == State.TERMINATED ? "the program has finished"
                    : "the program is running: interrupt it first");
        }
    }

    private long currentAddress() {
        List<StackFrame> frames = machine.frames();
        return frames.isEmpty() ? -1 : addressOf(frames.get(0), false);
    }

    private long addressOf(StackFrame frame, boolean caller) {
        FunctionBody body = machine.wasmInstance().function(ChicoryFrames.functionIndex(frame));
        if (body == null) {
            return -1; // a host function
        }
        int current = ChicoryFrames.currentInstruction(frame);
        int index = caller ? current + 1 : current; // a caller resumes after its call
        List<? extends Instruction> code = body.instructions();
        index = Math.max(0, Math.min(index, code.size() - 1));
        return code.get(index).address();
    }

    /** The call stack, innermost first. */
    public List<Frame> frames() {
        synchronized (lock) {
            requirePaused();
            List<StackFrame> stack = machine.frames();
            MStack operands = machine.operandStack();
            List<Frame> out = new ArrayList<>();
            for (int i = 0; i < stack.size(); i++) {
                StackFrame f = stack.get(i);
                int function = ChicoryFrames.functionIndex(f);
                int base = machine.operandBase(i);
                int top = i == 0 ? operands.size() : machine.operandBase(i - 1);
                List<Long> ops = new ArrayList<>();
                long[] array = operands.array();
                for (int k = base; k < top && k < array.length; k++) {
                    ops.add(array[k]);
                }
                out.add(new Frame(i, function, functionName(function), addressOf(f, i > 0), i > 0, locals(f), ops));
            }
            return Collections.unmodifiableList(out);
        }
    }

    private String functionName(int index) {
        String n = module.nameSection() == null ? null : module.nameSection().nameOfFunction(index);
        return n == null ? "wasm-function[" + index + "]" : n;
    }

    private List<ValType> localTypes(int function) {
        List<ValType> types = new ArrayList<>(machine.wasmInstance().type(machine.wasmInstance().functionType(function)).params());
        FunctionBody body = machine.wasmInstance().function(function);
        if (body != null) {
            types.addAll(body.localTypes());
        }
        return types;
    }

    private List<LocalValue> locals(StackFrame f) {
        List<ValType> types = localTypes(ChicoryFrames.functionIndex(f));
        List<LocalValue> out = new ArrayList<>(types.size());
        for (int i = 0; i < types.size(); i++) {
            int slot = f.localIndexOf(i);
            if (types.get(i).equals(ValType.V128)) {
                // Chicory 1.7.5 keeps a v128 local as (high, low) in consecutive slots.
                out.add(new LocalValue(i, types.get(i), ChicoryFrames.slot(f, slot + 1), ChicoryFrames.slot(f, slot)));
            } else {
                out.add(new LocalValue(i, types.get(i), ChicoryFrames.slot(f, slot), 0));
            }
        }
        return out;
    }

    /**
     * What DWARF expressions of frame {@code frameIndex} read: its wasm locals and operands, the
     * instance's globals and memory. Valid while the program stays paused.
     */
    public dev.wasmdbg.dwarf.ExpressionContext context(int frameIndex) {
        Frame frame = frames().get(frameIndex);
        return new dev.wasmdbg.dwarf.ExpressionContext() {
            @Override
            public long local(long index) {
                if (index < 0 || index >= frame.locals().size()) {
                    throw new IllegalArgumentException("frame " + frameIndex + " has no local " + index);
                }
                return frame.locals().get((int) index).low();
            }

            @Override
            public long global(long index) {
                List<LocalValue> g = globals();
                if (index < 0 || index >= g.size()) {
                    throw new IllegalArgumentException("no global " + index);
                }
                return g.get((int) index).low();
            }

            @Override
            public long operandStack(long index) {
                if (index < 0 || index >= frame.operands().size()) {
                    throw new IllegalArgumentException("frame " + frameIndex + " has no operand " + index);
                }
                return frame.operands().get((int) index);
            }

            @Override
            public byte[] readMemory(long address, int length) {
                return Session.this.readMemory(address, length);
            }
        };
    }

    /** Sets local {@code index} of frame {@code frameIndex} (0 = innermost). */
    public void setLocal(int frameIndex, int index, long low, long high) {
        synchronized (lock) {
            requirePaused();
            List<StackFrame> stack = machine.frames();
            if (frameIndex < 0 || frameIndex >= stack.size()) {
                throw new IllegalArgumentException("no frame " + frameIndex + " (there are " + stack.size() + ")");
            }
            StackFrame f = stack.get(frameIndex);
            List<ValType> types = localTypes(ChicoryFrames.functionIndex(f));
            if (index < 0 || index >= types.size()) {
                throw new IllegalArgumentException("frame " + frameIndex + " has no local " + index);
            }
            int slot = f.localIndexOf(index);
            if (types.get(index).equals(ValType.V128)) {
                ChicoryFrames.setSlot(f, slot, high);
                ChicoryFrames.setSlot(f, slot + 1, low);
            } else {
                ChicoryFrames.setSlot(f, slot, low);
            }
        }
    }

    /** Every global of the instance (imported ones included). */
    public List<LocalValue> globals() {
        synchronized (lock) {
            requirePaused();
            Instance instance = machine.wasmInstance();
            List<LocalValue> out = new ArrayList<>();
            for (int i = 0; i < instance.globalCount(); i++) {
                var g = instance.global(i);
                out.add(new LocalValue(i, g.getType(), g.getValueLow(), g.getType().equals(ValType.V128)
                        ? g.getValueHigh() : 0));
            }
            return out;
        }
    }

    public void setGlobal(int index, long low, long high) {
        synchronized (lock) {
            requirePaused();
            Instance instance = machine.wasmInstance();
            if (index < 0 || index >= instance.globalCount()) {
                throw new IllegalArgumentException("no global " + index + " (there are " + instance.globalCount() + ")");
            }
            var g = instance.global(index);
            g.setValueLow(low);
            if (g.getType().equals(ValType.V128)) {
                g.setValueHigh(high);
            }
        }
    }

    /** Linear memory size in bytes (0 without a memory). */
    public long memorySize() {
        synchronized (lock) {
            requirePaused();
            var memory = machine.wasmInstance().memory();
            return memory == null ? 0 : (long) memory.pages() * com.dylibso.chicory.runtime.Memory.PAGE_SIZE;
        }
    }

    /** Reads linear memory; a range outside it is an IllegalArgumentException, not a crash. */
    public byte[] readMemory(long address, int length) {
        synchronized (lock) {
            checkRange(address, length);
            return machine.wasmInstance().memory().readBytes((int) address, length);
        }
    }

    public void writeMemory(long address, byte[] data) {
        synchronized (lock) {
            checkRange(address, data.length);
            machine.wasmInstance().memory().write((int) address, data);
        }
    }

    private void checkRange(long address, long length) {
        long size = memorySize();
        if (length < 0 || address < 0 || address + length > size) {
            throw new IllegalArgumentException("memory range 0x" + Long.toHexString(address) + "+" + length
                    + " is outside linear memory (0x" + Long.toHexString(size) + " bytes)");
        }
    }

    @Override
    public String toString() {
        return "session " + id + " (" + name + ")";
    }
}
