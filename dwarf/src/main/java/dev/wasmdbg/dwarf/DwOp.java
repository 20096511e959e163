package dev.wasmdbg.dwarf;

/**
 * DWARF expression opcodes (DW_OP_x is DwOp.X) and the location list entry kinds (DW_LLE_x is
 * DwOp.LLE_X), with the names llvm-dwarfdump prints. Kept apart from {@link Dw} so that file stays
 * the reader's own.
 */
public final class DwOp {
    private DwOp() {}

    public static final int ADDR = 0x03;
    public static final int DEREF = 0x06;
    public static final int CONST1U = 0x08;
    public static final int CONST1S = 0x09;
    public static final int CONST2U = 0x0a;
    public static final int CONST2S = 0x0b;
    public static final int CONST4U = 0x0c;
    public static final int CONST4S = 0x0d;
    public static final int CONST8U = 0x0e;
    public static final int CONST8S = 0x0f;
    public static final int CONSTU = 0x10;
    public static final int CONSTS = 0x11;
    public static final int DUP = 0x12;
    public static final int DROP = 0x13;
    public static final int OVER = 0x14;
    public static final int PICK = 0x15;
    public static final int SWAP = 0x16;
    public static final int ROT = 0x17;
    public static final int XDEREF = 0x18;
    public static final int ABS = 0x19;
    public static final int AND = 0x1a;
    public static final int DIV = 0x1b;
    public static final int MINUS = 0x1c;
    public static final int MOD = 0x1d;
    public static final int MUL = 0x1e;
    public static final int NEG = 0x1f;
    public static final int NOT = 0x20;
    public static final int OR = 0x21;
    public static final int PLUS = 0x22;
    public static final int PLUS_UCONST = 0x23;
    public static final int SHL = 0x24;
    public static final int SHR = 0x25;
    public static final int SHRA = 0x26;
    public static final int XOR = 0x27;
    public static final int BRA = 0x28;
    public static final int EQ = 0x29;
    public static final int GE = 0x2a;
    public static final int GT = 0x2b;
    public static final int LE = 0x2c;
    public static final int LT = 0x2d;
    public static final int NE = 0x2e;
    public static final int SKIP = 0x2f;
    public static final int LIT0 = 0x30;
    public static final int LIT31 = 0x4f;
    public static final int REG0 = 0x50;
    public static final int REG31 = 0x6f;
    public static final int BREG0 = 0x70;
    public static final int BREG31 = 0x8f;
    public static final int REGX = 0x90;
    public static final int FBREG = 0x91;
    public static final int BREGX = 0x92;
    public static final int PIECE = 0x93;
    public static final int DEREF_SIZE = 0x94;
    public static final int XDEREF_SIZE = 0x95;
    public static final int NOP = 0x96;
    public static final int PUSH_OBJECT_ADDRESS = 0x97;
    public static final int CALL2 = 0x98;
    public static final int CALL4 = 0x99;
    public static final int CALL_REF = 0x9a;
    public static final int FORM_TLS_ADDRESS = 0x9b;
    public static final int CALL_FRAME_CFA = 0x9c;
    public static final int BIT_PIECE = 0x9d;
    public static final int IMPLICIT_VALUE = 0x9e;
    public static final int STACK_VALUE = 0x9f;
    public static final int IMPLICIT_POINTER = 0xa0;
    public static final int ADDRX = 0xa1;
    public static final int CONSTX = 0xa2;
    public static final int ENTRY_VALUE = 0xa3;
    public static final int REGVAL_TYPE = 0xa5;
    public static final int CONVERT = 0xa8;
    public static final int GNU_PUSH_TLS_ADDRESS = 0xe0;
    public static final int WASM_LOCATION = 0xed;
    public static final int GNU_IMPLICIT_POINTER = 0xf2;
    public static final int GNU_ENTRY_VALUE = 0xf3;
    public static final int GNU_ADDR_INDEX = 0xfb;
    public static final int GNU_CONST_INDEX = 0xfc;

    /** DW_OP_WASM_location kinds (LLVM's TI_* target indices). */
    public static final int WASM_LOCAL = 0;
    public static final int WASM_GLOBAL = 1;
    public static final int WASM_OPERAND_STACK = 2;
    public static final int WASM_GLOBAL_U32 = 3;
    /** LLVM's TI_LOCAL_INDIRECT: the local holds the variable's address. LLVM decodes it; clang does not emit it. */
    public static final int WASM_LOCAL_INDIRECT = 4;

    // Location list entry kinds (DWARF 5; LLVM maps .debug_loc entries onto three of them).
    public static final int LLE_END_OF_LIST = 0x00;
    public static final int LLE_BASE_ADDRESSX = 0x01;
    public static final int LLE_STARTX_ENDX = 0x02;
    public static final int LLE_STARTX_LENGTH = 0x03;
    public static final int LLE_OFFSET_PAIR = 0x04;
    public static final int LLE_DEFAULT_LOCATION = 0x05;
    public static final int LLE_BASE_ADDRESS = 0x06;
    public static final int LLE_START_END = 0x07;
    public static final int LLE_START_LENGTH = 0x08;

