package dev.wasmdbg.symbols;

import dev.wasmdbg.wasm.WasmFile;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How a module is known: its build_id section as hex when it has one (kind "build_id"), else the
 * SHA-256 of its bytes (kind "sha256").
 */
public record ModuleIdentity(String id, String kind) {

    /** The identity of a parsed module. */
    public static ModuleIdentity of(WasmFile file) {
        Optional<byte[]> buildId = CustomSections.lengthPrefixed(file, "build_id");
        if (buildId.isPresent() && buildId.get().length > 0) {
            return new ModuleIdentity(HexFormat.of().formatHex(buildId.get()), "build_id");
        }
        return new ModuleIdentity(sha256(file.bytes(), 0, file.bytes().length), "sha256");
    }

    /** SHA-256 of a byte range, as lower-case hex. */
    public static String sha256(byte[] bytes, int offset, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, offset, length);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
