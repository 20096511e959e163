package dev.wasmdbg.demangle;

/**
 * The text an Itanium AST prints into, with the state LLVM's printer threads through the nodes:
 * the parameter pack being expanded and whether we are inside template arguments (where a
 * {@code >} operator needs parentheses). It also enforces the limits that keep hostile input
 * cheap: nesting depth (no stack overflow) and total work (no exponential output).
 */
final class Output {
    /** "No pack is being expanded": LLVM's unsigned max. */
    static final int NO_PACK = Integer.MAX_VALUE;
    /** Real names need at most about 50 nested print calls; 512 keeps well within a 512 KB stack. */
    private static final int MAX_DEPTH = 512;

    private final StringBuilder text = new StringBuilder();
    private long budget;
    private int depth;

    int packIndex = NO_PACK;
    int packMax = NO_PACK;
    boolean insideTemplate;
    int parenDepth;

    Output(long budget) {
        this.budget = budget;
    }

    Output append(String s) {
        spend(s.length());
        text.append(s);
        return this;
    }

    Output append(char c) {
        spend(1);
        text.append(c);
        return this;
    }

    void printOpen(char open) {
        if (insideTemplate) {
            parenDepth++;
        }
        append(open);
    }

    void printOpen() {
        printOpen('(');
    }

    void printClose(char close) {
        if (insideTemplate) {
            parenDepth--;
        }
        append(close);
    }

    void printClose() {
        printClose(')');
    }

    int position() {
        return text.length();
    }

    void truncate(int position) {
        text.setLength(position);
    }

    char last() {
        return text.length() == 0 ? '\0' : text.charAt(text.length() - 1);
    }

    void printLeft(Node n) {
        enter();
        n.printLeft(this);
        depth--;
    }

    void printRight(Node n) {
        enter();
        n.printRight(this);
        depth--;
    }

    /** Every recursive walk over the AST goes through here (printing and the cache queries). */
    void enter() {
        if (++depth > MAX_DEPTH) {
            throw TooComplex.INSTANCE;
        }
        spend(1);
    }

    void leave() {
        depth--;
    }

    private void spend(int amount) {
        budget -= amount;
        if (budget < 0) {
            throw TooComplex.INSTANCE;
        }
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
