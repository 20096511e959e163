package dev.wasmdbg.gdbstub.target;

import dev.wasmdbg.debugger.Breakpoint;
import dev.wasmdbg.debugger.HitCondition;
import dev.wasmdbg.debugger.LocalValue;
import dev.wasmdbg.debugger.Session;
import dev.wasmdbg.debugger.StopEvent;
import dev.wasmdbg.gdbstub.WasmAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The dialect's target over a debugger session: the one place where LLDB's code addresses meet
 * the session's file offsets.
 */
public final class SessionTarget implements Target {
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final Session session;
    private final String libraryName;
    private final int module = Session.MAIN_MODULE;

    /** {@code libraryName}: what LLDB is told the module is called (a path it can open, or a unique name). */
    public SessionTarget(Session session, String libraryName) {
        this.session = session;
        this.libraryName = libraryName;
    }

    public Session session() {
        return session;
    }

    @Override
    public String processName() {
        return session.name();
    }

    @Override
    public List<Library> libraries() {
        return List.of(new Library(module, libraryName));
    }

    @Override
    public Optional<byte[]> image(int id) {
        return id == module ? Optional.of(session.moduleBytes()) : Optional.empty();
    }

    @Override
    public void addStopListener(Consumer<StopEvent> listener) {
        session.addListener(listener);
    }

    @Override
    public void removeStopListener(Consumer<StopEvent> listener) {
        session.removeListener(listener);
    }

    @Override
    public Optional<StopEvent> currentStop() {
        return session.isPaused() || session.isTerminated() ? session.lastStop() : Optional.empty();
    }

    @Override
    public boolean isTerminated() {
        return session.isTerminated();
    }

    @Override
    public void resume() {
        session.resume();
    }

    @Override
    public void stepInstruction() {
        session.stepInstruction();
    }

    @Override
    public void interrupt() {
        session.interrupt();
    }

