package dev.wasmdbg.debugger;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Chicory's interpreter with two additions: it remembers where each frame's operand stack starts,
 * and it reports a trap from the innermost frame before the call stack unwinds (a stack
 * exhaustion from the outermost call, with a copy of the frames: no stack is left where it happens).
 */
final class DebugMachine extends InterpreterMachine {
    private final Probe probe;
    private final Instance wasm;
    private int[] bases = new int[64];
    private int depth;
    private Throwable reported;
    private List<StackFrame> overflowed; // the frames of a stack-exhaustion trap, reported from the outermost call
    private int overflowedDepth;

    DebugMachine(Instance instance, Probe probe) {
        super(instance);
        this.wasm = instance;
        this.probe = probe;
    }

    Instance wasmInstance() {
        return wasm;
    }

    @Override
    protected long[] call(MStack stack, Instance instance, Deque<StackFrame> callStack, int funcId, long[] args,
            FunctionType callType, boolean popResults) {
        if (depth == bases.length) {
            bases = Arrays.copyOf(bases, depth * 2);
        }
        if (depth == 0) {
            probe.calling(Thread.currentThread());
        }
        bases[depth++] = stack.size(); // arguments are already popped: the callee's operands start here
        overflowed = null; // a new call: an overflow below was caught (by a host function) and is over
        try {
            return super.call(stack, instance, callStack, funcId, args, callType, popResults);
        } catch (ChicoryException e) {
            if (depth == 1 && overflowed != null && e == reported) {
                probe.trapped(e); // the outermost call: stack to spare for the session and its listeners
            }
            throw e;
        } finally {
            if (--depth == 0) {
                overflowed = null;
                probe.calling(null);
            }
        }
    }

    @Override
    protected void eval(MStack stack, Instance instance, Deque<StackFrame> callStack) {
        try {
            super.eval(stack, instance, callStack);
        } catch (ChicoryException e) {
            if (e != reported && Outcomes.isTrap(e)) {
                reported = e;
                if (e.getCause() instanceof StackOverflowError) {
                    // No stack left here to stop on: keep the frames, report from the outermost call.
                    overflowed = new ArrayList<>(callStack);
                    overflowedDepth = depth;
                } else {
                    probe.trapped(e); // the innermost frame sees it first, with every frame still on the stack
                }
            }
            throw e;
        }
    }

    /** The wasm call depth: how many frames are on the call stack. */
    int depth() {
        return overflowed != null ? overflowed.size() : callStack.size();
    }

    /** The frames, innermost first, each with the base of its operand stack. */
    List<StackFrame> frames() {
        return new ArrayList<>(overflowed != null ? overflowed : callStack);
    }

    /** Operand stack base of frame {@code fromInnermost} (0 = innermost). */
    int operandBase(int fromInnermost) {
        int d = overflowed != null ? overflowedDepth : depth;
        int i = d - 1 - fromInnermost;
        return i >= 0 && i < d ? bases[i] : 0;
    }

    MStack operandStack() {
        return stack();
    }
}
