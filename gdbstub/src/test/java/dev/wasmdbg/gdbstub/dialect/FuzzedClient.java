package dev.wasmdbg.gdbstub.dialect;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One fuzz input played as a client: a sequence of actions chosen by the data (packets from the
 * grammar, raw bytes, damaged frames, 0x03 in and between packets, hang-ups and reconnects). Every
 * packet but a resume must be answered within a second: by a reply, or (a damaged frame in ack
 * mode) a nack. Fails with the actions played so far.
 */
final class FuzzedClient {
    private static final Duration PROMPTLY = Duration.ofSeconds(1);
    private static final int MAX_ACTIONS = 48;
    /** Stop replies, which may arrive late for an earlier resume or interrupt. */
    private static final Pattern STOP = Pattern.compile("(?s)" + Replies.T_STOP.pattern() + "|[SW][0-9a-f]{2}|X[0-9a-f]{2}(;.*)?");

    private final ServerFixture server;
    private final FuzzedDataProvider data;
    private final DialectGrammar grammar;
    private final StringBuilder log = new StringBuilder();
    private RspClient client;
    /** Resumes and interrupts sent on this connection whose stop reply has not been seen. */
    private int pendingStops;
    /** Raw bytes sent since the last framed packet: they may hold a whole frame (a D: the hang-up is fine). */
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();

    FuzzedClient(ServerFixture server, FuzzedDataProvider data, long image) {
        this.server = server;
        this.data = data;
        this.grammar = new DialectGrammar(data, image);
    }

    /** What was played, for failure messages. */
    String log() {
        return log.toString();
    }

    void play() throws IOException {
        connect();
        try {
            for (int i = 0; i < MAX_ACTIONS && data.remainingBytes() > 0; i++) {
                if (client.isClosed()) {
                    connect();
                }
                try {
                    act();
                } catch (SocketException e) {
                    // The server hung up on purpose (a D packet, possibly assembled from raw bytes, or a
                    // first packet that is GDB's): a write then fails. A new connection goes on; the
                    // good client after this input checks the server is still well.
                    log.append("  (the server hung up: ").append(e.getMessage()).append(")\n");
                    client.close();
                    connect();
                }
            }
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nactions:\n" + log, e);
        } finally {
            client.close();
        }
    }

    private void connect() throws IOException {
        boolean acks = data.consumeBoolean();
        log.append(acks ? "connect (acks)\n" : "connect (no acks)\n");
        client = acks ? server.connectWithAcks() : server.connect();
        pendingStops = 0;
        raw.reset();
    }

    private void act() throws IOException {
        switch (data.consumeInt(0, 9)) {
            case 5 -> {
                byte[] bytes = data.consumeBytes(data.consumeInt(0, 64));
                log.append("raw ").append(printable(bytes)).append('\n');
                raw.write(bytes, 0, bytes.length);
                client.sendRaw(bytes);
            }
            case 6 -> {
                String text = grammar.anyText();
                log.append("bad checksum ").append(printable(text)).append('\n');
                framed(() -> client.sendBadChecksum(text));
                answered(text, DialectGrammar.Kind.REPLY);
            }
            case 7 -> {
                byte[] body = grammar.next().body();
                int cut = data.consumeInt(0, body.length);
                boolean counted = data.consumeBoolean(); // the checksum counts the 0x03 (a good frame) or not
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.write(body, 0, cut);
                b.write(3);
                b.write(body, cut, body.length - cut);
                byte[] withInterrupt = b.toByteArray();
                log.append("0x03 inside ").append(printable(withInterrupt)).append(counted ? "" : " (bad checksum)")
                        .append('\n');
                framed(() -> client.sendFramed(withInterrupt,
                        counted ? RspClient.checksum(withInterrupt) : RspClient.checksum(body)));
                pendingStops++; // a good frame may be a resume now ("c\x03"), answered when it stops
                String text = new String(withInterrupt, StandardCharsets.ISO_8859_1);
                DialectGrammar.Kind kind = !counted ? DialectGrammar.Kind.REPLY
                        : DialectGrammar.kindOf(text) == DialectGrammar.Kind.DETACH ? DialectGrammar.Kind.DETACH
                        : DialectGrammar.Kind.RESUME;
                answered(text, kind);
                hangUpAfter(kind);
            }
            case 8 -> {
                log.append("0x03\n");
                client.interrupt();
                pendingStops++;
            }
            case 9 -> {
                log.append("hang up\n");
                client.close();
                connect();
            }
            default -> packet(grammar.next());
        }
    }

    private void packet(DialectGrammar.Packet p) throws IOException {
        log.append(printable(p.text())).append('\n');
        framed(() -> client.sendFramed(p.body()));
        if (p.kind() == DialectGrammar.Kind.RESUME) {
            pendingStops++;
            return;
        }
        String reply = answered(p.text(), p.kind());
        if (p.kind() == DialectGrammar.Kind.NO_ACK && "OK".equals(reply)) {
            client.markNoAck();
        }
        hangUpAfter(p.kind());
    }

    /** The server hangs up after answering D: the next action connects again. */
    private void hangUpAfter(DialectGrammar.Kind kind) throws IOException {
        if (kind == DialectGrammar.Kind.DETACH) {
            client.close();
        }
    }

    /** A framed packet resynchronises the server's decoder: raw bytes before it cannot join it. */
    private void framed(Send send) throws IOException {
        send.run();
        raw.reset();
    }

    /** Waits for the answer to {@code text}; returns the reply (null for a nack or a resume's silence). */
    private String answered(String text, DialectGrammar.Kind kind) throws IOException {
        long deadline = System.nanoTime() + PROMPTLY.toNanos();
        while (true) {
            RspClient.Received r = client.nextReply(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (r instanceof RspClient.Nack) {
                return null;
            }
            if (r instanceof RspClient.Packet p) {
                String reply = p.text();
                boolean late = kind != DialectGrammar.Kind.BINARY_READ && pendingStops > 0 && !text.startsWith("?")
                        && !text.startsWith("k") && STOP.matcher(reply).matches();
                if (late) {
                    pendingStops--;
                    continue;
                }
                log.append("  -> ").append(printable(reply.length() > 80 ? reply.substring(0, 80) + "..." : reply))
                        .append('\n');
                return reply;
            }
            if (kind == DialectGrammar.Kind.RESUME) {
                return null; // a packet with a 0x03 in it may have become a resume
            }
            if (r instanceof RspClient.Closed && (kind == DialectGrammar.Kind.DETACH || mayHaveDetached())) {
                return null;
            }
            throw new AssertionError("no answer within " + PROMPTLY.toMillis() + " ms to '" + printable(text)
                    + "' (" + r + "); received: " + client.transcript());
        }
    }

    /** Whether the raw bytes sent since the last packet could hold a D packet (the server then hangs up). */
    private boolean mayHaveDetached() {
        String s = raw.toString(StandardCharsets.ISO_8859_1);
        int frame = s.indexOf('$');
        return frame >= 0 && s.indexOf('D', frame) > frame && s.indexOf('#', frame) > frame;
    }

    private interface Send {
        void run() throws IOException;
    }

    private static String printable(String s) {
        return printable(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String printable(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte x : bytes) {
            int b = x & 0xff;
            s.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return s.toString();
    }
}
