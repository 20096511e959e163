package dev.wasmdbg.symbolserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wasmdbg.debugger.symbols.AddressForm;
import dev.wasmdbg.debugger.symbols.ModuleLinks;
import dev.wasmdbg.debugger.symbols.Symbolization;
import dev.wasmdbg.debugger.symbols.SymbolizeException;
import dev.wasmdbg.debugger.symbols.Symbolizer;
import dev.wasmdbg.dwarf.Dwarf;
import dev.wasmdbg.dwarf.SourceFrame;
import dev.wasmdbg.dwarf.WasmFile;
import dev.wasmdbg.sourcemap.SourceMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final int maxAddresses;

    Service(Store store, long cacheBytes, Bundles bundles, int maxAddresses) {
        this.store = store;
        this.cache = new SymbolizerCache(cacheBytes, this::load);
        this.bundles = bundles;
        this.maxAddresses = maxAddresses;
        this.metrics = new Metrics(cache::stats, store::size);
    }

    Metrics metrics() {
        return metrics;
    }

    // ---- PUT /modules

    /** One file of an upload, told apart: a parsed module or a validated source map. */
    private record Part(String name, WasmFile wasm, byte[] map) {}

    ObjectNode upload(byte[] body, String name, String linkTo) {
        if (linkTo != null && store.record(linkTo).isEmpty()) {
            throw new ApiException(404, "unknown module '" + clip(linkTo) + "' (module= names a stored module id)");
        }
        FileKind kind = FileKind.of(body);
        List<Bundles.Entry> entries = switch (kind) {
            case WASM, SOURCE_MAP -> List.of(new Bundles.Entry(name == null ? "" : name, body));
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
            FileKind k = FileKind.of(e.data());
            if (k == FileKind.WASM) {
                parts.add(new Part(e.name(), parseWasm(e), null));
            } else if (k == FileKind.SOURCE_MAP) {
                parts.add(new Part(e.name(), null, checkMap(e)));
            } else {
                ignored.addObject().put("file", e.name()).put("reason", "not a wasm module or a source map ("
                        + k.description() + ")");
            }
        }
        if (parts.isEmpty()) {
            throw new ApiException(400, "the upload holds no wasm module and no source map");
        }
        Map<String, ModuleRecord> uploaded = new LinkedHashMap<>();
        for (Part p : parts) {
            if (p.wasm() != null) {
                Store.Stored s = store.putModule(p.name(), p.wasm());
                s.affected().forEach(cache::invalidate);
                uploaded.put(s.record().id(), s.record());
                ObjectNode o = stored.addObject().put("file", p.name()).put("kind", "module")
                        .put("module", s.record().id()).put("idKind", s.record().idKind());
                if (linkTo != null && s.record().hasDwarf() && !s.record().id().equals(linkTo)) {
                    store.linkDebug(linkTo, s.record().id());
                    cache.invalidate(linkTo);
                    o.put("debugFor", linkTo);
                }
            }
        }
        for (Part p : parts) {
            if (p.map() != null) {
                stored.add(storeMap(p, linkTo, uploaded));
            }
        }
        metrics.uploaded(body.length);
        return answer;
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
        String what = e.name().isEmpty() ? "the module" : "'" + e.name() + "'";
        try {
            WasmFile file = WasmFile.of(e.data());
            ModuleLinks.of(file); // malformed link sections are refused now, not at every lookup
            if (file.customData(".debug_info").isPresent()) {
                Dwarf dwarf = Dwarf.of(file);
                dwarf.addressIndex(); // reads every unit header and range: broken DWARF is refused here
            }
            return file;
        } catch (RuntimeException e2) { // DwarfException, SymbolizeException, or worse from hostile bytes
            throw new ApiException(400, what + " is not a usable wasm module: " + Bundles.oneLine(e2));
        }
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

    ObjectNode symbolicate(byte[] body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "the body is not JSON: " + Bundles.oneLine(e));
        }
        if (request == null || !request.isObject()) {
            throw new ApiException(400, "the body must be a JSON object with \"module\" and \"addresses\", or"
                    + " with \"frames\"");
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode results = answer.putArray("results");
        int[] failed = {0};
        if (request.has("frames")) {
            JsonNode frames = array(request, "frames");
            for (JsonNode frame : frames) {
                results.add(frame(frame, failed));
            }
        } else {
            String id = text(request, "module");
            boolean file = relative(request);
            JsonNode addresses = array(request, "addresses");
            Symbolizer symbolizer = cache.get(known(id).id());
            for (JsonNode address : addresses) {
                results.add(one(symbolizer, address, file, failed));
            }
        }
        metrics.addresses(results.size() - failed[0], failed[0]);
        return answer;
    }

    private ObjectNode frame(JsonNode frame, int[] failed) {
        if (!frame.isObject()) {
            failed[0]++;
            return JSON.createObjectNode().put("error", "a frame must be an object with \"module\" and \"address\"");
        }
        JsonNode module = frame.get("module");
        String id = module == null || !module.isTextual() ? null : module.asText();
        try {
            if (id == null) {
                throw new ApiException(400, "the frame has no \"module\" string");
            }
            boolean file = relative(frame);
            Symbolizer symbolizer = cache.get(known(id).id());
            ObjectNode o = one(symbolizer, frame.get("address"), file, failed);
            return JSON.createObjectNode().put("module", id).setAll(o);
        } catch (ApiException e) {
            failed[0]++;
            ObjectNode o = JSON.createObjectNode();
            o.put("module", id == null ? null : clip(id));
            o.set("address", frame.get("address"));
            return o.put("error", e.getMessage());
        }
    }

    private static ObjectNode one(Symbolizer symbolizer, JsonNode address, boolean fileRelative, int[] failed) {
        ObjectNode o = JSON.createObjectNode();
        o.set("address", address);
        String text;
        if (address != null && address.isIntegralNumber() && address.canConvertToLong() && address.asLong() >= 0) {
            text = Long.toString(address.asLong());
        } else if (address != null && address.isTextual() && address.asText().length() <= 64) {
            text = address.asText().trim();
        } else {
            failed[0]++;
            return o.put("error", "not an address: give a number, \"0x1f3\", \"12:0x1a\" or \"wasm-function[12]:0x1f3\"");
        }
        try {
            Symbolization s = AddressForm.resolve(symbolizer, text, fileRelative);
            o.put("codeAddress", hex(s.codeAddress())).put("fileOffset", hex(s.fileOffset()))
                    .put("functionIndex", s.functionIndex()).put("source", s.source().name());
            ArrayNode frames = o.putArray("frames");
            for (SourceFrame f : s.frames()) {
                frames.add(frame(f));
            }
        } catch (NumberFormatException e) {
            failed[0]++;
            o.put("error", "'" + clip(text) + "' is not an address: give a number, \"0x1f3\", \"12:0x1a\" or"
                    + " \"wasm-function[12]:0x1f3\"");
        } catch (SymbolizeException e) {
            failed[0]++;
            o.put("error", e.getMessage());
        }
        return o;
    }

    private static ObjectNode frame(SourceFrame f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("function", f.function()); // as llvm-symbolizer names it: the demangled linkage name
        String readable = f.readableFunction();
        if (readable != null && !readable.isEmpty() && !readable.equals(f.function())) {
            o.put("readableFunction", readable); // Rust legacy names without hash and escapes
        }
        o.put("linkageName", f.linkageName());
        o.put("file", f.file());
        o.put("line", f.line());
        o.put("column", f.column());
        o.put("inlined", f.inlined());
        o.put("discriminator", f.discriminator());
        o.put("startFile", f.startFile());
        o.put("startLine", f.startLine());
        o.put("startAddress", f.startAddress() < 0 ? null : hex(f.startAddress()));
        return o;
    }

    private JsonNode array(JsonNode request, String field) {
        JsonNode a = request.get(field);
        if (a == null || !a.isArray()) {
            throw new ApiException(400, "\"" + field + "\" must be an array");
        }
        if (a.size() > maxAddresses) {
            throw new ApiException(400, "too many addresses: " + a.size() + " (at most " + maxAddresses
                    + " per request)");
        }
        return a;
    }

    private static String text(JsonNode request, String field) {
        JsonNode v = request.get(field);
        if (v == null || !v.isTextual()) {
            throw new ApiException(400, "\"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static boolean relative(JsonNode request) {
        JsonNode v = request.get("relative");
        if (v == null || v.isNull() || v.asText().equals("code")) {
            return false;
        }
        if (v.asText().equals("file")) {
            return true;
        }
        throw new ApiException(400, "\"relative\" is \"code\" (default) or \"file\", not " + clip(v.toString()));
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

    static long size(java.nio.file.Path p) {
        try {
            return p == null ? 0 : Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
