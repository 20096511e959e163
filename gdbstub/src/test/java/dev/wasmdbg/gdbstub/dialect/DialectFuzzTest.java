package dev.wasmdbg.gdbstub.dialect;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing (Jazzer) of the whole server through its socket: one server on fact-O0.wasm
 * run with {@code spin} for the whole run, and each input a client's session (see {@link FuzzedClient}).
 * After each input, with its client gone, a good client must be served as in HostileClientsTest,
 * and the heap (after a collection) must stay within a bound. Without JAZZER_FUZZ it replays the
 * inputs in DialectFuzzTestInputs/dialect; with JAZZER_FUZZ=1 it fuzzes for maxDuration.
 */
class DialectFuzzTest {
    private static final long HEAP_BOUND = 96L << 20;

    private static ServerFixture server;
    private static long image;
    private static long baseline;

    @FuzzTest(maxDuration = "30s")
    void dialect(FuzzedDataProvider data) throws IOException {
        int ours = server().port();
        // Jazzer's SSRF detector flags every connection; these are to our own server
        try (SilentCloseable local = BugDetectors.allowNetworkConnections((host, port) -> port == ours)) {
            FuzzedClient client = new FuzzedClient(server, data, image);
            client.play();
            try {
                GoodClient.check(server);
                checkHeap();
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nafter the actions:\n" + client.log(), e);
            }
        }
    }

    /** The one server of the run, started by the first input. */
    private static ServerFixture server() throws IOException {
        if (server == null) {
            server = ServerFixture.start(Fact.MODULE, "spin");
            try (SilentCloseable local = BugDetectors.allowNetworkConnections(); RspClient c = server.connect()) {
                image = Replies.moduleBase(c);
            }
            baseline = Heap.usedAfterGc();
        }
        return server;
    }

    /** Collects only when the heap looks too full: a collection per input would be most of the run. */
    private static void checkHeap() {
        Runtime rt = Runtime.getRuntime();
        if (rt.totalMemory() - rt.freeMemory() - baseline < HEAP_BOUND) {
            return;
        }
        long growth = Heap.usedAfterGc() - baseline;
        if (growth >= HEAP_BOUND) {
            throw new AssertionError("the heap grew by " + (growth >> 20) + " MB (bound " + (HEAP_BOUND >> 20) + " MB)");
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
