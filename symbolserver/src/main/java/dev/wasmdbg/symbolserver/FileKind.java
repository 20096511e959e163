package dev.wasmdbg.symbolserver;

/** What an uploaded file is, told by its first bytes (names lie; magic numbers rarely do). */
enum FileKind {
    WASM("a wasm module"),
    ZIP("a zip archive"),
    TAR_GZ("a gzip-compressed tar archive"),
    SOURCE_MAP("a source map"),
    UNKNOWN("unknown");

    private final String description;

    FileKind(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    static FileKind of(byte[] bytes) {
        if (startsWith(bytes, 0x00, 0x61, 0x73, 0x6d)) {
            return WASM;
        }
        if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) || startsWith(bytes, 0x50, 0x4b, 0x05, 0x06)) {
            return ZIP;
        }
        if (startsWith(bytes, 0x1f, 0x8b)) {
            return TAR_GZ;
        }
        for (byte b : bytes) {
            if (b == '{') {
                return SOURCE_MAP;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && (b & 0xff) != 0xef && (b & 0xff) != 0xbb
                    && (b & 0xff) != 0xbf) { // whitespace or a UTF-8 byte order mark may come first
                break;
            }
        }
        return UNKNOWN;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
