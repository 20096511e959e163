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

    /** What was rendered. */
    static final class Counts {
        int singles;
        int lists;
        int entries;
        int dead;
    }

    /** Our rendering of every DW_AT_location and DW_AT_frame_base, keyed as {@link #parseDump} keys them. */
    static Map<String, String> render(Dwarf dwarf, Counts counts) {
        Map<String, String> ours = new LinkedHashMap<>();
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
                        counts.lists++;
                        for (LocationList.Entry e : d.list().get().entries()) {
                            if (e.hasExpression()) {
                                counts.entries++;
                                counts.dead += e.dead() ? 1 : 0;
                            }
                        }
                    } else {
                        counts.singles++;
                    }
                }
            }
        }
        return ours;
    }

    /** Runs llvm-dwarfdump-22 --debug-info on a file and parses its location attributes. */
    static Map<String, String> dump(Path wasm) {
        Path tool = ExternalTool.require("llvm-dwarfdump-22");
        ExternalTool.Result result = ExternalTool.run(List.of(tool.toString(), "--debug-info", wasm.toString()),
                wasm.getParent(), "", Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return parseDump(result.stdout());
    }

    /** The keys whose values differ, with both values, for a readable failure. */
    static List<String> mismatches(Map<String, String> expected, Map<String, String> ours) {
        List<String> out = new ArrayList<>();
        for (var e : expected.entrySet()) {
            if (!e.getValue().equals(ours.get(e.getKey()))) {
                out.add(e.getKey() + "\n  llvm: " + e.getValue() + "\n  ours: " + ours.get(e.getKey()));
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyLocationAndFrameBaseRendersAsLlvmDwarfdump(String module) throws Exception {
        Path wasm = TestModules.wasm(module + ".wasm");
        Map<String, String> expected = dump(wasm);

        Dwarf dwarf = Dwarf.read(wasm);
        Counts counts = new Counts();
        Map<String, String> ours = render(dwarf, counts);
        assertThat(ours.keySet()).as("location attributes of %s", module)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        List<String> mismatches = mismatches(expected, ours);
        assertThat(mismatches).as("%s: %d of %d differ", module, mismatches.size(), expected.size()).isEmpty();
        assertThat(expected).isNotEmpty();
        System.out.printf("%s: %d location attributes equal to llvm-dwarfdump-22 (%d single expressions, "
                + "%d location lists with %d entries, %d of them dead code)%n", module, expected.size(), counts.singles,
                counts.lists, counts.entries, counts.dead);
    }
}
