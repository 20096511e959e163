package dev.wasmdbg.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Where the committed test modules and their oracle answers are (see test-modules/README.md). */
public final class TestModules {
    private static final String DEBUG_LINE_SUFFIX = ".debug-line.txt.gz";

    private TestModules() {}

    /** The test-modules directory: Maven passes it as a system property; else found upward from here. */
    public static Path dir() {
        String configured = System.getProperty("wasmdbg.testModules");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("test-modules/wasm"))) {
                return p.resolve("test-modules");
            }
        }
        throw new IllegalStateException("test-modules/ not found above " + Path.of("").toAbsolutePath());
    }

    public static Path wasmDir() {
        return dir().resolve("wasm");
    }

    public static Path wasm(String fileName) {
        Path p = wasmDir().resolve(fileName);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no test module " + p);
        }
        return p;
    }

    public static Path source(String fileName) {
        return dir().resolve("src").resolve(fileName);
    }

    /** Names (without .wasm) of the modules with DWARF: those the build script wrote oracles for. */
    public static List<String> withDwarf() {
        try (Stream<Path> files = Files.list(dir().resolve("oracles"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(DEBUG_LINE_SUFFIX))
                    .map(n -> n.substring(0, n.length() - DEBUG_LINE_SUFFIX.length()))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** llvm-dwarfdump-22 --debug-line output for a module, as committed. */
    public static String debugLineOracle(String module) {
        return gunzip(dir().resolve("oracles").resolve(module + DEBUG_LINE_SUFFIX));
    }

    /** llvm-symbolizer-22 JSON answers for a module, one line per line-table address, as committed. */
    public static List<String> symbolizerOracle(String module) {
        return gunzip(dir().resolve("oracles").resolve(module + ".symbolizer.jsonl.gz")).lines()
                .collect(Collectors.toList());
    }

    private static String gunzip(Path file) {
        try (var in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            StringBuilder text = new StringBuilder();
            char[] buf = new char[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                text.append(buf, 0, n);
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }
}
