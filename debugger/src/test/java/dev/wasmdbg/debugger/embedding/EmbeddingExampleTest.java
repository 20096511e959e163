package dev.wasmdbg.debugger.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmdbg.debugger.Frame;
import dev.wasmdbg.debugger.HitCondition;
import dev.wasmdbg.debugger.RunOutcome;
import dev.wasmdbg.debugger.Session;
import dev.wasmdbg.debugger.StopEvent;
import dev.wasmdbg.debugger.StopReason;
import dev.wasmdbg.wasm.WasmFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding API as an embedder uses it: your own Chicory instance, with your own host
 * functions, under a debugger session. (README: "Debugging an instance you build yourself".)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddingExampleTest {

    /** The module: a price with tax, the tax rate asked of the host. */
    static final String SHOP_WAT = """
            (module
              (import "env" "tax_percent" (func $tax_percent (result i32)))
              (func $with_tax (export "with_tax") (param $net i32) (result i32)
                (i32.add (local.get $net)
                  (i32.div_u (i32.mul (local.get $net) (call $tax_percent)) (i32.const 100)))))
            """;

    /** SHOP_WAT built by {@code wat2wasm --debug-names} (wabt 1.0.32); checked below when wat2wasm is installed. */
    static final byte[] SHOP_WASM = HexFormat.of().parseHex("0061736d01000000010a026000017f60017f017f02130103656e760b"
            + "7461785f70657263656e74000003020101070c0108776974685f74617800010a10010e002000200010006c41e4006e6a0b002b046e"
            + "616d65011802000b7461785f70657263656e740108776974685f746178020a020000010100036e6574");

    @Test
    void debugAnInstanceYouBuildYourself() throws Exception {
        // Your host function; the session's hooks go into your Instance builder.
        HostFunction taxPercent = new HostFunction("env", "tax_percent", FunctionType.returning(ValType.I32),
                (instance, args) -> new long[] {20});
        try (Session session = Session.attach(SHOP_WASM, "shop.wasm")) { // closing it kills a paused call
            Instance instance = session.install(Instance.builder(Parser.parse(SHOP_WASM))
                            .withImportValues(ImportValues.builder().addFunction(taxPercent).build()))
                    .build();

            // A breakpoint at the start of with_tax: a body's offset moves to its first instruction.
            WasmFile file = session.moduleFile();
            int withTax = file.functionNames().entrySet().stream().filter(e -> e.getValue().equals("with_tax"))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            session.addBreakpoint(file.functionBodies().get(withTax - file.importedFunctionCount()).offset(),
                    HitCondition.ALWAYS);

            // Call in on a thread of your own: that thread stops at the breakpoint until resumed.
            FutureTask<long[]> call = new FutureTask<>(() -> instance.export("with_tax").apply(250));
            new Thread(call, "shop-caller").start();

            StopEvent stop = session.awaitStop(Duration.ofSeconds(10)).orElseThrow();
            assertThat(stop.reason()).isEqualTo(StopReason.BREAKPOINT);
            Frame frame = session.frames().get(0);
            assertThat(frame.functionName()).isEqualTo("with_tax");
            assertThat(frame.locals().get(0).low()).isEqualTo(250); // $net, as called

            session.setLocal(0, 0, 1000, 0); // $net = 1000
            session.resume();
            assertThat(call.get(10, TimeUnit.SECONDS)).containsExactly(1200); // 1000 + 20 % from the host
            session.finish(new RunOutcome.Exited(0)); // optional: the session's listeners hear it ended
        }
    }

    @Test
    void theBytesAreTheWat(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("wat2wasm"), "wat2wasm (wabt) is not installed");
        Path wat = Files.writeString(dir.resolve("shop.wat"), SHOP_WAT);
        Path wasm = dir.resolve("shop.wasm");
        Process p = new ProcessBuilder("wat2wasm", "--debug-names", wat.toString(), "-o", wasm.toString())
                .inheritIO().start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readAllBytes(wasm)).isEqualTo(SHOP_WASM);
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
