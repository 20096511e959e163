package dev.wasmdbg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wasmdbg.testkit.TestModules;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.DisassembleArguments;
import org.eclipse.lsp4j.debug.DisassembledInstruction;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.EvaluateArgumentsContext;
import org.eclipse.lsp4j.debug.EvaluateResponse;
import org.eclipse.lsp4j.debug.ReadMemoryArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.Variable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The IDE path end to end: `wasmdbg serve` (the shaded jar, in a JVM of its own) and lldb-dap-22,
 * the adapter VS Code's LLDB DAP extension runs, driven over DAP as VS Code drives it, with the
 * configuration `serve --print-ide-config` printed, or the one in examples/vscode.
 */
class DapIT {
    static final Duration SERVE_TIMEOUT = Duration.ofSeconds(60);
    static final Path CHECKOUT = TestModules.dir().toAbsolutePath().normalize().getParent();
    static final Path FACT_C = CHECKOUT.resolve("test-modules/src/fact.c");
    static final Path EXAMPLE = CHECKOUT.resolve("examples/vscode/.vscode/launch.json");

    @Test
    void breakpointFramesLocalsStepAndExit() throws Exception {
        int callsFact = lineOf(FACT_C, "int f = fact(4 + argc);");
        int callsSumSquares = lineOf(FACT_C, "int s = sum_squares(values, 5);");
        // clang-22 wrote /wasmdbg/test-modules/src/fact.c into the DWARF (test-modules/build.sh).
        try (ServeProcess serve = ServeProcess.start("--source-map-prefix", "/wasmdbg/test-modules=" + CHECKOUT.resolve("test-modules"),
                     TestModules.wasm("fact-O0.wasm").toString());
             LldbDap dap = LldbDap.start("breakpoint")) {
            CompletableFuture<Void> attached = dap.initializeAndAttach(serve.awaitConfig(SERVE_TIMEOUT).attachArguments());
            assertThat(dap.setBreakpoint(FACT_C, callsFact)).isEqualTo(callsFact);
            configurationDone(dap, attached);

            int thread = dap.awaitStop("breakpoint").getThreadId();
            StackFrame top = dap.stackTrace(thread).get(0);
            assertFrame(top, "__main_argc_argv", FACT_C, callsFact); // clang's wasm name for main(int, char **)
            // No arguments: argc is 1, and move(&p, argc, 2 * argc) took p from {3, 4} to {4, 6}.
            Map<String, Variable> locals = byName(dap.locals(top.getId()));
            assertThat(locals.get("argc").getValue()).isEqualTo("1");
            assertThat(locals.get("p").getVariablesReference()).as("p expands").isPositive();
            Map<String, Variable> p = byName(dap.variables(locals.get("p").getVariablesReference()));
            assertThat(p.get("x").getValue()).isEqualTo("4");
            assertThat(p.get("y").getValue()).isEqualTo("6");
            // values[i] = i + argc for i in 0..4: 1 ... 5, as VS Code shows it expanded.
            assertThat(locals.get("values").getVariablesReference()).as("values expands").isPositive();
            List<Variable> values = dap.variables(locals.get("values").getVariablesReference());
            assertThat(values).extracting(Variable::getName).containsExactly("[0]", "[1]", "[2]", "[3]", "[4]");
            assertThat(values).extracting(Variable::getValue).containsExactly("1", "2", "3", "4", "5");
            // Hovering over p.x in the editor: an evaluate request in the hover context.
            EvaluateResponse hover = evaluate(dap, top.getId(), "p.x", EvaluateArgumentsContext.HOVER);
            assertThat(hover.getResult()).isEqualTo("4");
            // The memory view reads at the variable's memoryReference: p is {4, 6}, little-endian int32s.
            ReadMemoryArguments read = new ReadMemoryArguments();
            read.setMemoryReference(hover.getMemoryReference());
            read.setCount(8);
            String data = LldbDap.await(dap.server().readMemory(read), "readMemory").getData();
            assertThat(Base64.getDecoder().decode(data)).containsExactly(4, 0, 0, 0, 6, 0, 0, 0);
            // The disassembly view asks for instructions at the frame's instruction pointer.
            DisassembleArguments disassemble = new DisassembleArguments();
            disassemble.setMemoryReference(top.getInstructionPointerReference());
            disassemble.setInstructionCount(4);
            DisassembledInstruction[] instructions = LldbDap.await(dap.server().disassemble(disassemble), "disassemble")
                    .getInstructions();
            assertThat(instructions).hasSize(4);
            assertThat(instructions[0].getAddress()).isEqualTo(top.getInstructionPointerReference());
            assertThat(instructions[0].getInstruction()).isNotBlank();

            dap.next(thread);
            dap.awaitStop("step");
            StackFrame next = dap.stackTrace(thread).get(0);
            assertFrame(next, "__main_argc_argv", FACT_C, callsSumSquares);
            assertThat(byName(dap.locals(next.getId())).get("f").getValue()).as("f = fact(4 + 1)").isEqualTo("120");

            dap.continueAll(thread);
            // main returns counter, which sum_squares counted up once per value: 5.
            assertThat(dap.awaitExit().getExitCode()).isEqualTo(5);
            dap.awaitOutput("fact = 120\nsum of squares = 55\npoint = (4, 6)\n"); // 55 = 1 + 4 + 9 + 16 + 25
            dap.disconnect(false);
            assertThat(serve.awaitExit(SERVE_TIMEOUT)).as("serve --once, its client gone").contains(0);
        }
    }

