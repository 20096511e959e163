package dev.wasmdbg.gdbstub.target;

import java.util.List;
import java.util.Map;

/** `monitor` commands (qRcmd), by name; "help" is the server's, listing them. */
public interface Monitor {

    /** A command's answer: the text to show, and whether it began a new run (pending resumes are void). */
    record Reply(String text, boolean newRun) {
        public static Reply text(String text) {
            return new Reply(text, false);
        }
    }

    interface Command {
        /** One line: its arguments and what it does. */
        String help();

        Reply run(List<String> args);
    }

    /** The commands, in the order help lists them. */
    Map<String, Command> commands();
}
