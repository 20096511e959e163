package dev.wasmdbg.gdbstub;

import dev.wasmdbg.gdbstub.packet.Hex;

/** The handshake and the process, thread and register queries: one process, one thread, one register (pc). */
final class BaseHandlers {
    private static final String TRIPLE = "wasm32-unknown-unknown-wasm";
    private static final String PC_REGISTER = "name:pc;alt-name:pc;bitsize:64;offset:0;encoding:uint;format:hex;"
            + "set:General Purpose Registers;gcc:16;dwarf:16;generic:pc;";

    private BaseHandlers() {}

    static void register(Dispatcher d) {
        d.exact("QStartNoAckMode", (c, p) -> {
            c.requestNoAck();
            return "OK";
        });
        d.prefix("qSupported", (c, p) -> d.features());
        d.exact("QEnableErrorStrings", (c, p) -> {
            c.enableErrorStrings();
            return "OK";
        });
        d.exact("qProcessInfo", (c, p) -> "pid:1;ppid:1;uid:1;gid:1;euid:1;egid:1;name:"
                + Hex.encodeText(c.target().processName()) + ";triple:" + Hex.encodeText(TRIPLE) + ";ptrsize:4;");
        d.prefix("qRegisterInfo", (c, p) -> p.text().equals("qRegisterInfo0") ? PC_REGISTER : "E45");
        d.exact("?", (c, p) -> c.target().currentStop().map(c::stopReply).orElse("S05"));
        d.exact("qfThreadInfo", (c, p) -> "m1");
        d.exact("qsThreadInfo", (c, p) -> "l");
        d.exact("qC", (c, p) -> "QC1");
        d.exact("qAttached", (c, p) -> "1");
        Handler pc = (c, p) -> Hex.le(c.target().callStack().get(0).raw(), 8);
        d.exact("g", pc);
        d.exact("p0", pc);
        d.prefix("p0;", pc);
        d.prefix("p", (c, p) -> "E45");
    }
}
