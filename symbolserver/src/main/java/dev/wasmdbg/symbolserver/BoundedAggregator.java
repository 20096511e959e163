package dev.wasmdbg.symbolserver;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Gathers a request into one message, up to the upload bound; a bigger one is answered 413 with a
 * JSON error and the connection closed (its body is never buffered past the bound). That holds
 * for a client that asks first with {@code Expect: 100-continue} too (curl -T does).
 */
final class BoundedAggregator extends HttpObjectAggregator {
    private final long max;
    private final Metrics metrics;

    BoundedAggregator(long max, Metrics metrics) {
        super((int) Math.min(max, Integer.MAX_VALUE - 8));
        this.max = max;
        this.metrics = metrics;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        if (HttpUtil.isKeepAlive(oversized) && !HttpUtil.is100ContinueExpected(oversized)) {
            // The client is sending the body anyway: closing now would reset the connection under
            // its writes and lose the answer. The rest of the body is read and dropped (the read
            // timeout bounds how long), then the connection serves on.
            FullHttpResponse response = tooLarge();
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
            return;
        }
        ctx.writeAndFlush(tooLarge()).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof FullHttpResponse r && r.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
            ReferenceCountUtil.release(r);
            return tooLarge();
        }
        return response;
    }

    private FullHttpResponse tooLarge() {
        return Responses.refusal(metrics, 413, "the request body is larger than " + max
                + " bytes (the upload limit)");
    }
}
