package dev.wasmdbg.symbolserver;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The symbolication service: an HTTP server (Netty) over a {@link Store} of modules and their debug
 * files. Routes: {@code PUT /modules}, {@code GET /modules}, {@code GET /modules/ID},
 * {@code POST /symbolicate}, {@code GET /health}, {@code GET /metrics}. Symbolication runs on a
 * worker pool, never on the network threads.
 */
public final class SymbolServer implements AutoCloseable {

    /**
     * How the service runs. {@code cacheBytes} bounds the loaded indexes; {@code maxUploadBytes}
     * one request body; {@code maxUnpackedBytes} what a bundle may unpack to; {@code readTimeout} how
     * long a client may take to send a whole request; {@code answerTimeout} how long one may take to
     * be answered. Request bodies held at once, by all clients together, are bounded by four times
     * the upload limit.
     */
    public record Config(String host, int port, Path store, long cacheBytes, long maxUploadBytes,
            long maxUnpackedBytes, int maxAddresses, Duration readTimeout, Duration answerTimeout, int workers,
            int maxConnections) {

        long maxInFlightBytes() {
            return 4 * maxUploadBytes;
        }

        /**
         * Loopback, the given port and store, and the defaults below; bundles may unpack to 256 MiB,
         * or a quarter of the heap if that is less.
         */
        public static Config defaults(int port, Path store) {
            return new Config("127.0.0.1", port, store, 256L << 20, 64L << 20,
                    Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4), 10_000, Duration.ofSeconds(30),
                    Duration.ofSeconds(30), Math.max(2, Runtime.getRuntime().availableProcessors()), 1024);
        }

        public Config withCacheBytes(long bytes) {
            return new Config(host, port, store, bytes, maxUploadBytes, maxUnpackedBytes, maxAddresses, readTimeout,
                    answerTimeout, workers, maxConnections);
        }

        /** The size and count limits, and one timeout for both reading and answering a request. */
        public Config withLimits(long uploadBytes, long unpackedBytes, int addresses, Duration timeout) {
            return new Config(host, port, store, cacheBytes, uploadBytes, unpackedBytes, addresses, timeout, timeout,
                    workers, maxConnections);
        }

        public Config withAnswerTimeout(Duration timeout) {
            return new Config(host, port, store, cacheBytes, maxUploadBytes, maxUnpackedBytes, maxAddresses,
                    readTimeout, timeout, workers, maxConnections);
        }

        public Config withWorkersAndConnections(int newWorkers, int newMaxConnections) {
            return new Config(host, port, store, cacheBytes, maxUploadBytes, maxUnpackedBytes, maxAddresses,
                    readTimeout, answerTimeout, newWorkers, newMaxConnections);
        }

        public Config withHost(String newHost) {
            return new Config(newHost, port, store, cacheBytes, maxUploadBytes, maxUnpackedBytes, maxAddresses,
                    readTimeout, answerTimeout, workers, maxConnections);
        }
    }

    private final Config config;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ThreadPoolExecutor workers;
    private final Service service;
    private final InFlightBudget.Shared inFlight;
    private Channel channel;

    private SymbolServer(Config config) {
        this.config = config;
        this.inFlight = new InFlightBudget.Shared(config.maxInFlightBytes());
        this.service = new Service(new Store(config.store()), config.cacheBytes(),
                new Bundles(10_000, config.maxUnpackedBytes()), config.maxAddresses(), inFlight.bytes::get);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(config.workers(), config.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1024), r -> {
                    Thread t = new Thread(r, "symbolserver-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Opens the store (creating it if needed) and starts listening. */
    public static SymbolServer start(Config config) {
        SymbolServer server = new SymbolServer(config);
        try {
            server.bind();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind() {
        ConnectionLimit connections = new ConnectionLimit(config.maxConnections(), service.metrics());
        long readMillis = config.readTimeout().toMillis();
        long answerMillis = config.answerTimeout().toMillis();
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Metrics metrics = service.metrics();
                        ch.pipeline()
                                .addLast(connections)
                                .addLast(new IdleStateHandler(0, 0, Math.max(Math.max(readMillis, answerMillis) * 2, 1000),
                                        TimeUnit.MILLISECONDS))
                                .addLast(new RequestDeadline(readMillis, metrics))
                                .addLast(new HttpServerCodec(4096, 16 * 1024, 64 * 1024))
                                .addLast(new InFlightBudget(inFlight, metrics))
                                .addLast(new BoundedAggregator(config.maxUploadBytes(), metrics))
                                .addLast(new FlowControlHandler()) // one request at a time reaches the router
                                .addLast(new Router(service, workers, answerMillis));
                    }
                });
        try {
            channel = bootstrap.bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
    }

    /** The port listened on (the one picked when 0 was asked). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** How many modules the store holds. */
    public int storedModules() {
        return service.storedModules();
    }

    /** Blocks until the server is closed. */
    public void awaitClose() throws InterruptedException {
        channel.closeFuture().await();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownNow();
    }
}
