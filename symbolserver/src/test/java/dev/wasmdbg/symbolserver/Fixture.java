package dev.wasmdbg.symbolserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wasmdbg.testkit.TestModules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A running service on a port of its own, with a store in a temporary directory, and its client. */
final class Fixture implements AutoCloseable {
    final Path store;
    final SymbolServer server;
    final Client client;

    Fixture(Path store, SymbolServer.Config config) {
        this.store = store;
        this.server = SymbolServer.start(config);
        this.client = new Client(server.port());
    }

    static Fixture start(Path store) {
        return new Fixture(store, SymbolServer.Config.defaults(0, store));
    }

    static Fixture start(Path store, long cacheBytes, long maxUpload, long maxUnpacked, int maxAddresses,
            Duration timeout) {
        return new Fixture(store, SymbolServer.Config.defaults(0, store).withCacheBytes(cacheBytes)
                .withLimits(maxUpload, maxUnpacked, maxAddresses, timeout));
    }

    static byte[] bytes(String testModule) {
        try {
            return Files.readAllBytes(TestModules.wasm(testModule));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Uploads a test module file under its own name; returns the answer, which must be 201. */
    JsonNode upload(String testModule) {
        return upload(testModule, bytes(testModule), "");
    }

    JsonNode upload(String name, byte[] body, String extraQuery) {
        Client.Answer a = client.put("/modules?name=" + name + extraQuery, body);
        assertThat(a.status()).as("PUT %s: %s", name, a.body()).isEqualTo(201);
        return a.json();
    }

    /** POST /symbolicate for one module's addresses; returns the results array. */
    JsonNode symbolicate(String module, List<?> addresses, String relative) {
        var request = Client.JSON.createObjectNode().put("module", module).put("relative", relative);
        var array = request.putArray("addresses");
        addresses.forEach(a -> array.add(Client.JSON.valueToTree(a)));
        Client.Answer a = client.post("/symbolicate", request);
        assertThat(a.status()).as("symbolicate: %s", a.body()).isEqualTo(200);
        return a.json().get("results");
    }

    /** "file:line:column" of each frame of one result, innermost first. */
    static List<String> places(JsonNode result) {
        List<String> places = new ArrayList<>();
        for (JsonNode f : result.get("frames")) {
            places.add(f.get("file").asText() + ":" + f.get("line").asLong() + ":" + f.get("column").asLong());
        }
        return places;
    }

    /** Where needle first occurs in haystack. */
    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /** The module without its .debug_* custom sections (what llvm-objcopy --strip-debug leaves). */
    static byte[] stripDebug(byte[] wasm) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(wasm, 0, 8);
        int at = 8;
        while (at < wasm.length) {
            int start = at;
            int id = wasm[at++];
            long size = 0;
            for (int shift = 0; ; shift += 7) {
                int b = wasm[at++] & 0xff;
                size |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            int end = at + (int) size;
            boolean debug = id == 0 && wasm[at] > 6
                    && new String(wasm, at + 1, 6, java.nio.charset.StandardCharsets.US_ASCII).equals(".debug");
            if (!debug) {
                out.write(wasm, start, end - start);
            }
            at = end;
        }
        return out.toByteArray();
    }

    /** The module with one more custom section. */
    static byte[] withCustomSection(byte[] wasm, String name, byte[] payload) {
        java.io.ByteArrayOutputStream section = new java.io.ByteArrayOutputStream();
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        uleb(section, n.length);
        section.write(n, 0, n.length);
        section.write(payload, 0, payload.length);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(wasm, 0, wasm.length);
        out.write(0);
        uleb(out, section.size());
        out.write(section.toByteArray(), 0, section.size());
        return out.toByteArray();
    }

    static void uleb(java.io.ByteArrayOutputStream out, long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    @Override
    public void close() {
        server.close();
    }
}
