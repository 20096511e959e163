package dev.wasmdbg.symbolserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wasmdbg.symbols.Symbolizer;
import dev.wasmdbg.testkit.TestModules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cache's rules: bytes bound, least recently used out first, one load per module at a time. */
class SymbolizerCacheTest {
    static final Symbolizer TINY = Symbolizer.open(TestModules.wasm("tiny-dwarf4.wasm"));

    /** A loader giving each id the weight in the map, counting its calls. */
    static final class Loader implements java.util.function.Function<String, SymbolizerCache.Loaded> {
        final Map<String, Long> weights;
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        volatile CountDownLatch gate = new CountDownLatch(0);

        Loader(Map<String, Long> weights) {
            this.weights = weights;
        }

        @Override
        public SymbolizerCache.Loaded apply(String id) {
            calls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!weights.containsKey(id)) {
                throw new ApiException(404, "no " + id);
            }
            return new SymbolizerCache.Loaded(TINY, weights.get(id));
        }

        int calls(String id) {
            return calls.getOrDefault(id, new AtomicInteger()).get();
        }
    }

    @Test
    void evictsLeastRecentlyUsedToStayWithinTheBytes() {
        Loader loader = new Loader(Map.of("a", 40L, "b", 40L, "c", 40L, "huge", 101L));
        SymbolizerCache cache = new SymbolizerCache(100, loader);
        cache.get("a");
        cache.get("b");
        cache.get("a"); // a is now more recent than b
        cache.get("c"); // 120 > 100: b goes
        assertThat(cache.stats().bytes()).isEqualTo(80);
        assertThat(cache.stats().evictions()).isEqualTo(1);
        cache.get("a");
        cache.get("c");
        assertThat(loader.calls("a")).isEqualTo(1);
        cache.get("b");
        assertThat(loader.calls("b")).isEqualTo(2);
        // Bigger than the whole bound: served, never kept, nothing evicted for it.
        var before = cache.stats();
        assertThat(cache.get("huge")).isSameAs(TINY);
        assertThat(cache.stats().bytes()).isEqualTo(before.bytes());
        assertThat(cache.stats().entries()).isEqualTo(before.entries());
        var s = cache.stats();
        assertThat(s.hits() + s.misses()).isEqualTo(8);
        assertThat(s.misses()).isEqualTo(5);
    }

    @Test
    void concurrentFirstLookupsLoadOnce() throws Exception {
        Loader loader = new Loader(Map.of("m", 10L));
        loader.gate = new CountDownLatch(1); // the load waits until every thread has asked
        SymbolizerCache cache = new SymbolizerCache(100, loader);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch asked = new CountDownLatch(16);
            List<Future<Symbolizer>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> {
                    asked.countDown();
                    return cache.get("m");
                }));
            }
            assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100); // let them reach the cache
            loader.gate.countDown();
            for (Future<Symbolizer> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS)).isSameAs(TINY);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loader.calls("m")).isEqualTo(1);
        assertThat(cache.stats().misses()).isEqualTo(1);
        assertThat(cache.stats().hits()).isEqualTo(15);
    }

    @Test
    void failedLoadsAreNotCachedAndInvalidationDropsAnEntry() {
        Loader loader = new Loader(Map.of("m", 10L));
        SymbolizerCache cache = new SymbolizerCache(100, loader);
        assertThatThrownBy(() -> cache.get("missing")).isInstanceOf(ApiException.class).hasMessage("no missing");
        assertThatThrownBy(() -> cache.get("missing")).isInstanceOf(ApiException.class);
        assertThat(loader.calls("missing")).isEqualTo(2);
        cache.get("m");
        cache.invalidate("m");
        assertThat(cache.stats().bytes()).isZero();
        cache.get("m");
        assertThat(loader.calls("m")).isEqualTo(2);
    }

    @Test
    void aLoadInvalidatedWhileUnderWayIsNotKept() throws Exception {
        Loader loader = new Loader(Map.of("m", 10L));
        loader.gate = new CountDownLatch(1);
        SymbolizerCache cache = new SymbolizerCache(100, loader);
        Thread t = new Thread(() -> cache.get("m"));
        t.start();
        while (loader.calls("m") == 0) {
            Thread.sleep(5);
        }
        cache.invalidate("m"); // its files changed while the old ones were being read
        loader.gate.countDown();
        t.join(10_000);
        assertThat(cache.stats().entries()).isZero();
        cache.get("m");
        assertThat(loader.calls("m")).isEqualTo(2);
    }
}
