package dev.descent.engine.objective;

import dev.descent.engine.ad.Tape;
import dev.descent.engine.expr.Expr;
import dev.descent.engine.expr.Expressions;
import dev.descent.engine.expr.Parser;
import java.util.List;

/**
 * An objective given as a formula: parsed and compiled once into a {@link Tape}, evaluated with its exact
 * gradient by reverse-mode automatic differentiation, with no allocation per evaluation. Each instance owns
 * its evaluation buffers (one run, one thread); {@link #fork()} makes another for a concurrent run cheaply.
 */
public final class ExpressionObjective implements Objective {

    private final String formula;
    private final Tape tape;
    private final Tape.Evaluator evaluator;

    private ExpressionObjective(String formula, Tape tape) {
        this.formula = formula;
        this.tape = tape;
        this.evaluator = tape.evaluator();
    }

    /**
     * Parses and compiles {@code formula}; its variables are every name that is not a function or constant, in
     * natural order ({@code x2} before {@code x10}).
     *
     * @throws dev.descent.engine.expr.ParseException with the column and what was expected
     */
    public static ExpressionObjective compile(String formula) {
        Expr expr = Parser.parse(formula);
        return new ExpressionObjective(formula, Tape.compile(expr, Expressions.variables(expr)));
    }

    /** Another instance over the same compiled tape, with its own buffers. */
    @Override
    public ExpressionObjective fork() {
        return new ExpressionObjective(formula, tape);
    }

    /** The formula as given. */
    public String formula() {
        return formula;
    }

    @Override
    public List<String> variables() {
        return tape.variables();
    }

    @Override
    public double value(double[] x) {
        return evaluator.value(x);
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradient) {
        return evaluator.valueAndGradient(x, gradient);
    }

    /** Exact, by forward-over-reverse differentiation of the tape (see {@link Tape.Evaluator#hessianVector}). */
    @Override
    public void hessianVectorProduct(double[] x, double[] v, double[] out) {
        evaluator.hessianVector(x, v, null, out);
    }

    @Override
    public boolean exactHessianVectorProduct() {
        return true;
    }
}
