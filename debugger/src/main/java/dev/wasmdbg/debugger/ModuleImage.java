package dev.wasmdbg.debugger;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionBody;
import dev.wasmdbg.symbols.LineSource;
import dev.wasmdbg.symbols.Symbolizer;
import dev.wasmdbg.wasm.WasmFile;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One module of a session: its id (LLDB's module id; it never changes, restarts included), its
 * bytes, the engine's parse and ours, and its debug information, read on first use.
 */
final class ModuleImage {
    private final int id;
    private final String name;
    private final byte[] bytes;
    private final Path location;
    private final WasmModule chicory;
    private final WasmFile file;
    private final int codeStart;
    private final Object debugLock = new Object();
    private volatile boolean debugRead;
    private Symbolizer symbolizer;
    private LineSource lines; // null: no line information, line steps are instruction steps

    ModuleImage(int id, byte[] bytes, String name, Path location) {
        this.id = id;
        this.bytes = bytes;
        this.name = name;
        this.location = location;
        this.chicory = Parser.parse(bytes);
        this.file = WasmFile.of(bytes);
        this.codeStart = file.codePayloadOffset().orElse(0);
    }

    int id() {
        return id;
    }

    String name() {
        return name;
    }

    byte[] bytes() {
        return bytes;
    }

    WasmModule chicory() {
        return chicory;
    }

    WasmFile file() {
        return file;
    }

    int codeStart() {
        return codeStart;
    }

    /** Its debug information; empty when it has none usable (then it is debugged at the instruction level). */
    Optional<Symbolizer> symbolizer() {
        readDebugInformation();
        return Optional.ofNullable(symbolizer);
    }

    /** Where source lines start, for line steps (DWARF, a source map, ...). */
    Optional<LineSource> lines() {
        readDebugInformation();
        return Optional.ofNullable(lines);
    }

    private void readDebugInformation() {
        if (debugRead) {
            return;
        }
        synchronized (debugLock) {
            if (debugRead) {
                return;
            }
            try {
                symbolizer = Symbolizer.open(bytes, location == null ? Path.of(name) : location);
            } catch (RuntimeException e) {
                symbolizer = null; // broken debug information: still debuggable at the instruction level
            }
            try {
                lines = symbolizer == null ? null : symbolizer.lines().orElse(null);
            } catch (RuntimeException e) {
                lines = null; // line information that cannot be read: instruction steps
            }
            debugRead = true;
        }
    }

    /** The function index (imports counted) whose body holds this file offset, else -1. */
    int functionAt(long fileOffset) {
        return file.functionAt(fileOffset).map(b -> file.importedFunctionCount() + b.definedIndex()).orElse(-1);
    }

    CodeLocation location(long fileOffset) {
        return new CodeLocation(id, functionAt(fileOffset), fileOffset);
    }

    String functionName(int index) {
        String n = chicory.nameSection() == null ? null : chicory.nameSection().nameOfFunction(index);
        return n == null ? "wasm-function[" + index + "]" : n;
    }

    /**
     * The instruction a breakpoint on this file offset is placed on: the offset itself, or the next
     * instruction of the same function (a function's start is its local declarations).
     */
    long instructionAtOrAfter(long fileOffset) {
        WasmFile.FunctionBody body = file.functionAt(fileOffset).orElseThrow(() -> new IllegalArgumentException(
                "0x" + Long.toHexString(fileOffset) + " is not inside a function body"));
        FunctionBody code = chicory.codeSection().getFunctionBody(body.definedIndex());
        for (var instruction : code.instructions()) {
            if (instruction.address() >= fileOffset) {
                return instruction.address();
            }
        }
        throw new IllegalArgumentException("0x" + Long.toHexString(fileOffset) + " is past the last instruction of "
                + "function " + (file.importedFunctionCount() + body.definedIndex()));
    }
}
