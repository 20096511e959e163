package dev.wasmdbg.sourcemap;

import static dev.wasmdbg.sourcemap.Maps.m;
import static dev.wasmdbg.sourcemap.Maps.parse;
import static dev.wasmdbg.sourcemap.Maps.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Index maps (ECMA-426 section 9): sections flattened with their offsets, and the invalid ones. */
class IndexMapTest {
    /**
     * Section 0 at (0, 0): a.c; AAAA = col 0 a.c:1:1, KACA = col +5 a.c:2:1.
     * Section 1 at (0, 100): b.c, a.c, name f; AAAAA = col 0 b.c:1:1 f; UCCA = col +10, src +1 (a.c),
     * line +1 (2), col 1; line 1: AACA = col 0, a.c, line 3.
     */
    private static final String TWO_SECTIONS = "{'version':3,'file':'app.wasm','sections':["
            + "{'offset':{'line':0,'column':0},'map':{'version':3,'sources':['a.c'],'names':[],"
            + "'mappings':'AAAA,KACA'}},"
            + "{'offset':{'line':0,'column':100},'map':{'version':3,'sources':['b.c','a.c'],'names':['f'],"
            + "'mappings':'AAAAA,UCCA;AACA'}}]}";

    @Test
    void sectionsAreFlattenedWithTheirOffsets() {
        SourceMap map = parse(TWO_SECTIONS);
        // a.c is shared (same name, same content); b.c comes second
        assertThat(map.sources()).containsExactly("a.c", "b.c");
        assertThat(map.mappings()).containsExactly(
                m(0, 0, 0, "a.c", 1, 1, null),
                m(0, 5, 0, "a.c", 2, 1, null),
                m(0, 100, 1, "b.c", 1, 1, "f"),
                m(0, 110, 0, "a.c", 2, 1, null),
                m(1, 0, 0, "a.c", 3, 1, null)); // only the section's first line moves right
    }

    @Test
    void lookupsAcrossTheSectionBoundary() {
        SourceMap map = parse(TWO_SECTIONS);
        assertThat(map.lookup(99)).contains(m(0, 5, 0, "a.c", 2, 1, null));
        assertThat(map.lookup(100)).contains(m(0, 100, 1, "b.c", 1, 1, "f"));
        assertThat(map.lookup(109)).contains(m(0, 100, 1, "b.c", 1, 1, "f"));
        assertThat(map.lookup(110)).contains(m(0, 110, 0, "a.c", 2, 1, null));
        assertThat(map.lookup(5000)).contains(m(0, 110, 0, "a.c", 2, 1, null));
        assertThat(map.lookup(99, 100)).isEmpty();
        assertThat(map.lookup(100, 100)).contains(m(0, 100, 1, "b.c", 1, 1, "f"));
    }

    @Test
    void offsetLineMovesWholeSectionsDown() {
        // section 1 at (2, 7): its line 0 mapping (col 3) lands at (2, 10); its line 1 mapping stays at col 4
        SourceMap map = parse("{'version':3,'sections':["
                + "{'offset':{'line':0,'column':0},'map':{'version':3,'sources':['a.c'],'mappings':'AAAA;AACA'}},"
                + "{'offset':{'line':2,'column':7},'map':{'version':3,'sources':['a.c'],"
                + "'mappings':'GACA;IACA'}}]}");
        assertThat(map.mappings()).containsExactly(
                m(0, 0, 0, "a.c", 1, 1, null),
                m(1, 0, 0, "a.c", 2, 1, null),
                m(2, 10, 0, "a.c", 2, 1, null),
                m(3, 4, 0, "a.c", 3, 1, null));
        assertThat(map.lookup(50)).contains(m(0, 0, 0, "a.c", 1, 1, null)); // lines > 0 are not wasm offsets
    }

