package dev.wasmdbg.symbolserver;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Gathers a request into one message, up to the upload bound; a bigger one is answered 413 with a
 * JSON error and the connection closed (its body is never buffered past the bound).
 */
final class BoundedAggregator extends HttpObjectAggregator {
    private final long max;

    BoundedAggregator(long max) {
        super((int) Math.min(max, Integer.MAX_VALUE - 8));
        this.max = max;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        var response = Responses.error(413, "the request body is larger than " + max + " bytes (the upload limit)");
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
