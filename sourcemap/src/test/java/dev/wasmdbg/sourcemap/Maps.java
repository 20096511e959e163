package dev.wasmdbg.sourcemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

/** Test helpers: JSON written with single quotes, parsing, and the exception a bad map must give. */
final class Maps {
    private Maps() {}

    /** The text with ' turned into " (readable JSON in Java strings), as UTF-8. */
    static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    static SourceMap parse(String singleQuoted) {
        return SourceMap.parse(json(singleQuoted));
    }

    /** A regular map with these sources, names and mappings. */
    static SourceMap regular(String sources, String names, String mappings) {
        return parse("{'version':3,'sources':[" + sources + "],'names':[" + names + "],'mappings':'" + mappings
                + "'}");
    }

    /** The message of the SourceMapException parsing must throw (and nothing else). */
    static String rejection(byte[] json) {
        SourceMapException e = catchThrowableOfType(SourceMapException.class, () -> SourceMap.parse(json));
        assertThat(e).as("parse must reject %s", new String(json, StandardCharsets.UTF_8)).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n");
        return e.getMessage();
    }

    static String rejection(String singleQuoted) {
        return rejection(json(singleQuoted));
    }

    static String mappingsRejection(String sources, String names, String mappings) {
        return rejection("{'version':3,'sources':[" + sources + "],'names':[" + names + "],'mappings':'" + mappings
                + "'}");
    }

    static Mapping m(long generatedLine, long generatedColumn, int sourceIndex, String source, long line,
            long column, String name) {
        return new Mapping(generatedLine, generatedColumn, sourceIndex, source, line, column, name);
    }

    /** A mapping without a source (a 1-field segment). */
    static Mapping unmapped(long generatedLine, long generatedColumn) {
        return new Mapping(generatedLine, generatedColumn, -1, null, 0, 0, null);
    }
}
