package dev.wasmdbg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wasmdbg.wasm.WasmFile;
import dev.wasmdbg.demangle.Demangler;
import dev.wasmdbg.testkit.ExternalTool;
import dev.wasmdbg.testkit.LlvmWasmSymbols;
import dev.wasmdbg.testkit.TestModules;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** `wasmdbg symbolize` against llvm-symbolizer-22's answers, and its behaviour on bad input. */
class SymbolizeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exitCode, String out, String err) {}

    static Run wasmdbg(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    static List<String> modules() {
        return TestModules.withDwarf();
    }

    /**
     * One JSON answer compared with llvm-symbolizer's. Every field of every frame must be equal,
     * except the outermost frame's FunctionName and StartAddress where LLVM's wasm symbol table
     * (file offsets) contains the address: there LLVM's values must be exactly that symbol's.
     * Returns whether that rule applied.
     */
    static boolean assertSameAsLlvm(JsonNode ours, JsonNode llvm, LlvmWasmSymbols symbols, long address) {
        JsonNode a = ours.get("Symbol");
        JsonNode b = llvm.get("Symbol");
        assertThat(a.size()).as("frames at 0x%x", address).isEqualTo(b.size());
        var symbol = symbols.at(address);
        for (int i = 0; i < a.size(); i++) {
            boolean outermost = i == a.size() - 1;
            for (String field : List.of("FileName", "Line", "Column", "Discriminator", "StartFileName", "StartLine",
                    "FunctionName", "StartAddress")) {
                boolean byLlvmSymbols = outermost && symbol.isPresent()
                        && (field.equals("FunctionName") || field.equals("StartAddress"));
                if (byLlvmSymbols) {
                    String expected = field.equals("FunctionName") ? Demangler.demangle(symbol.get().name())
                            : "0x" + Long.toHexString(symbol.get().start());
                    assertThat(b.get(i).get(field).asText()).as("LLVM's %s at 0x%x", field, address).isEqualTo(expected);
                } else {
                    assertThat(a.get(i).get(field)).as("%s of frame %d at 0x%x", field, i, address)
                            .isEqualTo(b.get(i).get(field));
                }
            }
        }
        return symbol.isPresent();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyLineTableAddressAgreesWithLlvmSymbolizer(String module) throws Exception {
        List<String> oracle = TestModules.symbolizerOracle(module);
        List<String> args = new ArrayList<>(List.of("symbolize", "--json", "--obj",
                TestModules.wasm(module + ".wasm").toString()));
        List<JsonNode> expected = new ArrayList<>();
        for (String line : oracle) {
            JsonNode node = JSON.readTree(line);
            expected.add(node);
            args.add(node.get("Address").asText());
        }
        Run run = wasmdbg(args.toArray(new String[0]));
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(expected.size());
        LlvmWasmSymbols symbols = LlvmWasmSymbols.of(WasmFile.read(TestModules.wasm(module + ".wasm")));
        int byLlvmSymbols = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode ours = JSON.readTree(lines.get(i));
            assertThat(ours.get("Address")).isEqualTo(expected.get(i).get("Address"));
            long address = Long.parseUnsignedLong(ours.get("Address").asText().substring(2), 16);
            if (assertSameAsLlvm(ours, expected.get(i), symbols, address)) {
                byLlvmSymbols++;
            }
        }
        System.out.printf("wasmdbg symbolize %s: %d addresses equal to llvm-symbolizer-22 (%d outermost names "
                + "decided by LLVM's file-offset symbol table)%n", module, lines.size(), byLlvmSymbols);
    }

    @Test
    void agreesWithTheLiveLlvmSymbolizer() throws Exception {
        Path tool = ExternalTool.require("llvm-symbolizer-22");
        Path module = TestModules.wasm("fact-O2.wasm");
        List<String> addresses = new ArrayList<>();
        for (String line : TestModules.symbolizerOracle("fact-O2")) {
            String a = JSON.readTree(line).get("Address").asText();
            if (Long.parseLong(a.substring(2), 16) % 5 == 0) {
                addresses.add(a);
            }
        }
        var live = ExternalTool.run(List.of(tool.toString(), "--obj=" + module, "--inlining", "--output-style=JSON"),
                module.getParent(), String.join("\n", addresses) + "\n", Duration.ofMinutes(1));
        List<String> args = new ArrayList<>(List.of("symbolize", "--json", "--obj", module.toString()));
        args.addAll(addresses);
        Run ours = wasmdbg(args.toArray(new String[0]));
        List<String> llvmLines = live.stdout().lines().toList();
        List<String> ourLines = ours.out().lines().toList();
        assertThat(ourLines).hasSameSizeAs(llvmLines).hasSize(addresses.size());
        LlvmWasmSymbols symbols = LlvmWasmSymbols.of(WasmFile.read(module));
        for (int i = 0; i < ourLines.size(); i++) {
            long address = Long.parseUnsignedLong(addresses.get(i).substring(2), 16);
            assertSameAsLlvm(JSON.readTree(ourLines.get(i)), JSON.readTree(llvmLines.get(i)), symbols, address);
        }
    }

    @Test
    void textOutputIsLlvmSymbolizersShape() {
        // fact-O2 inlines move() (fact.c line 40: `p->y += dy;`) into main at its call on line 48.
        Path module = TestModules.wasm("fact-O2.wasm");
        long address = lineAddress(module, 40);
        Run run = wasmdbg("symbolize", "--obj", module.toString(), "0x" + Long.toHexString(address));
        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("move");
        assertThat(lines.get(1)).startsWith("/wasmdbg/test-modules/src/fact.c:40:");
        assertThat(lines.get(2)).isEqualTo("__main_argc_argv");
        assertThat(lines.get(3)).startsWith("/wasmdbg/test-modules/src/fact.c:48:");
        assertThat(lines.get(4)).isEmpty();
    }

    static long lineAddress(Path module, int line) {
        try {
            return dev.wasmdbg.dwarf.Dwarf.read(module).addresses("fact.c", line).get(0).address();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void addressFormsAndTheFilterOnStdin() throws Exception {
        Path module = TestModules.wasm("fact-O0.wasm");
        WasmFile file = WasmFile.read(module);
        long code = lineAddress(module, 22);
        long fileOffset = file.toFileOffset(code).orElseThrow();
        WasmFile.FunctionBody body = file.functionAt(fileOffset).orElseThrow();
        int index = file.importedFunctionCount() + body.definedIndex();
        String expected = wasmdbg("symbolize", "--obj", module.toString(), "0x" + Long.toHexString(code)).out();
        assertThat(expected).startsWith("sum_squares\n");
        assertThat(wasmdbg("symbolize", "--relative", "file", "--obj", module.toString(), Long.toString(fileOffset)).out())
                .isEqualTo(expected);
        assertThat(wasmdbg("symbolize", "--obj", module.toString(),
                index + ":0x" + Long.toHexString(fileOffset - body.offset())).out()).isEqualTo(expected);
        assertThat(wasmdbg("symbolize", "--obj", module.toString(),
                "wasm-function[" + index + "]:0x" + Long.toHexString(fileOffset)).out()).isEqualTo(expected);

        // As a filter: one answer per line, a bad line answered with ?? and reported, the rest go on.
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(("0x" + Long.toHexString(code) + "\nbogus\n\n0x"
                    + Long.toHexString(code) + "\n").getBytes(StandardCharsets.UTF_8)));
            Run run = wasmdbg("symbolize", "--obj", module.toString());
            assertThat(run.out()).isEqualTo(expected + "??\n??:0:0\n\n" + expected);
            assertThat(run.err().lines()).containsExactly("wasmdbg: bogus: not an address (see --help for the forms)");
            assertThat(run.exitCode()).isEqualTo(1);
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void sourceMapModule() {
        // fact-em.wasm: wasm-objdump -d shows main's first `call 18 <iprintf>` at file offset 0x29d,
        // fact.c line 51 (printf("fact = %d\n", f)).
        Run run = wasmdbg("symbolize", "--relative", "file", "--obj", TestModules.wasm("fact-em.wasm").toString(),
                "0x29d");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().toList()).hasSize(3).first().isEqualTo("main");
        assertThat(run.out().lines().toList().get(1)).endsWith("/test-modules/src/fact.c:51:3");
    }

    @Test
    void infoReportsIdentityAndKind() {
        Run run = wasmdbg("symbolize", "--info", "--obj", TestModules.wasm("fact-split.wasm").toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("identity: sha256:").contains("debug information: EXTERNAL_DWARF");
    }

    @Test
    void goNamesFromTheNameSection() throws Exception {
        Path module = TestModules.wasm("gopanic.wasm");
        WasmFile file = WasmFile.read(module);
        for (var e : file.functionNames().entrySet()) {
            if (e.getValue().equals("main.explode") || e.getValue().equals("runtime.gopanic")) {
                WasmFile.FunctionBody body = file.functionBodies().get(e.getKey() - file.importedFunctionCount());
                Run run = wasmdbg("symbolize", "--obj", module.toString(), e.getKey() + ":0x10");
                assertThat(run.out()).isEqualTo(e.getValue() + "\n??:0:0\n\n");
                assertThat(body.size()).isGreaterThan(0x10);
            }
        }
    }

    @Test
    void badInputsGiveOneLineAndExitOne(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("text.wasm"), "not wasm");
        byte[] whole = Files.readAllBytes(TestModules.wasm("fact-O0.wasm"));
        Path truncated = Files.write(dir.resolve("truncated.wasm"), java.util.Arrays.copyOf(whole, 5000));
        WasmFile good = WasmFile.of(whole);
        byte[] broken = whole.clone();
        var info = good.custom(".debug_info").orElseThrow();
        for (int i = 11; i < 40; i++) {
            broken[info.offset() + i] = (byte) 0x7f;
        }
        Path hostile = Files.write(dir.resolve("hostile.wasm"), broken);
        Path lonely = Files.copy(TestModules.wasm("fact-split.wasm"), dir.resolve("fact-split.wasm"));
        Path mapped = Files.copy(TestModules.wasm("fact-em.wasm"), dir.resolve("fact-em.wasm"));
        Files.writeString(dir.resolve("fact-em.wasm.map"), "{\"version\":3,\"sources\":[],\"mappings\":\"AAAA#\"}");
        for (Path bad : List.of(text, truncated, hostile, lonely, mapped, dir.resolve("missing.wasm"))) {
            Run run = wasmdbg("symbolize", "--obj", bad.toString(), "0x10");
            assertThat(run.exitCode()).as(bad.toString()).isEqualTo(1);
            assertThat(run.err().lines()).as(bad.toString()).hasSize(1).allMatch(l -> l.startsWith("wasmdbg: "));
            assertThat(run.out()).isEmpty();
        }
        Run outside = wasmdbg("symbolize", "--obj", TestModules.wasm("fact-O0.wasm").toString(), "0x7fffffff", "0x2");
        assertThat(outside.exitCode()).isEqualTo(1);
        assertThat(outside.err().lines()).hasSize(1).first().asString().contains("outside the Code section");
        assertThat(outside.out()).startsWith("??\n??:0:0\n\n_start\n");
    }
}
