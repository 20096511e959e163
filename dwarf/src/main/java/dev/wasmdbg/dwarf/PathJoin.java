package dev.wasmdbg.dwarf;

/** Joins path components the way LLVM's sys::path::append does on POSIX, so file names match its tools. */
final class PathJoin {
    private PathJoin() {}

    static boolean isAbsolute(String path) {
        if (path.startsWith("/") || path.startsWith("\\\\")) {
            return true;
        }
        return path.length() >= 3 && Character.isLetter(path.charAt(0)) && path.charAt(1) == ':'
                && (path.charAt(2) == '\\' || path.charAt(2) == '/');
    }

    /** Appends components, skipping empty ones and putting exactly one '/' between parts. */
    static void append(StringBuilder path, String component) {
        if (component == null || component.isEmpty()) {
            return;
        }
        boolean pathHasSep = path.length() > 0 && path.charAt(path.length() - 1) == '/';
        if (pathHasSep) {
            int i = 0;
            while (i < component.length() && component.charAt(i) == '/') {
                i++;
            }
            path.append(component, i, component.length());
            return;
        }
        boolean componentHasSep = component.charAt(0) == '/';
        if (!componentHasSep && path.length() > 0) {
            path.append('/');
        }
        path.append(component);
    }
}
