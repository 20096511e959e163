package dev.wasmdbg.gdbstub;

import dev.wasmdbg.gdbstub.target.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Packet to handler, as LLGS's handler table: exact names first, then the longest registered
 * prefix. Built for one target from the capabilities it has, so a packet of a capability that is
 * absent is unknown (the empty reply); the qSupported features come from the same place.
 */
final class Dispatcher {
    static final int PACKET_SIZE = 0x20000;

    private final Map<String, Handler> exact = new HashMap<>();
    private final List<Map.Entry<String, Handler>> prefixes = new ArrayList<>();
    private final List<String> features = new ArrayList<>();

    static Dispatcher of(Target target) {
        Dispatcher d = new Dispatcher();
        d.feature("PacketSize=" + Integer.toHexString(PACKET_SIZE));
        BaseHandlers.register(d);
        WasmHandlers.register(d, target);
        MemoryHandlers.register(d);
        ResumeHandlers.register(d);
        d.feature("QStartNoAckMode+");
        target.swBreakpoints().ifPresent(b -> BreakpointHandlers.register(d, b));
        target.watchpoints().ifPresent(w -> WatchpointHandlers.register(d, w));
        target.reverse().ifPresent(r -> ReverseHandlers.register(d, r));
        target.monitor().ifPresent(m -> MonitorHandlers.register(d, m));
        return d;
    }

    void exact(String name, Handler h) {
        exact.put(name, h);
    }

    void prefix(String prefix, Handler h) {
        prefixes.add(Map.entry(prefix, h));
        prefixes.sort((a, b) -> b.getKey().length() - a.getKey().length());
    }

    void feature(String feature) {
        features.add(feature);
    }

    /** The qSupported reply. */
    String features() {
        return String.join(";", features);
    }

    /** The handler for a packet, or null (unsupported). */
    Handler find(String packet) {
        Handler h = exact.get(packet);
        if (h != null) {
            return h;
        }
        for (var e : prefixes) {
            if (packet.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }
}