    /** The opcode's name as llvm-dwarfdump prints it, or null for an opcode LLVM does not decode. */
    public static String name(int opcode) {
        if (opcode >= LIT0 && opcode <= LIT31) {
            return "DW_OP_lit" + (opcode - LIT0);
        }
        if (opcode >= REG0 && opcode <= REG31) {
            return "DW_OP_reg" + (opcode - REG0);
        }
        if (opcode >= BREG0 && opcode <= BREG31) {
            return "DW_OP_breg" + (opcode - BREG0);
        }
        switch (opcode) {
            case ADDR: return "DW_OP_addr";
            case DEREF: return "DW_OP_deref";
            case CONST1U: return "DW_OP_const1u";
            case CONST1S: return "DW_OP_const1s";
            case CONST2U: return "DW_OP_const2u";
            case CONST2S: return "DW_OP_const2s";
            case CONST4U: return "DW_OP_const4u";
            case CONST4S: return "DW_OP_const4s";
            case CONST8U: return "DW_OP_const8u";
            case CONST8S: return "DW_OP_const8s";
            case CONSTU: return "DW_OP_constu";
            case CONSTS: return "DW_OP_consts";
            case DUP: return "DW_OP_dup";
            case DROP: return "DW_OP_drop";
            case OVER: return "DW_OP_over";
            case PICK: return "DW_OP_pick";
            case SWAP: return "DW_OP_swap";
            case ROT: return "DW_OP_rot";
            case XDEREF: return "DW_OP_xderef";
            case ABS: return "DW_OP_abs";
            case AND: return "DW_OP_and";
            case DIV: return "DW_OP_div";
            case MINUS: return "DW_OP_minus";
            case MOD: return "DW_OP_mod";
            case MUL: return "DW_OP_mul";
            case NEG: return "DW_OP_neg";
            case NOT: return "DW_OP_not";
            case OR: return "DW_OP_or";
            case PLUS: return "DW_OP_plus";
            case PLUS_UCONST: return "DW_OP_plus_uconst";
            case SHL: return "DW_OP_shl";
            case SHR: return "DW_OP_shr";
            case SHRA: return "DW_OP_shra";
            case XOR: return "DW_OP_xor";
            case BRA: return "DW_OP_bra";
            case EQ: return "DW_OP_eq";
            case GE: return "DW_OP_ge";
            case GT: return "DW_OP_gt";
            case LE: return "DW_OP_le";
            case LT: return "DW_OP_lt";
            case NE: return "DW_OP_ne";
            case SKIP: return "DW_OP_skip";
            case REGX: return "DW_OP_regx";
            case FBREG: return "DW_OP_fbreg";
            case BREGX: return "DW_OP_bregx";
            case PIECE: return "DW_OP_piece";
            case DEREF_SIZE: return "DW_OP_deref_size";
            case XDEREF_SIZE: return "DW_OP_xderef_size";
            case NOP: return "DW_OP_nop";
            case PUSH_OBJECT_ADDRESS: return "DW_OP_push_object_address";
            case CALL2: return "DW_OP_call2";
            case CALL4: return "DW_OP_call4";
            case CALL_REF: return "DW_OP_call_ref";
            case FORM_TLS_ADDRESS: return "DW_OP_form_tls_address";
            case CALL_FRAME_CFA: return "DW_OP_call_frame_cfa";
            case BIT_PIECE: return "DW_OP_bit_piece";
            case IMPLICIT_VALUE: return "DW_OP_implicit_value";
            case STACK_VALUE: return "DW_OP_stack_value";
            case IMPLICIT_POINTER: return "DW_OP_implicit_pointer";
            case ADDRX: return "DW_OP_addrx";
            case CONSTX: return "DW_OP_constx";
            case ENTRY_VALUE: return "DW_OP_entry_value";
            case REGVAL_TYPE: return "DW_OP_regval_type";
            case CONVERT: return "DW_OP_convert";
            case GNU_PUSH_TLS_ADDRESS: return "DW_OP_GNU_push_tls_address";
            case WASM_LOCATION: return "DW_OP_WASM_location";
            case GNU_IMPLICIT_POINTER: return "DW_OP_GNU_implicit_pointer";
            case GNU_ENTRY_VALUE: return "DW_OP_GNU_entry_value";
            case GNU_ADDR_INDEX: return "DW_OP_GNU_addr_index";
            case GNU_CONST_INDEX: return "DW_OP_GNU_const_index";
            default: return null;
        }
    }

    /** The DW_LLE name, or null for an unknown kind. */
    public static String lleName(int kind) {
        switch (kind) {
            case LLE_END_OF_LIST: return "DW_LLE_end_of_list";
            case LLE_BASE_ADDRESSX: return "DW_LLE_base_addressx";
            case LLE_STARTX_ENDX: return "DW_LLE_startx_endx";
            case LLE_STARTX_LENGTH: return "DW_LLE_startx_length";
            case LLE_OFFSET_PAIR: return "DW_LLE_offset_pair";
            case LLE_DEFAULT_LOCATION: return "DW_LLE_default_location";
            case LLE_BASE_ADDRESS: return "DW_LLE_base_address";
            case LLE_START_END: return "DW_LLE_start_end";
            case LLE_START_LENGTH: return "DW_LLE_start_length";
            default: return null;
        }
    }
}
