package dev.wasmdbg.gdbstub;

import dev.wasmdbg.gdbstub.packet.RspFrameDecoder;
import dev.wasmdbg.gdbstub.packet.RspFrameEncoder;
import dev.wasmdbg.gdbstub.packet.RspMessage;
import dev.wasmdbg.gdbstub.target.Target;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The GDB remote protocol server LLDB connects to ({@code process connect -p wasm connect://HOST:PORT}).
 * It serves one target, built by the caller, to one client at a time; a client that leaves
 * leaves the program as it was, and the next client finds it paused there (a finished or killed
 * program is started again, paused). Binds to 127.0.0.1 unless told otherwise.
 */
public final class GdbServer implements AutoCloseable {
    private static final String BUSY = "another debugger is connected to this wasmdbg server; only one client at a time";

    /** Where to listen; {@code once}: stop serving when the first client disconnects. */
    public record Options(String host, int port, boolean once) {
        public static Options defaults() {
            return new Options("127.0.0.1", 3000, false);
        }
    }

    /** The program's output streams: the server's console, and the connected client as O packets. */
    public record ProgramStreams(OutputStream stdout, OutputStream stderr) {}

    private final Target target;
    private final Dispatcher dispatcher;
    private final Options options;
    private final PrintStream console;
    private final ProgramOutput stdout;
    private final ProgramOutput stderr;
    private final AtomicReference<Channel> client = new AtomicReference<>();
    private final AtomicInteger clients = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private Channel server;

    private GdbServer(Function<ProgramStreams, Target> targets, Options options, PrintStream console) {
        this.options = options;
        this.console = console;
        this.stdout = new ProgramOutput(System.out);
        this.stderr = new ProgramOutput(System.err);
        this.target = targets.apply(new ProgramStreams(stdout, stderr));
        this.dispatcher = Dispatcher.of(target);
    }

    /**
     * Builds the target (handing it the streams its program should write to) and listens. The
     * target decides how the program runs; the server only speaks the protocol.
     */
    public static GdbServer start(Function<ProgramStreams, Target> targets, Options options, PrintStream console)
            throws InterruptedException {
        GdbServer s = new GdbServer(targets, options, console);
        try {
            s.bind();
        } catch (RuntimeException | InterruptedException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void bind() throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new RspFrameDecoder(Dispatcher.PACKET_SIZE), new RspFrameEncoder(),
                                new Client());
                    }
                })
                .bind(new InetSocketAddress(options.host(), options.port())).sync().channel();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        target.kill();
        if (server != null) {
            server.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        closed.countDown();
    }

    /** One client's channel: packets in, replies out, through its Connection. */
    private final class Client extends SimpleChannelInboundHandler<RspMessage> {
        private Connection connection;
        private boolean refused;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (!client.compareAndSet(null, ctx.channel())) {
                refused = true; // answered at its first packet, then closed
                return;
            }
            target.prepareForClient();
            console.println("wasmdbg: client connected from " + ctx.channel().remoteAddress());
            connection = new Connection(target, dispatcher, payload -> ctx.channel().writeAndFlush(payload),
                    ctx.channel().eventLoop(), "client-" + clients.incrementAndGet());
            stdout.connect(payload -> ctx.channel().writeAndFlush(payload));
            stderr.connect(payload -> ctx.channel().writeAndFlush(payload));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RspMessage msg) {
            if (refused) {
                refuse(ctx, msg);
                return;
            }
            if (msg instanceof RspMessage.Interrupt) {
                connection.interrupt();
            } else if (msg instanceof RspMessage.Packet packet) {
                byte[] reply = connection.handle(packet.payload());
                if (reply != null) {
                    var write = ctx.writeAndFlush(reply);
                    if (connection.noAckRequested()) {
                        RspFrameDecoder.enterNoAckMode(ctx.channel());
                    }
                    if (connection.hangUpRequested()) {
                        write.addListener(f -> ctx.close());
                    }
                }
            } else if (msg instanceof RspMessage.TooLarge || msg instanceof RspMessage.Malformed) {
                ctx.writeAndFlush("E01".getBytes(StandardCharsets.ISO_8859_1));
            }
        }

        private void refuse(ChannelHandlerContext ctx, RspMessage msg) {
            if (msg instanceof RspMessage.Packet packet) {
                console.println("wasmdbg: refused a client from " + ctx.channel().remoteAddress() + ": " + BUSY);
                if (packet.text().equals("QStartNoAckMode")) {
                    // LLDB: no error text of ours can reach its user this early, and answering it
                    // leads it on into a handshake on a closing connection (it could hang there).
                    // Unanswered, it says at once "Connection shut down by remote side while
                    // waiting for reply to initial handshake packet".
                    ctx.close();
                } else {
                    // GDB and other clients show an "E." reply's text
                    ctx.writeAndFlush(("E." + BUSY).getBytes(StandardCharsets.ISO_8859_1))
                            .addListener(f -> ctx.close());
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (refused) {
                return;
            }
            stdout.disconnect();
            stderr.disconnect();
            if (connection != null) {
                connection.detach();
            }
            boolean finished = target.isTerminated();
            if (finished) {
                target.prepareForClient(); // started again, paused, for the next client
            }
            client.set(null);
            console.println("wasmdbg: client disconnected; the program stays "
                    + (finished ? "finished (restarted for the next client)" : "as it is"));
            if (options.once()) {
                close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            console.println("wasmdbg: connection error: " + cause.getMessage());
            ctx.close();
        }
    }
}
