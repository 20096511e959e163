package dev.wasmdbg.debugger.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmdbg.debugger.Session;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kill() interrupts the program's thread so that a blocking host call wakes up. With an attached
 * session the program's thread is the one calling into the instance, not the one that built it:
 * before the engine tracked the calling thread, kill() from a third thread interrupted the builder
 * (here the test thread, waiting in join) and left the host call blocked.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KillAnAttachedCallTest {

    @Test
    void killWakesTheCallersBlockingHostFunctionAndNotTheBuilder() throws Exception {
        CountDownLatch inHost = new CountDownLatch(1);
        HostFunction slowTaxPercent = new HostFunction("env", "tax_percent", FunctionType.returning(ValType.I32),
                (instance, args) -> {
                    inHost.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("tax_percent interrupted");
                    }
                    return new long[] {20};
                });
        byte[] wasm = EmbeddingExampleTest.SHOP_WASM;
        try (Session session = Session.attach(wasm, "shop.wasm")) {
            Instance instance = session.install(Instance.builder(Parser.parse(wasm))
                            .withImportValues(ImportValues.builder().addFunction(slowTaxPercent).build()))
                    .build(); // built on this thread
            FutureTask<long[]> call = new FutureTask<>(() -> instance.export("with_tax").apply(250));
            Thread caller = new Thread(call, "shop-caller");
            caller.setDaemon(true);
            caller.start();
            assertThat(inHost.await(10, TimeUnit.SECONDS)).isTrue();

            Thread killer = new Thread(session::kill, "killer");
            killer.start();
            killer.join(10_000);
            assertThat(Thread.interrupted()).as("the building thread was interrupted").isFalse();
            try {
                call.get(10, TimeUnit.SECONDS);
                throw new AssertionError("the call returned");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).hasMessageContaining("tax_percent interrupted");
            }
        }
    }
}
