package dev.wasmdbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.testkit.ExternalTool;
import dev.wasmdbg.testkit.TestModules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Type names against llvm-dwarfdump-22, which prints the referenced type's name after every
 * DW_AT_type: for every distinct type DIE referenced in the C and C++ modules,
 * {@code displayName(false)} (no struct / union / enum keyword, as LLVM prints C++) must equal it.
 *
 * <p>Left out, by design: names where LLVM falls back to the bare DWARF tag ("restrict " for a
 * restrict-qualified pointer, "structure " for an anonymous struct), which are not C; and the
 * Rust module, where LLVM appends template parameters to Rust's already complete names and
 * ignores the names rustc gives its pointer types ("&str"), which we keep.
 */
class TypeNameDifferentialTest {
    private static final Pattern TYPE = Pattern.compile("DW_AT_type\\t\\(0x([0-9a-f]{8}) \"(.*)\"\\)$");

    static List<String> modules() {
        return TestModules.withDwarf().stream().filter(m -> !m.equals("panic")).toList();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void typeNamesAsLlvmPrintsThem(String module) throws Exception {
        Path tool = ExternalTool.require("llvm-dwarfdump-22");
        Path wasm = TestModules.wasm(module + ".wasm");
        ExternalTool.Result result = ExternalTool.run(List.of(tool.toString(), "--debug-info", wasm.toString()),
                wasm.getParent(), "", Duration.ofSeconds(60));
        assertThat(result.exitCode()).isZero();
        TypeResolver types = TypeResolver.of(Dwarf.read(wasm));
        Set<Long> seen = new HashSet<>();
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        int skipped = 0;
        for (String line : result.stdout().split("\n")) {
            Matcher m = TYPE.matcher(line.strip());
            if (!m.find() || !seen.add(Long.parseLong(m.group(1), 16))) {
                continue;
            }
            String llvm = m.group(2);
            String ours = types.resolve(Long.parseLong(m.group(1), 16)).displayName(false);
            if (ours.contains("(anonymous ") || ours.contains("restrict")) {
                skipped++;
                continue;
            }
            compared++;
            if (!ours.equals(llvm)) {
                mismatches.add("0x" + m.group(1) + ": llvm \"" + llvm + "\", ours \"" + ours + "\"");
            }
        }
        assertThat(mismatches).as("%s: %d of %d differ", module, mismatches.size(), compared).isEmpty();
        assertThat(compared).isPositive();
        assertThat(skipped).isLessThanOrEqualTo(compared / 10);
        System.out.printf("%s: %d type names equal to llvm-dwarfdump-22 (%d restrict / anonymous left out)%n",
                module, compared, skipped);
    }
}
