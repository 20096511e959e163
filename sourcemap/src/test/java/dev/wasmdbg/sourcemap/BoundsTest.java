package dev.wasmdbg.sourcemap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.testkit.TestModules;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Memory and time stay proportional to the input: the mapping arrays hold at most ~4.1 bytes per character of
 * the mappings text whatever the segment shape, parsing a 50 MB map allocates about 4 times its size in all
 * (the arrays it keeps, nothing else of that order), and a lookup is a binary search.
 */
class BoundsTest {
    /** Retained bytes per mappings character, whatever the shapes: see MappingTable. */
    private static final double RETAINED_PER_CHAR = 4.2;

    @ParameterizedTest(name = "''{0}'' x {1}")
    @CsvSource({
        "'C,', 200000",      // 1-field segments: 2 characters for 8 bytes (generated line and column)
        "'C;', 200000",      // one mapping per generated line
        "'CAAA,', 200000",   // 4 fields: 5 characters for 20 bytes
        "'CAAAA,', 200000",  // 5 fields: 6 characters for 24 bytes
        "'CAAA,C,', 100000", // mixed
        "';', 200000",       // empty lines hold nothing
    })
    void retainedMemoryIsBoundedByTheMappingsLength(String unit, int count) {
        String mappings = unit.repeat(count);
        mappings = mappings.substring(0, mappings.length() - 1); // no trailing separator
        SourceMap map = Maps.regular("'a.c'", "'n'", mappings);
        assertThat(map.retainedMappingBytes()).isLessThanOrEqualTo((long) (RETAINED_PER_CHAR * mappings.length()) + 64);
    }

    @Test
    void emscriptensMapIsWithinTheBoundToo() throws Exception {
        byte[] bytes = Files.readAllBytes(TestModules.wasm("fact-em.wasm.map"));
        SourceMap map = SourceMap.parse(bytes);
        assertThat(map.retainedMappingBytes()).isLessThanOrEqualTo((long) (RETAINED_PER_CHAR * 5266) + 64);
    }

    @ParameterizedTest(name = "''{0}'' x {1}")
    @CsvSource({
        "D, 2000000",    // 1-field segments, each one column left of the previous
        "DAAA, 1000000", // the same with a source
    })
    void anUnsortedLineCostsTwiceTheRetainedMemoryWhileSorting(String unit, int count) {
        // +/////D... starts at column 2^31-1; every later segment steps one column left
        String first = "+/////D" + unit.substring(1);
        String mappings = first + ("," + unit).repeat(count - 1);
        byte[] json = Maps.json("{'version':3,'sources':['a.c'],'names':[],'mappings':'" + mappings + "'}");
        long before = allocatedBytes();
        SourceMap map = SourceMap.parse(json);
        long allocated = allocatedBytes() - before;
        assertThat(map.mappings()).hasSize(count);
        assertThat(map.mappings().get(0).generatedColumn()).isEqualTo(Integer.MAX_VALUE - count + 1L);
        assertThat(map.mappings().get(count - 1).generatedColumn()).isEqualTo(Integer.MAX_VALUE);
        if (allocated >= 0) {
            assertThat(allocated).isLessThan((long) (2 * RETAINED_PER_CHAR * mappings.length()) + 100_000);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aFiftyMegabyteMapParsesInBoundedMemoryAndTime() {
        // 10 M segments in pairs that keep the original position bounded:
        // SACQ = col +9, src 0, line +1, col +8; SADR = col +9, src 0, line -1, col -8
        int pairs = 5_000_000;
        byte[] json = bigMap(pairs);
        assertThat(json.length).isGreaterThan(50_000_000);

        long allocatedBefore = allocatedBytes();
        long start = System.nanoTime();
        SourceMap map = SourceMap.parse(json);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long allocated = allocatedBytes() - allocatedBefore;
        System.out.printf("50 MB map: %d mappings in %d ms, %.1f MB allocated, %.1f MB retained%n",
                map.mappings().size(), millis, allocated / 1e6, map.retainedMappingBytes() / 1e6);

        assertThat(map.mappings()).hasSize(2 * pairs);
        assertThat(map.retainedMappingBytes()).isLessThan((long) (RETAINED_PER_CHAR * json.length));
        if (allocated >= 0) {
            // Nothing like a char[] copy of the text (2 bytes a character) or an object per mapping (~50 bytes)
            assertThat(allocated).isLessThan((long) (4.5 * json.length));
        }
        // the k-th segment is at column 9 (k + 1); odd ones are one line below the even ones
        assertThat(map.lookup(9L * 2 * pairs)).contains(new Mapping(0, 9L * 2 * pairs, 0, "a.c", 1, 1, null));
        assertThat(map.lookup(9L * 1001 + 4)).contains(new Mapping(0, 9L * 1001, 0, "a.c", 2, 9, null));
        assertThat(map.lookup(8)).isEmpty();

        long lookups = 0;
        start = System.nanoTime();
        for (long column = 0; column < 9L * 2 * pairs; column += 97) {
            Optional<Mapping> found = map.lookup(column, column - 9);
            lookups += found.isPresent() ? 1 : 0;
        }
        long lookupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("%d lookups in %d ms%n", lookups, lookupMillis);
        assertThat(lookups).isGreaterThan(900_000);
    }

    private static byte[] bigMap(int pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(10 * pairs + 100);
        out.writeBytes("{\"version\":3,\"sources\":[\"a.c\"],\"names\":[],\"mappings\":\"".getBytes(
                StandardCharsets.US_ASCII));
        byte[] pair = "SACQ,SADR,".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < pairs; i++) {
            out.write(pair, 0, i == pairs - 1 ? pair.length - 1 : pair.length);
        }
        out.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Bytes this thread allocated so far, or -1 where the JVM cannot tell. */
    private static long allocatedBytes() {
        var threads = ManagementFactory.getThreadMXBean();
        if (threads instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()
                && sun.isThreadAllocatedMemoryEnabled()) {
            return sun.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }
}
