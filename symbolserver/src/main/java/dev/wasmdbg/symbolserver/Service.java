package dev.wasmdbg.symbolserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wasmdbg.symbols.ModuleLinks;
import dev.wasmdbg.symbols.SymbolizeException;
import dev.wasmdbg.symbols.Symbolizer;
import dev.wasmdbg.wasm.WasmFile;
import dev.wasmdbg.sourcemap.SourceMap;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What the HTTP routes do, apart from HTTP: store uploads, describe modules, symbolicate. Answers
 * are JSON trees; refusals are {@link ApiException}s. Safe to call from many threads.
 */
final class Service {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final SymbolizerCache cache;
    private final Bundles bundles;
    private final Metrics metrics;
    private final Symbolication symbolication;

    Service(Store store, long cacheBytes, Bundles bundles, int maxAddresses, LongSupplier inFlight) {
        this.store = store;
        this.cache = new SymbolizerCache(cacheBytes, this::load);
        this.bundles = bundles;
        this.metrics = new Metrics(cache::stats, store::size, inFlight);
        this.symbolication = new Symbolication(id -> cache.get(known(id).id()), maxAddresses, metrics);
    }

    int storedModules() {
        return store.size();
    }

    Metrics metrics() {
        return metrics;
    }

    // ---- PUT /modules

    /** One file of an upload, told apart: a parsed module (with its links) or a validated source map. */
    private record Part(String name, WasmFile wasm, ModuleLinks links, byte[] map) {}

    ObjectNode upload(byte[] body, String name, String linkTo) {
        if (linkTo != null && store.record(linkTo).isEmpty()) {
            throw new ApiException(404, "unknown module '" + clip(linkTo) + "' (module= names a stored module id)");
        }
        FileKind kind = FileKind.of(body);
        List<Bundles.Entry> entries = switch (kind) {
            case WASM, SOURCE_MAP -> List.of(Bundles.Entry.of(name == null ? "" : name, body));
            case ZIP, TAR_GZ -> bundles.unpack(body, kind);
            case UNKNOWN -> throw new ApiException(400, "the body is not a wasm module, a source map, a .zip or a"
                    + " .tar.gz (it starts with " + firstBytes(body) + ")");
        };
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode stored = answer.putArray("stored");
        ArrayNode ignored = answer.putArray("ignored");
        // Everything is checked before anything is stored: a bad bundle stores nothing.
        List<Part> parts = new ArrayList<>();
        for (Bundles.Entry e : entries) {
            FileKind k = e.kind();
            if (k == FileKind.WASM) {
                WasmFile wasm = parseWasm(e);
                parts.add(new Part(e.name(), wasm, links(e, wasm), null));
            } else if (k == FileKind.SOURCE_MAP) {
                parts.add(new Part(e.name(), null, null, checkMap(e)));
            } else {
                ignored.addObject().put("file", e.name()).put("reason", "not a wasm module or a source map ("
                        + k.description() + ")");
            }
        }
        if (parts.isEmpty()) {
            throw new ApiException(400, "the upload holds no wasm module and no source map");
        }
        Map<String, ModuleRecord> uploaded = new LinkedHashMap<>();
        Map<String, ObjectNode> answers = new LinkedHashMap<>();
        for (Part p : parts) {
            if (p.wasm() != null) {
                Store.Stored s = store.putModule(p.name(), p.wasm(), p.links());
                s.affected().forEach(cache::invalidate);
                uploaded.put(s.record().id(), s.record());
                ObjectNode o = stored.addObject().put("file", p.name())
                        .put("kind", s.asDebugFile() ? "debug-file" : "module") // DWARF of a stripped build
                        .put("module", s.record().id()).put("idKind", s.record().idKind());
                answers.put(s.record().id(), o);
                if (linkTo != null && s.record().hasDwarf() && !s.record().id().equals(linkTo)) {
                    linkDebug(linkTo, s.record().id(), o);
                }
            }
        }
        // In a bundle, a companion is also found by the name its module's external_debug_info gives.
        for (ModuleRecord module : uploaded.values()) {
            if (module.externalDebugInfo() == null || module.hasDwarf()) {
                continue;
            }
            String wanted = Store.mapKey(module.externalDebugInfo());
            uploaded.values().stream()
                    .filter(r -> r.hasDwarf() && Store.mapKey(r.name()).equals(wanted))
                    .findFirst().ifPresent(r -> linkDebug(module.id(), r.id(), answers.get(r.id())));
        }
        for (Part p : parts) {
            if (p.map() != null) {
                stored.add(storeMap(p, linkTo, uploaded));
            }
        }
        metrics.uploaded(body.length);
        return answer;
    }

    private void linkDebug(String module, String companion, ObjectNode answer) {
        store.linkDebug(module, companion);
        cache.invalidate(module);
        answer.put("debugFor", module);
    }

