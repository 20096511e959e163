package dev.wasmdbg.symbolserver;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** HTTP answers: JSON bodies, and errors as {@code {"error": "...", "status": N}}. */
final class Responses {
    private Responses() {}

    static FullHttpResponse json(int status, Object body) {
        try {
            return of(status, "application/json", Service.JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static FullHttpResponse json(int status, byte[] body) {
        return of(status, "application/json", body);
    }

    static FullHttpResponse error(int status, String message) {
        return json(status, Service.JSON.createObjectNode().put("error", message).put("status", status));
    }

    /**
     * A refusal before the router: counted under route "refused", marked Connection: close (the
     * caller closes after writing it), and a 503 says when to retry.
     */
    static FullHttpResponse refusal(Metrics metrics, int status, String message) {
        metrics.request("refused", status, 0);
        FullHttpResponse r = error(status, message);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (status == 503) {
            r.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        return r;
    }

    static FullHttpResponse text(int status, String contentType, String body) {
        return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse of(int status, String contentType, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }
}
