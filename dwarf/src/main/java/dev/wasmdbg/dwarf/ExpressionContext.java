package dev.wasmdbg.dwarf;

/**
 * What a DWARF expression may read from the stopped program, for one frame. The evaluator asks only
 * for what the expression uses: a location such as "local 3" is described without reading local 3.
 *
 * <p>Values are raw bits in a long: i32 and f32 zero-extended, i64 and f64 as they are. A method
 * the program cannot answer throws (any RuntimeException); the evaluator reports it as a
 * DwarfException at the operation that asked. The defaults are for what a wasm frame does not have.
 */
public interface ExpressionContext {

    /** Wasm local {@code index} of the frame (parameters first, as in the code section). */
    long local(long index);

    /** Wasm global {@code index} of the module instance. */
    long global(long index);

    /** Operand-stack slot {@code index} of the frame, as DW_OP_WASM_location 2 numbers it. */
    long operandStack(long index);

    /** {@code length} bytes of linear memory at {@code address}; exactly that many, or throw. */
    byte[] readMemory(long address, int length);

    /** The frame base (DW_OP_fbreg's base): for wasm, the value of the function's frame-base local. */
    default long frameBase() {
        throw new UnsupportedOperationException("no frame base in this context");
    }

    /** DW_OP_entry_value: the value the sub-expression had on entry to the function. */
    default long entryValue(DwarfExpression subExpression) {
        throw new UnsupportedOperationException("entry values are not known");
    }

    /** DW_OP_call_frame_cfa. */
    default long callFrameCfa() {
        throw new UnsupportedOperationException("no call frame information for wasm");
    }

    /** Contents of DWARF register {@code number} (DW_OP_bregN / bregx / regval_type). */
    default long register(long number) {
        throw new UnsupportedOperationException("wasm has no DWARF registers");
    }

    /** DW_OP_form_tls_address / GNU_push_tls_address: the address of TLS offset {@code offset}. */
    default long tlsAddress(long offset) {
        throw new UnsupportedOperationException("thread-local storage is not known");
    }

    /** DW_OP_push_object_address. */
    default long objectAddress() {
        throw new UnsupportedOperationException("no object address");
    }

    /**
     * This context with the frame base computed from a subprogram's DW_AT_frame_base expression:
     * a location in a local / global / stack slot or register gives that slot's contents, a value
     * gives itself, a memory location gives its address (DWARF 5 section 2.5.1.2, DW_OP_fbreg).
     */
    static ExpressionContext withFrameBase(ExpressionContext context, DwarfExpression frameBase) {
        return new ExpressionContext() {
            private Long cached;

            @Override
            public long local(long index) {
                return context.local(index);
            }

            @Override
            public long global(long index) {
                return context.global(index);
            }

            @Override
            public long operandStack(long index) {
                return context.operandStack(index);
            }

            @Override
            public byte[] readMemory(long address, int length) {
                return context.readMemory(address, length);
            }

            @Override
            public long frameBase() {
                if (cached == null) {
                    cached = ExpressionEvaluator.frameBaseValue(frameBase, context);
                }
                return cached;
            }

            @Override
            public long entryValue(DwarfExpression subExpression) {
                return context.entryValue(subExpression);
            }

            @Override
            public long callFrameCfa() {
                return context.callFrameCfa();
            }

            @Override
            public long register(long number) {
                return context.register(number);
            }

            @Override
            public long tlsAddress(long offset) {
                return context.tlsAddress(offset);
            }

            @Override
            public long objectAddress() {
                return context.objectAddress();
            }
        };
    }
}
