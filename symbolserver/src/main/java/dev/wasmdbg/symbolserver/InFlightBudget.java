package dev.wasmdbg.symbolserver;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One bound on the bytes held for all connections together: request bodies from their first byte
 * and answers until they are written out to the client (one that does not read its answers keeps
 * them held). Each body is bounded by the upload limit; this bounds how many many clients can make
 * the server hold at once. Past it, a request is answered 503 and its connection closed.
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
    private final Metrics metrics;
    private long mine;
    private boolean refused;
    private boolean answered; // the current request has its answer: what more comes of it is dropped

    InFlightBudget(Shared shared, Metrics metrics) {
        this.shared = shared;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof io.netty.handler.codec.http.HttpRequest) {
            answered = false;
        }
        if (msg instanceof HttpContent content && !answered) {
            int n = content.content().readableBytes();
            if (shared.bytes.addAndGet(n) > shared.limit) {
                shared.bytes.addAndGet(-n);
                ReferenceCountUtil.release(msg);
                refused = true;
                ctx.writeAndFlush(Responses.refusal(metrics, 503, "the server holds " + shared.limit
                        + " bytes of requests already; retry later")).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            mine += n;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse) {
            // The request's body (counted as it came) and this answer are held until it is written out.
            long answer = msg instanceof HttpContent c ? c.content().readableBytes() : 0;
            shared.bytes.addAndGet(answer);
            long held = mine + answer;
            mine = 0;
            answered = true;
            promise = promise.unvoid();
            promise.addListener(f -> shared.bytes.addAndGet(-held));
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
