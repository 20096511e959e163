package dev.wasmdbg.debugger;

import dev.wasmdbg.dwarf.ExpressionContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A paused program's state: frames, locals, operands, globals, memory, and the DWARF expression
 * context over them. Every call checks that the program is paused and that indexes and ranges
 * exist; nothing is sized by a number the caller passed before it is checked.
 */
final class Inspection {
    private final RunControl control;

    Inspection(RunControl control) {
        this.control = control;
    }

    List<Frame> frames() {
        return control.whilePaused(engine -> {
            List<Frame> out = new ArrayList<>();
            for (int i = 0, n = engine.frameCount(); i < n; i++) {
                out.add(engine.frame(i));
            }
            return Collections.unmodifiableList(out);
        });
    }

    List<Long> addresses() {
        return control.whilePaused(engine -> {
            List<Long> out = new ArrayList<>();
            for (int i = 0, n = engine.frameCount(); i < n; i++) {
                out.add(engine.address(i));
            }
            return List.copyOf(out);
        });
    }

    LocalValue local(int frame, int index) {
        return control.whilePaused(engine -> engine.local(frame, index));
    }

    long operand(int frame, int index) {
        return control.whilePaused(engine -> engine.operand(frame, index));
    }

    void setLocal(int frame, int index, long low, long high) {
        control.whilePaused(engine -> {
            engine.setLocal(frame, index, low, high);
            return null;
        });
    }

    List<LocalValue> globals() {
        return control.whilePaused(Engine::globals);
    }

    void setGlobal(int index, long low, long high) {
        control.whilePaused(engine -> {
            engine.setGlobal(index, low, high);
            return null;
        });
    }

    long memorySize() {
        return control.whilePaused(Engine::memorySize);
    }

    byte[] readMemory(long address, int length) {
        return control.whilePaused(engine -> {
            checkRange(engine, address, length);
            return engine.readMemory(address, length);
        });
    }

    void writeMemory(long address, byte[] data) {
        control.whilePaused(engine -> {
            checkRange(engine, address, data.length);
            engine.writeMemory(address, data);
            return null;
        });
    }

    private static void checkRange(Engine engine, long address, long length) {
        long size = engine.memorySize();
        if (length < 0 || address < 0 || address > size || length > size - address) {
            throw new IllegalArgumentException("memory range 0x" + Long.toHexString(address) + "+" + length
                    + " is outside linear memory (0x" + Long.toHexString(size) + " bytes)");
        }
    }

    ExpressionContext context(int frameIndex) {
        Frame frame = control.whilePaused(engine -> engine.frame(frameIndex));
        return new ExpressionContext() {
            @Override
            public long local(long index) {
                if (index < 0 || index >= frame.locals().size()) {
                    throw new IllegalArgumentException("frame " + frameIndex + " has no local " + index);
                }
                return frame.locals().get((int) index).low();
            }

            @Override
            public long global(long index) {
                List<LocalValue> g = globals();
                if (index < 0 || index >= g.size()) {
                    throw new IllegalArgumentException("no global " + index);
                }
                return g.get((int) index).low();
            }

            @Override
            public long operandStack(long index) {
                if (index < 0 || index >= frame.operands().size()) {
                    throw new IllegalArgumentException("frame " + frameIndex + " has no operand " + index);
                }
                return frame.operands().get((int) index);
            }

            @Override
            public byte[] readMemory(long address, int length) {
                return Inspection.this.readMemory(address, length);
            }
        };
    }
}