    @Test
    void conditionalAndHitCountBreakpointsStopOnlyWhereTheySay() throws Exception {
        int squares = lineOf(FACT_C, "int square = values[i] * values[i];");
        int adds = lineOf(FACT_C, "total += square;");
        try (ServeProcess serve = ServeProcess.start("--source-map-prefix", "/wasmdbg/test-modules=" + CHECKOUT.resolve("test-modules"),
                     TestModules.wasm("fact-O0.wasm").toString());
             LldbDap dap = LldbDap.start("conditions")) {
            CompletableFuture<Void> attached = dap.initializeAndAttach(serve.awaitConfig(SERVE_TIMEOUT).attachArguments());
            SourceBreakpoint whenIIs3 = new SourceBreakpoint();
            whenIIs3.setLine(squares);
            whenIIs3.setCondition("i == 3");
            SourceBreakpoint secondHit = new SourceBreakpoint();
            secondHit.setLine(adds);
            secondHit.setHitCondition("2");
            setBreakpoints(dap, FACT_C, whenIIs3, secondHit);
            configurationDone(dap, attached);

            // sum_squares(values, 5) with values 1..5: the second pass over `total += square;` is i = 1.
            int thread = dap.awaitStop("breakpoint").getThreadId();
            StackFrame top = dap.stackTrace(thread).get(0);
            assertFrame(top, "sum_squares", FACT_C, adds);
            Map<String, Variable> locals = byName(dap.locals(top.getId()));
            assertThat(locals.get("i").getValue()).isEqualTo("1");
            assertThat(locals.get("square").getValue()).isEqualTo("4");
            setBreakpoints(dap, FACT_C, whenIIs3); // past its ignore count it would stop on every later pass

            dap.continueAll(thread);
            dap.awaitStop("breakpoint");
            top = dap.stackTrace(thread).get(0);
            assertFrame(top, "sum_squares", FACT_C, squares);
            assertThat(byName(dap.locals(top.getId())).get("i").getValue()).isEqualTo("3");

            dap.continueAll(thread); // i == 4 does not stop
            assertThat(dap.awaitExit().getExitCode()).isEqualTo(5);
            dap.disconnect(false);
            assertThat(serve.awaitExit(SERVE_TIMEOUT)).as("serve --once, its client gone").contains(0);
        }
    }

    @Test
    void aTrapStopsAsAnExceptionAtTheDivisionWithTheExampleLaunchJson() throws Exception {
        int divides = lineOf(FACT_C, "return a / b;");
        int callsRatio = lineOf(FACT_C, "printf(\"%d / %d = %d\\n\", f, d, ratio(f, d));");
        // `fact 0`: argc is 2, f = fact(4 + 2) = 720, then ratio(720, 0) divides by zero.
        try (ServeProcess serve = ServeProcess.start(TestModules.wasm("fact-O0.wasm").toString(), "--", "0");
             LldbDap dap = LldbDap.start("trap")) {
            int port = serve.awaitConfig(SERVE_TIMEOUT).port();
            CompletableFuture<Void> attached = dap.initializeAndAttach(exampleConfiguration(port));
            configurationDone(dap, attached);

            StoppedEventArguments stop = dap.awaitStop("exception");
            assertThat(stop.getDescription()).contains("integer divide by zero");
            List<StackFrame> frames = dap.stackTrace(stop.getThreadId());
            assertFrame(frames.get(0), "ratio", FACT_C, divides);
            assertFrame(frames.get(1), "__main_argc_argv", FACT_C, callsRatio);
            Map<String, Variable> locals = byName(dap.locals(frames.get(0).getId()));
            assertThat(locals.get("a").getValue()).isEqualTo("720");
            assertThat(locals.get("b").getValue()).isEqualTo("0");
            dap.disconnect(false);
            assertThat(serve.awaitExit(SERVE_TIMEOUT)).as("serve --once, its client gone").contains(0);
        }
    }

    @Test
    void theDemoWithTheExampleLaunchJsonStopsInTheCheckoutsSource() throws Exception {
        // docs/ide.md's first steps: `./wasmdbg` (the demo is fact-O0.wasm), examples/vscode's .vscode in the
        // checkout, a breakpoint in the checkout's test-modules/src/fact.c.
        try (ServeProcess serve = ServeProcess.start(); LldbDap dap = LldbDap.start("demo-example")) {
            Map<String, Object> attach = exampleConfiguration(serve.awaitConfig(SERVE_TIMEOUT).port());
            breakAtFactCallThenExit(serve, dap, attach, FACT_C);
        }
    }

