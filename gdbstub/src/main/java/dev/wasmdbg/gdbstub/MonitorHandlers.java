package dev.wasmdbg.gdbstub;

import dev.wasmdbg.gdbstub.packet.Hex;
import dev.wasmdbg.gdbstub.target.Monitor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * qRcmd: the text goes out as console output (O packets), then OK. LLDB and GDB print O
 * packets' text, while a hex reply is shown as hex by LLDB ("process plugin packet monitor ...").
 */
final class MonitorHandlers {
    private static final int CHUNK = 4096;

    private MonitorHandlers() {}

    static void register(Dispatcher d, Monitor monitor) {
        d.prefix("qRcmd,", (c, p) -> {
            String line = new String(Hex.decode(p.after("qRcmd,")), StandardCharsets.UTF_8).trim();
            List<String> words = line.isEmpty() ? List.of() : Arrays.asList(line.split("\\s+"));
            Monitor.Command command = words.isEmpty() ? null : monitor.commands().get(words.get(0));
            String text;
            if (command == null) {
                text = help(monitor);
            } else {
                Monitor.Reply reply = command.run(words.subList(1, words.size()));
                if (reply.newRun()) {
                    c.newRun();
                }
                text = reply.text();
            }
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < utf8.length; i += CHUNK) {
                c.send("O" + Hex.encode(utf8, i, Math.min(CHUNK, utf8.length - i)));
            }
            return "OK";
        });
    }

    private static String help(Monitor monitor) {
        StringBuilder s = new StringBuilder("wasmdbg monitor commands:\n");
        monitor.commands().values().forEach(c -> s.append("  ").append(c.help()).append('\n'));
        s.append("  help               this list\n");
        return s.toString();
    }
}