    @Test
    void sourcesAreSharedOnlyWhenNameAndContentAgree() {
        SourceMap map = parse("{'version':3,'sections':["
                + "{'offset':{'line':0,'column':0},'map':{'version':3,'sourceRoot':'r','sources':['a.c'],"
                + "'sourcesContent':['one'],'mappings':'AAAA'}},"
                + "{'offset':{'line':0,'column':10},'map':{'version':3,'sources':['r/a.c','a.c'],"
                + "'sourcesContent':['two'],'mappings':'AAAA,CCAA'}}]}");
        // section 0's sourceRoot makes "r/a.c"; section 1's "r/a.c" has other content; its "a.c" is new
        assertThat(map.sources()).containsExactly("r/a.c", "r/a.c", "a.c");
        assertThat(map.sourceContent(0)).contains("one");
        assertThat(map.sourceContent(1)).contains("two");
        assertThat(map.sourceContent(2)).isEmpty();
        assertThat(map.lookup(10).orElseThrow().sourceIndex()).isEqualTo(1);
        assertThat(map.lookup(11).orElseThrow().sourceIndex()).isEqualTo(2);
    }

    @Test
    void emptySectionsAndEqualOffsetsAreFine() {
        SourceMap map = parse("{'version':3,'sections':["
                + "{'offset':{'line':0,'column':10},'map':{'version':3,'sources':[],'mappings':''}},"
                + "{'offset':{'line':0,'column':10},'map':{'version':3,'sources':['a.c'],'mappings':'AAAA'}},"
                // a section may start exactly where the previous one's last mapping is
                + "{'offset':{'line':0,'column':10},'map':{'version':3,'sources':['b.c'],'mappings':'AAAA'}}]}");
        assertThat(map.mappings()).containsExactly(m(0, 10, 0, "a.c", 1, 1, null), m(0, 10, 1, "b.c", 1, 1, null));
        assertThat(map.lookup(10)).contains(m(0, 10, 1, "b.c", 1, 1, null));
        assertThat(parse("{'version':3,'sections':[]}").mappings()).isEmpty();
    }

    @Test
    void urlSectionsAreRejected() {
        assertThat(rejection("{'version':3,'sections':[{'offset':{'line':0,'column':0},'url':'other.map'}]}"))
                .isEqualTo("sections[0]: 'url' sections are not supported (embed the map as 'map')");
    }

    @Test
    void overlappingSectionsAreRejected() {
        // section 0 maps up to column 5; section 1 starts at column 3
        assertThat(rejection("{'version':3,'sections':["
                + "{'offset':{'line':0,'column':0},'map':{'version':3,'sources':['a.c'],'mappings':'AAAA,KACA'}},"
                + "{'offset':{'line':0,'column':3},'map':{'version':3,'sources':['a.c'],'mappings':'AAAA'}}]}"))
                .isEqualTo("sections[1]: offset (line 0, column 3) overlaps sections[0], which maps up to "
                        + "(line 0, column 5)");
        // the same across lines: section 0 reaches line 1, section 1 starts on line 0
        assertThat(rejection("{'version':3,'sections':["
                + "{'offset':{'line':0,'column':0},'map':{'version':3,'sources':['a.c'],'mappings':';AAAA'}},"
                + "{'offset':{'line':0,'column':9},'map':{'version':3,'sources':['a.c'],'mappings':'AAAA'}}]}"))
                .startsWith("sections[1]: offset (line 0, column 9) overlaps sections[0]");
    }

    @Test
    void sectionsOutOfOrderAreRejected() {
        assertThat(rejection("{'version':3,'sections':["
                + "{'offset':{'line':1,'column':0},'map':{'version':3,'sources':[],'mappings':''}},"
                + "{'offset':{'line':0,'column':50},'map':{'version':3,'sources':[],'mappings':''}}]}"))
                .isEqualTo("sections[1]: offset (line 0, column 50) is before the offset (line 1, column 0) of "
                        + "sections[0] (sections must be in order)");
    }

    @Test
    void nestedIndexMapsAreRejected() {
        assertThat(rejection("{'version':3,'sections':[{'offset':{'line':0,'column':0},'map':"
                + "{'version':3,'sections':[]}}]}"))
                .isEqualTo("sections[0].map: sections: an index map cannot be nested in an index map");
    }

