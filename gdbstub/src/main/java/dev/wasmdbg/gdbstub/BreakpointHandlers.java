package dev.wasmdbg.gdbstub;

import dev.wasmdbg.gdbstub.target.SwBreakpoints;

/** Z0 / z0: code breakpoints at LLDB code addresses, owned by the connection that set them. */
final class BreakpointHandlers {
    private BreakpointHandlers() {}

    static void register(Dispatcher d, SwBreakpoints breakpoints) {
        d.prefix("Z0,", (c, p) -> {
            WasmAddress a = address(p.after("Z0,"));
            if (a.type() != WasmAddress.IMAGE) {
                return "E03";
            }
            breakpoints.add(c.owner(), a.module(), a.offset());
            return "OK";
        });
        d.prefix("z0,", (c, p) -> {
            WasmAddress a = address(p.after("z0,"));
            if (a.type() != WasmAddress.IMAGE) {
                return "E03";
            }
            breakpoints.remove(c.owner(), a.module(), a.offset());
            return "OK";
        });
    }

    /** {@code ADDR,KIND} (the kind, a length, means nothing for wasm). */
    private static WasmAddress address(String args) {
        return WasmAddress.of(Packet.hex(Packet.fields(args, ",", 2)[0]));
    }
}
