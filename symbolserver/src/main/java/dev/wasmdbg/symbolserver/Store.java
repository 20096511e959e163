package dev.wasmdbg.symbolserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wasmdbg.symbols.ModuleIdentity;
import dev.wasmdbg.symbols.ModuleLinks;
import dev.wasmdbg.wasm.WasmFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The modules and debug files on disk, so a restart keeps them:
 * <pre>
 *   modules/ID/module.wasm   the module, ID = build_id hex or SHA-256
 *   modules/ID/module.json   its {@link ModuleRecord}; written last, so its presence commits the module
 *   modules/ID/source.map    its source map (a copy, taken when the link was made)
 *   modules/ID/debug.wasm    the same build_id with DWARF, when the module itself was stripped
 *   modules/ID/debug.link    the ID of another stored module whose DWARF answers for it
 *   maps/NAME                the latest source map uploaded under a file name, for modules to come
 *   tmp/                     files being written; emptied at start
 * </pre>
 * Every file is written to tmp/, synced, moved into place atomically and its directory synced, so
 * a crash mid-upload leaves nothing half-written where it would be served. A split-DWARF companion
 * is a module like any other; it answers for every stored module that lacks DWARF and has the same
 * Code section. A module's source map is copied into its directory when linked, so a later map of
 * the same file name (every emscripten build names its map alike) never changes old answers.
 */
final class Store {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The files to open a module's symbolizer with; debug and map may be null. */
    record ModuleFiles(Path module, Path debug, String debugFrom, Path map) {}

    private final Path modules;
    private final Path maps;
    private final Path tmp;
    private final Map<String, ModuleRecord> records = new ConcurrentHashMap<>();

