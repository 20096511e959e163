package dev.wasmdbg.demangle;

import java.util.List;
import java.util.function.Function;

/**
 * A node of the Itanium demangler's AST. Printing is split in a left and a right part because C++
 * declarators wrap around their base type ({@code int (*f(float))(char)}); the three caches say
 * whether a node has a right part, is an array, is a function, or that it depends on the pack
 * element being printed (UNKNOWN), as in LLVM's ItaniumDemangle, whose output we reproduce.
 */
abstract class Node {
    enum Cache { YES, NO, UNKNOWN }

    /** Expression precedence, strongest first; decides where parentheses go. */
    enum Prec {
        PRIMARY, POSTFIX, UNARY, CAST, PTR_MEM, MULTIPLICATIVE, ADDITIVE, SHIFT, SPACESHIP,
        RELATIONAL, EQUALITY, AND, XOR, IOR, AND_IF, OR_IF, CONDITIONAL, ASSIGN, COMMA, DEFAULT
    }

    static final int QUAL_CONST = 1;
    static final int QUAL_VOLATILE = 2;
    static final int QUAL_RESTRICT = 4;

    enum RefQual { NONE, LVALUE, RVALUE }

    final Prec prec;
    Cache rhsCache;
    Cache arrayCache;
    Cache functionCache;

    Node() {
        this(Prec.PRIMARY, Cache.NO, Cache.NO, Cache.NO);
    }

    Node(Prec prec) {
        this(prec, Cache.NO, Cache.NO, Cache.NO);
    }

    Node(Cache rhs, Cache array, Cache function) {
        this(Prec.PRIMARY, rhs, array, function);
    }

    Node(Prec prec, Cache rhs, Cache array, Cache function) {
        this.prec = prec;
        this.rhsCache = rhs;
        this.arrayCache = array;
        this.functionCache = function;
    }

    final boolean hasRhs(Output o) {
        if (rhsCache != Cache.UNKNOWN) {
            return rhsCache == Cache.YES;
        }
        o.enter();
        boolean result = hasRhsSlow(o);
        o.leave();
        return result;
    }

    final boolean hasArray(Output o) {
        if (arrayCache != Cache.UNKNOWN) {
            return arrayCache == Cache.YES;
        }
        o.enter();
        boolean result = hasArraySlow(o);
        o.leave();
        return result;
    }

    final boolean hasFunction(Output o) {
        if (functionCache != Cache.UNKNOWN) {
            return functionCache == Cache.YES;
        }
        o.enter();
        boolean result = hasFunctionSlow(o);
        o.leave();
        return result;
    }

    boolean hasRhsSlow(Output o) {
        return false;
    }

    boolean hasArraySlow(Output o) {
        return false;
    }

    boolean hasFunctionSlow(Output o) {
        return false;
    }

    /** Looks through glue nodes (packs, forward references) to the node that is real syntax. */
    Node syntaxNode(Output o) {
        return this;
    }

    /** The unqualified identifier, used to name constructors and destructors. */
    String baseName() {
        return "";
    }

    /** Prints an initializer list of this type specially; false if the default form applies. */
    boolean printInitListAsType(Output o, List<Node> elements) {
        return false;
    }

    final void print(Output o) {
        o.printLeft(this);
        if (rhsCache != Cache.NO) {
            o.printRight(this);
        }
    }

    final void printAsOperand(Output o, Prec outer, boolean strictlyWorse) {
        boolean paren = prec.ordinal() >= outer.ordinal() + (strictlyWorse ? 1 : 0);
        if (paren) {
            o.printOpen();
        }
        print(o);
        if (paren) {
            o.printClose();
        }
    }

    final void printAsOperand(Output o) {
        printAsOperand(o, Prec.DEFAULT, false);
    }

    abstract void printLeft(Output o);

    void printRight(Output o) {}

    static void printQuals(Output o, int quals) {
        if ((quals & QUAL_CONST) != 0) {
            o.append(" const");
        }
        if ((quals & QUAL_VOLATILE) != 0) {
            o.append(" volatile");
        }
        if ((quals & QUAL_RESTRICT) != 0) {
            o.append(" restrict");
        }
    }

    /** Comma-separated; an element that prints nothing (an empty pack) takes its comma with it. */
    static void printWithComma(Output o, List<Node> items) {
        boolean first = true;
        for (Node item : items) {
            int before = o.position();
            if (!first) {
                o.append(", ");
            }
            int after = o.position();
            item.printAsOperand(o, Prec.COMMA, false);
            if (after == o.position()) {
                o.truncate(before);
                continue;
            }
            first = false;
        }
    }

    static Cache allNo(List<Node> items, Function<Node, Cache> cache) {
        for (Node n : items) {
            if (cache.apply(n) != Cache.NO) {
                return Cache.UNKNOWN;
            }
        }
        return Cache.NO;
    }
}
