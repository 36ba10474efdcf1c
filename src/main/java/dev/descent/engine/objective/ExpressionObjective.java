package dev.descent.engine.objective;

import dev.descent.engine.ad.Tape;
import dev.descent.engine.expr.Expr;
import dev.descent.engine.expr.Expressions;
import dev.descent.engine.expr.Parser;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An objective given as a formula: parsed and compiled once into a {@link Tape}, evaluated with its exact
 * gradient by reverse-mode automatic differentiation, with no allocation per evaluation. Each instance owns
 * its evaluation buffers (one run, one thread); {@link #fork()} makes another for a concurrent run cheaply.
 *
 * <p>The tapes of the last {@value #KEPT_FORMULAS} formulas compiled (of at most {@value #KEPT_LENGTH} characters)
 * are kept by their text, as {@link CatalogFunction} keeps its functions': a formula sent again (a sweep, a
 * comparison, a client exploring one function) is neither parsed nor compiled again, and its tape's evaluations add
 * up, so that its generated code, once made and compiled by the JIT, serves the later runs from their first
 * evaluation. A tape is immutable but for that count and its generated code, both made for sharing; every instance
 * has its own evaluator. At most some 128 tapes of 500 operations are kept (a few megabytes with their code).
 */
public final class ExpressionObjective implements Objective {

    /** How many compiled formulas are kept, the least recently used dropped first. */
    static final int KEPT_FORMULAS = 128;
    /** Longer formulas are compiled every time (their tapes would be large, and they are rarely sent again). */
    static final int KEPT_LENGTH = 1_000;

    private static final Map<String, Tape> KEPT = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Tape> eldest) {
                    return size() > KEPT_FORMULAS;
                }
            });

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
        if (formula.length() > KEPT_LENGTH) {
            return new ExpressionObjective(formula, compileTape(formula));
        }
        Tape tape = KEPT.get(formula);
        if (tape == null) {
            // Two threads may compile the same new formula at once: both tapes are right, the last one is kept.
            tape = compileTape(formula);
            KEPT.put(formula, tape);
        }
        return new ExpressionObjective(formula, tape);
    }

    private static Tape compileTape(String formula) {
        Expr expr = Parser.parse(formula);
        return Tape.compile(expr, Expressions.variables(expr));
    }

    /** The compiled tape this objective evaluates (shared with its forks, and with later compilations of it). */
    public Tape tape() {
        return tape;
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
