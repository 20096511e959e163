package dev.wasmdbg.gdbstub.target;

import dev.wasmdbg.debugger.LocalValue;
import dev.wasmdbg.debugger.StopEvent;
import dev.wasmdbg.gdbstub.WasmAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * All the dialect knows of the program it serves. The core is required; the capabilities are
 * optional, and the server offers (in qSupported) and answers exactly those that are present:
 * an absent capability's packets get the empty reply, "unsupported".
 */
public interface Target {

    /** A module LLDB is told of: its id (in code addresses) and the name it opens it by. */
    record Library(int module, String name) {}

    /** The process name qProcessInfo gives. */
    String processName();

    List<Library> libraries();

    /** A module's bytes (code addresses read the image); empty for an unknown module. */
    Optional<byte[]> image(int module);

    // ---- run control ----

    void addStopListener(Consumer<StopEvent> listener);

    void removeStopListener(Consumer<StopEvent> listener);

    /** The stop the program is at, or how it ended; empty while it runs. */
    Optional<StopEvent> currentStop();

    boolean isTerminated();

    void resume();

    void stepInstruction();

    /** Asks a running program to stop (the stop follows as a stop event); a paused or finished one ignores it. */
    void interrupt();

    void kill();

    /**
     * A client arrives: leave the program paused, interrupting it if it runs and starting it anew
     * (paused at its first instruction) if it ended or is ending. Bounded in time.
     */
    void prepareForClient();

    /** The address LLDB is given for where a stop happened. */
    WasmAddress stopAddress(StopEvent stop);

    // ---- state of the paused program ----

    /** The PCs LLDB is given for the frames, innermost first: the instruction, then return addresses. */
    List<WasmAddress> callStack();

    LocalValue local(int frame, int index);

    LocalValue global(int index);

    long operand(int frame, int index);

    long memorySize();

    byte[] readMemory(long address, int length);

    void writeMemory(long address, byte[] data);

    // ---- optional capabilities ----

    default Optional<SwBreakpoints> swBreakpoints() {
        return Optional.empty();
    }

    default Optional<Watchpoints> watchpoints() {
        return Optional.empty();
    }

    default Optional<ReverseExecution> reverse() {
        return Optional.empty();
    }

    default Optional<Monitor> monitor() {
        return Optional.empty();
    }
}
