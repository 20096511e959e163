package dev.wasmdbg.symbolserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wasmdbg.testkit.TestModules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload each kind of file through real HTTP, symbolicate, and compare with llvm-symbolizer-22's
 * committed answers (see test-modules/README.md) and with hand-checked source map positions.
 */
class SymbolicateTest {
    /** main's name in fact.c's DWARF: wasi-libc renames it, and names are linkage names as in llvm-symbolizer. */
    static final String MAIN = "__main_argc_argv";
    @TempDir
    Path store;

    /** The oracle's frames for each address as "file:line:column", innermost first; addresses in order. */
    record Oracle(List<String> addresses, List<List<String>> places) {
        static Oracle of(String module) {
            List<String> addresses = new ArrayList<>();
            List<List<String>> places = new ArrayList<>();
            for (String line : TestModules.symbolizerOracle(module)) {
                JsonNode o = read(line);
                addresses.add(o.get("Address").asText());
                List<String> p = new ArrayList<>();
                for (JsonNode s : o.get("Symbol")) {
                    p.add(s.get("FileName").asText() + ":" + s.get("Line").asLong() + ":" + s.get("Column").asLong());
                }
                places.add(p.equals(List.of(":0:0")) ? List.of() : p); // llvm's "??": nothing known

            }
            return new Oracle(addresses, places);
        }