    @Test
    void theDemoWithItsPrintedConfigStopsInTheSourceItExtracted() throws Exception {
        // `./wasmdbg serve --print-ide-config`, no module: the configuration maps to the extracted source.
        try (ServeProcess serve = ServeProcess.start(); LldbDap dap = LldbDap.start("demo-printed")) {
            PrintedConfig printed = serve.awaitConfig(SERVE_TIMEOUT);
            Path extracted = Path.of(printed.configuration().get("program").asText()).resolveSibling("src/fact.c");
            breakAtFactCallThenExit(serve, dap, printed.attachArguments(), extracted);
        }
    }

    @Test
    void onTheIpv6WildcardThePrintedConfigAttachesThroughIpv6Loopback() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            assertThat(probe.isBound()).isTrue();
        } catch (IOException e) {
            Assumptions.abort("no IPv6 loopback here: " + e);
        }
        // `serve --host ::`: bound to every address, it names [::1] (connect://::1:PORT would not connect).
        try (ServeProcess serve = ServeProcess.start("--host", "::"); LldbDap dap = LldbDap.start("demo-ipv6")) {
            PrintedConfig printed = serve.awaitConfig(SERVE_TIMEOUT);
            assertThat(printed.configuration().get("attachCommands").get(0).asText())
                    .isEqualTo("process connect -p wasm connect://[::1]:" + printed.port());
            Path extracted = Path.of(printed.configuration().get("program").asText()).resolveSibling("src/fact.c");
            breakAtFactCallThenExit(serve, dap, printed.attachArguments(), extracted);
        }
    }

    private static void breakAtFactCallThenExit(ServeProcess serve, LldbDap dap, Map<String, Object> attach, Path source)
            throws Exception {
        int callsFact = lineOf(source, "int f = fact(4 + argc);");
        CompletableFuture<Void> attached = dap.initializeAndAttach(attach);
        assertThat(dap.setBreakpoint(source, callsFact)).isEqualTo(callsFact);
        configurationDone(dap, attached);

        int thread = dap.awaitStop("breakpoint").getThreadId();
        assertFrame(dap.stackTrace(thread).get(0), "__main_argc_argv", source, callsFact);
        dap.continueAll(thread);
        assertThat(dap.awaitExit().getExitCode()).isEqualTo(5);
        dap.disconnect(false);
        assertThat(serve.awaitExit(SERVE_TIMEOUT)).as("serve --once, its client gone").contains(0);
    }

    private static void setBreakpoints(LldbDap dap, Path file, SourceBreakpoint... breakpoints) throws Exception {
        Source source = new Source();
        source.setPath(file.toString());
        SetBreakpointsArguments args = new SetBreakpointsArguments();
        args.setSource(source);
        args.setBreakpoints(breakpoints);
        Breakpoint[] answer = LldbDap.await(dap.server().setBreakpoints(args), "setBreakpoints").getBreakpoints();
        assertThat(answer).hasSameSizeAs(breakpoints);
        for (int i = 0; i < answer.length; i++) {
            assertThat(answer[i].isVerified()).as("breakpoint at line %d: %s", breakpoints[i].getLine(), answer[i].getMessage())
                    .isTrue();
            assertThat(answer[i].getLine()).isEqualTo(breakpoints[i].getLine());
        }
    }

    private static EvaluateResponse evaluate(LldbDap dap, int frameId, String expression, String context) throws Exception {
        EvaluateArguments args = new EvaluateArguments();
        args.setExpression(expression);
        args.setFrameId(frameId);
        args.setContext(context);
        return LldbDap.await(dap.server().evaluate(args), "evaluate " + expression);
    }

    private static void configurationDone(LldbDap dap, CompletableFuture<Void> attached) throws Exception {
        LldbDap.await(dap.server().configurationDone(new ConfigurationDoneArguments()), "configurationDone");
        LldbDap.await(attached, "attach");
    }

    private static void assertFrame(StackFrame frame, String function, Path file, int line) {
        assertThat(frame.getName()).isEqualTo(function);
        assertThat(frame.getSource()).as("%s has a source", function).isNotNull();
        assertThat(Path.of(frame.getSource().getPath())).as("%s's source", function).isEqualTo(file).isRegularFile();
        assertThat(frame.getLine()).as("%s's line", function).isEqualTo(line);
    }

    /** examples/vscode's configuration as VS Code would send it from this checkout, aimed at this port. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> exampleConfiguration(int port) throws Exception {
        String text = Files.readString(EXAMPLE).replace("${workspaceFolder}", CHECKOUT.toString());
        assertThat(text).contains("connect://localhost:3000");
        text = text.replace("connect://localhost:3000", "connect://localhost:" + port);
        // launch.json is JSON with comments and trailing commas
        JsonMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                .enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();
        return json.convertValue(json.readTree(text).get("configurations").get(0), Map.class);
    }

    /** The one line of the file holding this text (1-based), so the tests follow edits of fact.c. */
    static int lineOf(Path file, String text) throws Exception {
        List<String> lines = Files.readAllLines(file);
        List<Integer> found = IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(text))
                .mapToObj(i -> i + 1).collect(Collectors.toList());
        assertThat(found).as("lines of %s holding %s", file, text).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Variable> byName(List<Variable> variables) {
        return variables.stream().collect(Collectors.toMap(Variable::getName, Function.identity()));
    }
}
