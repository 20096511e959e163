package dev.wasmdbg.gdbstub.dialect;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A bare GDB remote protocol client over a socket, strict about what it reads: checksums are
 * verified, escapes ({@code }}) and run-length codes ({@code *}) decoded, console output ({@code O}
 * packets) collected on the side. In ack mode (the start of every connection) it acks each packet
 * it reads; {@link #noAck()} switches both sides off. A read that times out fails the test with
 * what had arrived.
 */
final class RspClient implements AutoCloseable {
    /** How long a test waits for one reply unless it says otherwise. */
    static final Duration REPLY = Duration.ofSeconds(5);
    private static final int TRANSCRIPT = 2_000;

    /** What arrived: a whole packet, a nack, the end of the connection, or nothing in time. */
    sealed interface Received {}

    record Packet(byte[] payload) implements Received {
        String text() {
            return new String(payload, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return "Packet[" + printable(payload, payload.length) + "]";
        }
    }

    record Nack() implements Received {}

    record Closed() implements Received {}

    record Silence() implements Received {}

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final StringBuilder console = new StringBuilder();
    private final StringBuilder transcript = new StringBuilder();
    private boolean acks = true;
    private boolean closed;

    private RspClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects in ack mode; nothing is sent. */
    static RspClient open(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setTcpNoDelay(true);
        return new RspClient(s);
    }

    // ---- sending -------------------------------------------------------------------------------

    /** Sends {@code payload} exactly: {@code # $ } *} escaped, checksum right. */
    void send(String payload) throws IOException {
        send(payload.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] payload) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte b : payload) {
            if (b == '#' || b == '$' || b == '}' || b == '*') {
                body.write('}');
                body.write(b ^ 0x20);
            } else {
                body.write(b);
            }
        }
        sendFramed(body.toByteArray());
    }

    /** Sends {@code $body#xx} with {@code body} as it is (escapes, run-length codes and all), checksum right. */
    void sendFramed(byte[] body) throws IOException {
        sendFramed(body, checksum(body));
    }

    void sendFramed(byte[] body, int checksum) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(body.length + 4);
        frame.write('$');
        frame.write(body, 0, body.length);
        frame.write(String.format("#%02x", checksum & 0xff).getBytes(StandardCharsets.ISO_8859_1));
        sendRaw(frame.toByteArray());
    }

    /** Sends {@code payload} framed with a checksum one off from the right one. */
    void sendBadChecksum(String payload) throws IOException {
        byte[] body = payload.getBytes(StandardCharsets.ISO_8859_1);
        sendFramed(body, checksum(body) + 1);
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The interrupt byte, 0x03. */
    void interrupt() throws IOException {
        sendRaw(new byte[] {3});
    }

    // ---- receiving -----------------------------------------------------------------------------

    /** The next reply (console output skipped), or the test fails within {@code timeout}. */
    String reply(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Received r = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (r instanceof Packet p) {
                if (!isConsole(p.payload())) {
                    return p.text();
                }
            } else if (!(r instanceof Nack)) {
                throw new AssertionError("no reply within " + timeout.toMillis() + " ms (" + r + "); received: "
                        + transcript());
            }
        }
    }

    String reply() throws IOException {
        return reply(REPLY);
    }

    /** Sends {@code payload} and returns its reply. */
    String request(String payload) throws IOException {
        send(payload);
        return reply();
    }

    String request(String payload, Duration timeout) throws IOException {
        send(payload);
        return reply(timeout);
    }

    /** Switches acks off on both sides: QStartNoAckMode must be answered OK. */
    void noAck() throws IOException {
        String r = request("QStartNoAckMode");
        if (!r.equals("OK")) {
            throw new AssertionError("QStartNoAckMode answered '" + r + "'");
        }
        markNoAck();
    }

    /** The server has OK'd QStartNoAckMode: from now on neither side acks. */
    void markNoAck() {
        acks = false;
    }

    /** The console text the server has sent (O packets), decoded. */
    String console() {
        return console.toString();
    }

    /**
     * What comes next within {@code timeout}: a packet (console packets included, their text also
     * collected), a nack, the end of the connection, or silence. Acks are skipped.
     */
    Received next(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int b = read(deadline);
            if (b == -1) {
                return new Closed();
            }
            if (b == -2) {
                return new Silence();
            }
            if (b == '-') {
                return new Nack();
            }
            if (b == '$') {
                Packet p = readPacket(deadline);
                if (p == null) {
                    throw new AssertionError("a packet was cut off; received: " + transcript());
                }
                if (acks) {
                    sendRaw(new byte[] {'+'});
                }
                if (isConsole(p.payload())) {
                    console.append(new String(unhex(p.text().substring(1)), StandardCharsets.UTF_8));
                }
                return p;
            }
            // '+' and anything else between packets is not a message
        }
    }

    /** Like {@link #next} with console output skipped. */
    Received nextReply(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Received r = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (!(r instanceof Packet p && isConsole(p.payload()))) {
                return r;
            }
        }
    }

    /** Reads until the server closes the connection, failing after {@code timeout}; returns the replies seen. */
    String awaitClosed(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder seen = new StringBuilder();
        while (true) {
            Received r = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (r instanceof Closed) {
                return seen.toString();
            }
            if (r instanceof Silence) {
                throw new AssertionError("the connection stayed open for " + timeout.toMillis() + " ms; received: "
                        + transcript());
            }
            if (r instanceof Packet p && !isConsole(p.payload())) {
                seen.append(p.text()).append('\n');
            }
        }
    }

    /** Everything received so far (the last bytes of it), printable: for failure messages. */
    String transcript() {
        return transcript.toString();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private Packet readPacket(long deadline) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int sum = 0;
        boolean escape = false;
        int last = -1;
        while (true) {
            int b = read(deadline);
            if (b < 0) {
                return null;
            }
            if (b == '#') {
                break;
            }
            sum += b;
            if (escape) {
                escape = false;
                last = b ^ 0x20;
                payload.write(last);
            } else if (b == '}') {
                escape = true;
            } else if (b == '*') {
                int count = read(deadline);
                if (count < 0) {
                    return null;
                }
                sum += count;
                if (last < 0 || count < ' ' || count > '~') {
                    throw new AssertionError("bad run-length code in a reply; received: " + transcript());
                }
                for (int i = 0; i < count - 29; i++) {
                    payload.write(last);
                }
            } else {
                last = b;
                payload.write(b);
            }
        }
        int high = read(deadline);
        int low = read(deadline);
        if (high < 0 || low < 0) {
            return null;
        }
        int sent = Character.digit(high, 16) << 4 | Character.digit(low, 16);
        if (sent != (sum & 0xff)) {
            throw new AssertionError(String.format("reply checksum %c%c, expected %02x; received: %s", high, low,
                    sum & 0xff, transcript()));
        }
        return new Packet(payload.toByteArray());
    }

    /** One byte; -1 at the end of the connection, -2 when the deadline passed. */
    private int read(long deadline) throws IOException {
        if (closed) {
            return -1;
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0 && in.available() == 0) {
            return -2;
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(left, Integer.MAX_VALUE)));
        int b;
        try {
            b = in.read();
        } catch (SocketTimeoutException e) {
            return -2;
        } catch (IOException e) {
            b = -1; // reset by the server: the same as closed, for a test
        }
        if (b < 0) {
            closed = true;
            return -1;
        }
        transcript.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        if (transcript.length() > 2 * TRANSCRIPT) {
            transcript.delete(0, transcript.length() - TRANSCRIPT);
        }
        return b;
    }

    /** A console packet: {@code O} and hex text ("OK" is a reply, not output). */
    static boolean isConsole(byte[] payload) {
        if (payload.length < 3 || payload[0] != 'O' || payload.length % 2 == 0) {
            return false;
        }
        for (int i = 1; i < payload.length; i++) {
            if (Character.digit(payload[i], 16) < 0) {
                return false;
            }
        }
        return true;
    }

    static int checksum(byte[] body) {
        int sum = 0;
        for (byte b : body) {
            sum += b & 0xff;
        }
        return sum & 0xff;
    }

    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            s.append(String.format("%02x", b & 0xff));
        }
        return s.toString();
    }

    static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] unhex(String text) {
        if (text.length() % 2 != 0) {
            throw new AssertionError("odd-length hex: " + text);
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(text.charAt(2 * i), 16);
            int lo = Character.digit(text.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new AssertionError("not hex: " + text);
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** {@code size} little-endian bytes of {@code value}, as hex. */
    static String littleEndian(long value, int size) {
        StringBuilder s = new StringBuilder(size * 2);
        for (int i = 0; i < size; i++) {
            s.append(String.format("%02x", (value >>> (8 * i)) & 0xff));
        }
        return s.toString();
    }

    /** Little-endian hex back to a value (at most 8 bytes). */
    static long fromLittleEndian(String hex) {
        byte[] bytes = unhex(hex);
        if (bytes.length > 8) {
            throw new AssertionError("more than 8 bytes: " + hex);
        }
        long v = 0;
        for (int i = bytes.length - 1; i >= 0; i--) {
            v = v << 8 | (bytes[i] & 0xff);
        }
        return v;
    }

    private static String printable(byte[] bytes, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) {
            int b = bytes[i] & 0xff;
            s.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return s.toString();
    }
}
