package dev.wasmdbg.sourcemap;

import static dev.wasmdbg.sourcemap.Maps.json;
import static dev.wasmdbg.sourcemap.Maps.mappingsRejection;
import static dev.wasmdbg.sourcemap.Maps.parse;
import static dev.wasmdbg.sourcemap.Maps.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.testkit.TestModules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad content gives a SourceMapException with a specific one-line message, and nothing else. */
class HostileInputTest {

    @Test
    void badJson() {
        assertThat(rejection(new byte[0])).isEqualTo("empty input: expected a JSON object");
        assertThat(rejection("  ")).isEqualTo("empty input: expected a JSON object");
        assertThat(rejection("[]")).isEqualTo("expected a JSON object, got an array");
        assertThat(rejection("3")).isEqualTo("expected a JSON object, got 3");
        assertThat(rejection("null")).isEqualTo("expected a JSON object, got null");
        assertThat(rejection("{")).isEqualTo("bad JSON at line 1, column 2: Unexpected end-of-input: expected close "
                + "marker for Object (start marker at line 1, column 1)");
        assertThat(rejection("{'version':3,")).startsWith("bad JSON at line 1, column 14: Unexpected end-of-input");
        assertThat(rejection("{'version':3 'x':1}")).startsWith("bad JSON at line 1, column 14: Unexpected character");
        assertThat(rejection("{'version':3,'sources':[],'mappings':''} {}"))
                .isEqualTo("unexpected JSON after the source map object");
        assertThat(rejection("{'version':3,'sources':[],'mappings':''} x")).startsWith("bad JSON at line 1, column");
        assertThat(rejection("{'version':3,'sources':[],'mappings':'AAAA}")) // the string never ends
                .startsWith("bad JSON").contains("end-of-input");
        assertThat(rejection("{'version':3,'sources':[],'mappings':'A\u0001A'}")) // raw control character
                .startsWith("bad JSON at line 1, column");
        assertThat(rejection("{'version':3,'sources':[],'mappings':'A\\qA'}")) // no such escape
                .startsWith("bad JSON at line 1, column").contains("escape");
        assertThat(rejection(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00})).startsWith("bad JSON");
    }

    @Test
    void duplicateFieldsAreRejected() {
        assertThat(rejection("{'version':3,'sources':[],'mappings':'','mappings':'AAAA'}"))
                .startsWith("bad JSON at line 1, column").contains("Duplicate field 'mappings'");
    }

    @Test
    void truncatedRealMapAlwaysFailsCleanly() throws Exception {
        byte[] whole = Files.readAllBytes(TestModules.wasm("fact-em.wasm.map"));
        for (int length = 0; length < whole.length; length += 7) {
            String message = rejection(Arrays.copyOf(whole, length));
            assertThat(message).as("cut at %d", length).matches("bad JSON.*|empty input.*");
        }
    }

    @Test
    void versionMustBeThree() {
        assertThat(rejection("{'sources':[],'mappings':''}")).isEqualTo("version: missing (must be 3)");
        assertThat(rejection("{'version':2,'sources':[],'mappings':''}")).isEqualTo("version: must be 3, got 2");
        assertThat(rejection("{'version':'3','sources':[],'mappings':''}"))
                .isEqualTo("version: must be 3, got the string \"3\"");
        assertThat(rejection("{'version':3.5,'sources':[],'mappings':''}")).isEqualTo("version: must be 3, got 3.5");
        assertThat(rejection("{'version':1e999,'sources':[],'mappings':''}"))
                .isEqualTo("version: must be 3, got 1e999");
        assertThat(rejection("{'version':4294967299,'sources':[],'mappings':''}"))
                .isEqualTo("version: must be 3, got 4294967299"); // 2^32 + 3 must not wrap to 3
        assertThat(rejection("{'version':" + "9".repeat(900) + ",'sources':[],'mappings':''}"))
                .startsWith("version: must be 3, got 9999999999").endsWith("...");
        assertThat(rejection("{'version':null,'sources':[],'mappings':''}")).isEqualTo("version: must be 3, got null");
        // 3.0 is the number 3 in JSON's data model (JavaScript's JSON.parse agrees)
        assertThat(parse("{'version':3.0,'sources':[],'mappings':''}").mappings()).isEmpty();
    }

    @Test
    void requiredFieldsAndTypes() {
        assertThat(rejection("{'version':3,'sources':[]}")).isEqualTo("mappings: missing");
        assertThat(rejection("{'version':3,'mappings':''}")).isEqualTo("sources: missing");
        assertThat(rejection("{'version':3,'sources':[],'mappings':7}"))
                .isEqualTo("mappings: expected a string, got 7");
        assertThat(rejection("{'version':3,'sources':'a.c','mappings':''}"))
                .isEqualTo("sources: expected an array, got the string \"a.c\"");
        assertThat(rejection("{'version':3,'sources':['a.c',5],'mappings':''}"))
                .isEqualTo("sources[1]: expected a string or null, got 5");
        assertThat(rejection("{'version':3,'sources':[],'sourcesContent':[[]],'mappings':''}"))
                .isEqualTo("sourcesContent[0]: expected a string or null, got an array");
        assertThat(rejection("{'version':3,'sources':[],'names':['a',null],'mappings':''}"))
                .isEqualTo("names[1]: expected a string, got null");
        assertThat(rejection("{'version':3,'sources':[],'names':{},'mappings':''}"))
                .isEqualTo("names: expected an array, got an object");
        assertThat(rejection("{'version':3,'file':1,'sources':[],'mappings':''}"))
                .isEqualTo("file: expected a string, got 1");
        assertThat(rejection("{'version':3,'sourceRoot':true,'sources':[],'mappings':''}"))
                .isEqualTo("sourceRoot: expected a string, got a boolean");
    }

    @Test
    void badCharacters() {
        assertThat(mappingsRejection("'a.c'", "", "AAAA;AAAA,AA#A"))
                .isEqualTo("mappings: bad Base64 VLQ character '#' at segment 2 (generated line 1)");
        assertThat(mappingsRejection("'a.c'", "", "AAAA="))
                .isEqualTo("mappings: bad Base64 VLQ character '=' at segment 0 (generated line 0)");
        assertThat(mappingsRejection("'a.c'", "", "AA AA"))
                .isEqualTo("mappings: bad Base64 VLQ character ' ' at segment 0 (generated line 0)");
        // non-ASCII and escaped characters reach the decoder through Jackson
        assertThat(mappingsRejection("'a.c'", "", "AAAA,\u00e9"))
                .isEqualTo("mappings: bad Base64 VLQ character U+00E9 at segment 1 (generated line 0)");
        assertThat(mappingsRejection("'a.c'", "", "AAAA,\\u0000"))
                .isEqualTo("mappings: bad Base64 VLQ character U+0000 at segment 1 (generated line 0)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "AA        | mappings: segment 0 has 2 fields (must be 1, 4 or 5) (generated line 0)",
        "A,AAA     | mappings: segment 1 has 3 fields (must be 1, 4 or 5) (generated line 0)",
        ";;AAAAAA  | mappings: segment 0 has 6 fields (must be 1, 4 or 5) (generated line 2)",
        "AAAAAAAAA | mappings: segment 0 has 9 fields (must be 1, 4 or 5) (generated line 0)",
        "AAAg      | mappings: Base64 VLQ value cut off at the end of segment 0 (generated line 0)",
        "AAAA,g;A  | mappings: Base64 VLQ value cut off at the end of segment 1 (generated line 0)",
        "\",A\"     | mappings: empty segment 0 (a stray ',') (generated line 0)",
        "A,,A      | mappings: empty segment 1 (a stray ',') (generated line 0)",
        "A,;A      | mappings: empty segment 1 (a stray ',') (generated line 0)",
        "A;A,      | mappings: empty segment 2 (a stray ',') (generated line 1)",
    })
    void badSegmentShapes(String mappings, String message) {
        assertThat(mappingsRejection("'a.c'", "", mappings)).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // ggggggE = 2^32 unsigned (VlqReaderTest): beyond 32 bits, in each field
        "ggggggE         | mappings: Base64 VLQ value beyond 32 bits in the generated column at segment 0 (generated line 0)",
        "AggggggEAA      | mappings: Base64 VLQ value beyond 32 bits in the source index at segment 0 (generated line 0)",
        "AAggggggEA      | mappings: Base64 VLQ value beyond 32 bits in the original line at segment 0 (generated line 0)",
        "AAAggggggE      | mappings: Base64 VLQ value beyond 32 bits in the original column at segment 0 (generated line 0)",
        "AAAAggggggE     | mappings: Base64 VLQ value beyond 32 bits in the name index at segment 0 (generated line 0)",
        // each value fits, their sum does not: +/////D = 2^31-1, then C = +1
        "+/////D,C       | mappings: generated column becomes 2147483648 (beyond 2^31-1) at segment 1 (generated line 0)",
        "AA+/////DA,AACA | mappings: original line becomes 2147483648 (beyond 2^31-1) at segment 1 (generated line 0)",
        "AAA+/////D,AAAC | mappings: original column becomes 2147483648 (beyond 2^31-1) at segment 1 (generated line 0)",
        // negative results
        "D               | mappings: generated column becomes -1 (negative) at segment 0 (generated line 0)",
        "E,F,D           | mappings: generated column becomes -1 (negative) at segment 2 (generated line 0)",
        "B               | mappings: generated column becomes -2147483648 (negative) at segment 0 (generated line 0)",
        "AADA            | mappings: original line becomes -1 (negative) at segment 0 (generated line 0)",
        "AAAA;AAAD       | mappings: original column becomes -1 (negative) at segment 1 (generated line 1)",
        // indexes: 1 source ('a.c'), 1 name ('n')
        "ACAA            | mappings: source index 1 out of range (1 sources) at segment 0 (generated line 0)",
        "ADAA            | mappings: source index -1 out of range (1 sources) at segment 0 (generated line 0)",
        "AAAAC           | mappings: name index 1 out of range (1 names) at segment 0 (generated line 0)",
        "AAAAA,AAAAD     | mappings: name index -1 out of range (1 names) at segment 1 (generated line 0)",
        "A+/////DAA      | mappings: source index 2147483647 out of range (1 sources) at segment 0 (generated line 0)",
    })
    void badValues(String mappings, String message) {
        assertThat(mappingsRejection("'a.c'", "'n'", mappings)).isEqualTo(message);
    }

    @Test
    void indexesNeedSourcesAndNamesToPointAt() {
        assertThat(mappingsRejection("", "", "AAAA"))
                .isEqualTo("mappings: source index 0 out of range (0 sources) at segment 0 (generated line 0)");
        assertThat(mappingsRejection("'a.c'", "", "AAAAA"))
                .isEqualTo("mappings: name index 0 out of range (0 names) at segment 0 (generated line 0)");
        assertThat(rejection("{'version':3,'sources':['a.c'],'mappings':'AAAAA'}")) // no names field at all
                .isEqualTo("mappings: name index 0 out of range (0 names) at segment 0 (generated line 0)");
    }

    @Test
    void deepNestingIsCutOffByTheParser() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThat(rejection("{'version':3,'x':" + deep + ",'sources':[],'mappings':''}"))
                .isEqualTo("bad JSON: Document nesting depth (65) exceeds the maximum allowed (64)");
        assertThat(SourceMap.MAX_NESTING).isEqualTo(64);
        String deepObjects = "{'a':".repeat(50_000) + "1" + "}".repeat(50_000);
        assertThat(rejection(deepObjects)).startsWith("bad JSON").contains("nesting depth");
        // nesting below the limit in an unknown field is fine (the map itself is level 1)
        int allowed = SourceMap.MAX_NESTING - 1;
        String ok = "[".repeat(allowed) + "]".repeat(allowed);
        assertThat(parse("{'version':3,'x':" + ok + ",'sources':[],'mappings':''}").mappings()).isEmpty();
    }

    @Test
    void hugeNumbersAndStrings() {
        assertThat(rejection("{'version':3,'sources':[],'mappings':'','x':1" + "0".repeat(5000) + "}"))
                .isEqualTo("bad JSON: Number value length (5001) exceeds the maximum allowed (1000)");
        // unknown fields with big values are skipped, however big
        assertThat(parse("{'version':3,'x':-1e99999,'y':123456789012345678901234567890,'sources':[],"
                + "'mappings':''}").mappings()).isEmpty();
        // strings over Jackson's default 20 M characters are fine: they cannot be longer than the input
        String big = "x".repeat(21_000_000);
        SourceMap map = parse("{'version':3,'sources':['a.c'],'sourcesContent':['" + big + "'],'mappings':''}");
        assertThat(map.sourceContent(0).orElseThrow()).hasSize(21_000_000);
    }

    @Test
    void randomGarbageOnlyEverRaisesSourceMapException() {
        Random random = new Random(426);
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (round % 2 == 0 && bytes.length > 0) {
                bytes[0] = '{';
            }
            try {
                SourceMap.parse(bytes);
            } catch (SourceMapException expected) {
                assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
            }
        }
    }

    @Test
    void nullInputIsAProgrammingError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SourceMap.parse(null))
                .isInstanceOf(NullPointerException.class);
        assertThat(json("{}")).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    }
}
