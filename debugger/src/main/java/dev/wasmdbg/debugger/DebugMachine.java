package dev.wasmdbg.debugger;

import com.dylibso.chicory.runtime.ExecutionCompletedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Chicory's interpreter with two additions: it remembers where each frame's operand stack starts,
 * and it reports a trap from the innermost frame before the call stack unwinds.
 */
final class DebugMachine extends InterpreterMachine {
    private final Session session;
    private final Instance wasm;
    private int[] bases = new int[64];
    private int depth;
    private Throwable reported;

    DebugMachine(Instance instance, Session session) {
        super(instance);
        this.wasm = instance;
        this.session = session;
    }

    Instance wasmInstance() {
        return wasm;
    }

    @Override
    protected long[] call(MStack stack, Instance instance, Deque<StackFrame> callStack, int funcId, long[] args,
            FunctionType callType, boolean popResults) {
        if (depth == bases.length) {
            bases = java.util.Arrays.copyOf(bases, depth * 2);
        }
        bases[depth++] = stack.size(); // arguments are already popped: the callee's operands start here
        try {
            return super.call(stack, instance, callStack, funcId, args, callType, popResults);
        } finally {
            depth--;
        }
    }

    @Override
    protected void eval(MStack stack, Instance instance, Deque<StackFrame> callStack) {
        try {
            super.eval(stack, instance, callStack);
        } catch (ChicoryException e) {
            if (e != reported && isTrap(e)) {
                reported = e;
                session.onTrap(e); // the innermost frame sees it first, with every frame still on the stack
            }
            throw e;
        }
    }

    private static boolean isTrap(ChicoryException e) {
        return !(e instanceof ExecutionCompletedException) && !(e instanceof WasiExitException)
                && !(e instanceof com.dylibso.chicory.runtime.ChicoryInterruptedException);
    }

    /** The wasm call depth: how many frames are on the call stack. */
    int depth() {
        return callStack.size();
    }

    /** The frames, innermost first, each with the base of its operand stack. */
    List<StackFrame> frames() {
        return new ArrayList<>(callStack);
    }

    /** Operand stack base of frame {@code fromInnermost} (0 = innermost). */
    int operandBase(int fromInnermost) {
        int i = depth - 1 - fromInnermost;
        return i >= 0 && i < depth ? bases[i] : 0;
    }

    MStack operandStack() {
        return stack();
    }
}
