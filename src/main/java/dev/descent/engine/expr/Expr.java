package dev.descent.engine.expr;

import java.util.Objects;

/**
 * A parsed real-valued expression: an immutable tree of records.
 *
 * <p>Trees built by {@link Parser#parse(String)} are at most {@link Parser#MAX_HEIGHT} nodes deep, so code that
 * recurses over them cannot overflow the stack.
 */
public sealed interface Expr {

    /**
     * The fully parenthesized form, as bantam prints it: every operator application in parentheses, operands
     * separated from binary operators by one space, e.g. {@code "-x^2"} gives {@code "(-(x ^ 2))"} and
     * {@code "a + b * c"} gives {@code "(a + (b * c))"}. Function calls print as {@code sin(x)}.
     */
    String parenthesized();

    /** A number literal. Integral values print without a fraction ({@code 3}), others as {@link Double#toString}. */
    record Num(double value) implements Expr {
        @Override
        public String parenthesized() {
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                return Long.toString((long) value);
            }
            return Double.toString(value);
        }
    }

    /** A named constant such as {@code pi}; kept by name so that it prints as written. */
    record Const(Constant constant) implements Expr {
        public Const {
            Objects.requireNonNull(constant, "constant");
        }

        @Override
        public String parenthesized() {
            return constant.constantName();
        }
    }

    /** A variable, named by an identifier {@code [A-Za-z_][A-Za-z0-9_]*} that is not a function or constant. */
    record Var(String name) implements Expr {
        public Var {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String parenthesized() {
            return name;
        }
    }

    /** Unary minus. (Unary plus is dropped by the parser.) */
    record Neg(Expr operand) implements Expr {
        public Neg {
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public String parenthesized() {
            return "(-" + operand.parenthesized() + ")";
        }
    }

    /** A binary operation {@code left op right}. */
    record Binary(Op op, Expr left, Expr right) implements Expr {
        public Binary {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String parenthesized() {
            return "(" + left.parenthesized() + " " + op.symbol() + " " + right.parenthesized() + ")";
        }
    }

    /** A call of a built-in function of one argument. */
    record Call(Fn fn, Expr argument) implements Expr {
        public Call {
            Objects.requireNonNull(fn, "fn");
            Objects.requireNonNull(argument, "argument");
        }

        @Override
        public String parenthesized() {
            return fn.functionName() + "(" + argument.parenthesized() + ")";
        }
    }
}