    @Override
    public void kill() {
        session.kill();
        try {
            session.awaitStop(SETTLE); // ended before the reply: a `?` right after it sees the end
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void prepareForClient() {
        try {
            if (session.isPaused()) {
                return;
            }
            if (!session.isTerminated()) {
                session.interrupt(); // a kill under way ends it instead
                session.awaitStop(SETTLE);
            }
            if (!session.isPaused()) {
                restart();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A new run, paused at its first instruction; waits (bounded) until it is there. */
    private void restart() throws InterruptedException {
        session.restart(true);
        session.awaitStop(SETTLE);
    }

    @Override
    public WasmAddress stopAddress(StopEvent stop) {
        return WasmAddress.image(module, lldbOffset(stop.address()));
    }

    /**
     * The address LLDB is given for the instruction the program is paused at: the instruction's,
     * except where a breakpoint asked for an earlier address was placed on it. A function's start,
     * where its body (the local declarations) begins, is DWARF's low_pc and LLDB's symbol address;
     * LLDB puts a breakpoint there for a function without line information (or with
     * --skip-prologue false), the engine places it on the first instruction, and LLDB recognises the
     * stop as its breakpoint only when the PC is exactly what it asked for (else "signal SIGTRAP").
     * Elsewhere the real instruction is better: LLDB disassembles from the PC, and from a function's
     * start it decodes the local declarations as instructions.
     */
    private long lldbOffset(long instruction) {
        // the breakpoint a stop hit answers for it, even once its client has left and removed it
        var stop = session.lastStop().orElse(null);
        if (stop instanceof StopEvent.BreakpointHit hit && hit.breakpoint().address() == instruction) {
            return hit.breakpoint().requestedAddress();
        }
        for (Breakpoint b : session.breakpoints()) {
            if (b.address() == instruction && b.requestedAddress() != instruction) {
                return b.requestedAddress();
            }
        }
        return instruction;
    }

    @Override
    public List<WasmAddress> callStack() {
        List<Long> addresses = session.frameAddresses();
        List<WasmAddress> out = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            long address = addresses.get(i);
            out.add(WasmAddress.image(module, i > 0 ? address : lldbOffset(address)));
        }
        return out;
    }

    @Override
    public LocalValue local(int frame, int index) {
        return session.local(frame, index);
    }

    @Override
    public LocalValue global(int index) {
        List<LocalValue> globals = session.globals();
        if (index < 0 || index >= globals.size()) {
            throw new IllegalArgumentException("no global " + index + " (there are " + globals.size() + ")");
        }
        return globals.get(index);
    }

    @Override
    public long operand(int frame, int index) {
        return session.operand(frame, index);
    }

    @Override
    public long memorySize() {
        return session.memorySize();
    }

    @Override
    public byte[] readMemory(long address, int length) {
        return session.readMemory(address, length);
    }

    @Override
    public void writeMemory(long address, byte[] data) {
        session.writeMemory(address, data);
    }

    @Override
    public Optional<SwBreakpoints> swBreakpoints() {
        return Optional.of(new SwBreakpoints() {
            @Override
            public void add(String owner, int id, long offset) {
                requireModule(id);
                boolean present = session.breakpoints().stream()
                        .anyMatch(b -> b.owner().equals(owner) && b.requestedAddress() == offset);
                if (!present) {
                    session.addBreakpoint(offset, HitCondition.ALWAYS, owner);
                }
            }

            @Override
            public void remove(String owner, int id, long offset) {
                requireModule(id);
                session.removeBreakpointsRequestedAt(owner, offset);
            }

            @Override
            public void removeAll(String owner) {
                session.removeBreakpointsOf(owner);
            }
        });
    }

    private void requireModule(int id) {
        if (id != module) {
            throw new IllegalArgumentException("no module " + id + " (the program's module is " + module + ")");
        }
    }

    @Override
    public Optional<Monitor> monitor() {
        Map<String, Monitor.Command> commands = new LinkedHashMap<>();
        commands.put("info", command("info               module, identity (build_id or sha256), debug information",
                args -> Monitor.Reply.text(info())));
        commands.put("symbolize", command("symbolize ADDRESS  a code address (0x4000... or a file offset) to source"
                + " frames", args -> Monitor.Reply.text(symbolize(args))));
        commands.put("restart", command("restart            start the program again, paused at its first instruction",
                args -> {
                    try {
                        restart();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Monitor.Reply("restarted: the program is paused at its first instruction\n", true);
                }));
        return Optional.of(() -> commands);
    }

    private static Monitor.Command command(String help, Function<List<String>, Monitor.Reply> run) {
        return new Monitor.Command() {
            @Override
            public String help() {
                return help;
            }

            @Override
            public Monitor.Reply run(List<String> args) {
                return run.apply(args);
            }
        };
    }

    private String info() {
        var symbolizer = session.symbolizer();
        return "module: " + libraryName + "\nidentity: "
                + symbolizer.map(s -> s.identity().kind() + ":" + s.identity().id()).orElse("?")
                + "\ndebug information: " + symbolizer.map(s -> s.source().toString()).orElse("NONE")
                + "\nsession: " + session.id() + (session.isPaused() ? " (paused)" : "") + "\n";
    }

    private String symbolize(List<String> args) {
        if (args.isEmpty() || session.symbolizer().isEmpty()) {
            return "usage: symbolize ADDRESS (an LLDB code address or a .wasm file offset)\n";
        }
        String word = args.get(0);
        long value;
        try {
            value = Long.parseUnsignedLong(word.startsWith("0x") ? word.substring(2) : word, 16);
        } catch (NumberFormatException e) {
            return "not an address: " + word + "\n";
        }
        WasmAddress address = WasmAddress.of(value);
        long fileOffset = address.type() == WasmAddress.IMAGE ? address.offset() : value;
        StringBuilder s = new StringBuilder();
        try {
            for (var f : session.symbolizer().get().symbolizeFile(fileOffset).frames()) {
                s.append(f.readableFunction().isEmpty() ? "??" : f.readableFunction())
                        .append(f.inlined() ? " (inlined)" : "")
                        .append(" at ").append(f.file().isEmpty() ? "??" : f.file() + ":" + f.line() + ":" + f.column())
                        .append('\n');
            }
        } catch (RuntimeException e) {
            return e.getMessage() + "\n";
        }
        return s.length() == 0 ? "no source information\n" : s.toString();
    }
}
