package dev.wasmdbg.debugger.bench;

import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.Instruction;

/**
 * Stand-ins for the session's per-instruction hook, for the diagnostic benchmarks only: what the
 * same test costs written differently. None of them stops anything; a "hit" only counts, so the
 * slow path exists for the JIT but is never taken in the benchmarks (no breakpoint, no attention).
 */
final class HookVariants {
    private HookVariants() {}

    /** Counts slow-path entries; read after the run, never expected to move. */
    static long slowPaths;

    private static void slowPath(int address) {
        slowPaths += address;
    }

    /** What the hooks read, behind a final field as in Session.Hook (hook -> session -> fields). */
    static final class Target {
        volatile boolean attention;
        volatile long[] breakpointBits = new long[0];
        volatile long[] stops = new long[0];
        boolean plainAttention;
        long[] plainBreakpointBits = new long[0];
    }

    /** The session's Hook as it is (Session.Hook): two volatile reads, attention first, then the bitmap. */
    static final class Copy implements ExecutionListener {
        private final Target session = new Target();

        @Override
        public void onExecution(Instruction instruction, MStack stack) {
            int address = instruction.address();
            long[] bits = session.breakpointBits;
            int word = address >>> 6;
            if (session.attention || (word < bits.length && (bits[word] & (1L << address)) != 0)) {
                slowPath(address);
            }
        }
    }

    /**
     * One volatile read: attention is folded into the bitmap. With nothing armed the field holds an
     * empty array (the bounds test fails at once); a pause or step request would publish an all-ones
     * bitmap, which sends every instruction to the slow path, as attention does today.
     */
    static final class OneVolatile implements ExecutionListener {
        private final Target session = new Target();

        OneVolatile() {}

        /** With breakpoints: the session's bitmap, one bit per file offset (as Session.rebuildBits). */
        OneVolatile(int moduleSize, java.util.List<FactProgram.Site> breakpoints) {
            long[] bits = new long[(moduleSize >>> 6) + 1];
            for (FactProgram.Site b : breakpoints) {
                bits[b.address() >>> 6] |= 1L << b.address();
            }
            session.stops = bits;
        }

        @Override
        public void onExecution(Instruction instruction, MStack stack) {
            long[] bits = session.stops;
            int address = instruction.address();
            int word = address >>> 6;
            if (word < bits.length && (bits[word] & (1L << address)) != 0) {
                slowPath(address);
            }
        }
    }

    /**
     * The Copy's test with plain (non-volatile) fields: how much the volatile reads themselves cost.
     * Not a correct design as it stands (another thread's update might never be seen).
     */
    static final class NonVolatile implements ExecutionListener {
        private final Target session = new Target();

        @Override
        public void onExecution(Instruction instruction, MStack stack) {
            int address = instruction.address();
            long[] bits = session.plainBreakpointBits;
            int word = address >>> 6;
            if (session.plainAttention || (word < bits.length && (bits[word] & (1L << address)) != 0)) {
                slowPath(address);
            }
        }
    }
}
