package dev.wasmdbg.debugger;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a WASI program is given: its argv (argv[0] included), environment, preopened directories
 * (guest path to host path) and standard streams.
 */
public record WasiConfig(
        List<String> arguments,
        Map<String, String> environment,
        Map<String, Path> directories,
        InputStream stdin,
        OutputStream stdout,
        OutputStream stderr) {

    public WasiConfig {
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
        directories = Map.copyOf(directories);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** argv = program name + args; no environment, no directories; the JVM's own stdio. */
    public static WasiConfig of(String programName, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(programName);
        argv.addAll(args);
        return new WasiConfig(argv, Map.of(), Map.of(), System.in, System.out, System.err);
    }

    public WasiConfig withStdio(InputStream in, OutputStream out, OutputStream err) {
        return new WasiConfig(arguments, environment, directories, in, out, err);
    }

    public WasiConfig withEnvironment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new WasiConfig(arguments, env, directories, stdin, stdout, stderr);
    }

    public WasiConfig withDirectory(String guestPath, Path hostPath) {
        Map<String, Path> dirs = new LinkedHashMap<>(directories);
        dirs.put(guestPath, hostPath);
        return new WasiConfig(arguments, environment, dirs, stdin, stdout, stderr);
    }
}
