package dev.wasmdbg.demangle;

import java.util.List;

/** AST nodes for expressions (template arguments, decltype, noexcept, requires clauses). */
final class ExprNodes {
    private ExprNodes() {}

    static final class BinaryExpr extends Node {
        private final Node lhs;
        private final String op;
        private final Node rhs;

        BinaryExpr(Node lhs, String op, Node rhs, Prec prec) {
            super(prec);
            this.lhs = lhs;
            this.op = op;
            this.rhs = rhs;
        }

        @Override
        void printLeft(Output o) {
            // A '>' that is not already inside parentheses could end a template argument list.
            boolean parenAll = !(o.insideTemplate && o.parenDepth > 0) && (op.equals(">") || op.equals(">>"));
            if (parenAll) {
                o.printOpen();
            }
            // Assignment is right associative, with a special left precedence.
            boolean assign = prec == Prec.ASSIGN;
            lhs.printAsOperand(o, assign ? Prec.OR_IF : prec, !assign);
            if (!op.equals(",")) {
                o.append(' ');
            }
            o.append(op).append(' ');
            rhs.printAsOperand(o, prec, assign);
            if (parenAll) {
                o.printClose();
            }
        }
    }

    static final class ArraySubscriptExpr extends Node {
        private final Node array;
        private final Node index;

        ArraySubscriptExpr(Node array, Node index, Prec prec) {
            super(prec);
            this.array = array;
            this.index = index;
        }

        @Override
        void printLeft(Output o) {
            array.printAsOperand(o, prec, false);
            o.printOpen('[');
            index.printAsOperand(o);
            o.printClose(']');
        }
    }

    static final class PostfixExpr extends Node {
        private final Node child;
        private final String op;

        PostfixExpr(Node child, String op, Prec prec) {
            super(prec);
            this.child = child;
            this.op = op;
        }

        @Override
        void printLeft(Output o) {
            child.printAsOperand(o, prec, true);
            o.append(op);
        }
    }

    static final class ConditionalExpr extends Node {
        private final Node cond;
        private final Node then;
        private final Node otherwise;

        ConditionalExpr(Node cond, Node then, Node otherwise, Prec prec) {
            super(prec);
            this.cond = cond;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        void printLeft(Output o) {
            cond.printAsOperand(o, prec, false);
            o.append(" ? ");
            then.printAsOperand(o);
            o.append(" : ");
            otherwise.printAsOperand(o, Prec.ASSIGN, true);
        }
    }

    static final class MemberExpr extends Node {
        private final Node lhs;
        private final String kind;
        private final Node rhs;

        MemberExpr(Node lhs, String kind, Node rhs, Prec prec) {
            super(prec);
            this.lhs = lhs;
            this.kind = kind;
            this.rhs = rhs;
        }

        @Override
        void printLeft(Output o) {
            lhs.printAsOperand(o, prec, true);
            o.append(kind);
            rhs.printAsOperand(o, prec, false);
        }
    }

    static final class SubobjectExpr extends Node {
        private final Node type;
        private final Node subExpr;
        private final String offset;

        SubobjectExpr(Node type, Node subExpr, String offset) {
            this.type = type;
            this.subExpr = subExpr;
            this.offset = offset;
        }

        @Override
        void printLeft(Output o) {
            subExpr.print(o);
            o.append(".<");
            type.print(o);
            o.append(" at offset ");
            if (offset.isEmpty()) {
                o.append('0');
            } else if (offset.charAt(0) == 'n') {
                o.append('-').append(offset.substring(1));
            } else {
                o.append(offset);
            }
            o.append('>');
        }
    }

    /** {@code prefix(inner)}: decltype, sizeof, alignof, typeid, noexcept, sizeof... */
    static final class EnclosingExpr extends Node {
        private final String prefix;
        private final Node inner;

        EnclosingExpr(String prefix, Node inner, Prec prec) {
            super(prec);
            this.prefix = prefix;
            this.inner = inner;
        }

        @Override
        void printLeft(Output o) {
            o.append(prefix);
            o.printOpen();
            inner.print(o);
            o.printClose();
        }
    }

    static final class CastExpr extends Node {
        private final String kind;
        private final Node to;
        private final Node from;

        CastExpr(String kind, Node to, Node from, Prec prec) {
            super(prec);
            this.kind = kind;
            this.to = to;
            this.from = from;
        }

