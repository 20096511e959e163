package dev.wasmdbg.sourcemap;

import static dev.wasmdbg.sourcemap.Maps.m;
import static dev.wasmdbg.sourcemap.Maps.parse;
import static dev.wasmdbg.sourcemap.Maps.regular;
import static dev.wasmdbg.sourcemap.Maps.unmapped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Decoding of hand-written regular maps: deltas, segment kinds, names, sorting, lookup, sources. */
class MappingsTest {

    @Test
    void generatedColumnRestartsEachLineWhileTheOtherFieldsCarryOver() {
        // line 0: AAAA  col 0, src 0, line 0, col 0
        //         CACC  col +1 = 1, src +0, line +1 = 1, col +1 = 1
        //         EAEA  col +2 = 3, src +0, line +2 = 3, col +0 = 1
        // line 1: ACAAA col 0 (whole value: a new line), src +1 = 1, line 3, col 1, name 0
        //         CADAC col +1 = 1, src 1, line -1 = 2, col 1, name +1 = 1
        //         C     col +1 = 2, no source
        //         CAAA  col +1 = 3, src 1, line 2, col 1, no name (names never carry into 4-field segments)
        // line 2: empty
        // line 3: ADAAD col 0, src -1 = 0, line 2, col 1, name -1 = 0 (relative to line 1's last name)
        SourceMap map = regular("'a.c','b.c'", "'x','y'", "AAAA,CACC,EAEA;ACAAA,CADAC,C,CAAA;;ADAAD");
        assertThat(map.mappings()).containsExactly(
                m(0, 0, 0, "a.c", 1, 1, null),
                m(0, 1, 0, "a.c", 2, 2, null),
                m(0, 3, 0, "a.c", 4, 2, null),
                m(1, 0, 1, "b.c", 4, 2, "x"),
                m(1, 1, 1, "b.c", 3, 2, "y"),
                unmapped(1, 2),
                m(1, 3, 1, "b.c", 3, 2, null),
                m(3, 0, 0, "a.c", 3, 2, "x"));
    }

    @Test
    void largeValuesDecodeAndAccumulate() {
        // 2H = 123, qxmvrH = 123456789, +/////D = 2^31-1 (see VlqReaderTest)
        // line 0: 2H2H2HqxmvrH: col 123, src 123 (of 124 sources), line 123, col 123456789
        // line 1: +/////D: col 2^31-1 (the largest allowed), no source
        StringBuilder sources = new StringBuilder();
        for (int i = 0; i < 124; i++) {
            sources.append(i == 0 ? "" : ",").append("'s").append(i).append("'");
        }
        SourceMap map = regular(sources.toString(), "", "2H2H2HqxmvrH;+/////D");
        assertThat(map.mappings()).containsExactly(
                m(0, 123, 123, "s123", 124, 123456790, null),
                unmapped(1, 2147483647L));
    }

    @Test
    void oneFieldSegmentsEndTheRangeOfTheMappingBefore() {
        // AAAA col 0 -> a.c:1:1; K = +5: col 5 without source; KACA: col 10 -> a.c line 2
        SourceMap map = regular("'a.c'", "", "AAAA,K,KACA");
        assertThat(map.lookup(4)).contains(m(0, 0, 0, "a.c", 1, 1, null));
        assertThat(map.lookup(5)).contains(unmapped(0, 5));
        assertThat(map.lookup(9)).contains(unmapped(0, 5));
        assertThat(map.lookup(10)).contains(m(0, 10, 0, "a.c", 2, 1, null));
    }

    @Test
    void unsortedLinesAreSortedStablyWithTheirSourceFields() {
        // G = +3: col 3, a.c line 1;  F = -2: col 1, no source;  EACA = +2: col 3, a.c line 2 (ties col 3);
        // line 1: ICAA col 4, b.c line 2;  D col 3, no source
        SourceMap map = regular("'a.c','b.c'", "", "GAAA,F,EACA;ICAA,D");
        assertThat(map.mappings()).containsExactly(
                unmapped(0, 1),
                m(0, 3, 0, "a.c", 1, 1, null),
                m(0, 3, 0, "a.c", 2, 1, null),
                unmapped(1, 3),
                m(1, 4, 1, "b.c", 2, 1, null));
        // the last of the mappings at a column wins
        assertThat(map.lookup(3)).contains(m(0, 3, 0, "a.c", 2, 1, null));
        assertThat(map.lookup(2)).contains(unmapped(0, 1));
    }

