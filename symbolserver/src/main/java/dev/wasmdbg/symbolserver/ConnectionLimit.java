package dev.wasmdbg.symbolserver;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.util.concurrent.atomic.AtomicInteger;

/** At most so many open connections; one more is answered 503 and closed. Shared by all channels. */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private final AtomicInteger open = new AtomicInteger();
    private final int max;
    private final Metrics metrics;

    ConnectionLimit(int max, Metrics metrics) {
        this.max = max;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > max) {
            metrics.request("refused", 503, 0);
            var busy = Responses.error(503, "the server has " + max + " connections open; retry later");
            busy.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            busy.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
            ctx.channel().writeAndFlush(busy).addListener(ChannelFutureListener.CLOSE); // through the encoder
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        super.channelInactive(ctx);
    }
}
