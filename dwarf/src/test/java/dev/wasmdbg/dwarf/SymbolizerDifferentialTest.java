package dev.wasmdbg.dwarf;

import dev.wasmdbg.wasm.WasmFile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wasmdbg.demangle.Demangler;
import dev.wasmdbg.testkit.LlvmWasmSymbols;
import dev.wasmdbg.testkit.TestModules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * lookup(address) against llvm-symbolizer-22 --inlining for every line-table address of every
 * module with DWARF: every frame's file, line, column, discriminator, declaration file and line,
 * the inline chain, and the function names.
 *
 * <p>One LLVM quirk is modelled, not copied: for wasm, llvm-symbolizer replaces the outermost
 * frame's function name and start address with its symbol table's, and its wasm function symbols
 * are file offsets (a body's size LEB to its end), its data symbols memory addresses, while DWARF
 * addresses are Code-section-relative.
 * So wherever a symbol's file range happens to contain the Code-relative number, LLVM names that
 * function, usually the wrong one. lookup() keeps the DWARF answer; this test applies LLVM's rule
 * to our answer before comparing, which proves every other field equal and counts the addresses
 * where LLVM's name is the symbol table's.
 */
class SymbolizerDifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> modules() {
        return TestModules.withDwarf();
    }

    /** What llvm-symbolizer prints for a symbol-table name: demangled. */
    static String display(String name) {
        return Demangler.demangle(name);
    }

    static String render(JsonNode frame) {
        return String.join(" | ", frame.get("FunctionName").asText(),
                frame.get("FileName").asText(), frame.get("Line").asText(), frame.get("Column").asText(),
                frame.get("Discriminator").asText(), frame.get("StartFileName").asText(),
                frame.get("StartLine").asText(), frame.get("StartAddress").asText());
    }

    static String render(String name, SourceFrame f, long startAddress) {
        return String.join(" | ", name, f.file(), Long.toString(f.line()),
                Long.toString(f.column()), Long.toString(f.discriminator()), f.startFile(),
                Long.toString(f.startLine()), startAddress < 0 ? "" : "0x" + Long.toHexString(startAddress));
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyLineTableAddressResolvesLikeLlvmSymbolizer(String module) throws Exception {
        WasmFile file = WasmFile.read(TestModules.wasm(module + ".wasm"));
        Dwarf dwarf = Dwarf.of(file);
        LlvmWasmSymbols symbols = LlvmWasmSymbols.of(file);
        int addresses = 0;
        int frames = 0;
        int inlined = 0;
        int symbolTableNames = 0;
        List<String> mismatches = new ArrayList<>();
        for (String line : TestModules.symbolizerOracle(module)) {
            JsonNode answer = JSON.readTree(line);
            long address = Long.parseUnsignedLong(answer.get("Address").asText().substring(2), 16);
            List<SourceFrame> ours = new ArrayList<>(dwarf.lookup(address));
            if (ours.isEmpty()) {
                ours.add(new SourceFrame("", "", "", 0, 0, 0, "", 0, -1, false)); // LLVM prints one empty frame
            }
            LlvmWasmSymbols.Symbol symbol = symbols.at(address).orElse(null);
            List<String> want = new ArrayList<>();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < ours.size(); i++) {
                SourceFrame f = ours.get(i);
                String shown = f.function();
                long start = f.startAddress();
                if (i == ours.size() - 1 && symbol != null) {
                    if (!symbol.name().equals(f.linkageName())) {
                        symbolTableNames++;
                    }
                    shown = display(symbol.name());
                    start = symbol.start();
                }
                got.add(render(shown, f, start));
                JsonNode frame = answer.get("Symbol").get(i);
                want.add(frame == null ? "(no frame)" : render(frame));
            }
            if (answer.get("Symbol").size() != ours.size()) {
                want.add("(llvm has " + answer.get("Symbol").size() + " frames)");
            }
            if (!got.equals(want) && mismatches.size() < 10) {
                mismatches.add("0x" + Long.toHexString(address) + "\n  llvm: " + want + "\n  ours: " + got);
            }
            addresses++;
            frames += ours.size();
            inlined += ours.size() - 1;
        }
        assertThat(mismatches).as("%s: first mismatches", module).isEmpty();
        System.out.printf("%s: %d addresses, %d frames (%d inlined) equal to llvm-symbolizer-22; "
                + "at %d addresses LLVM's outermost name came from its file-offset symbol table, not DWARF%n",
                module, addresses, frames, inlined, symbolTableNames);
    }
}
