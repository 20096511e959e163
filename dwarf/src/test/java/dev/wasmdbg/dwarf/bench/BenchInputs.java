package dev.wasmdbg.dwarf.bench;

import dev.wasmdbg.dwarf.Dwarf;
import dev.wasmdbg.dwarf.LineRow;
import dev.wasmdbg.dwarf.LineTable;
import dev.wasmdbg.testkit.TestModules;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the benchmarks measure, shared with bench/symbolize-vs-llvm.sh so that our lookups and
 * llvm-symbolizer's see the very same input: the module (test-modules/wasm/panic.wasm unless the
 * system property {@code wasmdbg.bench.module} names another) and its batch of lookup addresses,
 * every distinct line-table address in ascending order, repeated until there are {@link #LOOKUPS}.
 *
 * <p>Run as a program it writes that batch, one {@code 0x...} address a line, for llvm-symbolizer:
 * {@code BenchInputs OUTPUT_FILE [COUNT]}.
 */
public final class BenchInputs {
    /** Lookups per batch (a constant: JMH's OperationsPerInvocation needs one). */
    public static final int LOOKUPS = 100_000;

    private BenchInputs() {}

    /** The module the benchmarks read. */
    public static Path module() {
        String configured = System.getProperty("wasmdbg.bench.module");
        if (configured != null && !configured.isEmpty()) {
            return Path.of(configured);
        }
        return TestModules.wasm("panic.wasm");
    }

    /** Every distinct address of the module's line tables (rows, end_sequence rows included), ascending. */
    public static long[] lineTableAddresses(Dwarf dwarf) {
        long[] all = dwarf.lineTables().stream()
                .flatMap((LineTable t) -> t.rows().stream())
                .mapToLong(LineRow::address)
                .toArray();
        long[] distinct = Arrays.stream(all).sorted().distinct().toArray();
        if (distinct.length == 0) {
            throw new IllegalStateException("no line-table rows in the benchmark module");
        }
        return distinct;
    }

    /** The batch: the line-table addresses, cycled through until there are {@code count}. */
    public static long[] batch(Dwarf dwarf, int count) {
        long[] distinct = lineTableAddresses(dwarf);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = distinct[i % distinct.length];
        }
        return out;
    }

    /**
     * The batch of the benchmark module: read from the file the system property
     * {@code wasmdbg.bench.addresses} names (what {@link #main} wrote; the script passes it, so the
     * JVM has run no DWARF code before a cold measurement), else computed on a Dwarf of its own.
     */
    public static long[] batch(int count) {
        String file = System.getProperty("wasmdbg.bench.addresses");
        try {
            if (file != null && !file.isEmpty()) {
                long[] read = Files.readAllLines(Path.of(file), StandardCharsets.US_ASCII).stream()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty())
                        .mapToLong(l -> Long.parseUnsignedLong(l.startsWith("0x") ? l.substring(2) : l, 16))
                        .toArray();
                if (read.length != count) {
                    throw new IllegalStateException(file + " has " + read.length + " addresses, not " + count);
                }
                return read;
            }
            return batch(Dwarf.read(module()), count);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: BenchInputs OUTPUT_FILE [COUNT]   (COUNT defaults to " + LOOKUPS + ")");
            System.exit(2);
        }
        int count = args.length == 2 ? Integer.parseInt(args[1]) : LOOKUPS;
        Dwarf dwarf = Dwarf.read(module());
        long[] distinct = lineTableAddresses(dwarf);
        long[] batch = batch(dwarf, count);
        try (Writer w = new BufferedWriter(new OutputStreamWriter(
                Files.newOutputStream(Path.of(args[0])), StandardCharsets.US_ASCII))) {
            for (long a : batch) {
                w.write("0x");
                w.write(Long.toHexString(a));
                w.write('\n');
            }
        }
        System.out.println("module=" + module().toAbsolutePath());
        System.out.println("distinct_addresses=" + distinct.length);
        System.out.println("batch_addresses=" + batch.length);
    }
}
