package dev.wasmdbg.gdbstub.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.debugger.CodeLocation;
import dev.wasmdbg.debugger.LocalValue;
import dev.wasmdbg.debugger.StopEvent;
import dev.wasmdbg.gdbstub.GdbServer;
import dev.wasmdbg.gdbstub.WasmAddress;
import dev.wasmdbg.gdbstub.target.ReverseExecution;
import dev.wasmdbg.gdbstub.target.Target;
import dev.wasmdbg.gdbstub.target.Watchpoints;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        try (GdbServer server = serve(new FakeTarget(false, false)); RspClient c = client(server)) {
            assertThat(c.request("qSupported:xmlRegisters=i386")).isEqualTo(
                    "PacketSize=20000;qXfer:libraries:read+;vContSupported+;QStartNoAckMode+");
            assertThat(c.request("Z0,4000000100000010,1")).isEmpty(); // no software breakpoints
            assertThat(c.request("qRcmd,68656c70")).isEmpty(); // no monitor
            assertThat(c.request("bc")).isEmpty(); // no reverse execution
            assertThat(c.request("qWatchpointSupportInfo")).isEmpty();
            assertThat(c.request("Z2,1000,4")).isEmpty();
        }
    }

    @Test
    void eachCapabilityAddsItsFeaturesAndPackets() throws Exception {
        FakeTarget target = new FakeTarget(true, true);
        try (GdbServer server = serve(target); RspClient c = client(server)) {
            assertThat(c.request("qSupported")).isEqualTo("PacketSize=20000;qXfer:libraries:read+;vContSupported+;"
                    + "QStartNoAckMode+;ReverseContinue+;ReverseStep+");
            assertThat(c.request("qWatchpointSupportInfo")).isEqualTo("num:4;");
            assertThat(c.request("Z2,1000,4")).isEqualTo("OK");
            assertThat(c.request("z2,1000,4")).isEqualTo("OK");
            assertThat(target.calls).containsExactly("watch+ WRITE 1000 4", "watch- WRITE 1000 4");
            // bc: no immediate reply; the stop the target reports is the reply
            assertThat(c.request("bc")).isEqualTo("T05thread:1;00:1000000001000040;reason:trace;");
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

    /** A client of the server in no-ack mode. */
    private static RspClient client(GdbServer server) throws Exception {
        RspClient c = RspClient.open(server.port());
        assertThat(c.request("QStartNoAckMode")).isEqualTo("OK");
        c.markNoAck();
        return c;
    }
}
