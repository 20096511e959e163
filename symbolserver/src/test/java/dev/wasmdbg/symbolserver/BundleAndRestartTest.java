package dev.wasmdbg.symbolserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wasmdbg.testkit.TestModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles (.zip, .tar.gz) of every kind of file, and a store that outlives its server. */
class BundleAndRestartTest {
    @TempDir
    Path store;

    static Map<String, byte[]> everyKind() throws Exception {
        return Archives.files(
                "build/fact-split.wasm", Fixture.bytes("fact-split.wasm"),
                "build/debug/fact-split.debug.wasm", Fixture.bytes("fact-split.debug.wasm"),
                "web/fact-em.wasm", Fixture.bytes("fact-em.wasm"),
                "web/fact-em.wasm.map", Files.readAllBytes(TestModules.wasm("fact-em.wasm.map")),
                "fact-id.wasm", Fixture.bytes("fact-id.wasm"),
                "README.txt", "not a debug file".getBytes());
    }

    /** What a store holding everyKind() must answer: one line per probe. */
    static List<String> probe(Fixture f) throws Exception {
        String split = Fixture.sha256(Fixture.bytes("fact-split.wasm"));
        String em = Fixture.sha256(Fixture.bytes("fact-em.wasm"));
        String id = SymbolicateTest.buildIdOf(Fixture.bytes("fact-id.wasm"));
        List<String> answers = new ArrayList<>();
        JsonNode s = f.symbolicate(split, List.of("0x4d"), "code").get(0);
        answers.add(s.get("source").asText() + " " + Fixture.places(s));
        JsonNode m = f.symbolicate(em, List.of("0x3e8"), "file").get(0);
        JsonNode frame = m.get("frames").get(0);
        answers.add(m.get("source").asText() + " " + frame.get("file").asText() + ":" + frame.get("line").asLong());
        JsonNode i = f.symbolicate(id, List.of("0x1f0"), "code").get(0);
        answers.add(i.get("source").asText() + " " + i.get("frames").get(0).get("function").asText());
        return answers;
    }

    /**
     * The expected answers: split DWARF from the companion as llvm-symbolizer-22 answered for 0x4d
     * (the committed oracle), the hand-checked source map line of the division at file offset 0x3e8,
     * DWARF for the build-id module (main's linkage name).
     */
    static final List<String> EXPECTED = List.of(
            "EXTERNAL_DWARF " + oraclePlaces("fact-split.debug", "0x4d"),
            "SOURCE_MAP ../src/fact.c:" + SymbolicateTest.MAP_LINES.get(SymbolicateTest.MAP_OFFSETS.indexOf("0x3e8")),
            "DWARF " + SymbolicateTest.MAIN);

    static String oraclePlaces(String module, String address) {
        SymbolicateTest.Oracle oracle = SymbolicateTest.Oracle.of(module);
        return oracle.places().get(oracle.addresses().indexOf(address)).toString();
    }

    private void bundleOfEveryKind(Function<Map<String, byte[]>, byte[]> pack) throws Exception {
        try (Fixture f = Fixture.start(store)) {
            JsonNode answer = f.upload("bundle", pack.apply(everyKind()), "");
            assertThat(answer.get("stored")).hasSize(5);
            assertThat(answer.get("ignored")).hasSize(1);
            assertThat(answer.get("ignored").get(0).get("file").asText()).isEqualTo("README.txt");
            JsonNode map = answer.get("stored").get(4);
            assertThat(map.get("kind").asText()).isEqualTo("source-map");
            assertThat(map.get("module").asText()).isEqualTo(Fixture.sha256(Fixture.bytes("fact-em.wasm")));
            assertThat(probe(f)).isEqualTo(EXPECTED);
        }
    }

    @Test
    void zipBundle() throws Exception {
        bundleOfEveryKind(Archives::zip);
    }

    @Test
    void tarGzBundle() throws Exception {
        bundleOfEveryKind(Archives::tarGz);
    }

    @Test
    void inABundleTheCompanionIsAlsoFoundByTheNameExternalDebugInfoGives() throws Exception {
        // A companion whose Code section differs (fact-O0's DWARF under the split module's companion
        // name): the Code-section match cannot link it; the name in the bundle does.
        String split = Fixture.sha256(Fixture.bytes("fact-split.wasm"));
        String o0 = Fixture.sha256(Fixture.bytes("fact-O0.wasm"));
        try (Fixture f = Fixture.start(store)) {
            JsonNode answer = f.upload("bundle", Archives.zip(Archives.files(
                    "fact-split.wasm", Fixture.bytes("fact-split.wasm"),
                    "dbg/fact-split.debug.wasm", Fixture.bytes("fact-O0.wasm"))), "");
            assertThat(answer.get("stored").get(1).get("module").asText()).isEqualTo(o0);
            assertThat(answer.get("stored").get(1).get("debugFor").asText()).isEqualTo(split);
            JsonNode described = f.client.get("/modules/" + split).json();
            assertThat(described.get("externalDebugInfo").get("companion").asText()).isEqualTo(o0);
            assertThat(described.get("answersFrom").asText()).isEqualTo("EXTERNAL_DWARF");
        }
    }

