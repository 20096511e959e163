package dev.wasmdbg.symbols;

import dev.wasmdbg.demangle.Demangler;
import dev.wasmdbg.dwarf.SourceFrame;
import dev.wasmdbg.wasm.WasmFile;
import dev.wasmdbg.wasm.WasmFormatException;
import java.util.Map;

/** A module's function names from its "name" section, read once (index, imports counted, to raw name). */
final class FunctionNames {
    private final Map<Integer, String> names;

    private FunctionNames(Map<Integer, String> names) {
        this.names = names;
    }

    static FunctionNames of(WasmFile file) {
        try {
            return new FunctionNames(file.functionNames());
        } catch (WasmFormatException e) {
            throw new SymbolizeException("bad name section: " + e.getMessage(), e);
        }
    }

    boolean isEmpty() {
        return names.isEmpty();
    }

    /** The name as the name section stores it (mangled), or null. */
    String raw(int index) {
        return names.get(index);
    }

    /** The function's demangled name, else "wasm-function[N]", else "" (no function). */
    String display(int index) {
        if (index < 0) {
            return "";
        }
        String raw = names.get(index);
        return raw == null ? byIndex(index) : Demangler.demangle(raw);
    }

    static String byIndex(int index) {
        return "wasm-function[" + index + "]";
    }

    /** A frame that knows only its function's name: no file, line or start. */
    static SourceFrame nameOnly(String name, String linkageName) {
        return new SourceFrame(name, linkageName, "", 0, 0, 0, "", 0, -1, false);
    }
}
