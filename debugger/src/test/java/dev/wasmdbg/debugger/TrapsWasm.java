package dev.wasmdbg.debugger;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import dev.wasmdbg.testkit.TestModules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * test-modules/wasm/traps.wasm (from traps.wat), and what the tests look up in it without the
 * engine: function indexes from the name section and the export section, instruction offsets by
 * scanning a function's parsed code for an opcode. traps.wasm imports nothing, so a function's
 * index is also its index in the Code section.
 */
final class TrapsWasm {
    static final byte[] BYTES = read();
    static final WasmModule MODULE = Parser.parse(BYTES);

    private TrapsWasm() {}

    private static byte[] read() {
        try {
            return Files.readAllBytes(TestModules.wasm("traps.wasm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Index of a function that has a $name in traps.wat (wat2wasm --debug-names keeps it). */
    static int function(String name) {
        for (int i = 0; i < MODULE.codeSection().functionBodyCount(); i++) {
            if (name.equals(MODULE.nameSection().nameOfFunction(i))) {
                return i;
            }
        }
        throw new IllegalArgumentException("no function named " + name);
    }

    /** Index of an exported function (the exports of traps.wat have no $name). */
    static int export(String name) {
        var exports = MODULE.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var e = exports.getExport(i);
            if (e.exportType() == ExternalType.FUNCTION && e.name().equals(name)) {
                return e.index();
            }
        }
        throw new IllegalArgumentException("no exported function " + name);
    }

    /** Index of an exported global. */
    static int global(String name) {
        var exports = MODULE.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var e = exports.getExport(i);
            if (e.exportType() == ExternalType.GLOBAL && e.name().equals(name)) {
                return e.index();
            }
        }
        throw new IllegalArgumentException("no exported global " + name);
    }

    static List<? extends Instruction> code(int function) {
        return MODULE.codeSection().getFunctionBody(function).instructions();
    }

    /** File offset of the first {@code opcode} in the function. */
    static long first(int function, OpCode opcode) {
        for (Instruction i : code(function)) {
            if (i.opcode() == opcode) {
                return i.address();
            }
        }
        throw new IllegalArgumentException("function " + function + " has no " + opcode);
    }

    /** File offset of the instruction after the first {@code call callee} in the function: a return address. */
    static long afterCall(int function, int callee) {
        List<? extends Instruction> code = code(function);
        for (int i = 0; i + 1 < code.size(); i++) {
            if (code.get(i).opcode() == OpCode.CALL && code.get(i).operand(0) == callee) {
                return code.get(i + 1).address();
            }
        }
        throw new IllegalArgumentException("function " + function + " does not call " + callee);
    }

    /**
     * An attached session over a fresh instance of traps.wasm, as an embedder builds it, and calls
     * into the instance on threads of our own (a call's thread stops while the session is paused).
     */
    static final class Attached implements AutoCloseable {
        /** The stack of the threads that call in: an embedder's thread, deliberately not huge. */
        static final long THREAD_STACK = 1L << 20;

        final Session session = Session.attach(BYTES, "traps.wasm");
        final Instance instance = session.install(Instance.builder(MODULE)).build();
        private final List<Thread> threads = new ArrayList<>();

        /** Calls an export on a new thread; the future has its results or what it threw. */
        CompletableFuture<long[]> call(String export, long... args) {
            CompletableFuture<long[]> result = new CompletableFuture<>();
            Thread t = new Thread(null, () -> {
                try {
                    result.complete(instance.export(export).apply(args));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, "embedder-" + export, THREAD_STACK);
            t.setDaemon(true);
            threads.add(t);
            t.start();
            return result;
        }

        @Override
        public void close() throws InterruptedException {
            session.kill();
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }
}