    @Test
    void unsortedLineWithNamesKeepsEachNameWithItsMapping() {
        // I = +4, F = -2, C = +1, D = -1
        // IAAAA: col 4, a.c:1:1, f;  FACAC: col 2, a.c:2:1, g;  FACAD: col 0, a.c:3:1, f
        SourceMap map = regular("'a.c'", "'f','g'", "IAAAA,FACAC,FACAD");
        assertThat(map.mappings()).containsExactly(
                m(0, 0, 0, "a.c", 3, 1, "f"),
                m(0, 2, 0, "a.c", 2, 1, "g"),
                m(0, 4, 0, "a.c", 1, 1, "f"));
    }

    @Test
    void lookupFindsTheGreatestColumnAtOrBelowOnLineZeroOnly() {
        // line 0: col 10 a.c:1, col 20 a.c:2 (U = +10), col 30 a.c:3; line 1: col 5 a.c:4
        SourceMap map = regular("'a.c'", "", "UAAA,UACA,UACA;KACA");
        assertThat(map.lookup(9)).isEmpty();
        assertThat(map.lookup(-1)).isEmpty();
        assertThat(map.lookup(Long.MIN_VALUE)).isEmpty();
        assertThat(map.lookup(10)).contains(m(0, 10, 0, "a.c", 1, 1, null));
        assertThat(map.lookup(19)).contains(m(0, 10, 0, "a.c", 1, 1, null));
        assertThat(map.lookup(20)).contains(m(0, 20, 0, "a.c", 2, 1, null));
        assertThat(map.lookup(1_000_000)).contains(m(0, 30, 0, "a.c", 3, 1, null));
        assertThat(map.lookup(Long.MAX_VALUE)).contains(m(0, 30, 0, "a.c", 3, 1, null));
        assertThat(map.mappings()).hasSize(4).last().isEqualTo(m(1, 5, 0, "a.c", 4, 1, null));
    }

    @Test
    void notBeforeHidesMappingsOfAnEarlierFunction() {
        SourceMap map = regular("'a.c'", "", "UAAA,UACA,UACA");
        assertThat(map.lookup(25, 20)).contains(m(0, 20, 0, "a.c", 2, 1, null));
        assertThat(map.lookup(25, 21)).isEmpty(); // the floor mapping (col 20) is before the function
        assertThat(map.lookup(30, 21)).contains(m(0, 30, 0, "a.c", 3, 1, null));
        assertThat(map.lookup(25, 0)).contains(m(0, 20, 0, "a.c", 2, 1, null));
        assertThat(map.lookup(25, Long.MIN_VALUE)).isEqualTo(map.lookup(25));
        assertThat(map.lookup(9, 0)).isEmpty();
    }

    @Test
    void mapsWithoutMappingsOnLineZero() {
        assertThat(regular("", "", "").mappings()).isEmpty();
        assertThat(regular("", "", "").lookup(0)).isEmpty();
        SourceMap onlyLaterLines = regular("'a.c'", "", ";;AAAA");
        assertThat(onlyLaterLines.lookup(0)).isEmpty();
        assertThat(onlyLaterLines.mappings()).containsExactly(m(2, 0, 0, "a.c", 1, 1, null));
    }

    @Test
    void sourceRootIsPrefixedUnlessTheSourceStandsAlone() {
        SourceMap map = parse("{'version':3,'sourceRoot':'root','sources':['a.c','/abs/b.c','https://h/c.c',"
                + "'webpack:///d.c','C:/e.c',null,'sub/f.c'],'mappings':''}");
        assertThat(map.sources()).containsExactly("root/a.c", "/abs/b.c", "https://h/c.c", "webpack:///d.c",
                "C:/e.c", null, "root/sub/f.c");
        assertThat(parse("{'version':3,'sourceRoot':'http://x/','sources':['a.c'],'mappings':''}").sources())
                .containsExactly("http://x/a.c");
        assertThat(parse("{'version':3,'sourceRoot':'','sources':['a.c'],'mappings':''}").sources())
                .containsExactly("a.c");
        assertThat(parse("{'version':3,'sourceRoot':null,'sources':['a.c'],'mappings':''}").sources())
                .containsExactly("a.c");
    }

