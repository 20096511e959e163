package dev.wasmdbg.symbolserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input gets a clear 4xx with a JSON error, and the server keeps serving: after
 * each one, /health answers and a stored module still symbolicates.
 */
class BadInputTest {
    static final long MAX_UPLOAD = 4 << 20;
    static final long MAX_UNPACKED = 8 << 20;
    static final int MAX_ADDRESSES = 100;

    @TempDir
    Path dir;
    Fixture f;
    String fact;

    @BeforeEach
    void start() throws Exception {
        f = Fixture.start(dir.resolve("store"), 64 << 20, MAX_UPLOAD, MAX_UNPACKED, MAX_ADDRESSES,
                Duration.ofMillis(1500));
        f.upload("fact-O0.wasm");
        fact = Fixture.sha256(Fixture.bytes("fact-O0.wasm"));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** The answer is an error with this status and a message containing the text; then the server still serves. */
    private void refused(Client.Answer a, int status, String text) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.json()).as("a JSON error body: %s", a.body()).isNotNull();
        assertThat(a.json().get("error").asText()).contains(text);
        assertThat(a.json().get("status").asInt()).isEqualTo(status);
        stillServes();
    }

    private void stillServes() {
        assertThat(f.client.get("/health").status()).isEqualTo(200);
        JsonNode main = f.symbolicate(fact, List.of("0x1f0"), "code").get(0);
        assertThat(main.get("frames").get(0).get("function").asText()).isEqualTo(SymbolicateTest.MAIN);
    }

    @Test
    void notWasm() {
        refused(f.client.put("/modules?name=x.exe", "MZ\u0090 this is a PE file".getBytes()), 400,
                "not a wasm module, a source map, a .zip or a .tar.gz (it starts with 0x4d5a");
        refused(f.client.put("/modules", new byte[0]), 400, "it is empty");
    }

    @Test
    void truncatedOrHostileWasm() {
        byte[] wasm = Fixture.bytes("fact-O0.wasm");
        refused(f.client.put("/modules?name=cut.wasm", Arrays.copyOf(wasm, 3000)), 400,
                "'cut.wasm' is not a usable wasm module");
        // .debug_info's first unit claims to run past the end of its section.
        byte[] tiny = Fixture.bytes("tiny-dwarf4.wasm");
        int info = Fixture.indexOf(tiny, ".debug_info".getBytes(StandardCharsets.US_ASCII)) + ".debug_info".length();
        tiny[info] = (byte) 0xf0;
        tiny[info + 1] = (byte) 0xff;
        refused(f.client.put("/modules?name=bad-dwarf.wasm", tiny), 400, "'bad-dwarf.wasm' is not a usable wasm module");
        refused(f.client.put("/modules?name=bad.map", "{\"version\": 3, \"mappings\": \"!!\"}".getBytes()), 400,
                "'bad.map' is not a valid source map");
    }

    @Test
    void corruptArchives() throws Exception {
        byte[] zip = Archives.zip(Archives.files("fact-O0.wasm", Fixture.bytes("fact-O0.wasm")));
        refused(f.client.put("/modules", Arrays.copyOf(zip, zip.length / 2)), 400, "corrupt a zip archive");
        byte[] tgz = Archives.tarGz(Archives.files("fact-O0.wasm", Fixture.bytes("fact-O0.wasm")));
        refused(f.client.put("/modules", Arrays.copyOf(tgz, tgz.length / 2)), 400, "corrupt a gzip-compressed tar");
        refused(f.client.put("/modules", Archives.zip(Archives.files())), 400, "the archive holds no files");
        refused(f.client.put("/modules", Archives.tarGz(Archives.files("notes.txt", "hello".getBytes()))), 400,
                "holds no wasm module and no source map");
    }

    @Test
    void zipEntriesCompressedOtherThanStoredOrDeflateAreRefused() {
        // A deflated entry relabelled as zstd (93), in its local header and in the central directory.
        byte[] zip = Archives.zip(Archives.files("fact-O0.wasm", Fixture.bytes("fact-O0.wasm")));
        zip[8] = 93;
        zip[9] = 0;
        int central = Fixture.indexOf(zip, new byte[] {0x50, 0x4b, 0x01, 0x02});
        zip[central + 10] = 93;
        zip[central + 11] = 0;
        refused(f.client.put("/modules", zip), 400, "uses compression method 93; only stored (0) and deflate (8)");
    }

    @Test
    void zipSlipAndAbsolutePathsAreRefusedAndNothingIsWritten() throws Exception {
        byte[] wasm = Fixture.bytes("fact-dwarf5.wasm");
        refused(f.client.put("/modules", Archives.zip(Archives.files("../../evil.wasm", wasm))), 400,
                "climbs out of the archive");
        refused(f.client.put("/modules", Archives.tarGz(Archives.files("a/../../../evil.wasm", wasm))), 400,
                "climbs out of the archive");
        refused(f.client.put("/modules", Archives.tarGz(Archives.files("/etc/evil.wasm", wasm))), 400,
                "absolute or empty path");
        refused(f.client.put("/modules", Archives.zip(Archives.files("ok.wasm", wasm, "..\\evil.wasm", wasm))), 400,
                "climbs out of the archive");
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().contains("evil"))).isEmpty();
        }
        // A bad entry anywhere in a bundle stores nothing of it: fact-dwarf5 came in with "ok.wasm".
        assertThat(f.client.get("/modules/" + Fixture.sha256(wasm)).status()).isEqualTo(404);
    }

    @Test
    void zipBombIsCutAtTheUnpackedBound() {
        byte[] zeros = new byte[(int) MAX_UNPACKED + 1];
        byte[] bomb = Archives.zip(Archives.files("zeros.wasm", zeros));
        assertThat((long) bomb.length).isLessThan(MAX_UPLOAD);
        refused(f.client.put("/modules", bomb), 413, "unpacks to more than " + MAX_UNPACKED + " bytes");
    }

    @Test
    void tooLargeUpload() {
        byte[] big = Arrays.copyOf(Fixture.bytes("fact-O0.wasm"), (int) MAX_UPLOAD + 1);
        refused(f.client.put("/modules", big), 413, "larger than " + MAX_UPLOAD + " bytes");
    }

    @Test
    void unknownModules() {
        refused(f.client.get("/modules/" + "0".repeat(64)), 404, "unknown module");
        refused(f.client.get("/modules/..%2F..%2Fetc%2Fpasswd"), 404, "no such route");
        refused(f.client.get("/modules/..%2E"), 404, "unknown module '...'");
        refused(f.client.post("/symbolicate", "{\"module\": \"abc\", \"addresses\": [1]}"), 404,
                "unknown module 'abc'");
        refused(f.client.put("/modules?module=" + "1".repeat(64), Fixture.bytes("tiny-dwarf4.wasm")), 404,
                "unknown module");
    }

    @Test
    void badSymbolicateRequests() {
        refused(f.client.post("/symbolicate", "{\"module\": "), 400, "not JSON");
        refused(f.client.post("/symbolicate", "[1, 2]"), 400, "must be a JSON object");
        refused(f.client.post("/symbolicate", "{\"module\": 5, \"addresses\": [1]}"), 400, "\"module\" must be a string");
        refused(f.client.post("/symbolicate", "{\"module\": \"" + fact + "\", \"addresses\": 7}"), 400,
                "\"addresses\" must be an array");
        refused(f.client.post("/symbolicate", "{\"module\": \"" + fact + "\", \"addresses\": [1], \"relative\": \"x\"}"),
                400, "\"relative\" is \"code\" (default) or \"file\"");
        String many = "1,".repeat(MAX_ADDRESSES) + "1";
        refused(f.client.post("/symbolicate", "{\"module\": \"" + fact + "\", \"addresses\": [" + many + "]}"), 400,
                "too many addresses: " + (MAX_ADDRESSES + 1));
        refused(f.client.post("/symbolicate", "{\"frames\": [" + "{},".repeat(MAX_ADDRESSES) + "{}]}"), 400,
                "too many addresses");
        // Text that would parse into a tree many times its size is refused before parsing.
        refused(f.client.post("/symbolicate", "{\"module\": \"" + fact + "\", \"addresses\": [1], \"pad\": \""
                + "x".repeat(100_000) + "\"}"), 413, "a symbolicate request is at most " + (256 * MAX_ADDRESSES + 65_536));
        // Bad addresses are answered one by one, not as a failed request.
        JsonNode r = f.symbolicate(fact, List.of("0x", -5, "1e9", "wasm-function[x]", "0xffffffffffffffffff"), "code");
        for (JsonNode one : r) {
            assertThat(one.get("error").asText()).as(one.toString()).isNotEmpty();
        }
    }

    @Test
    void wrongMethodsAndRoutes() {
        refused(f.client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + f.server.port() + "/symbolicate")).GET()), 405,
                "use POST");
        refused(f.client.post("/modules", "{}"), 405, "use PUT");
        refused(f.client.get("/nothing/here"), 404, "no such route");
    }

    @Test
    void malformedHttpSlowClientsAndDisconnects() throws Exception {
        // Not HTTP at all.
        assertThat(raw("\u0016\u0003\u0001 TLS hello?\r\n\r\n", true)).startsWith("HTTP/1.1 400");
        stillServes();
        // A slowloris: headers never finished. The deadline answers 408 and closes.
        long start = System.nanoTime();
        assertThat(raw("POST /symbolicate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"mod", true))
                .startsWith("HTTP/1.1 408").contains("was not sent in full within 1500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        stillServes();
        // A client that goes away halfway through an upload.
        raw("PUT /modules HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n\u0000asm\u0001\u0000\u0000\u0000", false);
        stillServes();
    }

    @Test
    void anAnswerThatTakesTooLongIsAbandonedWith503() throws Exception {
        Path slow = dir.resolve("slow");
        try (Fixture loader = Fixture.start(slow)) {
            loader.upload("panic.wasm");
        }
        // Loading the 7 MB Rust module's index (reading it, indexing 124 units) takes far more than 1 ms.
        String panic = Fixture.sha256(Fixture.bytes("panic.wasm"));
        try (Fixture g = new Fixture(slow, SymbolServer.Config.defaults(0, slow)
                .withAnswerTimeout(Duration.ofMillis(1)))) {
            Client.Answer a = g.client.post("/symbolicate", "{\"module\": \"" + panic + "\", \"addresses\": [1]}");
            assertThat(a.status()).as(a.body()).isEqualTo(503);
            assertThat(a.json().get("error").asText()).contains("took longer than 1 ms and was abandoned");
            assertThat(g.client.get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void bodiesHeldByAllClientsTogetherAreBounded() throws Exception {
        // Upload limit 1 MiB: at most 4 MiB of request bodies held at once. Four clients each send
        // 990 kB of a 1 MB upload and wait; a fifth request of 300 kB no longer fits.
        Path small = dir.resolve("small");
        try (Fixture g = Fixture.start(small, 64 << 20, 1 << 20, 8 << 20, 100, Duration.ofSeconds(60))) {
            List<Socket> slow = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket("127.0.0.1", g.server.port());
                    slow.add(s);
                    s.getOutputStream().write(("PUT /modules HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().write(new byte[990_000]);
                    s.getOutputStream().flush();
                }
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (g.client.metric("wasmdbg_request_bytes_in_flight") < 3_960_000 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(g.client.metric("wasmdbg_request_bytes_in_flight")).isEqualTo(3_960_000);
                Client.Answer busy = g.client.put("/modules?name=big.wasm", Arrays.copyOf(Fixture.bytes("fact-O0.wasm"),
                        300_000)); // 3,960,000 + 300,000 > 4 x 1 MiB
                assertThat(busy.status()).as(busy.body()).isEqualTo(503);
                assertThat(busy.json().get("error").asText()).contains("bytes of requests already; retry later");
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (g.client.metric("wasmdbg_request_bytes_in_flight") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(g.client.metric("wasmdbg_request_bytes_in_flight")).isZero();
            g.upload("tiny-dwarf4.wasm");
        }
    }

    @Test
    void headersSentAByteAtATimeAreTimedToo() throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.server.port())) {
            s.setSoTimeout(20_000);
            long start = System.nanoTime();
            String request = "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + "y".repeat(100) + "\r\n\r\n";
            StringBuilder answer = new StringBuilder();
            try {
                for (char c : request.toCharArray()) { // one byte every 200 ms: 12 s for the request
                    s.getOutputStream().write(c);
                    s.getOutputStream().flush();
                    Thread.sleep(200);
                    if (s.getInputStream().available() > 0) {
                        break;
                    }
                }
                answer.append(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1));
            } catch (java.net.SocketException closed) {
                answer.append(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1));
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 408").contains("was not sent in full within 1500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
        stillServes();
        assertThat(f.client.metric("wasmdbg_http_requests_total{route=\"refused\",status=\"408\"}")).isEqualTo(1);
    }

    @Test
    void aTooLargeUploadAnnouncedWithExpectContinueGetsTheJson413() throws Exception {
        // What curl -T sends for a big file: the headers, then it waits for 100 Continue.
        String answer = raw("PUT /modules HTTP/1.1\r\nHost: x\r\nContent-Length: " + (MAX_UPLOAD + 1)
                + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n", true);
        assertThat(answer).startsWith("HTTP/1.1 413").contains("application/json")
                .contains("\"error\":\"the request body is larger than " + MAX_UPLOAD + " bytes (the upload limit)\"");
        stillServes();
        assertThat(f.client.metric("wasmdbg_http_requests_total{route=\"refused\",status=\"413\"}")).isEqualTo(1);
    }

    @Test
    void requestsSentBackToBackOnOneConnectionAreAnsweredInOrder() throws Exception {
        String body = "{\"module\": \"" + fact + "\", \"addresses\": [" + "496,".repeat(99) + "496]}";
        String answer = raw("POST /symbolicate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body
                + "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", true);
        int results = answer.indexOf("{\"results\"");
        int health = answer.indexOf("{\"status\":\"ok\"}");
        assertThat(results).isPositive();
        assertThat(health).isGreaterThan(results);
        stillServes();
    }

    /** Sends raw bytes; with {@code read}, returns all the server answers until it closes. */
    private String raw(String request, boolean read) throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.server.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (!read) {
                return "";
            }
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
