package dev.wasmdbg.gdbstub;

import dev.wasmdbg.gdbstub.packet.Hex;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The program's stdout or stderr: printed on the server's console, and sent to the connected
 * client as O packets (LLDB shows them), in pieces that fit a packet.
 */
final class ProgramOutput extends OutputStream {
    private static final int CHUNK = 4096;
    private final OutputStream console;
    private volatile Consumer<byte[]> client;

    ProgramOutput(OutputStream console) {
        this.console = console;
    }

    void connect(Consumer<byte[]> sink) {
        client = sink;
    }

    void disconnect() {
        client = null;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        console.write(b, off, len);
        console.flush();
        Consumer<byte[]> sink = client;
        if (sink != null) {
            for (int i = off; i < off + len; i += CHUNK) {
                String piece = Hex.encode(b, i, Math.min(off + len, i + CHUNK) - i);
                sink.accept(("O" + piece).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    @Override
    public void flush() throws IOException {
        console.flush();
    }
}
