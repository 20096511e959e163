package dev.wasmdbg.sourcemap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * A parsed Source Map v3 (ECMA-426), regular or index map: for a wasm module (emscripten's {@code -gsource-map})
 * it turns a code offset into a source position. Immutable, thread-safe.
 *
 * <p>For wasm the whole module is generated line 0 and a column is a byte offset in the .wasm file.
 *
 * <p>Memory: the mappings live in primitive arrays, at most ~4.1 bytes per character of the {@code mappings}
 * text whatever the segment shapes, read in place from the input bytes (no copy of the text). Sources, names and
 * contents are Strings, equal ones shared; only a map made of millions of distinct tiny names costs more than
 * that per byte (a String is ~50 bytes: ~7 per byte of {@code "abcd",}).
 */
public final class SourceMap {
    /** Deep enough for any map (an index map nests 5 levels) and its extensions; never a stack problem. */
    static final int MAX_NESTING = 64;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    // A string can never be longer than the input; Jackson's 20 M default would refuse big maps.
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final List<String> sources;
    private final List<String> contents;
    private final List<String> names;
    private final MappingTable table;
    private final List<Mapping> mappings = new Mappings();

    private SourceMap(ParsedMap map) {
        this.sources = map.sources();
        this.contents = map.contents();
        this.names = map.names();
        this.table = map.table();
    }

    /**
     * Parses JSON bytes (UTF-8, or UTF-16/32 as JSON allows); throws SourceMapException with a clear one-line
     * message on any problem.
     */
    public static SourceMap parse(byte[] json) {
        Objects.requireNonNull(json, "json");
        try (JsonParser parser = JSON.createParser(json)) {
            return new SourceMap(MapReader.readDocument(parser, json));
        } catch (JsonProcessingException e) {
            throw new SourceMapException("bad JSON" + at(e.getLocation()) + ": " + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) { // nothing else reads from a byte array, but the API declares it
            throw new SourceMapException("bad JSON: " + oneLine(e.getMessage()), e);
        }
    }

    /** Reads and parses a file; IOException for I/O, SourceMapException for content. */
    public static SourceMap read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /**
     * The sources, each with sourceRoot applied (sourceRoot + "/" + source unless the source is absolute or a
     * URL). An entry is null where the map's is (a source whose name is unknown). Sections of an index map
     * share the sources that are equal in name and content.
     */
    public List<String> sources() {
        return sources;
    }

    /** sourcesContent[i] when present and not null; empty also for an index outside sources(). */
    public Optional<String> sourceContent(int sourceIndex) {
        if (sourceIndex < 0 || sourceIndex >= contents.size()) {
            return Optional.empty();
        }
        return Optional.ofNullable(contents.get(sourceIndex));
    }

    /**
     * All mappings sorted by (generatedLine, generatedColumn), index-map sections flattened with their offsets
     * applied; mappings at the same position keep the map's order. A view: each element is made on access.
     */
    public List<Mapping> mappings() {
        return mappings;
    }

    /**
     * The mapping with the greatest generated column <= column on generated line 0 (wasm: the column is the
     * byte offset in the .wasm file). Empty if none. Of several mappings at that column, the last in the map
     * wins: binaryen writes an expression's entry before its children's, so the last is the innermost
     * expression, whose code starts there (emscripten's runtime symbolizer also keeps the last).
     */
    public Optional<Mapping> lookup(long column) {
        return lookup(column, Long.MIN_VALUE);
    }

    /**
     * As lookup(column), but only mappings with generated column >= notBefore count (the caller passes the start
     * of the function containing the offset, so a lookup never answers with the previous function's last
     * mapping). O(log n).
     */
    public Optional<Mapping> lookup(long column, long notBefore) {
        int i = table.floor(column, notBefore);
        return i < 0 ? Optional.empty() : Optional.of(mapping(i));
    }

    /** Bytes held by the mapping arrays (tests check the memory bound with it). */
    long retainedMappingBytes() {
        return table.retainedBytes();
    }

    private Mapping mapping(int i) {
        long generatedLine = table.generatedLine(i);
        long generatedColumn = table.generatedColumn(i);
        if (!table.hasSource(i)) {
            return new Mapping(generatedLine, generatedColumn, -1, null, 0, 0, null);
        }
        int slot = table.slot(i);
        int source = table.sourceIndex(slot);
        int name = table.nameIndex(slot);
        return new Mapping(generatedLine, generatedColumn, source, sources.get(source), table.line(slot) + 1L,
                table.column(slot) + 1L, name < 0 ? null : names.get(name));
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Jackson's message on one line, without its internals (redacted source, names of its limit settings). */
    private static String oneLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String flat = message.replaceAll("\\s+", " ")
                .replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll(", from `[^`]*`", "")
                .trim();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }

    /** The mappings as records, made on access (a 50 MB map would not fit as objects). */
    private final class Mappings extends AbstractList<Mapping> implements RandomAccess {
        @Override
        public Mapping get(int index) {
            Objects.checkIndex(index, table.size());
            return mapping(index);
        }

        @Override
        public int size() {
            return table.size();
        }
    }
}
