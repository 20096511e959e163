package dev.wasmdbg.symbolserver;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wasmdbg.symbols.AddressForm;
import dev.wasmdbg.symbols.Symbolization;
import dev.wasmdbg.symbols.SymbolizeException;
import dev.wasmdbg.symbols.Symbolizer;
import dev.wasmdbg.dwarf.SourceFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * POST /symbolicate: a request for one module's addresses or for frames of several modules, answered
 * with one result per address, in order: its frames innermost first, or its own error. The request
 * is checked whole before anything is written; the answer is streamed, not built as a tree (writing
 * JSON is most of the work of a request).
 */
final class Symbolication {
    private static final String FORMS = "give a number, \"0x1f3\", \"12:0x1a\" or \"wasm-function[12]:0x1f3\"";

    private final Function<String, Symbolizer> symbolizers;
    private final int maxAddresses;
    private final Metrics metrics;

    /** {@code symbolizers} gives a module's symbolizer, or throws an {@link ApiException} (unknown, unusable). */
    Symbolication(Function<String, Symbolizer> symbolizers, int maxAddresses, Metrics metrics) {
        this.symbolizers = symbolizers;
        this.maxAddresses = maxAddresses;
        this.metrics = metrics;
    }

    byte[] answer(byte[] body, BooleanSupplier abandoned) {
        // The tree of a request is many times its text: bound the text by what the limit allows.
        long most = 256L * maxAddresses + 65_536;
        if (body.length > most) {
            throw new ApiException(413, "a symbolicate request is at most " + most + " bytes (" + maxAddresses
                    + " addresses)");
        }
        JsonNode request;
        try {
            request = Service.JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "the body is not JSON: " + Bundles.oneLine(e));
        }
        if (request == null || !request.isObject()) {
            throw new ApiException(400, "the body must be a JSON object with \"module\" and \"addresses\", or"
                    + " with \"frames\"");
        }
        if (request.has("frames") && (request.has("module") || request.has("addresses"))) {
            throw new ApiException(400, "give \"frames\", or \"module\" and \"addresses\", not both");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        int[] counts = new int[2]; // answered, failed
        try (JsonGenerator g = Service.JSON.getFactory().createGenerator(out)) {
            if (request.has("frames")) {
                JsonNode frames = array(request, "frames");
                boolean fileRelative = relative(request); // the default for frames that do not say
                g.writeStartObject();
                g.writeArrayFieldStart("results");
                for (JsonNode frame : frames) {
                    stopIf(abandoned);
                    frame(g, frame, fileRelative, counts);
                }
            } else {
                String id = text(request, "module");
                boolean fileRelative = relative(request);
                JsonNode addresses = array(request, "addresses");
                Symbolizer symbolizer = symbolizers.apply(id);
                g.writeStartObject();
                g.writeArrayFieldStart("results");
                for (JsonNode address : addresses) {
                    stopIf(abandoned);
                    g.writeStartObject();
                    one(g, symbolizer, address, fileRelative, counts);
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // to memory: does not happen
        }
        metrics.addresses(counts[0], counts[1]);
        return out.toByteArray();
    }

    private static void stopIf(BooleanSupplier abandoned) {
        if (abandoned.getAsBoolean()) {
            throw new ApiException(503, "abandoned"); // nobody waits for this answer any more
        }
    }

    private void frame(JsonGenerator g, JsonNode frame, boolean defaultFileRelative, int[] counts) throws IOException {
        g.writeStartObject();
        if (!frame.isObject()) {
            counts[1]++;
            g.writeStringField("error", "a frame must be an object with \"module\" and \"address\"");
            g.writeEndObject();
            return;
        }
        JsonNode module = frame.get("module");
        String id = module == null || !module.isTextual() ? null : module.asText();
        Symbolizer symbolizer;
        boolean fileRelative;
        try {
            if (id == null) {
                throw new ApiException(400, "the frame has no \"module\" string");
            }
            fileRelative = frame.has("relative") ? relative(frame) : defaultFileRelative;
            symbolizer = symbolizers.apply(id);
        } catch (ApiException e) {
            counts[1]++;
            g.writeStringField("module", id == null ? null : Service.clip(id));
            writeAddress(g, frame.get("address"));
            g.writeStringField("error", e.getMessage());
            g.writeEndObject();
            return;
        }
        g.writeStringField("module", id);
        one(g, symbolizer, frame.get("address"), fileRelative, counts);
        g.writeEndObject();
    }

    /** The fields of one address's result, inside an object the caller opened. */
    private static void one(JsonGenerator g, Symbolizer symbolizer, JsonNode address, boolean fileRelative,
            int[] counts) throws IOException {
        writeAddress(g, address);
        Symbolization s;
        try {
            s = resolve(symbolizer, address, fileRelative);
        } catch (SymbolizeException | ApiException e) {
            counts[1]++;
            g.writeStringField("error", e.getMessage());
            return;
        }
        counts[0]++;
        g.writeStringField("codeAddress", Service.hex(s.codeAddress()));
        g.writeStringField("fileOffset", Service.hex(s.fileOffset()));
        g.writeNumberField("functionIndex", s.functionIndex());
        g.writeStringField("source", s.source().name());
        g.writeArrayFieldStart("frames");
        for (SourceFrame f : s.frames()) {
            frame(g, f);
        }
        g.writeEndArray();
    }

    private static Symbolization resolve(Symbolizer symbolizer, JsonNode address, boolean fileRelative) {
        if (address != null && address.isIntegralNumber() && address.canConvertToLong() && address.asLong() >= 0) {
            long a = address.asLong(); // the common case, without parsing text
            return fileRelative ? symbolizer.symbolizeFile(a) : symbolizer.symbolizeCode(a);
        }
        if (address == null || !address.isTextual() || address.asText().length() > 64) {
            throw new ApiException(400, "not an address: " + FORMS);
        }
        String text = address.asText().trim();
        try {
            return AddressForm.resolve(symbolizer, text, fileRelative);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "'" + Service.clip(text) + "' is not an address: " + FORMS);
        }
    }

    private static void writeAddress(JsonGenerator g, JsonNode address) throws IOException {
        g.writeFieldName("address");
        if (address == null) {
            g.writeNull();
        } else {
            g.writeTree(address);
        }
    }

    private static void frame(JsonGenerator g, SourceFrame f) throws IOException {
        g.writeStartObject();
        g.writeStringField("function", f.function()); // as llvm-symbolizer names it: the demangled linkage name
        String readable = f.readableFunction();
        if (readable != null && !readable.isEmpty() && !readable.equals(f.function())) {
            g.writeStringField("readableFunction", readable); // Rust legacy names without hash and escapes
        }
        g.writeStringField("linkageName", f.linkageName());
        g.writeStringField("file", f.file());
        g.writeNumberField("line", f.line());
        g.writeNumberField("column", f.column());
        g.writeBooleanField("inlined", f.inlined());
        g.writeNumberField("discriminator", f.discriminator());
        g.writeStringField("startFile", f.startFile());
        g.writeNumberField("startLine", f.startLine());
        g.writeStringField("startAddress", f.startAddress() < 0 ? null : Service.hex(f.startAddress()));
        g.writeEndObject();
    }

    private JsonNode array(JsonNode request, String field) {
        JsonNode a = request.get(field);
        if (a == null || !a.isArray()) {
            throw new ApiException(400, "\"" + field + "\" must be an array");
        }
        if (a.size() > maxAddresses) {
            throw new ApiException(400, "too many addresses: " + a.size() + " (at most " + maxAddresses
                    + " per request)");
        }
        return a;
    }

    private static String text(JsonNode request, String field) {
        JsonNode v = request.get(field);
        if (v == null || !v.isTextual()) {
            throw new ApiException(400, "\"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static boolean relative(JsonNode request) {
        JsonNode v = request.get("relative");
        if (v == null || v.isNull() || v.asText().equals("code")) {
            return false;
        }
        if (v.asText().equals("file")) {
            return true;
        }
        throw new ApiException(400, "\"relative\" is \"code\" (default) or \"file\", not " + Service.clip(v.toString()));
    }
}