    @Test
    void equalStringsAreSharedNotRepeated() {
        // AAAAA: a.c (source 0), name 0; ACAAC: source 1, name 1 - both "r/a.c" and both "x"
        SourceMap map = parse("{'version':3,'sourceRoot':'r','sources':['a.c','a.c'],'names':['x','x'],"
                + "'mappings':'AAAAA,ACAAC'}");
        Mapping first = map.mappings().get(0);
        Mapping second = map.mappings().get(1);
        assertThat(second.sourceIndex()).isEqualTo(1);
        assertThat(second.source()).isEqualTo("r/a.c").isSameAs(first.source());
        assertThat(second.name()).isEqualTo("x").isSameAs(first.name());
    }

    @Test
    void nullSourceGivesAMappingWithItsIndexButNoName() {
        SourceMap map = parse("{'version':3,'sources':[null],'mappings':'AAAA'}");
        assertThat(map.mappings()).containsExactly(m(0, 0, 0, null, 1, 1, null));
    }

    @Test
    void sourcesContent() {
        SourceMap map = parse("{'version':3,'sources':['a.c','b.c','c.c'],'sourcesContent':['int a;',null],"
                + "'mappings':''}");
        assertThat(map.sourceContent(0)).contains("int a;");
        assertThat(map.sourceContent(1)).isEmpty(); // null
        assertThat(map.sourceContent(2)).isEmpty(); // the list is shorter
        assertThat(map.sourceContent(3)).isEmpty(); // no such source
        assertThat(map.sourceContent(-1)).isEmpty();
        SourceMap extra = parse("{'version':3,'sources':['a.c'],'sourcesContent':['A','B'],'mappings':''}");
        assertThat(extra.sourceContent(0)).contains("A");
        assertThat(extra.sourceContent(1)).isEmpty(); // extra entries belong to no source
        assertThat(parse("{'version':3,'sources':['a.c'],'mappings':''}").sourceContent(0)).isEmpty();
    }

    @Test
    void fieldOrderDoesNotMatterAndUnknownFieldsAreSkipped() {
        SourceMap map = parse("{'mappings':'AAAAA','x_ext':{'deep':[[1,{'a':null}],'s']},'names':['n'],"
                + "'ignoreList':[0],'x_google_ignoreList':[0],'file':'out.wasm','sources':['a.c'],'version':3}");
        assertThat(map.mappings()).containsExactly(m(0, 0, 0, "a.c", 1, 1, "n"));
    }

    @Test
    void escapedOrNonUtf8MappingsTextDecodesTheSame() {
        // \u0041 is 'A': Jackson decodes the string instead of the in-place reader
        SourceMap escaped = parse("{'version':3,'sources':['a.c'],'mappings':'\\u0041\\u0041\\u0043A,E\\u0041CA'}");
        SourceMap plain = regular("'a.c'", "", "AACA,EACA");
        assertThat(escaped.mappings()).isEqualTo(plain.mappings()).hasSize(2);
        // UTF-16 input: Jackson reports no byte offsets, so the same fallback
        byte[] utf16 = "{\"version\":3,\"sources\":[\"\u00e4.c\"],\"mappings\":\"AACA,EACA\"}"
                .getBytes(StandardCharsets.UTF_16BE);
        assertThat(SourceMap.parse(utf16).mappings()).containsExactly(
                m(0, 0, 0, "\u00e4.c", 2, 1, null), m(0, 2, 0, "\u00e4.c", 3, 1, null));
        // a UTF-8 byte order mark shifts every byte offset; the in-place reader must still find the string
        byte[] plainBytes = Maps.json("{'version':3,'sources':['a.c'],'mappings':'AACA,EACA'}");
        byte[] bom = new byte[plainBytes.length + 3];
        bom[0] = (byte) 0xef;
        bom[1] = (byte) 0xbb;
        bom[2] = (byte) 0xbf;
        System.arraycopy(plainBytes, 0, bom, 3, plainBytes.length);
        assertThat(SourceMap.parse(bom).mappings()).isEqualTo(plain.mappings());
    }

    @Test
    void mappingsIsAnUnmodifiableRandomAccessView() {
        SourceMap map = regular("'a.c'", "", "AAAA,CACA");
        assertThat(map.mappings()).isInstanceOf(java.util.RandomAccess.class);
        assertThat(map.mappings().get(1)).isEqualTo(m(0, 1, 0, "a.c", 2, 1, null));
        assertThatThrownBy(() -> map.mappings().get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.mappings().add(unmapped(0, 0))).isInstanceOf(
                UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.sources().set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(map.lookup(0)).isEqualTo(Optional.of(map.mappings().get(0)));
    }
}
