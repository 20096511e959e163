package dev.wasmdbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.testkit.ExternalTool;
import dev.wasmdbg.testkit.TestModules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every DW_AT_location and DW_AT_frame_base of every module with DWARF, single expressions and
 * every location-list entry with its range, rendered as llvm-dwarfdump-22 --debug-info prints it.
 */
class LocationDifferentialTest {
    private static final Pattern DIE = Pattern.compile("^0x([0-9a-f]{8}):\\s+(DW_TAG_\\w+|NULL)");
    private static final Pattern ATTRIBUTE = Pattern.compile("^\\s+(DW_AT_location|DW_AT_frame_base)\\t\\((.*)$");
    private static final Pattern CONTINUATION = Pattern.compile("^\\s+(\\[|\\(|<default>|DW_LLE_)(.*)$");

    static List<String> modules() {
        return TestModules.withDwarf();
    }

    /** (DIE offset, attribute name) to the text between the attribute's parentheses, list lines joined by "\n". */
    static Map<String, String> parseDump(String dump) {
        Map<String, String> out = new LinkedHashMap<>();
        long die = -1;
        String key = null;
        StringBuilder value = null;
        for (String line : dump.split("\n", -1)) {
            if (value != null) {
                Matcher c = CONTINUATION.matcher(line);
                if (c.matches()) {
                    value.append('\n').append(line.strip());
                    continue;
                }
                out.put(key, stripParenthesis(value.toString()));
                value = null;
            }
            Matcher d = DIE.matcher(line);
            if (d.find()) {
                die = Long.parseLong(d.group(1), 16);
                continue;
            }
            Matcher a = ATTRIBUTE.matcher(line);
            if (a.matches()) {
                key = die + " " + a.group(1);
                value = new StringBuilder(a.group(2));
            }
        }
        if (value != null) {
            out.put(key, stripParenthesis(value.toString()));
        }
        return out;
    }

    private static String stripParenthesis(String s) {
        assertThat(s).endsWith(")");
        return s.substring(0, s.length() - 1);
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyLocationAndFrameBaseRendersAsLlvmDwarfdump(String module) throws Exception {
        Path tool = ExternalTool.require("llvm-dwarfdump-22");
        Path wasm = TestModules.wasm(module + ".wasm");
        ExternalTool.Result result = ExternalTool.run(List.of(tool.toString(), "--debug-info", wasm.toString()),
                wasm.getParent(), "", Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Map<String, String> expected = parseDump(result.stdout());

        Dwarf dwarf = Dwarf.read(wasm);
        Map<String, String> ours = new LinkedHashMap<>();
        int singles = 0;
        int lists = 0;
        int entries = 0;
        int dead = 0;
        for (Unit unit : dwarf.units()) {
            for (Die die : unit.dies()) {
                for (int attr : new int[] {Dw.AT_LOCATION, Dw.AT_FRAME_BASE}) {
                    if (!die.has(attr)) {
                        continue;
                    }
                    LocationDescription d = LocationDescription.of(die, attr).orElseThrow(
                            () -> new AssertionError(die + " has a location attribute we cannot read"));
                    ours.put(die.offset() + " " + (attr == Dw.AT_LOCATION ? "DW_AT_location" : "DW_AT_frame_base"),
                            d.render(0));
                    if (d.isList()) {
                        lists++;
                        for (LocationList.Entry e : d.list().get().entries()) {
                            if (e.hasExpression()) {
                                entries++;
                                dead += e.dead() ? 1 : 0;
                            }
                        }
                    } else {
                        singles++;
                    }
                }
            }
        }
        assertThat(ours.keySet()).as("location attributes of %s", module)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        List<String> mismatches = new ArrayList<>();
        for (var e : expected.entrySet()) {
            if (!e.getValue().equals(ours.get(e.getKey()))) {
                mismatches.add(e.getKey() + "\n  llvm: " + e.getValue() + "\n  ours: " + ours.get(e.getKey()));
            }
        }
        assertThat(mismatches).as("%s: %d of %d differ", module, mismatches.size(), expected.size()).isEmpty();
        assertThat(expected).isNotEmpty();
        System.out.printf("%s: %d location attributes equal to llvm-dwarfdump-22 (%d single expressions, "
                + "%d location lists with %d entries, %d of them dead code)%n", module, expected.size(), singles, lists,
                entries, dead);
    }
}
