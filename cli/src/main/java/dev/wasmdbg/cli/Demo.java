package dev.wasmdbg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo bundled in the jar: test-modules' fact.c built by clang-22 at -O0 with DWARF, and its source. */
final class Demo {
    static final String MODULE = "demo/fact-O0.wasm";

    private Demo() {}

    static byte[] moduleBytes() {
        try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(MODULE)) {
            if (in == null) {
                throw new IllegalStateException("the demo module " + MODULE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the demo module and its source (src/fact.c) to a fresh temporary directory. */
    static Path extract() throws IOException {
        Path dir = Files.createTempDirectory("wasmdbg-demo");
        Files.write(dir.resolve("fact.wasm"), moduleBytes());
        Files.createDirectories(dir.resolve("src"));
        try (InputStream in = Demo.class.getClassLoader().getResourceAsStream("demo/fact.c")) {
            if (in == null) {
                throw new IllegalStateException("the demo source demo/fact.c is missing from the jar");
            }
            Files.write(dir.resolve("src/fact.c"), in.readAllBytes());
        }
        return dir;
    }
}
