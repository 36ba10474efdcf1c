package dev.descent.engine.expr;

/** The binary operators, with the symbol used in source and in {@link Expr#parenthesized()}. */
public enum Op {
    ADD("+"),
    SUBTRACT("-"),
    MULTIPLY("*"),
    DIVIDE("/"),
    /** {@code a ^ b}, a raised to the power b; right-associative and tighter than unary minus. */
    POWER("^");

    private final String symbol;

    Op(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
