package dev.wasmdbg.gdbstub.dialect;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Packets of every command the server knows, with arguments chosen by fuzz data: plausible ones
 * and hostile ones (huge, negative, empty, not hex, too many digits, escaped, run-length coded).
 * Writes to linear memory go to its first 0x400 bytes (the unused bottom of fact-O0's stack) or
 * out of range, so that no input can end the program by itself: a spinning program must stay one.
 */
final class DialectGrammar {
    /** A packet body as it goes on the wire (escapes and run-length codes in it are meant). */
    record Packet(byte[] body, Kind kind) {
        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    /** What answers a packet: a reply, nothing until the program stops (a resume), or a reply and a hang-up. */
    enum Kind { REPLY, BINARY_READ, RESUME, NO_ACK, DETACH }

    private static final String[] MONITOR = {"info", "help", "symbolize 0x4000000100000629", "symbolize 629",
            "symbolize", "symbolize zz", "restart", "", "frobnicate", "info extra words"};

    private final FuzzedDataProvider data;
    private final long image;

    DialectGrammar(FuzzedDataProvider data, long image) {
        this.data = data;
        this.image = image;
    }

    Packet next() {
        switch (data.consumeInt(0, 24)) {
            case 0: return reply("?");
            case 1: return reply("qSupported:" + oneOf(() -> "xmlRegisters=wasm;multiprocess+;swbreak+", () -> "",
                    () -> ";;;", () -> "qRelocInsn+", () -> "PacketSize=" + hex()));
            case 2: return new Packet(ascii("QStartNoAckMode"), Kind.NO_ACK);
            case 3: return reply("QEnableErrorStrings");
            case 4: return reply("qProcessInfo");
            case 5: return reply("qRegisterInfo" + hex());
            case 6: return reply(oneOf(() -> "qfThreadInfo", () -> "qsThreadInfo", () -> "qC", () -> "qAttached"));
            case 7: return reply("vCont?");
            case 8: return reply(oneOf(() -> "g", () -> "p" + hex(), () -> "p0;thread:" + hex() + ";"));
            case 9: return reply("qWasmCallStack:" + decimal());
            case 10: return reply("qWasmLocal:" + decimal() + ";" + decimal());
            case 11: return reply("qWasmGlobal:" + decimal() + ";" + decimal());
            case 12: return reply("qWasmStackValue:" + decimal() + ";" + decimal());
            case 13: return reply("qXfer:libraries:read::" + hex()
                    + oneOf(() -> "," + hex(), () -> "", () -> ",", () -> "," + hex() + ","));
            case 14: return reply("m" + address() + oneOf(() -> "," + hex(), () -> "", () -> ","));
            case 15: return new Packet(ascii("x" + address() + "," + hex()), Kind.BINARY_READ);
            case 16: return reply("M" + writable() + "," + hex() + ":" + oneOf(this::hexBytes, () -> "zz", () -> "abc", () -> ""));
            case 17: return binaryWrite();
            case 18: return reply((data.consumeBoolean() ? "Z" : "z") + data.consumeInt(0, 5) + "," + address() + "," + hex());
            case 19: return resume();
            case 20: return reply("k");
            case 21: return new Packet(ascii("D" + oneOf(() -> "", () -> ";1", () -> ";" + hex())), Kind.DETACH);
            case 22: return reply("qRcmd," + oneOf(() -> RspClient.hex(monitor()), () -> "zz", () -> "abc", () -> ""));
            case 23: return reply("q" + escapedText(data.consumeInt(0, 24)));
            default: return reply(escapedText(data.consumeInt(0, 48)));
        }
    }

    /** A packet of any of the kinds above, as text, for a frame that is damaged anyway. */
    String anyText() {
        return next().text();
    }

    private Packet resume() {
        String p = oneOf(() -> "c", () -> "c" + address(), () -> "C" + hex(), () -> "s", () -> "S" + hex(),
                () -> "vCont;c", () -> "vCont;s", () -> "vCont;c:1", () -> "vCont;C05:-1",
                () -> "vCont;S" + hex() + ":" + hex(), () -> "vCont;t", () -> "vCont;", () -> "vCont;" + escapedText(8));
        return new Packet(ascii(p), Kind.RESUME);
    }

    private Packet binaryWrite() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] head = ascii("X" + writable() + "," + hex() + ":");
        b.write(head, 0, head.length);
        byte[] payload = data.consumeBytes(data.consumeInt(0, 64));
        boolean raw = data.consumeBoolean(); // '}' and '*' left as codes
        for (byte x : payload) {
            if (x == '#' || x == '$' || !raw && (x == '}' || x == '*')) {
                b.write('}');
                b.write(x ^ 0x20);
            } else {
                b.write(x);
            }
        }
        return new Packet(b.toByteArray(), Kind.REPLY);
    }

    private String monitor() {
        if (data.consumeBoolean()) {
            return MONITOR[data.consumeInt(0, MONITOR.length - 1)];
        }
        return new String(data.consumeBytes(data.consumeInt(0, 32)), StandardCharsets.ISO_8859_1);
    }

    /** A hex number as the packets take them, or something hostile in its place. */
    private String hex() {
        switch (data.consumeInt(0, 11)) {
            case 0: return Integer.toHexString(data.consumeInt(0, 0x40));
            case 1: return Integer.toHexString(data.consumeInt(0, 0x20100));
            case 2: return "ffffffffffffffff";
            case 3: return "ffffffff";
            case 4: return "-1";
            case 5: return "";
            case 6: return "zz";
            case 7: return "1" + "0".repeat(data.consumeInt(15, 40));
            case 8: return Long.toHexString(data.consumeLong());
            case 9: return "}" + (char) ('1' ^ 0x20); // an escaped '1'
            case 10: return "1* "; // run-length: "1111"
            default: return "f*" + (char) data.consumeInt(' ', '~');
        }
    }

    /** A frame or index as qWasm* packets take them (decimal), or something hostile. */
    private String decimal() {
        switch (data.consumeInt(0, 9)) {
            case 0: return Integer.toString(data.consumeInt(0, 8));
            case 1: return "4294967295";
            case 2: return "99999999999999999999";
            case 3: return "-1";
            case 4: return "2147483647";
            case 5: return "-2147483648";
            case 6: return "";
            case 7: return "ff";
            case 8: return Integer.toString(data.consumeInt());
            default: return "0* "; // run-length: "0000"
        }
    }

    /** An address to read or break at: in the image, in memory, or hostile. */
    private String address() {
        switch (data.consumeInt(0, 5)) {
            case 0: return Long.toHexString(image | data.consumeInt(0, 0x30000));
            case 1: return Long.toHexString(image | pickLong(Fact.LINE_22, Fact.SPIN_LOOP, Fact.DIVIDE, Fact.entry()));
            case 2: return Long.toHexString(0x4000000100000000L | data.consumeInt(0, 0x30000));
            case 3: return Long.toHexString(data.consumeInt(0, 0x30000));
            default: return hex();
        }
    }

    /** An address to write at: the first 0x400 bytes of memory, or one no write can reach. */
    private String writable() {
        switch (data.consumeInt(0, 4)) {
            case 0: return Integer.toHexString(data.consumeInt(0, 0x3c0));
            case 1: return "ffff" + String.format("%04x", data.consumeInt(0, 0xffff));
            case 2: return Long.toHexString(image | data.consumeInt(0, 0x30000)); // the image: read-only
            case 3: return oneOf(() -> "", () -> "zz", () -> "-1", () -> "1" + "0".repeat(20));
            default: return "}" + (char) ('1' ^ 0x20) + "0"; // escaped "10"
        }
    }

    private String hexBytes() {
        return RspClient.hex(data.consumeBytes(data.consumeInt(0, 32)));
    }

    /** Up to {@code max} bytes of text with {@code #} and {@code $} escaped (framing stays intact). */
    private String escapedText(int max) {
        StringBuilder s = new StringBuilder();
        for (byte x : data.consumeBytes(max)) {
            if (x == '#' || x == '$') {
                s.append('}').append((char) ((x ^ 0x20) & 0xff));
            } else {
                s.append((char) (x & 0xff));
            }
        }
        return s.toString();
    }

    /** One of the options, only the chosen one computed (so only it consumes data). */
    @SafeVarargs
    private String oneOf(Supplier<String>... options) {
        return options[data.consumeInt(0, options.length - 1)].get();
    }

    private long pickLong(long... options) {
        return options[data.consumeInt(0, options.length - 1)];
    }

    /** A packet the generator meant as a query; random text can still be a resume or a D, as the server reads it. */
    private Packet reply(String text) {
        return new Packet(ascii(text), kindOf(text));
    }

    /** What the server makes of a packet: a resume (answered when the program stops), a detach, or a query. */
    static Kind kindOf(String text) {
        if (text.startsWith("D")) {
            return Kind.DETACH;
        }
        boolean resume = text.startsWith("c") && !text.contains(";") || text.startsWith("C") || text.equals("s")
                || text.startsWith("S") || text.startsWith("vCont;") && text.length() > 6
                && "cCsSt".indexOf(text.charAt(6)) >= 0;
        return resume ? Kind.RESUME : Kind.REPLY;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
