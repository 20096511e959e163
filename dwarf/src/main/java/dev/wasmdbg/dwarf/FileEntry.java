package dev.wasmdbg.dwarf;

/** A line table's file entry; md5 is null when the table has none. */
public record FileEntry(String name, long directoryIndex, long modificationTime, long length, byte[] md5) {}
