package dev.wasmdbg.sourcemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wasmdbg.testkit.TestModules;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded mutation fuzzing of emscripten's real map (and of an index map embedding it twice): each round mutates
 * the bytes a few times and parses. The only acceptable failure is a SourceMapException; a map that parses must
 * be consistent (sorted, indexes in range, lookup = a linear search). Reproduce a round with
 * -Dwasmdbg.fuzz.seed.
 */
class MutationFuzzTest {
    private static final int ROUNDS = 5_000;
    private static final String[] TOKENS = {"//////D", "B", "ggggggE", "+/////D", "gggggggggggA", ",", ";", ",,",
        "AAAAAA", "AA", "D", "\"", "\\", "\\u0041", "\\u00", "null", "-1", "1e999", "99999999999999999999", "3.0",
        "{", "}", "[", "]", ":", "\"sections\":[],", "\"url\":\"x\",", "\"version\":3,", "\"names\":[\"n\"],",
        "\"sources\":[null],", "\"offset\":{\"line\":0,\"column\":1},", "\u00e9", "\u0000", " "};
    private static final char[] BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    @ParameterizedTest
    @ValueSource(strings = {"regular", "index"})
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void mutatedMapsOnlyEverRaiseSourceMapException(String kind) throws Exception {
        byte[] real = Files.readAllBytes(TestModules.wasm("fact-em.wasm.map"));
        byte[] original = kind.equals("regular") ? real : indexMapOf(real);
        SourceMap.parse(original); // the seed itself is fine
        long seed = Long.getLong("wasmdbg.fuzz.seed", 20261121L) ^ kind.hashCode();
        int accepted = 0;
        int rejected = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Random random = new Random(seed + round);
            byte[] mutated = original;
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                mutated = mutate(mutated, random);
            }
            try {
                SourceMap map = SourceMap.parse(mutated);
                checkConsistent(map, random);
                accepted++;
            } catch (SourceMapException expected) {
                assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
                rejected++;
            } catch (Throwable t) {
                fail("round " + round + " (seed " + (seed + round) + ") of the " + kind + " map threw " + t + " on "
                        + new String(mutated, StandardCharsets.UTF_8), t);
            }
        }
        System.out.printf("%s map: %d mutants parsed, %d rejected with SourceMapException%n", kind, accepted,
                rejected);
        // both outcomes are exercised, or the mutations are too tame or too wild to test anything
        assertThat(accepted).isGreaterThan(ROUNDS / 20);
        assertThat(rejected).isGreaterThan(ROUNDS / 5);
    }

    /** The real map twice: once at offset 0 and once far behind it. */
    private static byte[] indexMapOf(byte[] map) {
        String inner = new String(map, StandardCharsets.UTF_8);
        return ("{\"version\":3,\"sections\":[{\"offset\":{\"line\":0,\"column\":0},\"map\":" + inner + "},"
                + "{\"offset\":{\"line\":0,\"column\":100000},\"map\":" + inner + "}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mutate(byte[] in, Random random) {
        if (in.length == 0) {
            return TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
        }
        int at = random.nextInt(in.length);
        byte[] out = in.clone();
        switch (random.nextInt(7)) {
            case 0: // a Base64 digit where a Base64 digit is likely (inside mappings): keeps the JSON valid
                out[mappingsPosition(in, random)] = (byte) BASE64[random.nextInt(BASE64.length)];
                return out;
            case 1:
                out[at] = (byte) random.nextInt(256);
                return out;
            case 2: { // delete a short range
                int length = Math.min(1 + random.nextInt(16), in.length - at);
                byte[] shorter = new byte[in.length - length];
                System.arraycopy(in, 0, shorter, 0, at);
                System.arraycopy(in, at + length, shorter, at, in.length - at - length);
                return shorter;
            }
            case 3: { // duplicate a short range
                int length = Math.min(1 + random.nextInt(32), in.length - at);
                return insert(in, at, java.util.Arrays.copyOfRange(in, at, at + length));
            }
            case 4: // a token anywhere
                return insert(in, at, TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
            case 5: // a token inside mappings
                return insert(in, mappingsPosition(in, random),
                        TOKENS[random.nextInt(3 + random.nextInt(6))].getBytes(StandardCharsets.UTF_8));
            default:
                return java.util.Arrays.copyOf(in, at);
        }
    }

    /** A position inside some "mappings" string (any position when there is none any more). */
    private static int mappingsPosition(byte[] in, Random random) {
        String text = new String(in, StandardCharsets.ISO_8859_1);
        int start = text.indexOf("\"mappings\":\"", random.nextBoolean() ? 0 : text.length() / 2);
        if (start < 0) {
            start = text.indexOf("\"mappings\":\"");
        }
        if (start < 0) {
            return random.nextInt(in.length);
        }
        start += "\"mappings\":\"".length();
        int end = text.indexOf('"', start);
        return end <= start ? Math.min(start, in.length - 1) : start + random.nextInt(end - start);
    }

    private static byte[] insert(byte[] in, int at, byte[] what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + what.length);
        out.write(in, 0, at);
        out.write(what, 0, what.length);
        out.write(in, at, in.length - at);
        return out.toByteArray();
    }

    private static void checkConsistent(SourceMap map, Random random) {
        List<Mapping> all = map.mappings();
        long lastLine = -1;
        long lastColumn = -1;
        for (Mapping m : all) {
            assertThat(m.generatedLine() > lastLine || m.generatedColumn() >= lastColumn).isTrue();
            lastLine = m.generatedLine();
            lastColumn = m.generatedColumn();
            if (m.sourceIndex() < 0) {
                assertThat(m).isEqualTo(new Mapping(m.generatedLine(), m.generatedColumn(), -1, null, 0, 0, null));
            } else {
                assertThat(m.sourceIndex()).isLessThan(map.sources().size());
                assertThat(m.source()).isEqualTo(map.sources().get(m.sourceIndex()));
                assertThat(m.line()).isPositive();
                assertThat(m.column()).isPositive();
            }
        }
        for (int probe = 0; probe < 20; probe++) {
            long column = random.nextInt(120_000) - 10;
            long notBefore = column - random.nextInt(300);
            assertThat(map.lookup(column, notBefore)).isEqualTo(linearLookup(all, column, notBefore));
        }
    }

    private static Optional<Mapping> linearLookup(List<Mapping> all, long column, long notBefore) {
        Mapping best = null;
        for (Mapping m : all) {
            if (m.generatedLine() == 0 && m.generatedColumn() <= column) {
                best = m; // sorted: the last one that fits wins, ties included
            }
        }
        return best != null && best.generatedColumn() >= notBefore ? Optional.of(best) : Optional.empty();
    }
}
