package dev.wasmdbg.sourcemap;

/**
 * One mapping. {@code generatedLine} and {@code generatedColumn} are the map's 0-based values (for wasm the line
 * is 0 and the column is the byte offset in the .wasm file). {@code line} and {@code column} are 1-based (the
 * map's 0-based values + 1), like DWARF and llvm-symbolizer.
 *
 * <p>A segment without a source (one field) has {@code sourceIndex} -1, {@code source} null and {@code line},
 * {@code column} 0: it ends the previous mapping's range. {@code source} is also null when the map's
 * {@code sources} entry is null (a source whose name is unknown). {@code name} is null unless the segment has
 * five fields.
 */
public record Mapping(long generatedLine, long generatedColumn, int sourceIndex, String source, long line,
        long column, String name) {}
