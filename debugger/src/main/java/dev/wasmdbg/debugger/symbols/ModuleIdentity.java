package dev.wasmdbg.debugger.symbols;

/**
 * How a module is known: its build_id section as hex when it has one (kind "build_id"), else the
 * SHA-256 of its bytes (kind "sha256").
 */
public record ModuleIdentity(String id, String kind) {}
