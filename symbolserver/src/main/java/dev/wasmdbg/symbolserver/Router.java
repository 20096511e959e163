package dev.wasmdbg.symbolserver;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes whole requests. Work that reads files or symbolicates runs on the worker pool, bounded by
 * the answer timeout; one request per connection is handled at a time (reading pauses until it is
 * answered, and the flow control handler before this one holds requests already decoded), so
 * answers keep the order of requests.
 */
final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final Service service;
    private final ExecutorService workers;
    private final long timeoutMillis;

    Router(Service service, ExecutorService workers, long timeoutMillis) {
        this.service = service;
        this.workers = workers;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        long start = System.nanoTime();
        RequestDeadline deadline = ctx.pipeline().get(RequestDeadline.class);
        if (deadline != null) {
            deadline.requestRead();
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            answer(ctx, "bad", start, false, Responses.error(400, "malformed HTTP request: "
                    + Bundles.oneLine(request.decoderResult().cause())));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        HttpMethod method = request.method();
        if (path.equals("/health")) {
            if (expect(ctx, method, HttpMethod.GET, "health", start, keepAlive)) {
                answer(ctx, "health", start, keepAlive, Responses.json(200,
                        Service.JSON.createObjectNode().put("status", "ok")));
            }
        } else if (path.equals("/metrics")) {
            if (expect(ctx, method, HttpMethod.GET, "metrics", start, keepAlive)) {
                answer(ctx, "metrics", start, keepAlive, Responses.text(200, "text/plain; version=0.0.4; charset=utf-8",
                        service.metrics().render()));
            }
        } else if (path.equals("/modules")) {
            if (method.equals(HttpMethod.GET)) {
                work(ctx, "list_modules", start, keepAlive, abandoned -> Responses.json(200, service.list()));
            } else if (expect(ctx, method, HttpMethod.PUT, "upload", start, keepAlive)) {
                byte[] body = ByteBufUtil.getBytes(request.content());
                String name = param(uri, "name");
                String module = param(uri, "module");
                work(ctx, "upload", start, keepAlive, abandoned -> Responses.json(201,
                        service.upload(body, name, module)));
            }
        } else if (path.startsWith("/modules/") && path.indexOf('/', "/modules/".length()) < 0) {
            if (expect(ctx, method, HttpMethod.GET, "describe", start, keepAlive)) {
                String id = path.substring("/modules/".length());
                work(ctx, "describe", start, keepAlive, abandoned -> Responses.json(200, service.describe(id)));
            }
        } else if (path.equals("/symbolicate")) {
            if (expect(ctx, method, HttpMethod.POST, "symbolicate", start, keepAlive)) {
                byte[] body = ByteBufUtil.getBytes(request.content());
                work(ctx, "symbolicate", start, keepAlive, abandoned -> Responses.json(200,
                        service.symbolicate(body, abandoned)));
            }
        } else {
            answer(ctx, "unknown", start, keepAlive, Responses.error(404, "no such route: " + method + " "
                    + Service.clip(path) + " (routes: PUT /modules, GET /modules, GET /modules/ID, POST /symbolicate,"
                    + " GET /health, GET /metrics)"));
        }
    }

    private boolean expect(ChannelHandlerContext ctx, HttpMethod method, HttpMethod allowed, String route, long start,
            boolean keepAlive) {
        if (method.equals(allowed)) {
            return true;
        }
        FullHttpResponse r = Responses.error(405, method + " is not allowed here; use " + allowed);
        r.headers().set(HttpHeaderNames.ALLOW, allowed.name());
        answer(ctx, route, start, keepAlive, r);
        return false;
    }

    /** A route's work, told whether its answer is still wanted (long work checks and stops). */
    interface Job {
        FullHttpResponse run(BooleanSupplier abandoned);
    }

    private void work(ChannelHandlerContext ctx, String route, long start, boolean keepAlive, Job job) {
        ctx.channel().config().setAutoRead(false);
        AtomicBoolean answered = new AtomicBoolean();
        AtomicReference<ScheduledFuture<?>> timer = new AtomicReference<>();
        try {
            workers.execute(() -> {
                FullHttpResponse response = handled(() -> job.run(answered::get));
                if (answered.compareAndSet(false, true)) {
                    ScheduledFuture<?> t = timer.get();
                    if (t != null) {
                        t.cancel(false);
                    }
                    answer(ctx, route, start, keepAlive, response);
                } else {
                    response.release();
                }
            });
        } catch (RejectedExecutionException e) {
            answered.set(true);
            FullHttpResponse busy = Responses.error(503, "the server is busy; retry later");
            busy.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
            answer(ctx, route, start, keepAlive, busy);
            return;
        }
        // Not interrupted on timeout: the work may be a module load other requests wait for; it
        // sees it was abandoned and stops between addresses.
        timer.set(ctx.executor().schedule(() -> {
            if (answered.compareAndSet(false, true)) {
                answer(ctx, route, start, false, Responses.error(503, "the request took longer than " + timeoutMillis
                        + " ms and was abandoned"));
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS));
        if (answered.get()) {
            timer.get().cancel(false);
        }
    }

    private static FullHttpResponse handled(Supplier<FullHttpResponse> job) {
        try {
            return job.get();
        } catch (ApiException e) {
            return Responses.error(e.status(), e.getMessage());
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError | LinkageError e) {
            LOG.warn("request failed", e);
            return Responses.error(500, "internal error: " + Bundles.oneLine(e));
        }
    }

    private void answer(ChannelHandlerContext ctx, String route, long start, boolean keepAlive,
            FullHttpResponse response) {
        service.metrics().request(route, response.status().code(), System.nanoTime() - start);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response).addListener(f -> ctx.channel().config().setAutoRead(true));
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String param(QueryStringDecoder uri, String name) {
        Map<String, List<String>> params = uri.parameters();
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
