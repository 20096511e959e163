package dev.wasmdbg.gdbstub.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.debugger.CodeLocation;
import dev.wasmdbg.debugger.LocalValue;
import dev.wasmdbg.debugger.StopEvent;
import dev.wasmdbg.gdbstub.GdbServer;
import dev.wasmdbg.gdbstub.WasmAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dialect offers exactly what its target has: qSupported is derived from the capabilities
 * present, and a packet of an absent capability is unsupported (the empty reply).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CapabilitiesTest {

    @Test
    void qSupportedListsTheCoreFeaturesOfAPlainTarget() throws Exception {
        try (GdbServer server = serve(new FakeTarget(false, false)); Client c = new Client(server.port())) {
            assertThat(c.ask("qSupported:xmlRegisters=i386")).isEqualTo(
                    "PacketSize=20000;qXfer:libraries:read+;vContSupported+;QStartNoAckMode+");
            assertThat(c.ask("Z0,4000000100000010,1")).isEmpty(); // no software breakpoints
            assertThat(c.ask("qRcmd,68656c70")).isEmpty(); // no monitor
            assertThat(c.ask("bc")).isEmpty(); // no reverse execution
            assertThat(c.ask("qWatchpointSupportInfo")).isEmpty();
            assertThat(c.ask("Z2,1000,4")).isEmpty();
        }
    }

    @Test
    void eachCapabilityAddsItsFeaturesAndPackets() throws Exception {
        FakeTarget target = new FakeTarget(true, true);
        try (GdbServer server = serve(target); Client c = new Client(server.port())) {
            assertThat(c.ask("qSupported")).isEqualTo("PacketSize=20000;qXfer:libraries:read+;vContSupported+;"
                    + "QStartNoAckMode+;ReverseContinue+;ReverseStep+");
            assertThat(c.ask("qWatchpointSupportInfo")).isEqualTo("num:4;");
            assertThat(c.ask("Z2,1000,4")).isEqualTo("OK");
            assertThat(c.ask("z2,1000,4")).isEqualTo("OK");
            assertThat(target.calls).containsExactly("watch+ WRITE 1000 4", "watch- WRITE 1000 4");
            // bc: no immediate reply; the stop the target reports is the reply
            assertThat(c.ask("bc")).isEqualTo("T05thread:1;00:1000000001000040;reason:trace;");
            assertThat(target.calls).endsWith("continue backward");
        }
    }

    private static GdbServer serve(Target target) throws InterruptedException {
        return GdbServer.start(out -> target, new GdbServer.Options("127.0.0.1", 0, false),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** A target of one module whose program is paused at 0x10 and never runs; it records what it is asked. */
    private static final class FakeTarget implements Target {
        final List<String> calls = new CopyOnWriteArrayList<>();
        private final List<Consumer<StopEvent>> listeners = new CopyOnWriteArrayList<>();
        private final boolean watch;
        private final boolean reverse;
        private final StopEvent here = new StopEvent.StepDone(new CodeLocation(1, 0, 0x10));

        FakeTarget(boolean watch, boolean reverse) {
            this.watch = watch;
            this.reverse = reverse;
        }

        @Override
        public String processName() {
            return "fake";
        }

        @Override
        public List<Library> libraries() {
            return List.of(new Library(1, "fake.wasm"));
        }

        @Override
        public Optional<byte[]> image(int module) {
            return module == 1 ? Optional.of(new byte[64]) : Optional.empty();
        }

        @Override
        public void addStopListener(Consumer<StopEvent> listener) {
            listeners.add(listener);
        }

        @Override
        public void removeStopListener(Consumer<StopEvent> listener) {
            listeners.remove(listener);
        }

        @Override
        public Optional<StopEvent> currentStop() {
            return Optional.of(here);
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public void resume() {
            listeners.forEach(l -> l.accept(here));
        }

        @Override
        public void stepInstruction() {
            listeners.forEach(l -> l.accept(here));
        }

        @Override
        public void interrupt() {}

        @Override
        public void kill() {}

        @Override
        public void prepareForClient() {}

        @Override
        public WasmAddress stopAddress(StopEvent stop) {
            return WasmAddress.image(1, stop.address());
        }

        @Override
        public List<WasmAddress> callStack() {
            return List.of(WasmAddress.image(1, 0x10));
        }

        @Override
        public LocalValue local(int frame, int index) {
            throw new IllegalArgumentException("no locals");
        }

        @Override
        public LocalValue global(int index) {
            throw new IllegalArgumentException("no globals");
        }

        @Override
        public long operand(int frame, int index) {
            throw new IllegalArgumentException("no operands");
        }

        @Override
        public long memorySize() {
            return 0;
        }

        @Override
        public byte[] readMemory(long address, int length) {
            throw new IllegalArgumentException("no memory");
        }

        @Override
        public void writeMemory(long address, byte[] data) {
            throw new IllegalArgumentException("no memory");
        }

        @Override
        public Optional<Watchpoints> watchpoints() {
            return !watch ? Optional.empty() : Optional.of(new Watchpoints() {
                @Override
                public int capacity() {
                    return 4;
                }

                @Override
                public void add(String owner, Kind kind, long address, int length) {
                    calls.add("watch+ " + kind + " " + Long.toHexString(address) + " " + length);
                }

                @Override
                public void remove(String owner, Kind kind, long address, int length) {
                    calls.add("watch- " + kind + " " + Long.toHexString(address) + " " + length);
                }
            });
        }

        @Override
        public Optional<ReverseExecution> reverse() {
            return !reverse ? Optional.empty() : Optional.of(new ReverseExecution() {
                @Override
                public void continueBackward() {
                    calls.add("continue backward");
                    StopEvent back = new StopEvent.StepDone(new CodeLocation(1, 0, 0x10)); // a new stop
                    listeners.forEach(l -> l.accept(back));
                }

                @Override
                public void stepBackward() {
                    calls.add("step backward");
                    listeners.forEach(l -> l.accept(here));
                }
            });
        }
    }

    /** A bare client in no-ack mode. */
    private static final class Client implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;

        Client(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            in = socket.getInputStream();
            assertThat(ask("QStartNoAckMode")).isEqualTo("OK");
        }

        String ask(String payload) throws IOException {
            int sum = 0;
            for (byte b : payload.getBytes(StandardCharsets.ISO_8859_1)) {
                sum += b & 0xff;
            }
            socket.getOutputStream().write(String.format("$%s#%02x", payload, sum & 0xff)
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            List<Integer> got = new ArrayList<>();
            int b;
            while ((b = in.read()) != '$') {
                if (b < 0) {
                    throw new IOException("closed");
                }
            }
            while ((b = in.read()) != '#') {
                got.add(b);
            }
            in.read();
            in.read();
            byte[] bytes = new byte[got.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = got.get(i).byteValue();
            }
            return new String(Arrays.copyOf(bytes, bytes.length), StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