        @Override
        void printLeft(Output o) {
            o.append(kind);
            boolean saved = o.insideTemplate;
            o.insideTemplate = true;
            o.append('<');
            o.printLeft(to);
            o.append('>');
            o.insideTemplate = saved;
            o.printOpen();
            from.printAsOperand(o);
            o.printClose();
        }
    }

    static final class SizeofParamPackExpr extends Node {
        private final Node pack;

        SizeofParamPackExpr(Node pack) {
            this.pack = pack;
        }

        @Override
        void printLeft(Output o) {
            o.append("sizeof...");
            o.printOpen();
            new TypeNodes.ParameterPackExpansion(pack).printLeft(o);
            o.printClose();
        }
    }

    static final class CallExpr extends Node {
        private final Node callee;
        private final List<Node> args;
        private final boolean parenthesized;

        CallExpr(Node callee, List<Node> args, boolean parenthesized, Prec prec) {
            super(prec);
            this.callee = callee;
            this.args = args;
            this.parenthesized = parenthesized;
        }

        @Override
        void printLeft(Output o) {
            if (parenthesized) {
                o.printOpen();
            }
            callee.print(o);
            if (parenthesized) {
                o.printClose();
            }
            o.printOpen();
            printWithComma(o, args);
            o.printClose();
        }
    }

    static final class NewExpr extends Node {
        private final List<Node> exprs;
        private final Node type;
        private final List<Node> inits;
        private final boolean global;
        private final boolean array;

        NewExpr(List<Node> exprs, Node type, List<Node> inits, boolean global, boolean array, Prec prec) {
            super(prec);
            this.exprs = exprs;
            this.type = type;
            this.inits = inits;
            this.global = global;
            this.array = array;
        }

        @Override
        void printLeft(Output o) {
            if (global) {
                o.append("::");
            }
            o.append("new");
            if (array) {
                o.append("[]");
            }
            if (!exprs.isEmpty()) {
                o.printOpen();
                printWithComma(o, exprs);
                o.printClose();
            }
            o.append(' ');
            type.print(o);
            if (!inits.isEmpty()) {
                o.printOpen();
                printWithComma(o, inits);
                o.printClose();
            }
        }
    }

    static final class DeleteExpr extends Node {
        private final Node operand;
        private final boolean global;
        private final boolean array;

        DeleteExpr(Node operand, boolean global, boolean array, Prec prec) {
            super(prec);
            this.operand = operand;
            this.global = global;
            this.array = array;
        }

        @Override
        void printLeft(Output o) {
            if (global) {
                o.append("::");
            }
            o.append("delete");
            if (array) {
                o.append("[]");
            }
            o.append(' ');
            operand.print(o);
        }
    }

    static final class PrefixExpr extends Node {
        private final String prefix;
        private final Node child;

        PrefixExpr(String prefix, Node child, Prec prec) {
            super(prec);
            this.prefix = prefix;
            this.child = child;
        }

        @Override
        void printLeft(Output o) {
            o.append(prefix);
            child.printAsOperand(o, prec, false);
        }
    }

    static final class FunctionParam extends Node {
        private final String number;

        FunctionParam(String number) {
            this.number = number;
        }

        @Override
        void printLeft(Output o) {
            o.append("fp").append(number);
        }
    }

    /** {@code (type)(exprs)}, also used for pointer-to-member conversions. */
    static final class ConversionExpr extends Node {
        private final Node type;
        private final List<Node> exprs;

        ConversionExpr(Node type, List<Node> exprs, Prec prec) {
            super(prec);
            this.type = type;
            this.exprs = exprs;
        }

        @Override
        void printLeft(Output o) {
            o.printOpen();
            type.print(o);
            o.printClose();
            o.printOpen();
            printWithComma(o, exprs);
            o.printClose();
        }
    }

    static final class InitListExpr extends Node {
        private final Node type;
        private final List<Node> inits;

        InitListExpr(Node type, List<Node> inits) {
            this.type = type;
            this.inits = inits;
        }

        @Override
        void printLeft(Output o) {
            if (type != null) {
                if (type.printInitListAsType(o, inits)) {
                    return;
                }
                type.print(o);
            }
            o.append('{');
            printWithComma(o, inits);
            o.append('}');
        }
    }

