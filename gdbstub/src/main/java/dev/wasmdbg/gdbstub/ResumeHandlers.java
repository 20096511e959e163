package dev.wasmdbg.gdbstub;

/**
 * c, C, s, S, vCont, k, D. A resume has no immediate reply: its stop reply is sent when the
 * program stops. One thread: vCont's first action decides, whatever thread it names.
 */
final class ResumeHandlers {
    private ResumeHandlers() {}

    static void register(Dispatcher d) {
        d.feature("vContSupported+");
        d.exact("vCont?", (c, p) -> "vCont;c;C;s;S;t");
        d.prefix("c", (c, p) -> p.text().contains(";") ? "" : c.resumeWith(c.target()::resume));
        d.prefix("C", (c, p) -> c.resumeWith(c.target()::resume));
        d.exact("s", (c, p) -> c.resumeWith(c.target()::stepInstruction));
        d.prefix("S", (c, p) -> c.resumeWith(c.target()::stepInstruction));
        d.prefix("vCont;", (c, p) -> {
            String actions = p.after("vCont;");
            switch (actions.isEmpty() ? ' ' : actions.charAt(0)) {
                case 'c':
                case 'C':
                    return c.resumeWith(c.target()::resume);
                case 's':
                case 'S':
                    return c.resumeWith(c.target()::stepInstruction);
                case 't':
                    return c.resumeWith(c.target()::interrupt);
                default:
                    return "";
            }
        });
        d.exact("k", (c, p) -> {
            c.target().kill();
            return "X09";
        });
        d.prefix("D", (c, p) -> {
            c.detach();
            c.hangUpAfterReply();
            return "OK";
        });
    }
}
