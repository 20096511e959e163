package dev.wasmdbg.gdbstub.packet;

/** Payloads as log text: printable ASCII as is, every other byte as \xNN, long ones cut. */
final class Printable {

    static final int MAX_SHOWN = 200;

    private Printable() {}

    static String of(byte[] bytes) {
        StringBuilder sb = new StringBuilder(Math.min(bytes.length, MAX_SHOWN) + 16);
        int shown = Math.min(bytes.length, MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append("\\x").append(Hex.digitChar(b >>> 4)).append(Hex.digitChar(b));
            }
        }
        if (shown < bytes.length) {
            sb.append("...(").append(bytes.length).append(" bytes)");
        }
        return sb.toString();
    }
}
