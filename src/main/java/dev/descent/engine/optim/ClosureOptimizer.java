package dev.descent.engine.optim;

/**
 * An update rule whose step evaluates the objective itself, as {@code torch.optim.LBFGS.step(closure)} does: it is
 * handed f and ∇f at x (what the loop already evaluated, the first call of torch's closure) and a {@link Closure}
 * for the points it tries. The loop takes every update of such a rule by {@link #step(double[], double, double[],
 * Object, double, Closure)}; the plain {@link #step(double[], double[], Object, double)} cannot work without the
 * objective and throws.
 *
 * @param <S> the mutable per-run state
 */
public interface ClosureOptimizer<S> extends Optimizer<S> {

    /**
     * The objective as a step sees it: f at {@code x}, with ∇f written into {@code gradient}. Each call is one
     * evaluation of f and one of ∇f, which the caller counts.
     */
    @FunctionalInterface
    interface Closure {
        double evaluate(double[] x, double[] gradient);
    }

    /**
     * One update (one call of torch's {@code step(closure)}): overwrites {@code x} and advances {@code state}.
     *
     * @param x            the current parameters, updated in place
     * @param value        f(x)
     * @param gradient     ∇f(x); read only
     * @param state        this run's state
     * @param learningRate the learning rate of this step
     * @param closure      evaluates f and ∇f at the points the step tries
     */
    void step(double[] x, double value, double[] gradient, S state, double learningRate, Closure closure);

    /**
     * The most evaluations of the objective one step may make, the loop's evaluation of the new iterate included:
     * what a run's cost is reckoned by (one for every other update rule).
     */
    long evaluationsPerStep();

    /** Not without the objective: throws. */
    @Override
    default void step(double[] x, double[] gradient, S state, double learningRate) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " evaluates the objective during a "
                + "step: call step with a closure");
    }
}
