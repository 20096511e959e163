package dev.wasmdbg.cli;

import dev.wasmdbg.symbolserver.SymbolServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `wasmdbg symbolicate-server`: the trap-to-source symbolication service over HTTP. */
@Command(name = "symbolicate-server", mixinStandardHelpOptions = true,
        description = {"Serves symbolication over HTTP (JSON): upload modules and debug files once, then post",
            "stack traces and get source frames back. Files are kept in the store directory across restarts.",
            "",
            "  PUT  /modules[?name=FILE][&module=ID]  a .wasm (with or without DWARF), a split-DWARF companion,",
            "                                         a source map, or a .zip / .tar.gz of such files",
            "  GET  /modules, GET /modules/ID         what is stored / what is known of one module",
            "  POST /symbolicate  {\"module\": ID, \"addresses\": [...], \"relative\": \"code\"|\"file\"}",
            "                     or {\"frames\": [{\"module\": ID, \"address\": ...}, ...]}",
            "  GET  /health, GET /metrics (Prometheus text format)",
            "Modules are keyed by their build_id section, else the SHA-256 of their bytes."})
final class SymbolicateServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default 8080; 0 picks a free one)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default 127.0.0.1)")
    String host;

    @Option(names = "--store", paramLabel = "DIR", description = "where uploads are kept (default ~/.cache/wasmdbg/symbols)")
    Path store;

    @Option(names = "--cache-mb", defaultValue = "256", description = "memory bound of loaded indexes, MiB (default 256)")
    long cacheMb;

    @Option(names = "--max-upload-mb", defaultValue = "64", description = "largest request body, MiB (default 64)")
    long maxUploadMb;

    @Option(names = "--max-unpacked-mb", defaultValue = "256",
            description = "most a bundle may unpack to, MiB (default 256)")
    long maxUnpackedMb;

    @Option(names = "--max-addresses", defaultValue = "10000", description = "addresses per request (default 10000)")
    int maxAddresses;

    @Option(names = "--timeout-seconds", defaultValue = "30",
            description = "to send a request, and to answer one (default 30)")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        long mostMb = 1L << 20; // 1 TiB: beyond it a size is a typo, and MiB to bytes would overflow
        if (cacheMb <= 0 || maxUploadMb <= 0 || maxUnpackedMb <= 0 || maxAddresses <= 0 || timeoutSeconds <= 0
                || cacheMb > mostMb || maxUnpackedMb > mostMb || maxUploadMb > 2047 || timeoutSeconds > 86_400) {
            err.println("wasmdbg: limits must be positive, sizes at most " + mostMb + " MiB (uploads 2047 MiB),"
                    + " the timeout at most 86400 s");
            return ExitCodes.USAGE;
        }
        Path dir = store != null ? store : Path.of(System.getProperty("user.home"), ".cache", "wasmdbg", "symbols");
        SymbolServer.Config config = SymbolServer.Config.defaults(port, dir).withHost(host)
                .withCacheBytes(cacheMb << 20)
                .withLimits(maxUploadMb << 20, maxUnpackedMb << 20, maxAddresses, Duration.ofSeconds(timeoutSeconds));
        SymbolServer server;
        try {
            server = SymbolServer.start(config);
        } catch (RuntimeException e) {
            err.println("wasmdbg: cannot serve on " + host + ":" + port + " with store " + dir + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        System.out.println("wasmdbg: symbolication service on http://" + host + ":" + server.port() + " (store " + dir
                + ", " + server.storedModules() + " modules)");
        System.out.println("try:  curl -T app.wasm 'http://" + host + ":" + server.port() + "/modules?name=app.wasm'");
        System.out.flush();
        server.awaitClose();
        return 0;
    }
}
