package dev.wasmdbg.gdbstub;

import dev.wasmdbg.gdbstub.packet.Hex;
import dev.wasmdbg.gdbstub.target.Target;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** m, x (reads: module images and linear memory) and M, X (writes: linear memory). Lengths are clamped to a reply. */
final class MemoryHandlers {
    private static final int MAX_READ = Dispatcher.PACKET_SIZE / 2 - 8;

    private MemoryHandlers() {}

    static void register(Dispatcher d) {
        d.prefix("m", (c, p) -> read(c.target(), p.after("m"), false));
        d.prefix("x", (c, p) -> read(c.target(), p.after("x"), true));
        d.prefix("M", (c, p) -> writeHex(c.target(), p.after("M")));
        d.prefix("X", (c, p) -> writeBinary(c.target(), p.raw()));
    }

    private static String read(Target target, String args, boolean binary) {
        String[] f = Packet.fields(args, ",", 2);
        WasmAddress address = WasmAddress.of(Packet.hex(f[0]));
        int length = Packet.length(f[1], MAX_READ);
        byte[] data;
        if (address.type() == WasmAddress.IMAGE) {
            Optional<byte[]> image = target.image(address.module());
            if (image.isEmpty() || address.offset() >= image.get().length) {
                return "E03";
            }
            int end = (int) Math.min(image.get().length, address.offset() + length);
            data = Arrays.copyOfRange(image.get(), (int) address.offset(), end);
        } else if (address.type() == WasmAddress.MEMORY) {
            if (length == 0) {
                return binary ? "OK" : "";
            }
            long size = target.memorySize();
            if (address.offset() >= size) {
                return "E03";
            }
            data = target.readMemory(address.offset(), (int) Math.min(length, size - address.offset()));
        } else {
            return "E03";
        }
        return binary ? new String(data, StandardCharsets.ISO_8859_1) : Hex.encode(data);
    }

    private static String writeHex(Target target, String args) {
        int colon = args.indexOf(':');
        if (colon < 0) {
            return "E03";
        }
        String[] f = Packet.fields(args.substring(0, colon), ",", 2);
        byte[] data = Hex.decode(args, colon + 1, args.length());
        return write(target, f, data);
    }

    private static String writeBinary(Target target, byte[] raw) {
        int colon = -1;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            return "E03";
        }
        String[] f = Packet.fields(new String(raw, 1, colon - 1, StandardCharsets.ISO_8859_1), ",", 2);
        return write(target, f, Arrays.copyOfRange(raw, colon + 1, raw.length));
    }

    private static String write(Target target, String[] addressAndLength, byte[] data) {
        WasmAddress address = WasmAddress.of(Packet.hex(addressAndLength[0]));
        if (address.type() != WasmAddress.MEMORY || data.length != Packet.hex(addressAndLength[1])) {
            return "E03";
        }
        if (data.length > 0) {
            target.writeMemory(address.offset(), data);
        }
        return "OK";
    }
}
