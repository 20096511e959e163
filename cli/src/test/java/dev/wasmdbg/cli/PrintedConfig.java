package dev.wasmdbg.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What `wasmdbg serve --print-ide-config` printed: the port it serves on and its launch.json. */
record PrintedConfig(int port, String lldbLine, JsonNode launchJson) {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERVING = Pattern.compile("wasmdbg: serving .* on \\S+:(\\d+)\\R");
    private static final Pattern LLDB_LINE = Pattern.compile("\\n  (lldb-22 .*)\\R");
    // The launch.json is the last thing printed: from a line "{" to a line "}".
    private static final Pattern LAUNCH_JSON = Pattern.compile("(?s)\\n(\\{\\R.*\\R\\})\\R");

    /** Empty until all of it has been printed ({@code text} may still be growing). */
    static Optional<PrintedConfig> parse(String text) {
        Matcher serving = SERVING.matcher(text);
        Matcher lldb = LLDB_LINE.matcher(text);
        Matcher json = LAUNCH_JSON.matcher(text);
        if (!serving.find() || !lldb.find() || !json.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PrintedConfig(Integer.parseInt(serving.group(1)), lldb.group(1),
                    JSON.readTree(json.group(1))));
        } catch (JsonProcessingException e) {
            throw new AssertionError("the printed launch.json is not JSON:\n" + json.group(1), e);
        }
    }

    /** The one configuration in it. */
    JsonNode configuration() {
        return launchJson.get("configurations").get(0);
    }

    /** The configuration as the arguments VS Code's extension sends with the DAP attach request. */
    @SuppressWarnings("unchecked")
    Map<String, Object> attachArguments() {
        return JSON.convertValue(configuration(), Map.class);
    }
}