        static JsonNode read(String line) {
            try {
                return Client.JSON.readTree(line);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every oracle address through the service; returns how many were compared. */
    private static int matchesOracle(Fixture f, String module, String oracleModule) {
        Oracle oracle = Oracle.of(oracleModule);
        JsonNode results = f.symbolicate(module, oracle.addresses(), "code");
        assertThat(results).hasSize(oracle.addresses().size());
        int compared = 0;
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            assertThat(r.get("address").asText()).isEqualTo(oracle.addresses().get(i));
            assertThat(r.has("error")).as("%s: %s", oracle.addresses().get(i), r).isFalse();
            assertThat(Fixture.places(r)).as("%s %s", module, oracle.addresses().get(i))
                    .isEqualTo(oracle.places().get(i));
            compared++;
        }
        return compared;
    }

    @Test
    void moduleWithDwarfIsKeyedBySha256AndAnswersAsLlvmSymbolizer() throws Exception {
        try (Fixture f = Fixture.start(store)) {
            JsonNode stored = f.upload("fact-O0.wasm").get("stored");
            String id = Fixture.sha256(Fixture.bytes("fact-O0.wasm"));
            assertThat(stored).hasSize(1);
            assertThat(stored.get(0).get("module").asText()).isEqualTo(id);
            assertThat(stored.get(0).get("idKind").asText()).isEqualTo("sha256");
            assertThat(matchesOracle(f, id, "fact-O0")).isEqualTo(Oracle.of("fact-O0").addresses().size());

            JsonNode described = f.client.get("/modules/" + id).json();
            assertThat(described.get("answersFrom").asText()).isEqualTo("DWARF");
            assertThat(described.get("hasDwarf").asBoolean()).isTrue();
            assertThat(described.get("size").asLong()).isEqualTo(Fixture.bytes("fact-O0.wasm").length);
        }
    }

    @Test
    void optimizedCodeGivesTheInlineChainAsLlvmSymbolizer() {
        // fact-O2 inlines (ratio, move, sum_squares into main): every frame's file:line:column, every
        // inlined frame's function name, and the inlined flags equal llvm-symbolizer-22's. The
        // outermost name is LLVM's file-offset symbol-table quirk (see README), so it is not compared.
        String id;
        try (Fixture f = Fixture.start(store)) {
            id = f.upload("fact-O2.wasm").get("stored").get(0).get("module").asText();
            Oracle oracle = Oracle.of("fact-O2");
            assertThat(matchesOracle(f, id, "fact-O2")).isEqualTo(oracle.addresses().size());
            JsonNode results = f.symbolicate(id, oracle.addresses(), "code");
            List<String> lines = TestModules.symbolizerOracle("fact-O2");
            int inlined = 0;
            for (int i = 0; i < results.size(); i++) {
                JsonNode llvm = Oracle.read(lines.get(i)).get("Symbol");
                JsonNode frames = results.get(i).get("frames");
                for (int k = 0; k + 1 < frames.size(); k++) {
                    assertThat(frames.get(k).get("inlined").asBoolean()).isTrue();
                    assertThat(frames.get(k).get("function").asText()).isEqualTo(llvm.get(k).get("FunctionName").asText());
                    inlined++;
                }
                if (frames.size() > 0) {
                    assertThat(frames.get(frames.size() - 1).get("inlined").asBoolean()).isFalse();
                }
            }
            assertThat(inlined).isGreaterThan(100);
        }
    }

    @Test
    void moduleWithBuildIdIsKeyedByIt() {
        byte[] wasm = Fixture.bytes("fact-id.wasm");
        String buildId = buildIdOf(wasm);
        assertThat(buildId).hasSize(40); // wasm-ld --build-id=sha1
        try (Fixture f = Fixture.start(store)) {
            JsonNode stored = f.upload("fact-id.wasm").get("stored").get(0);
            assertThat(stored.get("module").asText()).isEqualTo(buildId);
            assertThat(stored.get("idKind").asText()).isEqualTo("build_id");
            JsonNode main = f.symbolicate(buildId, List.of("0x1f0"), "code").get(0);
            assertThat(main.get("frames").get(0).get("function").asText()).isEqualTo(MAIN);
            assertThat(Fixture.places(main).get(0)).startsWith("/wasmdbg/test-modules/src/fact.c:");
        }
    }

    /** The build_id custom section's payload, found by hand: section id 0, name, LEB length, bytes. */
    static String buildIdOf(byte[] wasm) {
        byte[] name = "\u0008build_id".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int at = Fixture.indexOf(wasm, name) + name.length;
        int length = wasm[at];
        return java.util.HexFormat.of().formatHex(wasm, at + 1, at + 1 + length);
    }

    @Test
    void splitDwarfCompanionIsLinkedWhicheverComesFirst() throws Exception {
        String module = Fixture.sha256(Fixture.bytes("fact-split.wasm"));
        try (Fixture f = Fixture.start(store.resolve("module-first"))) {
            f.upload("fact-split.wasm");
            JsonNode before = f.symbolicate(module, List.of("0xa"), "code").get(0);
            assertThat(before.get("source").asText()).isEqualTo("NAME_SECTION");
            assertThat(f.client.get("/modules/" + module).json().get("externalDebugInfo").get("companion").isNull())
                    .isTrue();

            JsonNode companion = f.upload("fact-split.debug.wasm").get("stored").get(0);
            assertThat(matchesOracle(f, module, "fact-split.debug")).isEqualTo(Oracle.of("fact-split.debug").addresses().size());
            JsonNode described = f.client.get("/modules/" + module).json();
            assertThat(described.get("externalDebugInfo").get("names").asText()).isEqualTo("fact-split.debug.wasm");
            assertThat(described.get("externalDebugInfo").get("companion").asText())
                    .isEqualTo(companion.get("module").asText());
            assertThat(described.get("answersFrom").asText()).isEqualTo("EXTERNAL_DWARF");
        }
        try (Fixture f = Fixture.start(store.resolve("companion-first"))) {
            f.upload("fact-split.debug.wasm");
            f.upload("fact-split.wasm");
            assertThat(matchesOracle(f, module, "fact-split.debug")).isEqualTo(Oracle.of("fact-split.debug").addresses().size());
        }
    }

    @Test
    void companionCanBeLinkedExplicitly() throws Exception {
        // An explicit link works even where the Code sections differ: fact-O0's DWARF for fact-split.
        String module = Fixture.sha256(Fixture.bytes("fact-split.wasm"));
        try (Fixture f = Fixture.start(store)) {
            f.upload("fact-split.wasm");
            JsonNode stored = f.upload("fact-O0.wasm", Fixture.bytes("fact-O0.wasm"), "&module=" + module)
                    .get("stored").get(0);
            assertThat(stored.get("debugFor").asText()).isEqualTo(module);
            assertThat(f.client.get("/modules/" + module).json().get("answersFrom").asText())
                    .isEqualTo("EXTERNAL_DWARF");
        }
    }

    // emscripten's source map, checked by hand with wasm-objdump: the printf calls at file offsets
    // 0x29d/0x2af/0x2ce are fact.c lines 51/52/53; the i32.div_s at 0x3e8 is line 35.
    static final List<String> MAP_OFFSETS = List.of("0x29d", "0x2af", "0x2ce", "0x3e8");
    static final List<Long> MAP_LINES = List.of(51L, 52L, 53L, 35L);

    private static void answersFromMap(Fixture f, String module) {
        JsonNode results = f.symbolicate(module, MAP_OFFSETS, "file");
        for (int i = 0; i < MAP_OFFSETS.size(); i++) {
            JsonNode frame = results.get(i).get("frames").get(0);
            assertThat(results.get(i).get("source").asText()).isEqualTo("SOURCE_MAP");
            assertThat(frame.get("file").asText()).isEqualTo("../src/fact.c"); // as the map names it
            assertThat(frame.get("line").asLong()).isEqualTo(MAP_LINES.get(i));
        }
    }

    @Test
    void sourceMapIsLinkedByNameExplicitlyOrWhenItsModuleArrivesLater() throws Exception {
        byte[] map = java.nio.file.Files.readAllBytes(TestModules.wasm("fact-em.wasm.map"));
        String module = Fixture.sha256(Fixture.bytes("fact-em.wasm"));
        try (Fixture f = Fixture.start(store.resolve("by-name"))) {
            f.upload("fact-em.wasm");
            JsonNode stored = f.upload("fact-em.wasm.map", map, "").get("stored").get(0);
            assertThat(stored.get("kind").asText()).isEqualTo("source-map");
            assertThat(stored.get("pending").asBoolean()).isFalse();
            assertThat(stored.get("modules").get(0).asText()).isEqualTo(module);
            answersFromMap(f, module);
        }
        try (Fixture f = Fixture.start(store.resolve("explicit"))) {
            f.upload("fact-em.wasm");
            JsonNode stored = f.upload("renamed.map", map, "&module=" + module).get("stored").get(0);
            assertThat(stored.get("module").asText()).isEqualTo(module);
            answersFromMap(f, module);
        }
        try (Fixture f = Fixture.start(store.resolve("map-first"))) {
            assertThat(f.upload("fact-em.wasm.map", map, "").get("stored").get(0).get("pending").asBoolean()).isTrue();
            f.upload("fact-em.wasm");
            answersFromMap(f, module);
            assertThat(f.client.get("/modules/" + module).json().get("sourceMap").get("linked").asBoolean()).isTrue();
        }
    }

    @Test
    void framesFromSeveralModulesInOneRequestWithPerFrameErrors() throws Exception {
        String fact = Fixture.sha256(Fixture.bytes("fact-O0.wasm"));
        String go = Fixture.sha256(Fixture.bytes("gopanic.wasm"));
        try (Fixture f = Fixture.start(store)) {
            f.upload("fact-O0.wasm");
            f.upload("gopanic.wasm");
            String request = """
                {"frames": [
                  {"module": "%s", "address": "0x1f0"},
                  {"module": "%s", "address": "wasm-function[%d]:0x%x"},
                  {"module": "%s", "address": "0x7fffffff"},
                  {"module": "00ff", "address": 1},
                  {"module": "%s", "address": "nonsense"},
                  {"module": "%s", "address": 496, "relative": "sideways"}
                ]}""".formatted(fact, go, 0, goMainOffset(), fact, fact, fact);
            Client.Answer a = f.client.post("/symbolicate", request);
            assertThat(a.status()).isEqualTo(200);
            JsonNode r = a.json().get("results");
            assertThat(r).hasSize(6);
            assertThat(r.get(0).get("frames").get(0).get("function").asText()).isEqualTo(MAIN);
            assertThat(r.get(1).get("frames").get(0).get("function").asText()).isEqualTo("main.main");
            assertThat(r.get(1).get("source").asText()).isEqualTo("NAME_SECTION");
            assertThat(r.get(2).get("error").asText()).contains("outside the Code section");
            assertThat(r.get(3).get("error").asText()).contains("unknown module '00ff'");
            assertThat(r.get(4).get("error").asText()).contains("is not an address");
            assertThat(r.get(5).get("error").asText()).contains("\"relative\"");
            assertThat(f.client.metric("wasmdbg_symbolication_errors_total")).isEqualTo(4);
            assertThat(f.client.metric("wasmdbg_symbolicated_addresses_total")).isEqualTo(2);
        }
    }

    @Test
    void aBuildUploadedStrippedAndWithDwarfKeepsBothWhicheverComesFirst() {
        byte[] full = Fixture.bytes("fact-id.wasm");
        byte[] stripped = Fixture.stripDebug(full);
        String buildId = buildIdOf(full);
        assertThat(stripped.length).isLessThan(full.length / 2);
        assertThat(buildIdOf(stripped)).isEqualTo(buildId);
        // The stripped file's offsets are what a runtime reports: main's body at the same code address.
        for (String order : List.of("full-first", "stripped-first")) {
            try (Fixture f = Fixture.start(store.resolve(order))) {
                boolean fullFirst = order.equals("full-first");
                f.upload("a.wasm", fullFirst ? full : stripped, "");
                JsonNode second = f.upload("b.wasm", fullFirst ? stripped : full, "").get("stored").get(0);
                assertThat(second.get("module").asText()).isEqualTo(buildId);
                assertThat(second.get("kind").asText()).isEqualTo(fullFirst ? "module" : "debug-file");
                JsonNode described = f.client.get("/modules/" + buildId.toUpperCase()).json();
                assertThat(described.get("answersFrom").asText()).as(order).isEqualTo("EXTERNAL_DWARF");
                assertThat(described.get("size").asLong()).isEqualTo(stripped.length);
                JsonNode main = f.symbolicate(buildId, List.of("0x1f0"), "code").get(0);
                assertThat(main.get("frames").get(0).get("function").asText()).isEqualTo(MAIN);
                assertThat(Fixture.places(main).get(0)).startsWith("/wasmdbg/test-modules/src/fact.c:54:");
            }
        }
    }

    @Test
    void aBuildIdLongerThan64BytesIsRefused() {
        byte[] id = new byte[66];
        id[0] = 65; // its LEB128 length: 65 bytes follow
        byte[] module = Fixture.withCustomSection(Fixture.bytes("tiny-dwarf4.wasm"), "build_id", id);
        try (Fixture f = Fixture.start(store)) {
            Client.Answer a = f.client.put("/modules?name=long-id.wasm", module);
            assertThat(a.status()).as(a.body()).isEqualTo(400);
            assertThat(a.json().get("error").asText()).contains("build_id has 65 bytes; at most 64");
        }
    }

    @Test
    void aLaterMapOfTheSameNameDoesNotChangeAnOldModulesAnswers() throws Exception {
        byte[] map = java.nio.file.Files.readAllBytes(TestModules.wasm("fact-em.wasm.map"));
        byte[] otherBuild = new String(map, java.nio.charset.StandardCharsets.UTF_8)
                .replace("../src/fact.c", "other-build/fact.c").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String module = Fixture.sha256(Fixture.bytes("fact-em.wasm"));
        try (Fixture f = Fixture.start(store)) {
            f.upload("fact-em.wasm");
            f.upload("fact-em.wasm.map", map, "");
            JsonNode later = f.upload("fact-em.wasm.map", otherBuild, "").get("stored").get(0);
            assertThat(later.get("pending").asBoolean()).isTrue(); // kept for modules to come only
            answersFromMap(f, module);
        }
    }

    @Test
    void aFramesRequestTakesItsDefaultRelativeFromTheTopAndRefusesMixedForms() throws Exception {
        String em = Fixture.sha256(Fixture.bytes("fact-em.wasm"));
        try (Fixture f = Fixture.start(store)) {
            f.upload("fact-em.wasm");
            f.upload("fact-em.wasm.map", java.nio.file.Files.readAllBytes(TestModules.wasm("fact-em.wasm.map")), "");
            String request = """
                {"relative": "file", "frames": [{"module": "%s", "address": "0x3e8"},
                                                {"module": "%s", "address": "0x3e8", "relative": "file"}]}"""
                    .formatted(em, em);
            JsonNode r = f.client.post("/symbolicate", request).json().get("results");
            assertThat(r.get(0)).isEqualTo(r.get(1));
            assertThat(r.get(0).get("frames").get(0).get("line").asLong()).isEqualTo(35);
            Client.Answer mixed = f.client.post("/symbolicate", "{\"module\": \"" + em
                    + "\", \"addresses\": [1], \"frames\": []}");
            assertThat(mixed.status()).isEqualTo(400);
            assertThat(mixed.json().get("error").asText()).contains("not both");
        }
    }

    /** A file offset inside Go's main.main, from the module itself (via the service's own listing is circular). */
    private static long goMainOffset() {
        var file = dev.wasmdbg.wasm.WasmFile.of(Fixture.bytes("gopanic.wasm"));
        int imported = file.importedFunctionCount();
        for (var e : file.functionNames().entrySet()) {
            if (e.getValue().equals("main.main")) {
                return file.functionBodies().get(e.getKey() - imported).offset() + 4;
            }
        }
        throw new AssertionError("no main.main");
    }
}
