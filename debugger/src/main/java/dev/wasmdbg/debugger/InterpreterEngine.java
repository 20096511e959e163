package dev.wasmdbg.debugger;

import com.dylibso.chicory.runtime.ChicoryFrames;
import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Chicory's interpreter under the debugger: the per-instruction hook (one volatile bitmap read,
 * then the probe) and inspection of the interpreter's frames. The only code that touches
 * Chicory's interpreter internals (with DebugMachine and ChicoryFrames).
 */
final class InterpreterEngine implements Engine {
    private final ModuleImage module;
    private volatile DebugMachine machine;

    InterpreterEngine(ModuleImage module) {
        this.module = module;
    }

    @Override
    public Instance.Builder install(Instance.Builder builder, Probe probe) {
        return builder.withMachineFactory(instance -> {
            DebugMachine m = new DebugMachine(instance, probe);
            machine = m;
            return m;
        }).withUnsafeExecutionListener(new Hook(probe));
    }

    /** The per-instruction hook: a bitmap test, then the slow path. */
    private static final class Hook implements ExecutionListener {
        private final Probe probe;

        Hook(Probe probe) {
            this.probe = probe;
        }

        @Override
        public void onExecution(Instruction instruction, MStack stack) {
            int address = instruction.address();
            long[] bits = probe.interest();
            int word = address >>> 6;
            if (word < bits.length && (bits[word] & (1L << address)) != 0) {
                probe.reached(address);
            }
        }
    }

    private DebugMachine machine() {
        DebugMachine m = machine;
        if (m == null) {
            throw new IllegalStateException("the program has not started");
        }
        return m;
    }

    @Override
    public int depth() {
        DebugMachine m = machine;
        return m == null ? 0 : m.depth();
    }

    @Override
    public long currentInstruction() {
        List<StackFrame> frames = machine().frames();
        return frames.isEmpty() ? -1 : addressOf(frames.get(0), false);
    }

    @Override
    public int frameCount() {
        return machine().frames().size();
    }

    private StackFrame stackFrame(int index) {
        List<StackFrame> frames = machine().frames();
        if (index < 0 || index >= frames.size()) {
            throw new IllegalArgumentException("no frame " + index + " (there are " + frames.size() + ")");
        }
        return frames.get(index);
    }

    @Override
    public long address(int index) {
        return addressOf(stackFrame(index), index > 0);
    }

    @Override
    public Frame frame(int index) {
        StackFrame f = stackFrame(index);
        int function = ChicoryFrames.functionIndex(f);
        List<LocalValue> locals = new ArrayList<>();
        for (int i = 0, n = localTypes(function).size(); i < n; i++) {
            locals.add(local(f, i));
        }
        List<Long> operands = new ArrayList<>();
        for (int i = 0, n = operandCount(index); i < n; i++) {
            operands.add(operand(index, i));
        }
        return new Frame(index, function, module.functionName(function), addressOf(f, index > 0), index > 0,
                Collections.unmodifiableList(locals), Collections.unmodifiableList(operands));
    }

    @Override
    public int localCount(int frame) {
        return localTypes(ChicoryFrames.functionIndex(stackFrame(frame))).size();
    }

    @Override
    public LocalValue local(int frame, int index) {
        StackFrame f = stackFrame(frame);
        if (index < 0 || index >= localTypes(ChicoryFrames.functionIndex(f)).size()) {
            throw new IllegalArgumentException("frame " + frame + " has no local " + index);
        }
        return local(f, index);
    }

    private LocalValue local(StackFrame f, int index) {
        ValType type = localTypes(ChicoryFrames.functionIndex(f)).get(index);
        int slot = f.localIndexOf(index);
        if (type.equals(ValType.V128)) {
            // Chicory 1.7.5 keeps a v128 local as (high, low) in consecutive slots.
            return new LocalValue(index, type, ChicoryFrames.slot(f, slot + 1), ChicoryFrames.slot(f, slot));
        }
        return new LocalValue(index, type, ChicoryFrames.slot(f, slot), 0);
    }

    @Override
    public void setLocal(int frame, int index, long low, long high) {
        StackFrame f = stackFrame(frame);
        List<ValType> types = localTypes(ChicoryFrames.functionIndex(f));
        if (index < 0 || index >= types.size()) {
            throw new IllegalArgumentException("frame " + frame + " has no local " + index);
        }
        int slot = f.localIndexOf(index);
        if (types.get(index).equals(ValType.V128)) {
            ChicoryFrames.setSlot(f, slot, high);
            ChicoryFrames.setSlot(f, slot + 1, low);
        } else {
            ChicoryFrames.setSlot(f, slot, low);
        }
    }

    @Override
    public int operandCount(int frame) {
        stackFrame(frame);
        DebugMachine m = machine();
        MStack operands = m.operandStack();
        int base = m.operandBase(frame);
        int top = frame == 0 ? operands.size() : m.operandBase(frame - 1);
        return Math.max(0, Math.min(top, operands.array().length) - base);
    }

    @Override
    public long operand(int frame, int index) {
        if (index < 0 || index >= operandCount(frame)) {
            throw new IllegalArgumentException("frame " + frame + " has no operand " + index);
        }
        DebugMachine m = machine();
        return m.operandStack().array()[m.operandBase(frame) + index];
    }

    @Override
    public List<LocalValue> globals() {
        Instance instance = machine().wasmInstance();
        List<LocalValue> out = new ArrayList<>();
        for (int i = 0; i < instance.globalCount(); i++) {
            var g = instance.global(i);
            out.add(new LocalValue(i, g.getType(), g.getValueLow(), g.getType().equals(ValType.V128)
                    ? g.getValueHigh() : 0));
        }
        return out;
    }

    @Override
    public void setGlobal(int index, long low, long high) {
        Instance instance = machine().wasmInstance();
        if (index < 0 || index >= instance.globalCount()) {
            throw new IllegalArgumentException("no global " + index + " (there are " + instance.globalCount() + ")");
        }
        var g = instance.global(index);
        g.setValueLow(low);
        if (g.getType().equals(ValType.V128)) {
            g.setValueHigh(high);
        }
    }

    @Override
    public long memorySize() {
        Memory memory = machine().wasmInstance().memory();
        return memory == null ? 0 : (long) memory.pages() * Memory.PAGE_SIZE;
    }

    @Override
    public byte[] readMemory(long address, int length) {
        return machine().wasmInstance().memory().readBytes((int) address, length);
    }

    @Override
    public void writeMemory(long address, byte[] data) {
        machine().wasmInstance().memory().write((int) address, data);
    }

    private List<ValType> localTypes(int function) {
        Instance instance = machine().wasmInstance();
        List<ValType> types = new ArrayList<>(instance.type(instance.functionType(function)).params());
        FunctionBody body = instance.function(function);
        if (body != null) {
            types.addAll(body.localTypes());
        }
        return types;
    }

    private long addressOf(StackFrame frame, boolean caller) {
        FunctionBody body = machine().wasmInstance().function(ChicoryFrames.functionIndex(frame));
        if (body == null) {
            return -1; // a host function
        }
        int current = ChicoryFrames.currentInstruction(frame);
        int index = caller ? current + 1 : current; // a caller resumes after its call
        List<? extends Instruction> code = body.instructions();
        index = Math.max(0, Math.min(index, code.size() - 1));
        return code.get(index).address();
    }
}
