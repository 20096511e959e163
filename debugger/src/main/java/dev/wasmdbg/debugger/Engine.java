package dev.wasmdbg.debugger;

import com.dylibso.chicory.runtime.Instance;
import java.util.List;

/**
 * A way of executing wasm that run control can stop and inspect; today the instrumented
 * interpreter. Inspection methods are called only while the program is paused at a probe call.
 */
interface Engine {

    /** Adds the engine and its probe to an instance builder. */
    Instance.Builder install(Instance.Builder builder, Probe probe);

    /** The wasm call depth: how many frames are on the stack. */
    int depth();

    /** The file offset of the innermost frame's instruction, -1 if none. */
    long currentInstruction();

    int frameCount();

    /**
     * The file offset frame {@code index} is at: the instruction executing (innermost) or the
     * return address (callers); -1 for a host function.
     */
    long address(int index);

    /** Frame {@code index} (0 innermost) with its locals and operands. */
    Frame frame(int index);

    int localCount(int frame);

    LocalValue local(int frame, int index);

    void setLocal(int frame, int index, long low, long high);

    int operandCount(int frame);

    long operand(int frame, int index);

    List<LocalValue> globals();

    void setGlobal(int index, long low, long high);

    long memorySize();

    byte[] readMemory(long address, int length);

    void writeMemory(long address, byte[] data);
}
