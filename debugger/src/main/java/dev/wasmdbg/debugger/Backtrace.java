package dev.wasmdbg.debugger;

import dev.wasmdbg.symbols.Symbolization;
import dev.wasmdbg.symbols.Symbolizer;
import dev.wasmdbg.dwarf.SourceFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A paused program's call stack in source terms, innermost first, inlined calls included: what a
 * trap report prints. Caller frames are looked up at their return address minus one, so a call
 * that ends a line still names that line.
 */
public final class Backtrace {
    /** One source-level frame: readable function name, file:line:column ("" / 0 when unknown). */
    public record Entry(String function, String file, long line, long column, boolean inlined, long address,
            int functionIndex) {

        String location() {
            return file.isEmpty() ? "??" : file + ":" + line + ":" + column;
        }
    }

    private Backtrace() {}

    public static List<Entry> of(Session session) {
        Optional<Symbolizer> symbolizer = session.symbolizer();
        List<Entry> out = new ArrayList<>();
        for (Frame frame : session.frames()) {
            long lookup = frame.caller() ? frame.address() - 1 : frame.address();
            List<SourceFrame> frames = List.of();
            if (symbolizer.isPresent() && frame.address() >= 0) {
                try {
                    Symbolization s = symbolizer.get().symbolizeFile(lookup);
                    frames = s.frames();
                } catch (RuntimeException e) {
                    frames = List.of();
                }
            }
            if (frames.isEmpty()) {
                out.add(new Entry(frame.functionName(), "", 0, 0, false, frame.address(), frame.functionIndex()));
                continue;
            }
            for (SourceFrame f : frames) {
                String name = f.linkageName().isEmpty() ? frame.functionName() : f.readableFunction();
                out.add(new Entry(name, f.file(), f.line(), f.column(), f.inlined(), frame.address(),
                        frame.functionIndex()));
            }
        }
        return out;
    }

    /** The report a trap prints: the trap, then the frames. */
    public static String report(StopEvent trap, List<Entry> entries) {
        StringBuilder s = new StringBuilder();
        s.append(trap instanceof StopEvent.Trapped t ? t.text() : "wasm trap: trap");
        s.append("\nbacktrace:\n");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            s.append(String.format("  #%-2d %s%s%n", i, e.function(), e.inlined() ? " (inlined)" : ""));
            s.append(String.format("        at %s [wasm-function[%d] 0x%x]%n", e.location(), e.functionIndex(),
                    e.address()));
        }
        return s.toString();
    }
}
