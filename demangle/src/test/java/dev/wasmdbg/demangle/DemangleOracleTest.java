package dev.wasmdbg.demangle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.testkit.ExternalTool;
import dev.wasmdbg.testkit.TestModules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The demangler against LLVM itself: every mangled name of the C++ and Rust test modules, with what
 * llvm-cxxfilt-22 printed for it when test-modules/build.sh ran (test-modules/oracles/demangle.tsv.gz).
 */
class DemangleOracleTest {
    record Pair(String mangled, String demangled) {}

    static List<Pair> oracle() {
        Path file = TestModules.dir().resolve("oracles").resolve("demangle.tsv.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Pair> pairs = new ArrayList<>();
            for (String line : text.split("\n")) {
                int tab = line.indexOf('\t');
                assertThat(tab).as("line %s", line).isPositive();
                pairs.add(new Pair(line.substring(0, tab), line.substring(tab + 1)));
            }
            return pairs;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    @Test
    void everyNameInTheTestModulesDemanglesExactlyAsLlvmCxxfilt() {
        List<Pair> pairs = oracle();
        // What the oracle must cover: C++ (libc++ with ABI tags, lambdas, enable_if), Rust legacy
        // names (with .llvm. clones) and Rust v0 names.
        assertThat(pairs).hasSizeGreaterThan(6000);
        assertThat(pairs).filteredOn(p -> p.mangled().startsWith("_R")).hasSizeGreaterThan(300);
        assertThat(pairs).filteredOn(p -> p.mangled().matches("_ZN.*17h[0-9a-f]{16}E(\\..*)?")).hasSizeGreaterThan(5000);
        assertThat(pairs).filteredOn(p -> p.mangled().startsWith("_ZNSt3__2")).hasSizeGreaterThan(100);
        assertThat(pairs).filteredOn(p -> p.mangled().contains(".llvm.")).isNotEmpty();

        List<String> mismatches = pairs.stream()
                .filter(p -> !Demangler.demangle(p.mangled()).equals(p.demangled()))
                .map(p -> p.mangled() + "\n  llvm: " + p.demangled() + "\n  ours: " + Demangler.demangle(p.mangled()))
                .collect(Collectors.toList());
        assertThat(mismatches).as("%d of %d names differ from llvm-cxxfilt-22", mismatches.size(), pairs.size())
                .isEmpty();
    }

    @Test
    void committedOracleIsWhatLlvmCxxfiltSaysToday() {
        Path cxxfilt = ExternalTool.require("llvm-cxxfilt-22");
        List<Pair> pairs = oracle();
        String names = pairs.stream().map(Pair::mangled).collect(Collectors.joining("\n", "", "\n"));
        var live = ExternalTool.run(List.of(cxxfilt.toString()), TestModules.dir(), names, Duration.ofMinutes(2));
        assertThat(live.exitCode()).as(live.stderr()).isZero();
        assertThat(live.stdout().lines().collect(Collectors.toList()))
                .as("committed oracle is stale: rerun test-modules/build.sh")
                .isEqualTo(pairs.stream().map(Pair::demangled).collect(Collectors.toList()));
    }
}
