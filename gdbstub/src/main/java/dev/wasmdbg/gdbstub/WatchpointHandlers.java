package dev.wasmdbg.gdbstub;

import dev.wasmdbg.gdbstub.target.Watchpoints;

/** Z2/Z3/Z4 and z2/z3/z4 on linear memory, and how many the target holds; registered only for a target that has them. */
final class WatchpointHandlers {
    private WatchpointHandlers() {}

    static void register(Dispatcher d, Watchpoints watchpoints) {
        d.exact("qWatchpointSupportInfo", (c, p) -> "num:" + watchpoints.capacity() + ";");
        d.prefix("qWatchpointSupportInfo:", (c, p) -> "num:" + watchpoints.capacity() + ";");
        Watchpoints.Kind[] kinds = {Watchpoints.Kind.WRITE, Watchpoints.Kind.READ, Watchpoints.Kind.ACCESS};
        for (int i = 0; i < kinds.length; i++) {
            Watchpoints.Kind kind = kinds[i];
            d.prefix("Z" + (i + 2) + ",", (c, p) -> {
                String[] f = Packet.fields(p.text().substring(3), ",", 2);
                watchpoints.add(c.owner(), kind, Packet.hex(f[0]), Packet.length(f[1], 8));
                return "OK";
            });
            d.prefix("z" + (i + 2) + ",", (c, p) -> {
                String[] f = Packet.fields(p.text().substring(3), ",", 2);
                watchpoints.remove(c.owner(), kind, Packet.hex(f[0]), Packet.length(f[1], 8));
                return "OK";
            });
        }
    }
}