    /** A designated initializer: {@code .field = x} or {@code [index] = x}. */
    static final class BracedExpr extends Node {
        private final Node elem;
        private final Node init;
        private final boolean array;

        BracedExpr(Node elem, Node init, boolean array) {
            this.elem = elem;
            this.init = init;
            this.array = array;
        }

        @Override
        void printLeft(Output o) {
            if (array) {
                o.append('[');
                elem.print(o);
                o.append(']');
            } else {
                o.append('.');
                elem.print(o);
            }
            if (!(init instanceof BracedExpr) && !(init instanceof BracedRangeExpr)) {
                o.append(" = ");
            }
            init.print(o);
        }
    }

    static final class BracedRangeExpr extends Node {
        private final Node first;
        private final Node last;
        private final Node init;

        BracedRangeExpr(Node first, Node last, Node init) {
            this.first = first;
            this.last = last;
            this.init = init;
        }

        @Override
        void printLeft(Output o) {
            o.append('[');
            first.print(o);
            o.append(" ... ");
            last.print(o);
            o.append(']');
            if (!(init instanceof BracedExpr) && !(init instanceof BracedRangeExpr)) {
                o.append(" = ");
            }
            init.print(o);
        }
    }

    static final class FoldExpr extends Node {
        private final boolean leftFold;
        private final String op;
        private final Node pack;
        private final Node init;

        FoldExpr(boolean leftFold, String op, Node pack, Node init) {
            this.leftFold = leftFold;
            this.op = op;
            this.pack = pack;
            this.init = init;
        }

        private void printPack(Output o) {
            o.printOpen();
            new TypeNodes.ParameterPackExpansion(pack).print(o);
            o.printClose();
        }

        @Override
        void printLeft(Output o) {
            o.printOpen();
            // Either '[init op ]... op pack' or 'pack op ...[ op init]'.
            if (!leftFold || init != null) {
                if (leftFold) {
                    init.printAsOperand(o, Prec.CAST, true);
                } else {
                    printPack(o);
                }
                o.append(' ').append(op).append(' ');
            }
            o.append("...");
            if (leftFold || init != null) {
                o.append(' ').append(op).append(' ');
                if (leftFold) {
                    printPack(o);
                } else {
                    init.printAsOperand(o, Prec.CAST, true);
                }
            }
            o.printClose();
        }
    }

    static final class ThrowExpr extends Node {
        private final Node operand;

        ThrowExpr(Node operand) {
            this.operand = operand;
        }

        @Override
        void printLeft(Output o) {
            o.append("throw ");
            operand.print(o);
        }
    }

    static final class BoolExpr extends Node {
        private final boolean value;

        BoolExpr(boolean value) {
            this.value = value;
        }

        @Override
        void printLeft(Output o) {
            o.append(value ? "true" : "false");
        }
    }

    static final class StringLiteral extends Node {
        private final Node type;

        StringLiteral(Node type) {
            this.type = type;
        }

        @Override
        void printLeft(Output o) {
            o.append("\"<");
            type.print(o);
            o.append(">\"");
        }
    }

    static final class LambdaExpr extends Node {
        private final Node type;

        LambdaExpr(Node type) {
            this.type = type;
        }

        @Override
        void printLeft(Output o) {
            o.append("[]");
            if (type instanceof NameNodes.ClosureTypeName) {
                ((NameNodes.ClosureTypeName) type).printDeclarator(o);
            }
            o.append("{...}");
        }
    }

    static final class EnumLiteral extends Node {
        private final Node type;
        private final String integer;

        EnumLiteral(Node type, String integer) {
            this.type = type;
            this.integer = integer;
        }

        @Override
        void printLeft(Output o) {
            o.printOpen();
            type.print(o);
            o.printClose();
            printSigned(o, integer);
        }
    }

    static void printSigned(Output o, String number) {
        if (number.charAt(0) == 'n') {
            o.append('-').append(number.substring(1));
        } else {
            o.append(number);
        }
    }

    /** An integer literal: a short type is a suffix ({@code 5u}), a long one a cast ({@code (char)97}). */
    static final class IntegerLiteral extends Node {
        private final String type;
        final String value;

        IntegerLiteral(String type, String value) {
            this.type = type;
            this.value = value;
        }

