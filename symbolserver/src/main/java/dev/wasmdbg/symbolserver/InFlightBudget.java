package dev.wasmdbg.symbolserver;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One bound on request bodies held by all connections together, from their first byte until they
 * are answered: each body is bounded by the upload limit, and this bounds how many of them many
 * clients can make the server hold at once. Past it, a request is answered 503 and its connection
 * closed.
 */
final class InFlightBudget extends ChannelDuplexHandler {
    /** The bytes held now, shared by every connection, and their bound. */
    static final class Shared {
        final AtomicLong bytes = new AtomicLong();
        final long limit;

        Shared(long limit) {
            this.limit = limit;
        }
    }

    private final Shared shared;
    private long mine;
    private boolean refused;

    InFlightBudget(Shared shared) {
        this.shared = shared;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpContent content) {
            int n = content.content().readableBytes();
            if (shared.bytes.addAndGet(n) > shared.limit) {
                shared.bytes.addAndGet(-n);
                ReferenceCountUtil.release(msg);
                refused = true;
                var busy = Responses.error(503, "the server holds " + shared.limit
                        + " bytes of requests already; retry later");
                busy.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                busy.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
                ctx.writeAndFlush(busy).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            mine += n;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse) {
            giveBack(); // answered: the request's body is no longer held
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        giveBack();
        super.channelInactive(ctx);
    }

    private void giveBack() {
        shared.bytes.addAndGet(-mine);
        mine = 0;
    }
}
