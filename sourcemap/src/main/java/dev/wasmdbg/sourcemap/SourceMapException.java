package dev.wasmdbg.sourcemap;

/**
 * A source map whose content is wrong. The message is one line that says what is wrong and where, e.g.
 * {@code mappings: bad Base64 VLQ character '#' at segment 12 (generated line 0)}. Segments are numbered from 0
 * in the order they appear in {@code mappings}; generated lines are the map's own 0-based lines. Inside an index
 * map the message starts with the section, e.g. {@code sections[1].map: ...}.
 */
public final class SourceMapException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SourceMapException(String message) {
        super(message);
    }

    public SourceMapException(String message, Throwable cause) {
        super(message, cause);
    }
}
