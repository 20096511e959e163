package dev.wasmdbg.symbolserver;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client gets the read timeout to send one whole request, from its first byte to its last:
 * this handler sits before the HTTP decoder, so headers sent a byte at a time (a slowloris) are
 * timed too. A slow client is answered 408 and disconnected. Idle connections are closed.
 */
final class RequestDeadline extends ChannelDuplexHandler {
    private final long timeoutMillis;
    private final Metrics metrics;
    private ScheduledFuture<?> deadline;

    RequestDeadline(long timeoutMillis, Metrics metrics) {
        this.timeoutMillis = timeoutMillis;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (deadline == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            deadline = ctx.executor().schedule(() -> tooSlow(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
        }
        super.channelRead(ctx, msg);
    }

    /** The request whose bytes started the clock has been read whole (the router has it). */
    void requestRead() {
        cancel();
    }

    private void tooSlow(ChannelHandlerContext ctx) {
        deadline = null;
        var response = Responses.refusal(metrics, 408, "the request was not sent in full within " + timeoutMillis
                + " ms");
        ctx.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE); // through the encoder
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
