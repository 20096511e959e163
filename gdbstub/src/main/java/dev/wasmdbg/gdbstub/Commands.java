package dev.wasmdbg.gdbstub;

import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmdbg.debugger.Breakpoint;
import dev.wasmdbg.debugger.Frame;
import dev.wasmdbg.debugger.HitCondition;
import dev.wasmdbg.debugger.LocalValue;
import dev.wasmdbg.debugger.Session;
import dev.wasmdbg.debugger.StopEvent;
import dev.wasmdbg.debugger.StopReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * The GDB remote protocol commands of LLDB's WebAssembly dialect, for one connected client and one
 * debugged program. Each packet gets its reply from {@link #handle}; a resume gets no immediate
 * reply: the stop reply is sent when the program stops. Thread-safe: packets arrive on the network
 * thread, stops on the program's.
 */
final class Commands {
    static final int PACKET_SIZE = 0x20000;
    private static final String TRIPLE = "wasm32-unknown-unknown-wasm";
    static final String GDB_REFUSAL = "wasmdbg speaks LLDB's WebAssembly dialect and GDB has no WebAssembly "
            + "architecture. Use LLDB 22 or newer: lldb -o \"process connect -p wasm connect://HOST:PORT\"";

    private final Programs programs;
    private final Consumer<byte[]> out;
    private final Consumer<StopEvent> stopListener = this::onStop;
    private Session session;
    private boolean errorStrings;
    private boolean waitingForStop;
    private boolean first = true;
    private boolean noAck;
    private boolean hangUp;
    /** The trap the program was last reported stopped at: a resume then ends the program with it. */
    private StopEvent lastTrap;
    /** The addresses of the breakpoints this client inserted (Z0) and has not removed. */
    private final java.util.Set<Long> inserted = new java.util.HashSet<>();

    /** Where the debugged program comes from: the current session, and a fresh one on restart. */
    interface Programs {
        Session current();

        Session restart(boolean paused) throws InterruptedException;

        /** The name LLDB is given for the module (a path it can open, or a unique name). */
        String libraryName();
    }

    Commands(Programs programs, Consumer<byte[]> out) {
        this.programs = programs;
        this.out = out;
        attach(programs.current());
    }

    private synchronized void attach(Session s) {
        if (session != null) {
            session.removeListener(stopListener);
        }
        session = s;
        session.addListener(stopListener);
    }

    /**
     * The client went away: stop listening, and take away its breakpoints (a client that vanished
     * without removing them would leave the next one stops it knows nothing of); the program
     * stays as it is.
     */
    synchronized void detach() {
        session.removeListener(stopListener);
        waitingForStop = false;
        for (Breakpoint b : session.breakpoints()) {
            if (inserted.contains(b.requestedAddress())) {
                session.removeBreakpoint(b.id());
            }
        }
        inserted.clear();
    }

    /** Whether the last handled packet switched acknowledgements off (the codec must follow). */
    synchronized boolean noAckRequested() {
        boolean r = noAck;
        noAck = false;
        return r;
    }

    /** Whether the connection must be closed once the last reply is written (a GDB refused). */
    synchronized boolean hangUpRequested() {
        return hangUp;
    }

    /** The 0x03 byte: pause the running program; its stop reply follows. */
    synchronized void interrupt() {
        if (!session.isPaused() && !session.isTerminated()) {
            session.interrupt();
        }
    }

    private synchronized void onStop(StopEvent e) {
        if (waitingForStop) {
            waitingForStop = false;
            out.accept(bytes(stopReply(e)));
        }
    }

    /** The reply to one packet, or null when it will come as a stop reply. */
    synchronized byte[] handle(byte[] payload) {
        String p = new String(payload, StandardCharsets.ISO_8859_1);
        if (first) {
            first = false;
            if (p.startsWith("qSupported") && p.contains("qRelocInsn")) {
                // GDB shows an "E." reply's text ("Remote failure reply: E.<text>"); nothing else of
                // an error reaches its user before QEnableErrorStrings, which GDB never sends. Then
                // hang up: GDB would go on with a target it cannot debug.
                hangUp = true;
                return bytes("E." + GDB_REFUSAL);
            }
        }
        try {
            String reply = dispatch(p, payload);
            return reply == null ? null : bytes(reply);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return error(e instanceof IllegalStateException ? 2 : 3, e.getMessage());
        }
    }

    private String dispatch(String p, byte[] raw) {
        if (p.equals("QStartNoAckMode")) {
            noAck = true;
            return "OK";
        }
        if (p.startsWith("qSupported")) {
            return "PacketSize=" + Integer.toHexString(PACKET_SIZE) + ";qXfer:libraries:read+;vContSupported+;"
                    + "QStartNoAckMode+";
        }
        if (p.equals("QEnableErrorStrings")) {
            errorStrings = true;
            return "OK";
        }
        if (p.equals("qProcessInfo")) {
            return "pid:1;ppid:1;uid:1;gid:1;euid:1;egid:1;name:" + Wire.hex(session.name()) + ";triple:"
                    + Wire.hex(TRIPLE) + ";ptrsize:4;";
        }
        if (p.startsWith("qRegisterInfo")) {
            return p.equals("qRegisterInfo0") ? "name:pc;alt-name:pc;bitsize:64;offset:0;encoding:uint;format:hex;"
                    + "set:General Purpose Registers;gcc:16;dwarf:16;generic:pc;" : "E45";
        }
        if (p.equals("?")) {
            return session.lastStop().map(this::stopReply).orElse("S05");
        }
        if (p.equals("qfThreadInfo")) {
            return "m1";
        }
        if (p.equals("qsThreadInfo")) {
            return "l";
        }
        if (p.equals("qC")) {
            return "QC1";
        }
        if (p.equals("qAttached")) {
            return "1";
        }
        if (p.equals("vCont?")) {
            return "vCont;c;C;s;S;t";
        }
        if (p.startsWith("qXfer:libraries:read::")) {
            return libraries(p.substring("qXfer:libraries:read::".length()));
        }
        if (p.equals("g") || p.equals("p0") || p.startsWith("p0;")) {
            return Wire.littleEndian(pc(0), 8);
        }
        if (p.startsWith("p")) {
            return "E45";
        }
        if (p.startsWith("qWasmCallStack")) {
            StringBuilder s = new StringBuilder();
            for (Frame f : session.frames()) {
                long address = f.caller() ? f.address() : lldbAddress(f.address());
                s.append(Wire.littleEndian(WasmAddress.image(moduleId(), address).raw(), 8));
            }
            return s.toString();
        }
        if (p.startsWith("qWasmLocal:")) {
            int[] fi = frameAndIndex(p.substring("qWasmLocal:".length()));
            List<LocalValue> locals = frame(fi[0]).locals();
            return fi[1] < locals.size() ? value(locals.get(fi[1])) : "E03";
        }
        if (p.startsWith("qWasmGlobal:")) {
            int[] fi = frameAndIndex(p.substring("qWasmGlobal:".length()));
            List<LocalValue> globals = session.globals();
            return fi[1] < globals.size() ? value(globals.get(fi[1])) : "E03";
        }
        if (p.startsWith("qWasmStackValue:")) {
            int[] fi = frameAndIndex(p.substring("qWasmStackValue:".length()));
            List<Long> operands = frame(fi[0]).operands();
            return fi[1] < operands.size() ? Wire.littleEndian(operands.get(fi[1]), 8) : "E03";
        }
        if (p.startsWith("m")) {
            return readMemory(p.substring(1), false);
        }
        if (p.startsWith("x")) {
            return readMemory(p.substring(1), true);
        }
        if (p.startsWith("M")) {
            return writeMemory(p.substring(1));
        }
        if (p.startsWith("X")) {
            return writeBinaryMemory(raw);
        }
        if (p.startsWith("Z0,") || p.startsWith("z0,")) {
            return breakpoint(p.charAt(0) == 'Z', p.substring(3));
        }
        if (p.equals("c") || p.startsWith("c") && p.length() > 1 && !p.contains(";") || p.startsWith("C")) {
            return resume(false);
        }
        if (p.equals("s") || p.startsWith("S")) {
            return resume(true);
        }
        if (p.startsWith("vCont;")) {
            return vCont(p.substring("vCont;".length()));
        }
        if (p.equals("k")) {
            session.kill();
            return "X09";
        }
        if (p.startsWith("D")) {
            detach();
            return "OK";
        }
        if (p.startsWith("qRcmd,")) {
            // the text as console output (O packets), then OK: LLDB and GDB print O packets' text,
            // while a hex reply is shown as hex by LLDB ("process plugin packet monitor ...")
            String text = monitor(new String(Wire.unhex(p.substring("qRcmd,".length())), StandardCharsets.UTF_8));
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < utf8.length; i += 4096) {
                out.accept(bytes("O" + Wire.hex(java.util.Arrays.copyOfRange(utf8, i, Math.min(utf8.length, i + 4096)))));
            }
            return "OK";
        }
        return ""; // unknown: unsupported
    }

    private int moduleId() {
        return Math.min(session.id(), WasmAddress.MAX_MODULE);
    }

    private String libraries(String range) {
        String xml = "<library-list><library name=\"" + escapeXml(programs.libraryName()) + "\"><section address=\"0x"
                + Long.toHexString(WasmAddress.image(moduleId(), 0).raw()) + "\"/></library></library-list>";
        String[] offLen = range.split(",");
        int off = (int) Math.min(Wire.parseHex(offLen[0]), Integer.MAX_VALUE);
        int len = (int) Math.min(Wire.parseHex(offLen[1]), PACKET_SIZE / 2);
        if (off >= xml.length()) {
            return "l";
        }
        int end = Math.min(xml.length(), off + len);
        return (end < xml.length() ? "m" : "l") + xml.substring(off, end);
    }

    private static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private long pc(int frame) {
        Frame f = frame(frame);
        return WasmAddress.image(moduleId(), f.caller() ? f.address() : lldbAddress(f.address())).raw();
    }

    /**
     * The address LLDB is given for the instruction the program is paused at: the instruction's,
     * except at the first instruction of a function on whose start this client put a breakpoint.
     * A function's start, where its body (the local declarations) begins, is DWARF's low_pc and
     * LLDB's symbol address; LLDB puts a breakpoint there for a function without line information
     * (or with --skip-prologue false), the engine places it on the first instruction, and LLDB
     * recognises the stop as its breakpoint only when the PC is exactly the function's start (else
     * "signal SIGTRAP"). Elsewhere the real instruction is better: LLDB disassembles from the PC,
     * and from a function's start it decodes the local declarations as instructions.
     */
    private long lldbAddress(long instruction) {
        return session.moduleFile().functionAt(instruction)
                .filter(body -> inserted.contains((long) body.offset()))
                .filter(body -> firstInstruction(session.moduleBytes(), body.offset()) == instruction)
                .map(body -> (long) body.offset())
                .orElse(instruction);
    }

    /** The file offset of a function's first instruction: its body start plus the local declarations. */
    private static long firstInstruction(byte[] module, int bodyStart) {
        int[] at = {bodyStart};
        long groups = leb(module, at);
        for (long g = 0; g < groups && at[0] < module.length; g++) {
            leb(module, at); // how many locals
            at[0]++; // their value type (one byte for every type Chicory 1.7.5 runs)
        }
        return at[0];
    }

    private static long leb(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; at[0] < bytes.length && shift < 64; shift += 7) {
            int b = bytes[at[0]++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return value;
    }

    private Frame frame(int index) {
        List<Frame> frames = session.frames();
        if (index < 0 || index >= frames.size()) {
            throw new IllegalArgumentException("no frame " + index + " (there are " + frames.size() + ")");
        }
        return frames.get(index);
    }

    private static int[] frameAndIndex(String args) {
        String[] parts = args.split(";");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected FRAME;INDEX, got '" + args + "'");
        }
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    /** A value as LLDB reads it: 4 bytes for i32/f32, 16 for v128, else 8; little-endian. */
    private static String value(LocalValue v) {
        var type = v.type();
        if (type.equals(ValType.I32) || type.equals(ValType.F32)) {
            return Wire.littleEndian(v.low(), 4);
        }
        if (type.equals(ValType.V128)) {
            return Wire.littleEndian(v.low(), 8) + Wire.littleEndian(v.high(), 8);
        }
        return Wire.littleEndian(v.low(), 8);
    }

    private String readMemory(String args, boolean binary) {
        String[] parts = args.split(",");
        WasmAddress address = WasmAddress.of(Wire.parseHex(parts[0]));
        long length = Math.min(Wire.parseHex(parts[1]), PACKET_SIZE / 2 - 8);
        byte[] data;
        if (address.type() == WasmAddress.IMAGE) {
            byte[] image = session.moduleBytes();
            if (address.offset() >= image.length) {
                return "E03";
            }
            int end = (int) Math.min(image.length, address.offset() + length);
            data = java.util.Arrays.copyOfRange(image, (int) address.offset(), end);
        } else {
            long size = session.memorySize();
            if (length == 0) {
                return binary ? "OK" : "";
            }
            if (address.offset() >= size) {
                return "E03";
            }
            data = session.readMemory(address.offset(), (int) Math.min(length, size - address.offset()));
        }
        return binary ? new String(data, StandardCharsets.ISO_8859_1) : Wire.hex(data);
    }

    private String writeMemory(String args) {
        int colon = args.indexOf(':');
        String[] parts = args.substring(0, colon).split(",");
        WasmAddress address = WasmAddress.of(Wire.parseHex(parts[0]));
        byte[] data = Wire.unhex(args.substring(colon + 1));
        if (address.type() != WasmAddress.MEMORY || data.length != Wire.parseHex(parts[1])) {
            return "E03";
        }
        session.writeMemory(address.offset(), data);
        return "OK";
    }

    private String writeBinaryMemory(byte[] raw) {
        int colon = -1;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            return "E03";
        }
        String[] parts = new String(raw, 1, colon - 1, StandardCharsets.ISO_8859_1).split(",");
        WasmAddress address = WasmAddress.of(Wire.parseHex(parts[0]));
        byte[] data = java.util.Arrays.copyOfRange(raw, colon + 1, raw.length);
        if (address.type() != WasmAddress.MEMORY || data.length != Wire.parseHex(parts[1])) {
            return "E03";
        }
        if (data.length > 0) {
            session.writeMemory(address.offset(), data);
        }
        return "OK";
    }

    private String breakpoint(boolean set, String args) {
        WasmAddress address = WasmAddress.of(Wire.parseHex(args.split(",")[0]));
        if (address.type() != WasmAddress.IMAGE || address.module() != moduleId()) {
            return "E03";
        }
        if (set) {
            if (inserted.add(address.offset())) {
                session.addBreakpoint(address.offset(), HitCondition.ALWAYS);
            }
        } else {
            inserted.remove(address.offset());
            // The engine places a breakpoint on the instruction at or after the address asked for
            // (a function's start is its local declarations, not an instruction): remove what this
            // address asked for, not what happens to sit on it.
            for (Breakpoint b : session.breakpoints()) {
                if (b.requestedAddress() == address.offset()) {
                    session.removeBreakpoint(b.id());
                }
            }
        }
        return "OK";
    }

    private String resume(boolean step) {
        if (session.isTerminated()) {
            return session.lastStop().map(this::stopReply).orElse("W00");
        }
        waitingForStop = true;
        if (step) {
            session.stepInstruction();
        } else {
            session.resume();
        }
        return null;
    }

    private String vCont(String actions) {
        // One thread: the first action decides (c, C, s, S, t), whatever thread it names.
        char action = actions.charAt(0);
        switch (action) {
            case 'c':
            case 'C':
                return resume(false);
            case 's':
            case 'S':
                return resume(true);
            case 't':
                waitingForStop = true;
                session.interrupt();
                return null;
            default:
                return "";
        }
    }

    private String monitor(String command) {
        String[] words = command.trim().split("\\s+");
        switch (words[0]) {
            case "info":
                return "module: " + programs.libraryName() + "\nidentity: "
                        + session.symbolizer().map(s -> s.identity().kind() + ":" + s.identity().id()).orElse("?")
                        + "\ndebug information: " + session.symbolizer().map(s -> s.source().toString()).orElse("NONE")
                        + "\nsession: " + session.id() + (session.isPaused() ? " (paused)" : "") + "\n";
            case "symbolize":
                return symbolize(words);
            case "restart":
                try {
                    attach(programs.restart(true));
                    return "restarted: the program is paused at its first instruction\n";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "restart interrupted\n";
                }
            default:
                return "wasmdbg monitor commands:\n"
                        + "  info               module, identity (build_id or sha256), debug information\n"
                        + "  symbolize ADDRESS  a code address (0x4000... or a file offset) to source frames\n"
                        + "  restart            start the program again, paused at its first instruction\n"
                        + "  help               this list\n";
        }
    }

    private String symbolize(String[] words) {
        if (words.length < 2 || session.symbolizer().isEmpty()) {
            return "usage: symbolize ADDRESS (an LLDB code address or a .wasm file offset)\n";
        }
        long value;
        try {
            value = Wire.parseHex(words[1].startsWith("0x") ? words[1].substring(2) : words[1]);
        } catch (IllegalArgumentException e) {
            return "not an address: " + words[1] + "\n";
        }
        long fileOffset = WasmAddress.of(value).type() == WasmAddress.IMAGE ? WasmAddress.of(value).offset() : value;
        StringBuilder s = new StringBuilder();
        try {
            for (var f : session.symbolizer().get().symbolizeFile(fileOffset).frames()) {
                s.append(f.readableFunction().isEmpty() ? "??" : f.readableFunction()).append(f.inlined() ? " (inlined)" : "")
                        .append(" at ").append(f.file().isEmpty() ? "??" : f.file() + ":" + f.line() + ":" + f.column())
                        .append('\n');
            }
        } catch (RuntimeException e) {
            return e.getMessage() + "\n";
        }
        return s.length() == 0 ? "no source information\n" : s.toString();
    }

    /** The stop reply for an event: T packets always carry the PC and a reason. */
    String stopReply(StopEvent e) {
        if (e.reason() == StopReason.EXITED) {
            if (e.exitCode() != null) {
                return String.format("W%02x", e.exitCode() & 0xff);
            }
            if ("killed".equals(e.message())) {
                return "X09";
            }
            // unwound from a trap: its signal, and what it was (LLDB: "exited with status = 8 (0x00000008)
            // wasm trap: integer divide by zero")
            StopEvent trap = lastTrap;
            String text = trap != null ? trapText(trap) : "wasm trap" + (e.message() == null ? "" : ": " + e.message());
            return "X" + (trap != null ? trapSignal(trap) : "04") + ";description:" + Wire.hex(text) + ";";
        }
        long pc = WasmAddress.image(moduleId(), lldbAddress(e.address())).raw();
        String signal;
        String reason;
        switch (e.reason()) {
            case BREAKPOINT:
                signal = "05";
                reason = "reason:breakpoint;";
                break;
            case STEP:
                signal = "05";
                reason = "reason:trace;";
                break;
            case INTERRUPTED:
                signal = "02";
                reason = "reason:signal;";
                break;
            case TRAP:
                signal = trapSignal(e);
                reason = "reason:exception;description:" + Wire.hex(trapText(e)) + ";";
                lastTrap = e;
                break;
            default:
                signal = "05";
                reason = "reason:signal;";
        }
        return "T" + signal + "thread:1;00:" + Wire.littleEndian(pc, 8) + ";" + reason;
    }

    /** "wasm trap: KIND", and the runtime's message when it says more (not "integer divide by zero" twice). */
    private static String trapText(StopEvent e) {
        String kind = e.trapKind().description();
        boolean more = e.message() != null && !e.message().equalsIgnoreCase(kind);
        return "wasm trap: " + kind + (more ? " (" + e.message() + ")" : "");
    }

    private static String trapSignal(StopEvent e) {
        switch (e.trapKind()) {
            case INTEGER_DIVIDE_BY_ZERO:
            case INTEGER_OVERFLOW:
            case INVALID_CONVERSION:
                return "08"; // SIGFPE
            case OUT_OF_BOUNDS_MEMORY:
            case OUT_OF_BOUNDS_TABLE:
                return "0b"; // SIGSEGV
            default:
                return "04"; // SIGILL
        }
    }

    private byte[] error(int code, String text) {
        String e = String.format("E%02x", code);
        return bytes(errorStrings ? e + ";" + Wire.hex(text) : e);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