    private ObjectNode storeMap(Part p, String linkTo, Map<String, ModuleRecord> uploaded) {
        ObjectNode o = JSON.createObjectNode().put("file", p.name()).put("kind", "source-map");
        String target = linkTo;
        if (target == null && !p.name().isEmpty()) {
            String key = Store.mapKey(p.name());
            target = uploaded.values().stream()
                    .filter(r -> r.sourceMappingUrl() != null && Store.mapKey(r.sourceMappingUrl()).equals(key))
                    .map(ModuleRecord::id).findFirst().orElse(null);
        }
        if (target != null) {
            store.putMapFor(target, p.map());
            cache.invalidate(target);
            return o.put("module", target);
        }
        if (p.name().isEmpty()) {
            throw new ApiException(400, "a source map needs module=ID (the module it maps) or name=FILE (the name"
                    + " its module's sourceMappingURL gives) in the query");
        }
        var affected = store.putPendingMap(p.name(), p.map());
        affected.forEach(cache::invalidate);
        ArrayNode modules = o.put("pending", affected.isEmpty()).putArray("modules");
        affected.stream().sorted().forEach(modules::add);
        return o;
    }

    private static WasmFile parseWasm(Bundles.Entry e) {
        try {
            WasmFile file = WasmFile.of(e.data());
            Symbolizer.validate(file); // what opening it would refuse (broken DWARF, names) is refused here
            return file;
        } catch (RuntimeException e2) { // WasmFormatException, SymbolizeException, or worse from hostile bytes
            throw new ApiException(400, unusable(e, e2));
        }
    }

    /** The module's debug links, read once here: malformed link sections are refused now, not at every lookup. */
    private static ModuleLinks links(Bundles.Entry e, WasmFile file) {
        try {
            return ModuleLinks.of(file);
        } catch (RuntimeException e2) { // SymbolizeException
            throw new ApiException(400, unusable(e, e2));
        }
    }

    private static String unusable(Bundles.Entry e, RuntimeException why) {
        String what = e.name().isEmpty() ? "the module" : "'" + e.name() + "'";
        return what + " is not a usable wasm module: " + Bundles.oneLine(why);
    }

    private static byte[] checkMap(Bundles.Entry e) {
        try {
            SourceMap.parse(e.data());
            return e.data();
        } catch (RuntimeException e2) { // SourceMapException, or worse from hostile JSON
            throw new ApiException(400, (e.name().isEmpty() ? "the source map" : "'" + e.name() + "'")
                    + " is not a valid source map: " + Bundles.oneLine(e2));
        }
    }

    // ---- GET /modules, /modules/ID

    ObjectNode list() {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode modules = answer.putArray("modules");
        for (ModuleRecord r : store.all()) {
            modules.addObject().put("module", r.id()).put("idKind", r.idKind()).put("name", r.name())
                    .put("size", r.size());
        }
        return answer;
    }

    ObjectNode describe(String id) {
        ModuleRecord r = known(id);
        Store.ModuleFiles files = store.files(id).orElseThrow();
        ObjectNode o = JSON.createObjectNode();
        o.put("module", r.id()).put("idKind", r.idKind()).put("name", r.name()).put("size", r.size())
                .put("uploaded", r.uploaded()).put("codeSha256", r.codeSha256()).put("hasDwarf", r.hasDwarf());
        if (r.externalDebugInfo() != null) {
            o.putObject("externalDebugInfo").put("names", r.externalDebugInfo()).put("companion", files.debugFrom());
        } else if (files.debugFrom() != null) {
            o.putObject("linkedDebugFile").put("companion", files.debugFrom());
        }
        if (r.sourceMappingUrl() != null || files.map() != null) {
            o.putObject("sourceMap").put("url", r.sourceMappingUrl()).put("linked", files.map() != null);
        }
        try {
            Symbolizer s = cache.get(id);
            o.put("answersFrom", s.source().name());
            o.put("functions", s.module().importedFunctionCount() + s.module().functionBodies().size());
        } catch (ApiException e) {
            o.put("answersFrom", (String) null).put("error", e.getMessage());
        }
        return o;
    }

    // ---- POST /symbolicate

    byte[] symbolicate(byte[] body, BooleanSupplier abandoned) {
        return symbolication.answer(body, abandoned);
    }

    private ModuleRecord known(String id) {
        return store.record(id).orElseThrow(() -> new ApiException(404, "unknown module '" + clip(id)
                + "': upload it with PUT /modules first"));
    }

    private SymbolizerCache.Loaded load(String id) {
        Store.ModuleFiles files = store.files(id).orElseThrow(() -> new ApiException(404, "unknown module " + id));
        try {
            Symbolizer s = Symbolizer.openExactly(files.module(), files.debug(), files.map());
            return new SymbolizerCache.Loaded(s, MemoryEstimate.of(files));
        } catch (SymbolizeException e) {
            throw new ApiException(422, "module " + id + " cannot be used: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ApiException(500, "cannot read module " + id + " from the store: " + Bundles.oneLine(e));
        }
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static String clip(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    private static String firstBytes(byte[] body) {
        StringBuilder s = new StringBuilder("0x");
        for (int i = 0; i < Math.min(4, body.length); i++) {
            s.append(String.format("%02x", body[i] & 0xff));
        }
        return body.length == 0 ? "nothing: it is empty" : s.toString();
    }
}
