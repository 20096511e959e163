package dev.wasmdbg.gdbstub;

import dev.wasmdbg.debugger.StopEvent;
import dev.wasmdbg.gdbstub.packet.Hex;
import dev.wasmdbg.gdbstub.target.Target;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One client's protocol state: acknowledgements, error strings, a resume waiting for its stop,
 * the refusal of GDB. Confined to one thread (the connection's event loop): the program's stops
 * are handed over to it, so nothing here waits for the program while the program waits for it.
 */
final class Connection {
    static final String GDB_REFUSAL = "wasmdbg speaks LLDB's WebAssembly dialect and GDB has no WebAssembly "
            + "architecture. Use LLDB 22 or newer: lldb -o \"process connect -p wasm connect://HOST:PORT\"";

    private final Target target;
    private final Dispatcher dispatcher;
    private final Consumer<byte[]> out;
    private final String owner;
    private final Consumer<StopEvent> stopListener;
    private boolean errorStrings;
    private boolean waitingForStop;
    private boolean first = true;
    private boolean noAck;
    private boolean hangUp;
    /**
     * The stop a pending resume started from. Its event can still be on its way here (stops are
     * delivered after the program is already paused, so a client can resume before it arrives):
     * it is never the reply to that resume.
     */
    private StopEvent resumedFrom;
    /** The trap the program was last reported stopped at: a resume then ends the program with it. */
    private StopEvent.Trapped lastTrap;

    Connection(Target target, Dispatcher dispatcher, Consumer<byte[]> out, Executor loop, String owner) {
        this.target = target;
        this.dispatcher = dispatcher;
        this.out = out;
        this.owner = owner;
        this.stopListener = e -> loop.execute(() -> onStop(e));
        target.addStopListener(stopListener);
    }

    Target target() {
        return target;
    }

    /** Who this client is, as the owner of its breakpoints. */
    String owner() {
        return owner;
    }

    void requestNoAck() {
        noAck = true;
    }

    void enableErrorStrings() {
        errorStrings = true;
    }

    /** Whether the last handled packet switched acknowledgements off (the codec must follow). */
    boolean noAckRequested() {
        boolean r = noAck;
        noAck = false;
        return r;
    }

    /** Whether the connection must be closed once the last reply is written. */
    boolean hangUpRequested() {
        return hangUp;
    }

    void hangUpAfterReply() {
        hangUp = true;
    }

    void send(String packet) {
        out.accept(packet.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The reply to one packet, or null when it will come as a stop reply. */
    byte[] handle(byte[] payload) {
        Packet p = Packet.of(payload);
        if (first) {
            first = false;
            if (p.text().startsWith("qSupported") && p.text().contains("qRelocInsn")) {
                // GDB shows an "E." reply's text ("Remote failure reply: E.<text>"); nothing else of
                // an error reaches its user before QEnableErrorStrings, which GDB never sends. Then
                // hang up: GDB would go on with a target it cannot debug.
                hangUp = true;
                return bytes("E." + GDB_REFUSAL);
            }
        }
        Handler h = dispatcher.find(p.text());
        if (h == null) {
            return bytes(""); // unknown or a capability the target lacks: unsupported
        }
        try {
            String reply = h.handle(this, p);
            return reply == null ? null : bytes(reply);
        } catch (IllegalStateException e) {
            return error(2, e.getMessage());
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return error(3, e.getMessage());
        } catch (RuntimeException e) {
            return error(1, e.toString()); // a bug of ours: the connection and the program go on
        }
    }

    /** Starts a resume; its reply is the stop reply, later (or now, for a program that has ended). */
    String resumeWith(Runnable resume) {
        if (target.isTerminated()) {
            return target.currentStop().map(this::stopReply).orElse("W00");
        }
        waitingForStop = true;
        resumedFrom = target.currentStop().orElse(null);
        resume.run();
        return null;
    }

    /** A monitor command began a new run: a resume pending from the old one is void. */
    void newRun() {
        waitingForStop = false;
        lastTrap = null;
    }

    /** The 0x03 byte: pause the running program; its stop reply follows. */
    void interrupt() {
        target.interrupt(); // a paused or finished program ignores it
    }

    private void onStop(StopEvent e) {
        if (waitingForStop && e != resumedFrom) {
            waitingForStop = false;
            send(stopReply(e));
        }
    }

    String stopReply(StopEvent e) {
        String reply = StopReplies.of(e, e instanceof StopEvent.Exited ? null : target.stopAddress(e), lastTrap);
        if (e instanceof StopEvent.Trapped t) {
            lastTrap = t;
        }
        return reply;
    }

    /**
     * The client went away: stop listening, and take away its breakpoints (a client that vanished
     * without removing them would leave the next one stops it knows nothing of); the program stays
     * as it is.
     */
    void detach() {
        target.removeStopListener(stopListener);
        waitingForStop = false;
        target.swBreakpoints().ifPresent(b -> b.removeAll(owner));
    }

    private byte[] error(int code, String text) {
        String e = String.format("E%02x", code);
        return bytes(errorStrings && text != null ? e + ";" + Hex.encodeText(text) : e);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
