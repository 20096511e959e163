package dev.wasmdbg.symbolserver;

import dev.wasmdbg.symbols.Symbolizer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Opened symbolizers, bounded by their estimated memory (bytes, not entries) and evicted least
 * recently used first. A module asked for by many requests at once is loaded once: the others wait
 * for that load. One bigger than the whole bound is served but not kept.
 */
final class SymbolizerCache {
    /** A loaded symbolizer and what it is estimated to hold in memory. */
    record Loaded(Symbolizer symbolizer, long bytes) {}

    /** A moment's view of the cache, for metrics. */
    record Stats(long hits, long misses, long evictions, long bytes, int entries, long limit) {}

    private final long limit;
    private final Function<String, Loaded> loader;
    private final LinkedHashMap<String, Loaded> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, CompletableFuture<Loaded>> loading = new HashMap<>();
    private long bytes;
    private long hits;
    private long misses;
    private long evictions;

    SymbolizerCache(long limit, Function<String, Loaded> loader) {
        this.limit = limit;
        this.loader = loader;
    }

    /** The symbolizer for a module id, loading it if needed; the loader's exception if it cannot be. */
    Symbolizer get(String id) {
        CompletableFuture<Loaded> pending;
        boolean mine = false;
        synchronized (this) {
            Loaded cached = entries.get(id);
            if (cached != null) {
                hits++;
                return cached.symbolizer();
            }
            pending = loading.get(id);
            if (pending == null) {
                pending = new CompletableFuture<>();
                loading.put(id, pending);
                misses++;
                mine = true;
            } else {
                hits++; // served by a load already under way
            }
        }
        if (mine) {
            load(id, pending);
        }
        try {
            return pending.join().symbolizer();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void load(String id, CompletableFuture<Loaded> pending) {
        Loaded loaded;
        try {
            loaded = loader.apply(id);
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                loading.remove(id, pending);
            }
            pending.completeExceptionally(e);
            return;
        }
        synchronized (this) {
            // Kept only if nobody invalidated the module while it loaded, and if it fits at all.
            if (loading.remove(id, pending) && loaded.bytes() <= limit) {
                Loaded old = entries.put(id, loaded);
                if (old != null) {
                    bytes -= old.bytes();
                }
                bytes += loaded.bytes();
                shrink();
            }
        }
        pending.complete(loaded);
    }

    private void shrink() {
        Iterator<Map.Entry<String, Loaded>> eldest = entries.entrySet().iterator();
        while (bytes > limit && eldest.hasNext()) {
            bytes -= eldest.next().getValue().bytes();
            eldest.remove();
            evictions++;
        }
    }

    /** Forgets a module (its files changed); a load under way for it will not be kept. */
    synchronized void invalidate(String id) {
        Loaded old = entries.remove(id);
        if (old != null) {
            bytes -= old.bytes();
        }
        loading.remove(id);
    }

    synchronized Stats stats() {
        return new Stats(hits, misses, evictions, bytes, entries.size(), limit);
    }
}
