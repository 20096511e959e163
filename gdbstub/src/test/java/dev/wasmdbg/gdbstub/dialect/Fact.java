package dev.wasmdbg.gdbstub.dialect;

import dev.wasmdbg.testkit.TestModules;
import dev.wasmdbg.wasm.WasmFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * fact-O0.wasm (test-modules/src/fact.c at -O0) and the places in it the tests stop at, as .wasm
 * file offsets. The fixed ones were read off llvm-objdump-22 -d and llvm-dwarfdump-22 --debug-line
 * (line table addresses count from the Code section's payload, 0x1d3); BreakpointHandlersTest
 * checks them against the module.
 */
final class Fact {
    static final String MODULE = "fact-O0.wasm";
    /** fact.c:22 {@code total += square;} in sum_squares: runs 5 times per run. */
    static final long LINE_22 = 0x629;
    /** fact.c:64 {@code counter++;} in main's {@code while (spinning)} loop (arg {@code spin}). */
    static final long SPIN_LOOP = 0x4ab;
    /** The {@code i32.div_s} of ratio (fact.c:35): traps with arg {@code 0}, operands (720, 0). */
    static final long DIVIDE = 0x281;
    /** Where main resumes after {@code call ratio} (fact.c:69). */
    static final long AFTER_RATIO_CALL = 0x518;
    /** What the trap at {@link #DIVIDE} is called in stop replies. */
    static final String DIVIDE_BY_ZERO = "wasm trap: integer divide by zero";
    /** The exit status without arguments: {@code return counter;}, 5 squares summed. */
    static final int EXIT_STATUS = 5;

    private Fact() {}

    static byte[] bytes() {
        try {
            return Files.readAllBytes(TestModules.wasm(MODULE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WasmFile file() {
        return WasmFile.of(bytes());
    }

    /** The body of the function the name section calls {@code name}. */
    static WasmFile.FunctionBody body(String name) {
        WasmFile file = file();
        for (Map.Entry<Integer, String> e : file.functionNames().entrySet()) {
            if (e.getValue().equals(name)) {
                return file.functionBodies().get(e.getKey() - file.importedFunctionCount());
            }
        }
        throw new AssertionError("no function " + name + " in " + MODULE);
    }

    /** The start of {@code move} (called once, before the spin loop): its body, LLDB's symbol address. */
    static long moveStart() {
        return body("move").offset();
    }

    /** The first instruction of the command's entry, where a launched program is paused. */
    static long entry() {
        return file().firstInstruction(body("_start.command_export"));
    }
}
