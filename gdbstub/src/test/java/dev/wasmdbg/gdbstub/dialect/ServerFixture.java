package dev.wasmdbg.gdbstub.dialect;

import dev.wasmdbg.debugger.Session;
import dev.wasmdbg.debugger.WasiConfig;
import dev.wasmdbg.debugger.WasiHost;
import dev.wasmdbg.gdbstub.GdbServer;
import dev.wasmdbg.gdbstub.target.SessionTarget;
import dev.wasmdbg.testkit.TestModules;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A wasmdbg server on a test module, on a free port of 127.0.0.1, with the program started paused.
 * Every test of this package gets its server here: the one place to follow the server's start API.
 */
final class ServerFixture implements AutoCloseable {
    /** A refused client (the previous one's disconnect not yet processed) tries again this often. */
    private static final int CONNECT_ATTEMPTS = 200;
    private static final Duration HANDSHAKE = Duration.ofSeconds(2);

    private final GdbServer server;
    private final byte[] module;

    private ServerFixture(GdbServer server, byte[] module) {
        this.server = server;
        this.module = module;
    }

    /** The path the server gives LLDB as the module's name: the test module's absolute path. */
    static String path(String moduleName) {
        return TestModules.wasm(moduleName).toAbsolutePath().toString();
    }

    static ServerFixture start(String moduleName, String... args) {
        Path wasm = TestModules.wasm(moduleName).toAbsolutePath();
        try {
            byte[] bytes = Files.readAllBytes(wasm);
            String name = moduleName.replaceFirst("\\.wasm$", "");
            GdbServer server = GdbServer.start(out -> new SessionTarget(Session.launch(bytes, name, wasm,
                    WasiHost.factory(WasiConfig.of(name, List.of(args))
                            .withStdio(InputStream.nullInputStream(), out.stdout(), out.stderr())), true),
                    wasm.toString()), new GdbServer.Options("127.0.0.1", 0, false),
                    new PrintStream(OutputStream.nullOutputStream()));
            return new ServerFixture(server, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return server.port();
    }

    /** The module's bytes, as the server was given them. */
    byte[] module() {
        return module;
    }

    /** A client in no-ack mode; a client turned away (the server still busy with the last) tries again. */
    RspClient connect() throws IOException {
        return connect(true);
    }

    /** A client that keeps acks on; it has exchanged {@code qC} to know it was not turned away. */
    RspClient connectWithAcks() throws IOException {
        return connect(false);
    }

    private RspClient connect(boolean noAck) throws IOException {
        String last = "";
        for (int attempt = 0; attempt < CONNECT_ATTEMPTS; attempt++) {
            RspClient c = RspClient.open(port());
            c.send(noAck ? "QStartNoAckMode" : "qC");
            RspClient.Received r = c.next(HANDSHAKE);
            while (r instanceof RspClient.Packet p && RspClient.isConsole(p.payload())) {
                r = c.next(HANDSHAKE);
            }
            if (r instanceof RspClient.Packet p && p.text().equals(noAck ? "OK" : "QC1")) {
                if (noAck) {
                    c.markNoAck();
                }
                return c;
            }
            last = r + " after " + c.transcript();
            c.close();
            if (r instanceof RspClient.Silence) {
                throw new AssertionError("the server accepted a client but did not answer its first packet within "
                        + HANDSHAKE.toMillis() + " ms");
            }
            sleep(Duration.ofMillis(5));
        }
        throw new AssertionError("no connection accepted in " + CONNECT_ATTEMPTS + " attempts; last: " + last);
    }

    @Override
    public void close() {
        server.close();
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
