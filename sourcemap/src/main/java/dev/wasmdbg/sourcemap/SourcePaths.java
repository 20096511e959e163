package dev.wasmdbg.sourcemap;

import java.util.regex.Pattern;

/** Applies sourceRoot to a source (ECMA-426: prefix it, with one '/' between, unless the source stands alone). */
final class SourcePaths {
    /** A URL scheme ("https:", "file:", "webpack:") or a Windows drive ("C:"). */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private SourcePaths() {}

    static String resolve(String sourceRoot, String source) {
        if (source == null || sourceRoot == null || sourceRoot.isEmpty() || isAbsolute(source)) {
            return source;
        }
        return sourceRoot.endsWith("/") ? sourceRoot + source : sourceRoot + "/" + source;
    }

    static boolean isAbsolute(String source) {
        return source.startsWith("/") || source.startsWith("\\") || SCHEME.matcher(source).find();
    }
}
