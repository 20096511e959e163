package dev.wasmdbg.symbolserver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wasmdbg.wasm.WasmFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for a running symbolication service (bench/symbolicate-load.sh starts it): uploads the test
 * modules, then CONNECTIONS clients, one connection each, post requests of ADDRESSES random code
 * addresses of a random module, back to back, for WARMUP then MEASURE seconds (and at most
 * MAX_REQUESTS). Prints requests/s, latency percentiles, errors, and the service's cache and heap
 * figures sampled once a second from /metrics.
 *
 * <p>Arguments: baseUrl modulesDir connections addresses warmupSeconds measureSeconds maxRequests
 * [bodiesFile]. With a bodies file, it only uploads and writes 4,096 request bodies there, one per
 * line, for wrk (bench/symbolicate-post.lua) to send.
 */
public final class LoadClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Target(String id, String name, long codeSize) {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path modules = Path.of(args[1]);
        int connections = Integer.parseInt(args[2]);
        int addresses = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int measure = Integer.parseInt(args[5]);
        long maxRequests = Long.parseLong(args[6]);

        HttpClient admin = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Target> targets = upload(admin, base, modules);
        System.out.printf("uploaded %d modules: %s%n", targets.size(),
                targets.stream().map(Target::name).toList());
        if (args.length > 7) {
            Random random = new Random(42);
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 4096; i++) {
                bodies.add(body(targets.get(random.nextInt(targets.size())), addresses, random));
            }
            Files.write(Path.of(args[7]), bodies);
            return;
        }

        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        ExecutorService pool = Executors.newFixedThreadPool(connections + 1);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int me = c;
            latencies[c] = new long[1 << 20];
            clients.add(pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                Random random = new Random(me);
                while (!stop.get()) {
                    String body = body(targets.get(random.nextInt(targets.size())), addresses, random);
                    long start = System.nanoTime();
                    boolean ok;
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/symbolicate"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                        ok = r.statusCode() == 200 && answered(JSON.readTree(r.body()), addresses);
                    } catch (Exception e) {
                        ok = false;
                    }
                    long took = System.nanoTime() - start;
                    if (measuring.get()) {
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                        if (counts[me] < latencies[me].length) {
                            latencies[me][counts[me]++] = took;
                        }
                        if (requests.incrementAndGet() >= maxRequests) {
                            stop.set(true);
                        }
                    }
                }
                return null;
            }));
        }
        long[] maxCache = {0};
        long[] maxHeap = {0};
        long[] limit = {0};
        Future<?> sampler = pool.submit(() -> {
            while (!stop.get()) {
                var m = metrics(admin, base);
                if (measuring.get()) {
                    maxCache[0] = Math.max(maxCache[0], m[0]);
                    maxHeap[0] = Math.max(maxHeap[0], m[2]);
                }
                limit[0] = m[1];
                Thread.sleep(1000);
            }
            return null;
        });
        Thread.sleep(warmup * 1000L);
        long hitsBefore = metric(admin, base, "wasmdbg_cache_hits_total");
        long missesBefore = metric(admin, base, "wasmdbg_cache_misses_total");
        measuring.set(true);
        long start = System.nanoTime();
        long deadline = start + measure * 1_000_000_000L;
        while (!stop.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        stop.set(true);
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Future<?> f : clients) {
            f.get(120, TimeUnit.SECONDS);
        }
        sampler.get(10, TimeUnit.SECONDS);
        pool.shutdown();

        long total = 0;
        for (int n : counts) {
            total += n;
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        long hits = metric(admin, base, "wasmdbg_cache_hits_total") - hitsBefore;
        long misses = metric(admin, base, "wasmdbg_cache_misses_total") - missesBefore;
        System.out.printf("connections %d, %d addresses per request, %.1f s measured after %d s warm-up%n",
                connections, addresses, seconds, warmup);
        System.out.printf("requests %d, errors %d, requests/s %.0f, addresses/s %.0f%n", total, errors.get(),
                total / seconds, total * addresses / seconds);
        System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", pct(all, 0.50),
                pct(all, 0.90), pct(all, 0.99), pct(all, 0.999), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        System.out.printf("cache: hits %d, misses %d (%.1f%% hits); max cache bytes %,d of limit %,d (%s)%n", hits,
                misses, 100.0 * hits / Math.max(1, hits + misses), maxCache[0], limit[0],
                maxCache[0] <= limit[0] ? "within" : "OVER");
        System.out.printf("server heap: max used seen %,d bytes (garbage included)%n", maxHeap[0]);
        if (errors.get() > 0 || maxCache[0] > limit[0]) {
            System.exit(1);
        }
    }

    /** Every address answered, none with an error (they are all inside the Code section). */
    private static boolean answered(com.fasterxml.jackson.databind.JsonNode answer, int addresses) {
        var results = answer.get("results");
        if (results == null || results.size() != addresses) {
            return false;
        }
        for (var r : results) {
            if (r.has("error") || !r.has("frames")) {
                return false;
            }
        }
        return true;
    }

    /** A request for random code addresses of one module (some fall between functions: answered, no frames). */
    private static String body(Target t, int addresses, Random random) {
        StringBuilder body = new StringBuilder("{\"module\":\"").append(t.id()).append("\",\"addresses\":[");
        for (int i = 0; i < addresses; i++) {
            body.append(i == 0 ? "" : ",").append((long) (random.nextDouble() * t.codeSize()));
        }
        return body.append("]}").toString();
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static List<Target> upload(HttpClient http, String base, Path dir) throws Exception {
        List<Target> targets = new ArrayList<>();
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".wasm") || p.toString().endsWith(".map")).sorted().toList();
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/modules?name=" + name))
                    .PUT(HttpRequest.BodyPublishers.ofFile(p)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("upload of " + name + ": " + r.statusCode() + " " + r.body());
            }
            if (name.endsWith(".wasm") && !name.endsWith(".debug.wasm")) {
                String id = JSON.readTree(r.body()).get("stored").get(0).get("module").asText();
                WasmFile file = WasmFile.of(Files.readAllBytes(p));
                long code = file.codeSection().orElseThrow().size();
                targets.add(new Target(id, name, code));
            }
        }
        return targets;
    }

    /** cache bytes, cache limit, heap used. */
    private static long[] metrics(HttpClient http, String base) throws Exception {
        String text = metricsText(http, base);
        return new long[] {value(text, "wasmdbg_cache_bytes"), value(text, "wasmdbg_cache_limit_bytes"),
            value(text, "wasmdbg_jvm_heap_used_bytes")};
    }

    static long metric(HttpClient http, String base, String name) throws Exception {
        return value(metricsText(http, base), name);
    }

    private static String metricsText(HttpClient http, String base) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long value(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ")) {
                return (long) Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        throw new IllegalStateException("no metric " + name);
    }
}
