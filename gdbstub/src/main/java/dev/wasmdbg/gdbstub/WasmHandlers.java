package dev.wasmdbg.gdbstub;

import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmdbg.debugger.LocalValue;
import dev.wasmdbg.gdbstub.packet.Hex;
import dev.wasmdbg.gdbstub.target.Target;

/** LLDB's wasm packets: the call stack, locals, globals, operand stack values, and the module list. */
final class WasmHandlers {
    private WasmHandlers() {}

    static void register(Dispatcher d, Target target) {
        d.prefix("qWasmCallStack", (c, p) -> {
            StringBuilder s = new StringBuilder();
            for (WasmAddress pc : c.target().callStack()) {
                s.append(Hex.le(pc.raw(), 8));
            }
            return s.toString();
        });
        d.prefix("qWasmLocal:", (c, p) -> {
            String[] f = Packet.fields(p.after("qWasmLocal:"), ";", 2);
            return value(c.target().local(Packet.index(f[0]), Packet.index(f[1])));
        });
        d.prefix("qWasmGlobal:", (c, p) -> {
            String[] f = Packet.fields(p.after("qWasmGlobal:"), ";", 2);
            Packet.index(f[0]); // globals are the instance's, whatever the frame
            return value(c.target().global(Packet.index(f[1])));
        });
        d.prefix("qWasmStackValue:", (c, p) -> {
            String[] f = Packet.fields(p.after("qWasmStackValue:"), ";", 2);
            return Hex.le(c.target().operand(Packet.index(f[0]), Packet.index(f[1])), 8);
        });
        if (!target.libraries().isEmpty()) {
            d.feature("qXfer:libraries:read+");
            d.prefix("qXfer:libraries:read::", (c, p) -> libraries(c.target(), p.after("qXfer:libraries:read::")));
        }
    }

    /** A value as LLDB reads it: 4 bytes for i32/f32, 16 for v128, else 8; little-endian. */
    private static String value(LocalValue v) {
        ValType type = v.type();
        if (type.equals(ValType.I32) || type.equals(ValType.F32)) {
            return Hex.le(v.low(), 4);
        }
        if (type.equals(ValType.V128)) {
            return Hex.le(v.low(), 8) + Hex.le(v.high(), 8);
        }
        return Hex.le(v.low(), 8);
    }

    private static String libraries(Target target, String range) {
        StringBuilder xml = new StringBuilder("<library-list>");
        for (Target.Library l : target.libraries()) {
            xml.append("<library name=\"").append(escapeXml(l.name())).append("\"><section address=\"0x")
                    .append(Long.toHexString(WasmAddress.image(l.module(), 0).raw())).append("\"/></library>");
        }
        xml.append("</library-list>");
        String[] offLen = Packet.fields(range, ",", 2);
        int off = Packet.length(offLen[0], Integer.MAX_VALUE);
        int len = Packet.length(offLen[1], Dispatcher.PACKET_SIZE / 2);
        if (off >= xml.length()) {
            return "l";
        }
        int end = (int) Math.min(xml.length(), (long) off + len);
        return (end < xml.length() ? "m" : "l") + xml.substring(off, end);
    }

    private static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
