package dev.wasmdbg.dwarf;

import dev.wasmdbg.wasm.WasmFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wasmdbg.testkit.TestModules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded mutation fuzzing of real modules' DWARF sections: each round corrupts one section and
 * runs the whole reader over it (units, every DIE's attributes, line tables, lookups, functions,
 * breakpoint lines). The only acceptable failure is a DwarfException; anything else fails the test
 * with the seed and round to reproduce it. Bounded by rounds and seconds
 * (-Dwasmdbg.fuzz.seconds, -Dwasmdbg.fuzz.seed).
 */
class MutationFuzzTest {
    private static final String[] SECTIONS = {".debug_info", ".debug_abbrev", ".debug_line", ".debug_str",
        ".debug_ranges", ".debug_rnglists", ".debug_str_offsets", ".debug_addr", ".debug_line_str", ".debug_aranges",
        ".debug_loc", ".debug_loclists"};
    private static final int MAX_ROUNDS = 20_000;

    @ParameterizedTest
    @ValueSource(strings = {"fact-O0.wasm", "fact-dwarf5.wasm", "fact-O2.wasm"})
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void corruptedSectionsOnlyEverRaiseDwarfException(String module) throws Exception {
        WasmFile file = WasmFile.read(TestModules.wasm(module));
        Map<String, byte[]> original = new HashMap<>();
        for (String name : SECTIONS) {
            file.custom(name).ifPresent(s -> {
                byte[] copy = new byte[s.size()];
                System.arraycopy(file.bytes(), s.offset(), copy, 0, s.size());
                original.put(name, copy);
            });
        }
        List<Long> probes = probeAddresses(Dwarf.of(file));
        long seed = Long.getLong("wasmdbg.fuzz.seed", 20261121L) ^ module.hashCode();
        long budgetNanos = TimeUnit.SECONDS.toNanos(Long.getLong("wasmdbg.fuzz.seconds", 5L));
        long start = System.nanoTime();
        int rounds = 0;
        int rejected = 0;
        List<String> present = new ArrayList<>(original.keySet());
        present.sort(null);
        while (rounds < MAX_ROUNDS && System.nanoTime() - start < budgetNanos) {
            Random random = new Random(seed + rounds);
            Map<String, byte[]> sections = new HashMap<>(original);
            String target = present.get(random.nextInt(present.size()));
            sections.put(target, mutate(original.get(target), random));
            try {
                rejected += exercise(sections, probes);
            } catch (Throwable t) {
                fail("round " + rounds + " (seed " + (seed + rounds) + ", " + target + " of " + module + ") threw "
                        + t, t);
            }
            rounds++;
        }
        assertThat(rounds).isPositive();
        System.out.printf("%s: %d mutation rounds in %d ms, %d stages rejected with DwarfException%n",
                module, rounds, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), rejected);
    }

    private static List<Long> probeAddresses(Dwarf dwarf) {
        List<Long> out = new ArrayList<>();
        for (LineTable t : dwarf.lineTables()) {
            for (LineRow r : t.rows()) {
                if (out.size() < 300 && r.address() % 7 == 0) {
                    out.add(r.address());
                }
            }
        }
        return out;
    }

    static byte[] mutate(byte[] input, Random random) {
        byte[] b = input.clone();
        int edits = 1 + random.nextInt(8);
        for (int i = 0; i < edits && b.length > 0; i++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0:
                    b[at] = (byte) random.nextInt(256);
                    break;
                case 1:
                    b[at] ^= (byte) (1 << random.nextInt(8));
                    break;
                case 2:
                    b[at] = (byte) (random.nextBoolean() ? 0xff : 0x80);
                    break;
                case 3:
                    b[at] = 0;
                    break;
                case 4: // truncate
                    b = java.util.Arrays.copyOf(b, at);
                    break;
                default: { // copy a chunk over another place
                    int from = random.nextInt(b.length);
                    int n = Math.min(1 + random.nextInt(16), Math.min(b.length - from, b.length - at));
                    System.arraycopy(b.clone(), from, b, at, n);
                }
            }
        }
        return b;
    }

    /** Runs every stage; returns how many stages were rejected with a DwarfException. */
    static int exercise(Map<String, byte[]> sections, List<Long> probes) {
        return exercise(() -> Dwarf.of(DwarfSections.of(sections)), probes);
    }

    static int exercise(java.util.function.Supplier<Dwarf> open, List<Long> probes) {
        Dwarf dwarf;
        try {
            dwarf = open.get();
        } catch (DwarfException e) {
            return 1;
        }
        int rejected = 0;
        for (Unit unit : dwarf.units()) {
            try {
                int seen = 0;
                for (Die die : unit.dies()) {
                    if (seen++ > 3000) {
                        break;
                    }
                    for (int name : unit.dieAbbrevNames(die)) {
                        AttributeValue v = die.attribute(name);
                        if (v == null) {
                            continue;
                        }
                        try {
                            unit.string(v);
                            unit.address(v);
                            if (v.isReference()) {
                                dwarf.dieAt(v.value());
                            }
                        } catch (DwarfException e) {
                            rejected++;
                        }
                    }
                }
            } catch (DwarfException e) {
                rejected++;
            }
        }
        try {
            for (LineTable t : dwarf.lineTables()) {
                t.rows().size();
                for (long i = 0; i < t.files().size() + 1; i++) {
                    t.filePath(i, "/comp");
                }
            }
        } catch (DwarfException e) {
            rejected++;
        }
        try {
            for (long address : probes) {
                dwarf.lookup(address);
            }
        } catch (DwarfException e) {
            rejected++;
        }
        try {
            dwarf.functions();
            dwarf.addresses("fact.c", 22);
            dwarf.functions("main");
        } catch (DwarfException e) {
            rejected++;
        }
        return rejected;
    }
}