    Store(Path dir) {
        this.modules = dir.resolve("modules");
        this.maps = dir.resolve("maps");
        this.tmp = dir.resolve("tmp");
        try {
            Files.createDirectories(modules);
            Files.createDirectories(maps);
            Files.createDirectories(tmp);
            try (Stream<Path> leftovers = Files.list(tmp)) {
                for (Path p : (Iterable<Path>) leftovers::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            try (Stream<Path> dirs = Files.list(modules)) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    load(d).ifPresent(r -> records.put(r.id(), r));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use store " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Optional<ModuleRecord> load(Path dir) {
        Path json = dir.resolve("module.json");
        Path wasm = dir.resolve("module.wasm");
        try {
            if (!Files.isRegularFile(json) || !Files.isRegularFile(wasm)) {
                return Optional.empty();
            }
            ModuleRecord r = JSON.readValue(json.toFile(), ModuleRecord.class);
            if (!r.id().equals(dir.getFileName().toString()) || Files.size(wasm) != r.size()) {
                return Optional.empty();
            }
            return Optional.of(r);
        } catch (IOException e) {
            return Optional.empty(); // an unreadable entry is skipped, not fatal: the rest still serve
        }
    }

    int size() {
        return records.size();
    }

    Optional<ModuleRecord> record(String id) {
        String lower = id == null ? null : id.toLowerCase(Locale.ROOT); // build ids are often shown upper-case
        return isId(lower) ? Optional.ofNullable(records.get(lower)) : Optional.empty();
    }

    List<ModuleRecord> all() {
        List<ModuleRecord> all = new ArrayList<>(records.values());
        all.sort(Comparator.comparing(ModuleRecord::id));
        return all;
    }

    /** Ids are lower-case hex: nothing else may become a path. */
    static boolean isId(String id) {
        return id != null && !id.isEmpty() && id.length() <= 128 && id.matches("[0-9a-f]+");
    }

    /** The longest build_id kept as an id (bytes); longer ones are refused, as no file name holds them. */
    static final int MAX_BUILD_ID_BYTES = 64;

    /**
     * Stores a parsed module (already validated) and returns its record plus the ids whose
     * answers may change now (itself, and the modules its DWARF can serve as a companion). A build
     * uploaded both stripped and with DWARF (one build_id) keeps both: the stripped file is the
     * module, the other its debug file, in whichever order they come.
     */
    synchronized Stored putModule(String name, WasmFile file, ModuleLinks links) {
        ModuleIdentity identity = ModuleIdentity.of(file);
        if (identity.id().length() > 2 * MAX_BUILD_ID_BYTES) {
            throw new ApiException(400, "the module's build_id has " + identity.id().length() / 2 + " bytes; at most "
                    + MAX_BUILD_ID_BYTES + " are accepted");
        }
        ModuleRecord record = new ModuleRecord(identity.id(), identity.kind(), name, file.bytes().length,
                links.codeSha256(), links.hasDwarf(), links.externalDebugInfo(), links.sourceMappingUrl(),
                Instant.now().toString());
        Path dir = modules.resolve(record.id());
        ModuleRecord existing = records.get(record.id());
        try {
            Files.createDirectories(dir);
            if (existing != null && existing.hasDwarf() != record.hasDwarf()) {
                if (record.hasDwarf()) {
                    writeAtomically(dir.resolve("debug.wasm"), file.bytes());
                    return new Stored(existing, Set.of(existing.id()), true);
                }
                writeAtomically(dir.resolve("debug.wasm"), Files.readAllBytes(dir.resolve("module.wasm")));
            }
            writeAtomically(dir.resolve("module.wasm"), file.bytes());
            writeAtomically(dir.resolve("module.json"), JSON.writeValueAsBytes(record));
            Path pending = record.sourceMappingUrl() == null ? null : maps.resolve(mapKey(record.sourceMappingUrl()));
            if (pending != null && Files.isRegularFile(pending) && !Files.isRegularFile(dir.resolve("source.map"))) {
                writeAtomically(dir.resolve("source.map"), Files.readAllBytes(pending));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        records.put(record.id(), record);
        Set<String> affected = new HashSet<>();
        affected.add(record.id());
        if (record.hasDwarf()) {
            for (ModuleRecord other : records.values()) {
                if (!other.hasDwarf() && other.codeSha256().equals(record.codeSha256())) {
                    affected.add(other.id());
                }
            }
        }
        return new Stored(record, affected, false);
    }

    /** What an upload stored: the module's record, the ids to forget, and whether it became a debug file. */
    record Stored(ModuleRecord record, Set<String> affected, boolean asDebugFile) {}

    /** Links a source map to a stored module. */
    synchronized void putMapFor(String id, byte[] map) {
        write(modules.resolve(id).resolve("source.map"), map);
    }

    /**
     * Keeps a source map under its file name for modules to come, and links it now to the stored
     * modules whose sourceMappingURL names it and that have no map yet; returns those.
     */
    synchronized Set<String> putPendingMap(String name, byte[] map) {
        String key = mapKey(name);
        write(maps.resolve(key), map);
        Set<String> linked = new HashSet<>();
        for (ModuleRecord r : records.values()) {
            Path own = modules.resolve(r.id()).resolve("source.map");
            if (r.sourceMappingUrl() != null && mapKey(r.sourceMappingUrl()).equals(key) && !Files.isRegularFile(own)) {
                write(own, map);
                linked.add(r.id());
            }
        }
        return linked;
    }

    /** Says that {@code companion}'s DWARF answers for module {@code id}. */
    synchronized void linkDebug(String id, String companion) {
        write(modules.resolve(id).resolve("debug.link"), companion.getBytes(StandardCharsets.US_ASCII));
    }

    /** The files that answer for a module now, following its links. */
    Optional<ModuleFiles> files(String id) {
        ModuleRecord r = record(id).orElse(null);
        if (r == null) {
            return Optional.empty();
        }
        Path dir = modules.resolve(r.id());
        Path debug = null;
        String debugFrom = null;
        if (!r.hasDwarf()) {
            debugFrom = debugCompanion(r, dir);
            if (debugFrom != null) {
                debug = debugFrom.equals(r.id()) ? dir.resolve("debug.wasm")
                        : modules.resolve(debugFrom).resolve("module.wasm");
            }
        }
        Path map = dir.resolve("source.map");
        return Optional.of(new ModuleFiles(dir.resolve("module.wasm"), debug, debugFrom,
                Files.isRegularFile(map) ? map : null));
    }

    /**
     * The id whose DWARF answers for a module without any: one linked explicitly, else the same
     * build's debug file, else a module with the same Code section, preferring the file name its
     * external_debug_info gives, then the newest.
     */
    private String debugCompanion(ModuleRecord r, Path dir) {
        Path link = dir.resolve("debug.link");
        if (Files.isRegularFile(link)) {
            try {
                String linked = Files.readString(link, StandardCharsets.US_ASCII).trim();
                if (record(linked).isPresent()) {
                    return linked;
                }
            } catch (IOException e) {
                // fall through to the other ways
            }
        }
        if (Files.isRegularFile(dir.resolve("debug.wasm"))) {
            return r.id();
        }
        if (r.externalDebugInfo() == null || r.codeSha256().isEmpty()) {
            return null;
        }
        String wanted = mapKey(r.externalDebugInfo());
        return records.values().stream()
                .filter(o -> o.hasDwarf() && o.codeSha256().equals(r.codeSha256()))
                .max(Comparator.comparing((ModuleRecord o) -> mapKey(o.name()).equals(wanted))
                        .thenComparing(ModuleRecord::uploaded))
                .map(ModuleRecord::id).orElse(null);
    }

    /** The pending-map key for a file name or URL: its last path segment, with only safe characters. */
    static String mapKey(String nameOrUrl) {
        String base = nameOrUrl.substring(Math.max(nameOrUrl.lastIndexOf('/'), nameOrUrl.lastIndexOf('\\')) + 1);
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.')) {
            safe = "_" + safe;
        }
        return safe.length() > 200 ? safe.substring(0, 200) : safe;
    }

    private void write(Path target, byte[] data) {
        try {
            writeAtomically(target, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeAtomically(Path target, byte[] data) throws IOException {
        Path part = tmp.resolve(UUID.randomUUID() + ".part");
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            var buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            directory.force(true); // the rename itself survives a power loss
        } catch (IOException e) {
            // not every file system lets a directory be synced; the move is still atomic
        }
    }
}
