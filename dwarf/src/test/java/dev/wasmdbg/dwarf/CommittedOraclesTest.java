package dev.wasmdbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.testkit.ExternalTool;
import dev.wasmdbg.testkit.TestModules;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The oracle answers committed under test-modules/oracles are what the DWARF tests compare with.
 * They must cover every line-table address, and must still be what today's LLVM 22 tools say.
 */
class CommittedOraclesTest {
    private static final Pattern ROW_ADDRESS = Pattern.compile("(?m)^0x([0-9a-f]{16}) ");
    private static final Pattern ANSWER_ADDRESS = Pattern.compile("^\\{\"Address\":\"0x([0-9a-f]+)\"");

    static List<String> modules() {
        List<String> modules = TestModules.withDwarf();
        assertThat(modules).contains("fact-O0", "fact-O2", "fact-dwarf5", "shapes", "panic", "fact-split.debug");
        return modules;
    }

    @ParameterizedTest
    @MethodSource("modules")
    void symbolizerOracleAnswersEveryLineTableAddressOnce(String module) {
        TreeSet<Long> rowAddresses = new TreeSet<>();
        Matcher rows = ROW_ADDRESS.matcher(TestModules.debugLineOracle(module));
        while (rows.find()) {
            rowAddresses.add(Long.parseUnsignedLong(rows.group(1), 16));
        }
        List<Long> answered = TestModules.symbolizerOracle(module).stream()
                .map(line -> {
                    Matcher m = ANSWER_ADDRESS.matcher(line);
                    assertThat(m.find()).as("answer line %s", line).isTrue();
                    return Long.parseUnsignedLong(m.group(1), 16);
                })
                .collect(Collectors.toList());

        assertThat(rowAddresses).as("line-table rows of %s", module).isNotEmpty();
        assertThat(answered).doesNotHaveDuplicates().containsExactlyElementsOf(rowAddresses);
    }

    @ParameterizedTest
    @MethodSource("modules")
    void debugLineOracleIsWhatLlvmDwarfdumpSaysToday(String module) {
        var dwarfdump = ExternalTool.require("llvm-dwarfdump-22");
        var live = ExternalTool.run(List.of(dwarfdump.toString(), "--debug-line", module + ".wasm"),
                TestModules.wasmDir(), "", Duration.ofMinutes(2));
        assertThat(live.exitCode()).as(live.stderr()).isZero();
        assertThat(live.stdout())
                .as("committed oracle is stale: rerun test-modules/build.sh")
                .isEqualTo(TestModules.debugLineOracle(module));
    }

    @ParameterizedTest
    @MethodSource("modules")
    void symbolizerOracleIsWhatLlvmSymbolizerSaysToday(String module) {
        var symbolizer = ExternalTool.require("llvm-symbolizer-22");
        List<String> oracle = TestModules.symbolizerOracle(module);
        String addresses = oracle.stream()
                .map(line -> {
                    Matcher m = ANSWER_ADDRESS.matcher(line);
                    m.find();
                    return String.format("0x%016x", Long.parseUnsignedLong(m.group(1), 16));
                })
                .collect(Collectors.joining("\n", "", "\n"));
        var live = ExternalTool.run(
                List.of(symbolizer.toString(), "--obj=" + module + ".wasm", "--inlining", "--output-style=JSON"),
                TestModules.wasmDir(), addresses, Duration.ofMinutes(2));
        assertThat(live.exitCode()).as(live.stderr()).isZero();
        assertThat(live.stdout().lines().collect(Collectors.toList()))
                .as("committed oracle is stale: rerun test-modules/build.sh")
                .isEqualTo(oracle);
    }
}