    @Test
    void restartedServerAnswersFromTheStore() throws Exception {
        String split = Fixture.sha256(Fixture.bytes("fact-split.wasm"));
        String o2 = Fixture.sha256(Fixture.bytes("fact-O2.wasm"));
        String em = Fixture.sha256(Fixture.bytes("fact-em.wasm"));
        byte[] map = Files.readAllBytes(TestModules.wasm("fact-em.wasm.map"));
        List<String> explicitAnswers;
        try (Fixture f = Fixture.start(store.resolve("bundle"))) {
            f.upload("bundle.zip", Archives.zip(everyKind()), "");
            f.upload("fact-O0.wasm");
            assertThat(probe(f)).isEqualTo(EXPECTED);
        }
        try (Fixture f = Fixture.start(store.resolve("bundle"))) {
            JsonNode listed = f.client.get("/modules").json().get("modules");
            assertThat(listed).hasSize(5);
            assertThat(f.client.metric("wasmdbg_stored_modules")).isEqualTo(5);
            assertThat(probe(f)).isEqualTo(EXPECTED);
        }
        // Links made one upload at a time: an explicit companion (fact-O2's DWARF for the split
        // module), and a source map linked by its file name.
        try (Fixture f = Fixture.start(store.resolve("links"))) {
            f.upload("fact-split.wasm");
            f.upload("fact-O2.wasm", Fixture.bytes("fact-O2.wasm"), "&module=" + split);
            f.upload("fact-em.wasm");
            f.upload("fact-em.wasm.map", map, "");
            explicitAnswers = linkAnswers(f, split, em);
            assertThat(explicitAnswers.get(0)).isEqualTo("EXTERNAL_DWARF " + o2);
            assertThat(explicitAnswers.get(1)).startsWith("SOURCE_MAP ");
        }
        try (Fixture f = Fixture.start(store.resolve("links"))) {
            assertThat(linkAnswers(f, split, em)).isEqualTo(explicitAnswers);
        }
    }

    private static List<String> linkAnswers(Fixture f, String split, String em) {
        JsonNode described = f.client.get("/modules/" + split).json();
        JsonNode mapped = f.symbolicate(em, SymbolicateTest.MAP_OFFSETS, "file");
        return List.of(described.get("answersFrom").asText() + " "
                + described.get("externalDebugInfo").get("companion").asText(),
                mapped.get(0).get("source").asText() + " " + Fixture.places(mapped.get(0))
                        + Fixture.places(mapped.get(3)));
    }

    @Test
    void halfWrittenFilesOfACrashAreNeitherServedNorKept() throws Exception {
        String id = Fixture.sha256(Fixture.bytes("fact-O0.wasm"));
        try (Fixture f = Fixture.start(store)) {
            f.upload("fact-O0.wasm");
        }
        // A crash mid-upload leaves a .part file in tmp/, or a module file without its record
        // (module.json is written last); a torn record does not match its module's size.
        Files.writeString(store.resolve("tmp/0b6f.part"), "half a module");
        Path torn = store.resolve("modules/" + "ab".repeat(32));
        Files.createDirectories(torn);
        Files.write(torn.resolve("module.wasm"), new byte[] {0, 'a', 's', 'm'});
        Path truncated = store.resolve("modules/" + "cd".repeat(32));
        Files.createDirectories(truncated);
        Files.write(truncated.resolve("module.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        Files.writeString(truncated.resolve("module.json"), Files.readString(
                store.resolve("modules/" + id + "/module.json")).replace(id, "cd".repeat(32)));
        try (Fixture f = Fixture.start(store)) {
            assertThat(Files.list(store.resolve("tmp")).count()).isZero();
            JsonNode listed = f.client.get("/modules").json().get("modules");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("module").asText()).isEqualTo(id);
            assertThat(f.client.get("/modules/" + "ab".repeat(32)).status()).isEqualTo(404);
            assertThat(f.client.get("/modules/" + "cd".repeat(32)).status()).isEqualTo(404);
        }
    }
}
