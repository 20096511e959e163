package dev.wasmdbg.symbolserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients at once: same answers as one at a time, one load per module, the cache within its bound. */
class ConcurrencyTest {
    static final List<String> MODULES = List.of("fact-O0.wasm", "fact-O2.wasm", "fact-dwarf5.wasm", "shapes.wasm");

    @TempDir
    Path store;

    @Test
    void thirtyTwoClientsAtOnceLoadAModuleOnce() throws Exception {
        // 32 workers, so that the 32 requests really reach the cache together.
        try (Fixture f = new Fixture(store, SymbolServer.Config.defaults(0, store).withWorkersAndConnections(32, 64))) {
            f.upload("shapes.wasm");
            String id = Fixture.sha256(Fixture.bytes("shapes.wasm"));
            List<JsonNode> answers = parallel(32, i -> f.symbolicate(id, List.of("0x100"), "code").get(0));
            assertThat(answers).allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
            assertThat(f.client.metric("wasmdbg_cache_misses_total")).isEqualTo(1);
            assertThat(f.client.metric("wasmdbg_cache_hits_total")).isEqualTo(31);
        }
    }

    @Test
    void answersUnderLoadEqualAnswersAloneAndTheCacheStaysWithinItsBound() throws Exception {
        long bound = 4 << 20; // each module is estimated at 1.4-1.7 MB: at most two fit
        try (Fixture f = Fixture.start(store, bound, 64 << 20, 256 << 20, 10_000, Duration.ofSeconds(30))) {
            Map<String, List<String>> addresses = new HashMap<>();
            Map<String, JsonNode> alone = new HashMap<>();
            for (String m : MODULES) {
                f.upload(m);
                String id = Fixture.sha256(Fixture.bytes(m));
                List<String> a = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    a.add("0x" + Long.toHexString(0x100 + i * 37L));
                }
                addresses.put(id, a);
                alone.put(id, f.symbolicate(id, a, "code"));
            }
            List<String> ids = new ArrayList<>(addresses.keySet());
            List<Double> cacheBytes = new ArrayList<>();
            List<Boolean> same = parallel(32, i -> {
                boolean ok = true;
                for (int round = 0; round < 8; round++) {
                    String id = ids.get((i + round) % ids.size());
                    ok &= f.symbolicate(id, addresses.get(id), "code").equals(alone.get(id));
                    if (round % 4 == 0) {
                        synchronized (cacheBytes) {
                            cacheBytes.add(f.client.metric("wasmdbg_cache_bytes"));
                        }
                    }
                }
                return ok;
            });
            assertThat(same).containsOnly(true);
            assertThat(cacheBytes).hasSize(64).allSatisfy(b -> assertThat(b).isBetween(1.0, (double) bound));
            assertThat(f.client.metric("wasmdbg_cache_limit_bytes")).isEqualTo(bound);
            assertThat(f.client.metric("wasmdbg_cache_evictions_total")).isPositive();
            assertThat(f.client.metric("wasmdbg_http_requests_total{route=\"symbolicate\",status=\"200\"}"))
                    .isEqualTo(4 + 32 * 8);
            assertThat(f.client.metric("wasmdbg_http_request_duration_seconds_count{route=\"symbolicate\"}"))
                    .isEqualTo(4 + 32 * 8);
        }
    }

    interface Job<T> {
        T run(int index) throws Exception;
    }

    /** Runs n copies of a job at once (all released together) and returns their results. */
    static <T> List<T> parallel(int n, Job<T> job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return job.run(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
