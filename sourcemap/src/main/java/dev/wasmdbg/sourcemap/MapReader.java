package dev.wasmdbg.sourcemap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a source map document from a streaming parser: a regular map or an index map whose sections embed
 * regular maps. Unknown fields are skipped (ECMA-426 asks consumers to ignore them); known fields must have
 * their documented types.
 */
final class MapReader {
    private final JsonParser p;
    private final byte[] input;

    private MapReader(JsonParser p, byte[] input) {
        this.p = p;
        this.input = input;
    }

    /** The whole document: exactly one JSON object. */
    static ParsedMap readDocument(JsonParser p, byte[] input) throws IOException {
        if (p.nextToken() == null) {
            throw new SourceMapException("empty input: expected a JSON object");
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new SourceMapException("expected a JSON object, got " + JsonValues.describe(p));
        }
        ParsedMap map = new MapReader(p, input).readMap(false);
        if (p.nextToken() != null) {
            throw new SourceMapException("unexpected JSON after the source map object");
        }
        return map;
    }

    /** One map object's fields as read; checked and decoded by {@link #finish}. */
    private static final class Fields {
        boolean hasVersion;
        List<String> sources;
        List<String> contents;
        List<String> names;
        String sourceRoot;
        CharSequence mappings;
        List<IndexMapMerger.Section> sections;
    }

    /** The parser is at the map's START_OBJECT; returns at its END_OBJECT. */
    private ParsedMap readMap(boolean inSection) throws IOException {
        Fields f = new Fields();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "version":
                    if (JsonValues.integral(p) != 3) {
                        throw new SourceMapException("version: must be 3, got " + JsonValues.describe(p));
                    }
                    f.hasVersion = true;
                    break;
                case "file":
                    JsonValues.optionalString(p, "file"); // not kept: a wasm module knows its own name
                    break;
                case "sourceRoot":
                    f.sourceRoot = JsonValues.optionalString(p, "sourceRoot");
                    break;
                case "sources":
                    f.sources = JsonValues.stringList(p, "sources", true);
                    break;
                case "sourcesContent":
                    f.contents = JsonValues.stringList(p, "sourcesContent", true);
                    break;
                case "names":
                    f.names = JsonValues.stringList(p, "names", false);
                    break;
                case "mappings":
                    f.mappings = mappingsText();
                    break;
                case "sections":
                    if (inSection) {
                        throw new SourceMapException("sections: an index map cannot be nested in an index map");
                    }
                    f.sections = readSections();
                    break;
                default:
                    p.skipChildren();
            }
        }
        return finish(f);
    }

    private ParsedMap finish(Fields f) {
        if (!f.hasVersion) {
            throw new SourceMapException("version: missing (must be 3)");
        }
        if (f.sections != null) {
            if (f.mappings != null) {
                throw new SourceMapException("an index map (with 'sections') cannot also have 'mappings'");
            }
            return IndexMapMerger.merge(f.sections);
        }
        if (f.mappings == null) {
            throw new SourceMapException("mappings: missing");
        }
        if (f.sources == null) {
            throw new SourceMapException("sources: missing");
        }
        List<String> sources = new ArrayList<>(f.sources.size());
        List<String> contents = new ArrayList<>(f.sources.size());
        Map<String, String> resolved = new HashMap<>(); // equal sources stay one String with the root applied
        for (int i = 0; i < f.sources.size(); i++) {
            String source = f.sources.get(i);
            sources.add(source == null ? null
                    : resolved.computeIfAbsent(source, s -> SourcePaths.resolve(f.sourceRoot, s)));
            // Extra sourcesContent entries belong to no source; ECMA-426 ignores them too.
            contents.add(f.contents != null && i < f.contents.size() ? f.contents.get(i) : null);
        }
        List<String> names = f.names == null ? List.of() : f.names;
        MappingTable table = MappingsDecoder.decode(f.mappings, sources.size(), names.size());
        return new ParsedMap(Collections.unmodifiableList(sources), Collections.unmodifiableList(contents),
                Collections.unmodifiableList(names), table);
    }

    /**
     * The mappings string. Plain ASCII without escapes (every real map) is read in place from the input bytes;
     * anything else goes through Jackson, which also reports a broken string.
     */
    private CharSequence mappingsText() throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new SourceMapException("mappings: expected a string, got " + JsonValues.describe(p));
        }
        long at = p.currentTokenLocation().getByteOffset(); // -1 when the input is not UTF-8
        if (at >= 0 && at < input.length && input[(int) at] == '"') {
            int start = (int) at + 1;
            for (int i = start; i < input.length; i++) {
                byte b = input[i];
                if (b == '"') {
                    return new AsciiBytes(input, start, i); // the parser skips the string later
                }
                if (b == '\\' || b < 0x20) { // an escape, a control or a non-ASCII byte
                    break;
                }
            }
        }
        return p.getText();
    }

    private List<IndexMapMerger.Section> readSections() throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new SourceMapException("sections: expected an array, got " + JsonValues.describe(p));
        }
        List<IndexMapMerger.Section> sections = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            int index = sections.size();
            if (t != JsonToken.START_OBJECT) {
                throw new SourceMapException("sections[" + index + "]: expected an object, got "
                        + JsonValues.describe(p));
            }
            sections.add(readSection(index));
        }
        return sections;
    }

    private IndexMapMerger.Section readSection(int index) throws IOException {
        String where = "sections[" + index + "]";
        int[] offset = null;
        ParsedMap map = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "offset":
                    offset = readOffset(where + ".offset");
                    break;
                case "map":
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        throw new SourceMapException(where + ".map: expected an object, got "
                                + JsonValues.describe(p));
                    }
                    try {
                        map = readMap(true);
                    } catch (SourceMapException e) {
                        throw new SourceMapException(where + ".map: " + e.getMessage(), e);
                    }
                    break;
                case "url":
                    throw new SourceMapException(where + ": 'url' sections are not supported (embed the map as 'map')");
                default:
                    p.skipChildren();
            }
        }
        if (offset == null) {
            throw new SourceMapException(where + ": missing offset");
        }
        if (map == null) {
            throw new SourceMapException(where + ": missing map");
        }
        return new IndexMapMerger.Section(index, offset[0], offset[1], map);
    }

    /** {line, column}, both required. */
    private int[] readOffset(String where) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new SourceMapException(where + ": expected an object, got " + JsonValues.describe(p));
        }
        int line = -1;
        int column = -1;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("line")) {
                line = JsonValues.nonNegativeInt(p, where + ".line");
            } else if (field.equals("column")) {
                column = JsonValues.nonNegativeInt(p, where + ".column");
            } else {
                p.skipChildren();
            }
        }
        if (line < 0 || column < 0) {
            throw new SourceMapException(where + ": missing " + (line < 0 ? "line" : "column"));
        }
        return new int[] {line, column};
    }
}
