package dev.wasmdbg.symbolserver;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Request counts and latencies per route, and what the service holds, in the Prometheus text
 * exposition format (version 0.0.4), so a scrape can read {@code GET /metrics} as it is.
 */
final class Metrics {
    /** Latency histogram bucket bounds, seconds. */
    private static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
        5, 10};

    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final AtomicLong addresses = new AtomicLong();
    private final AtomicLong addressErrors = new AtomicLong();
    private final AtomicLong uploadedBytes = new AtomicLong();
    private final Supplier<SymbolizerCache.Stats> cache;
    private final Supplier<Integer> modules;
    private final LongSupplier inFlight;

    Metrics(Supplier<SymbolizerCache.Stats> cache, Supplier<Integer> modules, LongSupplier inFlight) {
        this.cache = cache;
        this.modules = modules;
        this.inFlight = inFlight;
    }

    void request(String route, int status, long nanos) {
        requests.computeIfAbsent(route + "\u0000" + status, k -> new AtomicLong()).incrementAndGet();
        latency.computeIfAbsent(route, k -> new Histogram()).observe(nanos / 1e9);
    }

    void addresses(int answered, int failed) {
        addresses.addAndGet(answered);
        addressErrors.addAndGet(failed);
    }

    void uploaded(long bytes) {
        uploadedBytes.addAndGet(bytes);
    }

    String render() {
        StringBuilder s = new StringBuilder();
        s.append("# HELP wasmdbg_http_requests_total HTTP requests answered, by route and status.\n");
        s.append("# TYPE wasmdbg_http_requests_total counter\n");
        new TreeMap<>(requests).forEach((key, n) -> {
            String[] parts = key.split("\u0000");
            s.append("wasmdbg_http_requests_total{route=\"").append(parts[0]).append("\",status=\"").append(parts[1])
                    .append("\"} ").append(n.get()).append('\n');
        });
        s.append("# HELP wasmdbg_http_request_duration_seconds Time from a whole request read to its answer written.\n");
        s.append("# TYPE wasmdbg_http_request_duration_seconds histogram\n");
        new TreeMap<>(latency).forEach((route, h) -> h.render(s, route));
        counter(s, "wasmdbg_symbolicated_addresses_total", "Addresses answered with frames.", addresses.get());
        counter(s, "wasmdbg_symbolication_errors_total", "Addresses answered with an error.", addressErrors.get());
        counter(s, "wasmdbg_uploaded_bytes_total", "Bytes of files accepted by PUT /modules.", uploadedBytes.get());
        SymbolizerCache.Stats c = cache.get();
        counter(s, "wasmdbg_cache_hits_total", "Module lookups served by a loaded index.", c.hits());
        counter(s, "wasmdbg_cache_misses_total", "Module lookups that loaded an index.", c.misses());
        counter(s, "wasmdbg_cache_evictions_total", "Indexes evicted to stay within the bound.", c.evictions());
        gauge(s, "wasmdbg_cache_bytes", "Estimated memory of the loaded indexes.", c.bytes());
        gauge(s, "wasmdbg_cache_limit_bytes", "The bound on wasmdbg_cache_bytes.", c.limit());
        gauge(s, "wasmdbg_cache_entries", "Loaded indexes.", c.entries());
        gauge(s, "wasmdbg_stored_modules", "Modules in the store.", modules.get());
        gauge(s, "wasmdbg_request_bytes_in_flight", "Request body bytes held, from arrival to answer.",
                inFlight.getAsLong());
        var heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        gauge(s, "wasmdbg_jvm_heap_used_bytes", "JVM heap in use, garbage included.", heap.getUsed());
        gauge(s, "wasmdbg_jvm_heap_max_bytes", "The JVM's heap limit (-Xmx).", heap.getMax());
        return s.toString();
    }

    private static void counter(StringBuilder s, String name, String help, long value) {
        s.append("# HELP ").append(name).append(' ').append(help).append('\n');
        s.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder s, String name, String help, long value) {
        s.append("# HELP ").append(name).append(' ').append(help).append('\n');
        s.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(value).append('\n');
    }

    /** Cumulative buckets as Prometheus wants them, plus sum and count. */
    private static final class Histogram {
        private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS.length);
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong sumNanos = new AtomicLong();

        void observe(double seconds) {
            for (int i = 0; i < BOUNDS.length; i++) {
                if (seconds <= BOUNDS[i]) {
                    buckets.incrementAndGet(i);
                    break;
                }
            }
            count.incrementAndGet();
            sumNanos.addAndGet((long) (seconds * 1e9));
        }

        void render(StringBuilder s, String route) {
            String name = "wasmdbg_http_request_duration_seconds";
            long cumulative = 0;
            for (int i = 0; i < BOUNDS.length; i++) {
                cumulative += buckets.get(i);
                s.append(name).append("_bucket{route=\"").append(route).append("\",le=\"")
                        .append(java.math.BigDecimal.valueOf(BOUNDS[i]).stripTrailingZeros().toPlainString())
                        .append("\"} ").append(cumulative).append('\n');
            }
            long total = Math.max(count.get(), cumulative); // read a moment apart: +Inf never below a bucket
            s.append(name).append("_bucket{route=\"").append(route).append("\",le=\"+Inf\"} ").append(total).append('\n');
            s.append(name).append("_sum{route=\"").append(route).append("\"} ").append(sumNanos.get() / 1e9).append('\n');
            s.append(name).append("_count{route=\"").append(route).append("\"} ").append(total).append('\n');
        }
    }
}
