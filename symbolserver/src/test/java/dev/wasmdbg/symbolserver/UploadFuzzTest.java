package dev.wasmdbg.symbolserver;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing (Jazzer) of what an upload goes through: telling the kind of file,
 * unpacking archives, parsing wasm, DWARF and source maps, storing. Only an {@link ApiException}
 * with a 4xx status may come out; Jazzer reports anything else as a finding. Seeds in
 * UploadFuzzTestInputs/uploads: a tiny module, a source map, and both in a .zip and a .tar.gz.
 */
class UploadFuzzTest {
    private static final Service SERVICE = new Service(new Store(storeDir()), 16 << 20,
            new Bundles(64, 4 << 20), 100, () -> 0);

    private static Path storeDir() {
        try {
            Path dir = Files.createTempDirectory("wasmdbg-upload-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    @FuzzTest(maxDuration = "30s")
    void uploads(byte[] body) {
        try {
            SERVICE.upload(body, "fuzz.wasm", null);
        } catch (ApiException e) {
            if (e.status() >= 500) {
                throw e; // the server's fault, not the input's
            }
            // refused with a clear error: what hostile input should get
        }
    }
}