    @Test
    void errorsInsideASectionNameTheSection() {
        assertThat(rejection("{'version':3,'sections':["
                + "{'offset':{'line':0,'column':0},'map':{'version':3,'sources':[],'mappings':''}},"
                + "{'offset':{'line':0,'column':9},'map':{'version':3,'sources':['a.c'],'mappings':'AA#A'}}]}"))
                .isEqualTo("sections[1].map: mappings: bad Base64 VLQ character '#' at segment 0 "
                        + "(generated line 0)");
        assertThat(rejection("{'version':3,'sections':[{'offset':{'line':0,'column':0},'map':"
                + "{'sources':[],'mappings':''}}]}"))
                .isEqualTo("sections[0].map: version: missing (must be 3)");
    }

    @Test
    void malformedSectionsAreRejected() {
        String map = "'map':{'version':3,'sources':[],'mappings':''}";
        assertThat(rejection("{'version':3,'sections':{}}")).isEqualTo("sections: expected an array, got an object");
        assertThat(rejection("{'version':3,'sections':[3]}")).isEqualTo("sections[0]: expected an object, got 3");
        assertThat(rejection("{'version':3,'sections':[{" + map + "}]}")).isEqualTo("sections[0]: missing offset");
        assertThat(rejection("{'version':3,'sections':[{'offset':{'line':0,'column':0}}]}"))
                .isEqualTo("sections[0]: missing map");
        assertThat(rejection("{'version':3,'sections':[{'offset':{'line':0},"  + map + "}]}"))
                .isEqualTo("sections[0].offset: missing column");
        assertThat(rejection("{'version':3,'sections':[{'offset':{'line':-1,'column':0}," + map + "}]}"))
                .isEqualTo("sections[0].offset.line: expected an integer in [0, 2^31-1], got -1");
        assertThat(rejection("{'version':3,'sections':[{'offset':{'line':0,'column':'7'}," + map + "}]}"))
                .isEqualTo("sections[0].offset.column: expected an integer in [0, 2^31-1], got the string \"7\"");
        assertThat(rejection("{'version':3,'sections':[{'offset':{'line':0,'column':1e999}," + map + "}]}"))
                .isEqualTo("sections[0].offset.column: expected an integer in [0, 2^31-1], got 1e999");
        assertThat(rejection("{'version':3,'sections':[{'offset':{'line':99999999999999999999,'column':0},"
                + map + "}]}")).startsWith("sections[0].offset.line: expected an integer in [0, 2^31-1], got 9999");
        assertThat(rejection("{'version':3,'sections':[{'offset':{'line':0.5,'column':0}," + map + "}]}"))
                .isEqualTo("sections[0].offset.line: expected an integer in [0, 2^31-1], got 0.5");
        assertThat(rejection("{'version':3,'sections':[{'offset':[0,0]," + map + "}]}"))
                .isEqualTo("sections[0].offset: expected an object, got an array");
        assertThat(rejection("{'version':3,'sections':[{'offset':{'line':0,'column':0},'map':'x.map'}]}"))
                .isEqualTo("sections[0].map: expected an object, got the string \"x.map\"");
        assertThat(rejection("{'version':3,'mappings':'','sections':[]}"))
                .isEqualTo("an index map (with 'sections') cannot also have 'mappings'");
        assertThat(rejection("{'sections':[]}")).isEqualTo("version: missing (must be 3)");
    }

    @Test
    void offsetsThatPushAMappingBeyond32BitsAreRejected() {
        assertThat(rejection("{'version':3,'sections':[{'offset':{'line':0,'column':2147483647},"
                + "'map':{'version':3,'sources':[],'mappings':'C'}}]}"))
                .isEqualTo("sections[0]: with the offset, a mapping's generated position (line 0, column "
                        + "2147483648) exceeds 2^31-1");
        // the largest offset with a mapping at its start is fine
        assertThat(parse("{'version':3,'sections':[{'offset':{'line':2147483647,'column':2147483647},"
                + "'map':{'version':3,'sources':[],'mappings':'A'}}]}").mappings())
                .containsExactly(Maps.unmapped(2147483647L, 2147483647L));
    }
}
