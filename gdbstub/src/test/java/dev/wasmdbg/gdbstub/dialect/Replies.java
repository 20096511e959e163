package dev.wasmdbg.gdbstub.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The expected shapes of the dialect's replies, and reading values out of them. */
final class Replies {
    /** A T stop reply: signal, thread 1, the PC as register 0 (8 bytes, little-endian), then key:value pairs. */
    static final Pattern T_STOP = Pattern.compile("T([0-9a-f]{2})thread:1;00:([0-9a-f]{16});((?:[a-z-]+:[^;]*;)*)");
    static final Pattern ERROR = Pattern.compile("E[0-9a-f]{2}(;([0-9a-f]{2})+)?");
    private static final Pattern SECTION = Pattern.compile("<section address=\"0x([0-9a-f]+)\"/>");

    private Replies() {}

    /** The exact T reply for a stop at {@code pc} with its reason fields ("reason:breakpoint;"). */
    static String stop(String signal, long pc, String reasonFields) {
        return "T" + signal + "thread:1;00:" + RspClient.littleEndian(pc, 8) + ";" + reasonFields;
    }

    static String breakpoint(long pc) {
        return stop("05", pc, "reason:breakpoint;");
    }

    static String trace(long pc) {
        return stop("05", pc, "reason:trace;");
    }

    /** The PC a T reply reports. */
    static long pc(String reply) {
        Matcher m = T_STOP.matcher(reply);
        assertThat(m.matches()).as("a T stop reply: %s", reply).isTrue();
        return RspClient.fromLittleEndian(m.group(2));
    }

    /** The key:value pairs after the PC of a T reply. */
    static Map<String, String> fields(String reply) {
        Matcher m = T_STOP.matcher(reply);
        assertThat(m.matches()).as("a T stop reply: %s", reply).isTrue();
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : m.group(3).split(";")) {
            if (!pair.isEmpty()) {
                int colon = pair.indexOf(':');
                out.put(pair.substring(0, colon), pair.substring(colon + 1));
            }
        }
        return out;
    }

    /** The whole library list, read in chunks as LLDB does. */
    static String libraries(RspClient c) throws IOException {
        StringBuilder xml = new StringBuilder();
        while (true) {
            String r = c.request("qXfer:libraries:read::" + Integer.toHexString(xml.length()) + ",200");
            assertThat(r).as("a qXfer chunk").matches("(?s)[lm].*");
            xml.append(r.substring(1));
            if (r.startsWith("l")) {
                return xml.toString();
            }
        }
    }

    /** The module's image base (type 1, its module id, offset 0) from the library list. */
    static long moduleBase(RspClient c) throws IOException {
        String xml = libraries(c);
        Matcher m = SECTION.matcher(xml);
        assertThat(m.find()).as("a section address in %s", xml).isTrue();
        long base = Long.parseUnsignedLong(m.group(1), 16);
        assertThat(base >>> 62).as("image address type of %s", m.group(1)).isEqualTo(1L);
        assertThat(base & 0xffffffffL).as("offset of the image base").isZero();
        return base;
    }

    /** A qWasmCallStack reply: one or more 16-hex-digit little-endian addresses. */
    static List<Long> callStack(String reply) {
        assertThat(reply).as("qWasmCallStack reply").matches("([0-9a-f]{16})+");
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < reply.length(); i += 16) {
            out.add(RspClient.fromLittleEndian(reply.substring(i, i + 16)));
        }
        return out;
    }

    /** The text of an error reply sent after QEnableErrorStrings ("Exx;hex-text"). */
    static String errorText(String reply) {
        assertThat(reply).as("an error with its text").matches("E[0-9a-f]{2};([0-9a-f]{2})+");
        return new String(RspClient.unhex(reply.substring(4)), StandardCharsets.UTF_8);
    }

    /** Runs a monitor command (qRcmd): its text comes as console output, then OK, within {@code timeout}. */
    static String monitor(RspClient c, String command, Duration timeout) throws IOException {
        int before = c.console().length();
        String r = c.request("qRcmd," + RspClient.hex(command), timeout);
        assertThat(r).as("reply to monitor %s", command).isEqualTo("OK");
        return c.console().substring(before);
    }
}