        @Override
        void printLeft(Output o) {
            if (type.length() > 3) {
                o.printOpen();
                o.append(type);
                o.printClose();
            }
            printSigned(o, value);
            if (type.length() <= 3) {
                o.append(type);
            }
        }
    }

    static final class RequiresExpr extends Node {
        private final List<Node> params;
        private final List<Node> requirements;

        RequiresExpr(List<Node> params, List<Node> requirements) {
            this.params = params;
            this.requirements = requirements;
        }

        @Override
        void printLeft(Output o) {
            o.append("requires");
            if (!params.isEmpty()) {
                o.append(' ');
                o.printOpen();
                printWithComma(o, params);
                o.printClose();
            }
            o.append(' ');
            o.printOpen('{');
            for (Node r : requirements) {
                r.print(o);
            }
            o.append(' ');
            o.printClose('}');
        }
    }

    static final class ExprRequirement extends Node {
        private final Node expr;
        private final boolean noexcept;
        private final Node typeConstraint;

        ExprRequirement(Node expr, boolean noexcept, Node typeConstraint) {
            this.expr = expr;
            this.noexcept = noexcept;
            this.typeConstraint = typeConstraint;
        }

        @Override
        void printLeft(Output o) {
            o.append(' ');
            boolean braces = noexcept || typeConstraint != null;
            if (braces) {
                o.printOpen('{');
            }
            expr.print(o);
            if (braces) {
                o.printClose('}');
            }
            if (noexcept) {
                o.append(" noexcept");
            }
            if (typeConstraint != null) {
                o.append(" -> ");
                typeConstraint.print(o);
            }
            o.append(';');
        }
    }

    static final class TypeRequirement extends Node {
        private final Node type;

        TypeRequirement(Node type) {
            this.type = type;
        }

        @Override
        void printLeft(Output o) {
            o.append(" typename ");
            type.print(o);
            o.append(';');
        }
    }

    static final class NestedRequirement extends Node {
        private final Node constraint;

        NestedRequirement(Node constraint) {
            this.constraint = constraint;
        }

        @Override
        void printLeft(Output o) {
            o.append(" requires ");
            constraint.print(o);
            o.append(';');
        }
    }

    /** A floating-point literal, printed the way C's {@code %a} does on x86-64 Linux. */
    static final class FloatLiteral extends Node {
        private final String hex;
        private final char kind;

        FloatLiteral(String hex, char kind) {
            this.hex = hex;
            this.kind = kind;
        }

        @Override
        void printLeft(Output o) {
            o.append(HexFloat.format(hex, kind));
        }
    }

    /** Prints integer literals as a string literal, if they all are plain bytes; else false. */
    static boolean printAsString(Output o, List<Node> elements) {
        int start = o.position();
        o.append('"');
        boolean lastWasNumericEscape = false;
        for (Node element : elements) {
            if (!(element instanceof IntegerLiteral)) {
                o.truncate(start);
                return false;
            }
            int value = 0;
            for (char c : ((IntegerLiteral) element).value.toCharArray()) {
                if (c < '0' || c > '9' || value > 25) {
                    o.truncate(start);
                    return false;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                o.truncate(start);
                return false;
            }
            // A hex digit right after a numeric escape would extend it: split the literal.
            if (lastWasNumericEscape && Character.digit(value, 16) >= 0 && value < 128) {
                o.append("\"\"");
            }
            lastWasNumericEscape = false;
            switch (value) {
                case 7 -> o.append("\\a");
                case 8 -> o.append("\\b");
                case 12 -> o.append("\\f");
                case 10 -> o.append("\\n");
                case 13 -> o.append("\\r");
                case 9 -> o.append("\\t");
                case 11 -> o.append("\\v");
                case '"' -> o.append("\\\"");
                case '\\' -> o.append("\\\\");
                default -> {
                    if (value < 32 || value == 127) {
                        String hexDigits = "0123456789ABCDEF";
                        o.append('\\');
                        if (value > 7) {
                            o.append('x');
                        }
                        if (value >= 16) {
                            o.append(hexDigits.charAt(value >> 4));
                        }
                        o.append(hexDigits.charAt(value & 0xF));
                        lastWasNumericEscape = true;
                    } else {
                        o.append((char) value);
                    }
                }
            }
        }
        o.append('"');
        return true;
    }
}
