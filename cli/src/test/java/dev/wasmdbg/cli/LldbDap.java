package dev.wasmdbg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.wasmdbg.testkit.ExternalTool;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.DisconnectArguments;
import org.eclipse.lsp4j.debug.ExitedEventArguments;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.NextArguments;
import org.eclipse.lsp4j.debug.OutputEventArguments;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.TerminatedEventArguments;
import org.eclipse.lsp4j.debug.Variable;
import org.eclipse.lsp4j.debug.VariablesArguments;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.debug.DebugLauncher;

/**
 * lldb-dap-22 (what VS Code's LLDB DAP extension runs) as a child process, spoken to over stdio
 * through LSP4J's DAP client. Every request and wait is bounded; the DAP traffic and lldb-dap's
 * own log go to target/ for when a test fails.
 */
final class LldbDap implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final PrintWriter trace;
    private final Events events = new Events();
    private final IDebugProtocolServer server;

    private LldbDap(Process process, PrintWriter trace) {
        this.process = process;
        this.trace = trace;
        Launcher<IDebugProtocolServer> launcher = DebugLauncher.createLauncher(events, IDebugProtocolServer.class,
                process.getInputStream(), process.getOutputStream(), true, trace);
        launcher.startListening();
        this.server = launcher.getRemoteProxy();
    }

    /** Starts lldb-dap-22; {@code name} names its logs in target/. */
    static LldbDap start(String name) throws IOException {
        Path lldbDap = ExternalTool.require("lldb-dap-22");
        Path logs = Files.createDirectories(Path.of("target", "dap-logs")).toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(lldbDap.toString())
                .redirectError(logs.resolve(name + ".stderr").toFile());
        builder.environment().put("LLDBDAP_LOG", logs.resolve(name + ".lldb-dap.log").toString());
        PrintWriter trace = new PrintWriter(Files.newBufferedWriter(logs.resolve(name + ".dap.trace"), StandardCharsets.UTF_8), true);
        return new LldbDap(builder.start(), trace);
    }

    IDebugProtocolServer server() {
        return server;
    }

    static <T> T await(CompletableFuture<T> reply, String what) throws Exception {
        try {
            return reply.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("lldb-dap-22 did not answer " + what + " within " + TIMEOUT, e);
        }
    }

    /** initialize, then attach with these arguments; answers once the attach has been configured. */
    CompletableFuture<Void> initializeAndAttach(Map<String, Object> attach) throws Exception {
        InitializeRequestArguments init = new InitializeRequestArguments();
        init.setClientID("wasmdbg-DapIT");
        init.setAdapterID("lldb-dap");
        init.setLinesStartAt1(true);
        init.setColumnsStartAt1(true);
        init.setPathFormat("path");
        await(server.initialize(init), "initialize");
        CompletableFuture<Void> attached = server.attach(attach); // answered after configurationDone
        await(events.initialized, "attach (its initialized event)");
        return attached;
    }

    /** One breakpoint at path:line; the line lldb-dap verified it at. */
    int setBreakpoint(Path file, int line) throws Exception {
        Source source = new Source();
        source.setPath(file.toString());
        SourceBreakpoint breakpoint = new SourceBreakpoint();
        breakpoint.setLine(line);
        SetBreakpointsArguments args = new SetBreakpointsArguments();
        args.setSource(source);
        args.setBreakpoints(new SourceBreakpoint[] {breakpoint});
        var answer = await(server.setBreakpoints(args), "setBreakpoints").getBreakpoints();
        assertThat(answer).hasSize(1);
        assertThat(answer[0].isVerified()).as("breakpoint at %s:%d verified: %s", file, line, answer[0].getMessage()).isTrue();
        return answer[0].getLine();
    }

    /**
     * The next stop, which must have this reason. The server holds the program at its first
     * instruction; lldb-dap 22 resumes it after configurationDone (attach without stopOnEntry), but
     * an adapter that reports that first stop (as "entry") instead gets one `continue` past it.
     */
    StoppedEventArguments awaitStop(String reason) throws Exception {
        StoppedEventArguments stop = events.next(StoppedEventArguments.class);
        if (!reason.equals("entry") && stop.getReason().equals("entry")) {
            continueAll(stop.getThreadId());
            stop = events.next(StoppedEventArguments.class);
        }
        assertThat(stop.getReason()).as("stop reason (%s)", stop.getDescription()).isEqualTo(reason);
        return stop;
    }

    ExitedEventArguments awaitExit() throws Exception {
        return events.next(ExitedEventArguments.class);
    }

    List<StackFrame> stackTrace(int threadId) throws Exception {
        StackTraceArguments args = new StackTraceArguments();
        args.setThreadId(threadId);
        return Arrays.asList(await(server.stackTrace(args), "stackTrace").getStackFrames());
    }

    /** The variables of the frame's "Locals" scope. */
    List<Variable> locals(int frameId) throws Exception {
        ScopesArguments args = new ScopesArguments();
        args.setFrameId(frameId);
        var scopes = await(server.scopes(args), "scopes").getScopes();
        var locals = Arrays.stream(scopes).filter(s -> "locals".equals(s.getPresentationHint())).findFirst();
        assertThat(locals).as("a locals scope among %s", Arrays.toString(scopes)).isPresent();
        return variables(locals.get().getVariablesReference());
    }

    List<Variable> variables(int reference) throws Exception {
        VariablesArguments args = new VariablesArguments();
        args.setVariablesReference(reference);
        return Arrays.asList(await(server.variables(args), "variables").getVariables());
    }

    void next(int threadId) throws Exception {
        NextArguments args = new NextArguments();
        args.setThreadId(threadId);
        await(server.next(args), "next");
    }

    void continueAll(int threadId) throws Exception {
        ContinueArguments args = new ContinueArguments();
        args.setThreadId(threadId);
        await(server.continue_(args), "continue");
    }

    /** Waits until the program's stdout, as lldb-dap forwards it, contains this text. */
    void awaitOutput(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!events.stdout.toString().contains(expected)) {
            if (System.nanoTime() > deadline) {
                fail("the program's output never showed " + expected + "; it was: " + events.stdout);
            }
            Thread.sleep(20);
        }
    }

    /** Ends the session as VS Code's stop button does; lldb-dap then exits. */
    void disconnect(boolean terminateDebuggee) throws Exception {
        DisconnectArguments args = new DisconnectArguments();
        args.setTerminateDebuggee(terminateDebuggee);
        await(server.disconnect(args), "disconnect");
        assertThat(process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("lldb-dap-22 exits").isTrue();
    }

    @Override
    public void close() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        trace.close();
    }

    /** The adapter's events as they come: the ones the tests wait for are queued in order. */
    private static final class Events implements IDebugProtocolClient {
        final CompletableFuture<Void> initialized = new CompletableFuture<>();
        final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        final StringBuffer stdout = new StringBuffer();

        @Override
        public void initialized() {
            initialized.complete(null);
        }

        @Override
        public void stopped(StoppedEventArguments args) {
            queue.add(args);
        }

        @Override
        public void exited(ExitedEventArguments args) {
            queue.add(args);
        }

        @Override
        public void terminated(TerminatedEventArguments args) {
            queue.add(args);
        }

        @Override
        public void output(OutputEventArguments args) {
            if ("stdout".equals(args.getCategory())) {
                stdout.append(args.getOutput());
            }
        }

        /** The next queued event, which must be of this type. */
        <T> T next(Class<T> type) throws InterruptedException {
            Object event = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                fail("no " + type.getSimpleName() + " from lldb-dap-22 within " + TIMEOUT);
            }
            if (!type.isInstance(event)) {
                fail("expected " + type.getSimpleName() + ", got " + event);
            }
            return type.cast(event);
        }
    }
}
