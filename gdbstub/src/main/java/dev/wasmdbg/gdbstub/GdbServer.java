package dev.wasmdbg.gdbstub;

import dev.wasmdbg.debugger.Session;
import dev.wasmdbg.debugger.WasiConfig;
import dev.wasmdbg.gdbstub.packet.RspFrameDecoder;
import dev.wasmdbg.gdbstub.packet.RspFrameEncoder;
import dev.wasmdbg.gdbstub.packet.RspMessage;
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
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The GDB remote protocol server LLDB connects to ({@code process connect -p wasm connect://HOST:PORT}).
 * It runs one program, started paused, and serves one client at a time; a client that leaves
 * leaves the program as it was, and the next client finds it there (a finished or killed program
 * is started again, paused). Binds to 127.0.0.1 unless told otherwise.
 */
public final class GdbServer implements AutoCloseable {
    private static final String BUSY = "another debugger is connected to this wasmdbg server; only one client at a time";

    /** Where to listen; {@code once}: stop serving when the first client disconnects. */
    public record Options(String host, int port, boolean once) {
        public static Options defaults() {
            return new Options("127.0.0.1", 3000, false);
        }
    }

    private final byte[] module;
    private final String name;
    private final String libraryName;
    private final List<String> args;
    private final Options options;
    private final PrintStream console;
    private final ProgramOutput stdout;
    private final ProgramOutput stderr;
    private final AtomicReference<Session> session = new AtomicReference<>();
    private final AtomicReference<Channel> client = new AtomicReference<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private Channel server;

    private GdbServer(byte[] module, String name, String libraryName, List<String> args, Options options,
            PrintStream console) {
        this.module = module;
        this.name = name;
        this.libraryName = libraryName;
        this.args = List.copyOf(args);
        this.options = options;
        this.console = console;
        this.stdout = new ProgramOutput(System.out);
        this.stderr = new ProgramOutput(System.err);
    }

    /**
     * Starts the program paused and listens. {@code libraryName} is what LLDB is told the module is
     * called: a path it can open (fast) or any unique name (it then reads the module through us).
     */
    public static GdbServer start(byte[] module, String name, String libraryName, List<String> args, Options options,
            PrintStream console) throws InterruptedException {
        GdbServer s = new GdbServer(module, name, libraryName, args, options, console);
        s.session.set(s.launch());
        s.bind();
        return s;
    }

    private Session launch() {
        WasiConfig config = WasiConfig.of(name, args).withStdio(new ByteArrayInputStream(new byte[0]), stdout, stderr);
        return Session.launch(module, name, config, true);
    }

    private void bind() throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new RspFrameDecoder(Commands.PACKET_SIZE), new RspFrameEncoder(),
                                new Connection());
                    }
                })
                .bind(new InetSocketAddress(options.host(), options.port())).sync().channel();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The program being debugged now. */
    public Session session() {
        return session.get();
    }

    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        Session s = session.get();
        if (s != null) {
            s.kill();
        }
        if (server != null) {
            server.close();
        }
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        closed.countDown();
    }

    /** One client's connection: packets in, replies out, through the commands of the dialect. */
    private final class Connection extends SimpleChannelInboundHandler<RspMessage> {
        private Commands commands;
        private boolean refused;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (!client.compareAndSet(null, ctx.channel())) {
                refused = true; // answered at its first packet, then closed
                return;
            }
            Session current = session.get();
            if (current.isTerminated()) {
                current = launch();
                session.set(current);
            }
            console.println("wasmdbg: client connected from " + ctx.channel().remoteAddress());
            commands = new Commands(new Commands.Programs() {
                @Override
                public Session current() {
                    return session.get();
                }

                @Override
                public Session restart(boolean paused) throws InterruptedException {
                    Session fresh = session.get().restart(paused); // kills the old run first
                    session.set(fresh);
                    return fresh;
                }

                @Override
                public String libraryName() {
                    return libraryName;
                }
            }, payload -> ctx.channel().writeAndFlush(payload));
            stdout.connect(payload -> ctx.channel().writeAndFlush(payload));
            stderr.connect(payload -> ctx.channel().writeAndFlush(payload));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RspMessage msg) {
            if (refused) {
                if (msg instanceof RspMessage.Packet packet) {
                    console.println("wasmdbg: refused a client from " + ctx.channel().remoteAddress() + ": "
                            + BUSY);
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
                return;
            }
            if (msg instanceof RspMessage.Interrupt) {
                commands.interrupt();
            } else if (msg instanceof RspMessage.Packet packet) {
                byte[] reply = commands.handle(packet.payload());
                if (reply != null) {
                    var write = ctx.writeAndFlush(reply);
                    if (commands.noAckRequested()) {
                        RspFrameDecoder.enterNoAckMode(ctx.channel());
                    }
                    if (packet.text().startsWith("D") || commands.hangUpRequested()) {
                        write.addListener(f -> ctx.close());
                    }
                }
            } else if (msg instanceof RspMessage.TooLarge || msg instanceof RspMessage.Malformed) {
                ctx.writeAndFlush("E01".getBytes(StandardCharsets.ISO_8859_1));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (refused) {
                return;
            }
            stdout.disconnect();
            stderr.disconnect();
            if (commands != null) {
                commands.detach();
            }
            client.set(null);
            console.println("wasmdbg: client disconnected; the program stays "
                    + (session.get().isTerminated() ? "finished (restarted for the next client)" : "as it is"));
            if (session.get().isTerminated()) {
                session.set(launch());
            }
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

    /** Waits up to {@code timeout} for the current program to stop (tests). */
    boolean awaitStop(Duration timeout) throws InterruptedException {
        return session.get().awaitStop(timeout).isPresent();
    }
}
