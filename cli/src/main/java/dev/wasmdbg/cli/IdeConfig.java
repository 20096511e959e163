package dev.wasmdbg.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * The VS Code {@code launch.json} that attaches LLVM's "LLDB DAP" extension (lldb-dap-22) to a
 * wasmdbg server: lldb-dap opens {@code program} for the target, runs {@code attachCommands} to
 * connect through LLDB's wasm platform, and maps the debug info's source paths with {@code sourceMap}.
 */
final class IdeConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IdeConfig() {}

    static String launchJson(String name, Path program, String connectCommand, List<SourceMapping> mappings) {
        ObjectNode config = JSON.createObjectNode()
                .put("type", "lldb-dap")
                .put("request", "attach")
                .put("name", "wasmdbg: " + name)
                .put("program", program.toAbsolutePath().normalize().toString());
        config.putArray("attachCommands").add(connectCommand);
        if (!mappings.isEmpty()) {
            ArrayNode pairs = config.putArray("sourceMap");
            for (SourceMapping m : mappings) {
                pairs.addArray().add(m.from()).add(m.to().toString());
            }
        }
        ObjectNode launch = JSON.createObjectNode().put("version", "0.2.0");
        launch.putArray("configurations").add(config);
        try {
            return JSON.writer(prettyPrinter()).writeValueAsString(launch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of strings always serializes
        }
    }

    // As VS Code writes JSON: "key": value, every array element on a line of its own.
    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        return printer;
    }
}
