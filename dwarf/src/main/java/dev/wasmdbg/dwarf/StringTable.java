package dev.wasmdbg.dwarf;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** .debug_str and .debug_line_str: each string decoded once, on first use, and cached by offset. */
final class StringTable {
    private final SectionData str;
    private final SectionData lineStr;
    private final Map<Long, String> strings = new ConcurrentHashMap<>();
    private final Map<Long, String> lineStrings = new ConcurrentHashMap<>();

    StringTable(SectionData str, SectionData lineStr) {
        this.str = str;
        this.lineStr = lineStr;
    }

    /** The string at an offset of .debug_str. */
    String str(long offset) {
        return cached(str, strings, offset);
    }

    /** The string at an offset of .debug_line_str. */
    String lineStr(long offset) {
        return cached(lineStr, lineStrings, offset);
    }

    private static String cached(SectionData section, Map<Long, String> cache, long offset) {
        String s = cache.get(offset);
        if (s == null) {
            s = section.reader(offset).cstring();
            cache.putIfAbsent(offset, s);
        }
        return s;
    }
}
