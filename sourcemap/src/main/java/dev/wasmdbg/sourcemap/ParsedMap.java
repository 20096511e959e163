package dev.wasmdbg.sourcemap;

import java.util.List;

/**
 * A decoded map: sources with sourceRoot applied (entries may be null), their contents (same size, entries may
 * be null), names, and the mappings, whose indexes are all in range.
 */
record ParsedMap(List<String> sources, List<String> contents, List<String> names, MappingTable table) {}
