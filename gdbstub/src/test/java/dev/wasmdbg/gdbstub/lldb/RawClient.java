package dev.wasmdbg.gdbstub.lldb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A bare RSP client over a socket: what a test needs to see a server's exact bytes. */
final class RawClient implements AutoCloseable {
    private final Socket socket = new Socket();
    private final InputStream in;

    RawClient(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000); // a server that never answers fails the test
        in = socket.getInputStream();
    }

    /** Sends {@code $payload#checksum} (the payload needs no escaping). */
    void send(String payload) throws IOException {
        int sum = 0;
        for (byte b : payload.getBytes(StandardCharsets.ISO_8859_1)) {
            sum += b & 0xff;
        }
        socket.getOutputStream().write(String.format("$%s#%02x", payload, sum & 0xff)
                .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Everything the server sends until it closes the connection; fails after 10 s of silence. */
    String readToEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open; it sent: "
                    + out.toString(StandardCharsets.ISO_8859_1), e);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads until {@code text} has arrived (the connection stays open). */
    String readUntil(String text) throws IOException {
        StringBuilder got = new StringBuilder();
        while (got.indexOf(text) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed before '" + text + "'; got: " + got);
            }
            got.append((char) b);
        }
        return got.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
