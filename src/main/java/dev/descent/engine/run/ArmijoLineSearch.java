package dev.descent.engine.run;

import dev.descent.engine.objective.Objective;

/**
 * Backtracking line search with the Armijo (sufficient decrease) condition, for gradient descent without a
 * learning rate to tune (Nocedal and Wright, Numerical Optimization, algorithm 3.1). Along the update direction
 * p (the gradient, clipped if clipping is on) it tries t = initialStep, initialStep·shrink, … and accepts the first
 * t whose trial point x_t = P(x - t p) (P the projection onto the bounds, the identity without bounds) satisfies
 * <pre>
 *     f(x_t) ≤ f(x) + c1 ∇f(x)·(x_t - x)
 * </pre>
 * which, without bounds, is the textbook f(x - t p) ≤ f(x) - c1 t ∇f(x)·p. Since the right side never exceeds
 * f(x), an accepted step never increases the objective. If no t down to {@link #MIN_STEP} qualifies, there is no
 * decrease to find at this precision and the search answers 0.
 *
 * @param c1          sufficient-decrease constant, in (0, 1); 1e-4 is customary
 * @param shrink      factor by which t shrinks after each rejection, in (0, 1)
 * @param initialStep the first t tried, &gt; 0
 */
public record ArmijoLineSearch(double c1, double shrink, double initialStep) {

    /** Below this step nothing is tried any more. */
    public static final double MIN_STEP = 1e-20;

    public ArmijoLineSearch {
        if (!(c1 > 0 && c1 < 1)) {
            throw new IllegalArgumentException("Invalid c1: " + c1 + " (must be in (0, 1))");
        }
        if (!(shrink > 0 && shrink < 1)) {
            throw new IllegalArgumentException("Invalid shrink: " + shrink + " (must be in (0, 1))");
        }
        if (!(initialStep > 0) || Double.isInfinite(initialStep)) {
            throw new IllegalArgumentException("Invalid initialStep: " + initialStep + " (must be > 0)");
        }
    }

    /** The customary settings: c1 = 1e-4, shrink = 0.5, initialStep = 1. */
    public static ArmijoLineSearch standard() {
        return new ArmijoLineSearch(1e-4, 0.5, 1.0);
    }

    /**
     * Finds the step.
     *
     * @param objective f
     * @param x         the current point
     * @param value     f(x)
     * @param gradient  ∇f(x)
     * @param direction p, the direction the update moves against
     * @param bounds    the box the trial points are projected onto
     * @param trial     scratch space for the trial point, same length as x
     * @param counter   counts the evaluations of f, [0] incremented once per trial
     * @return the accepted t, or 0 when no t down to {@link #MIN_STEP} decreases f enough
     */
    public double search(Objective objective, double[] x, double value, double[] gradient, double[] direction,
                         Box bounds, double[] trial, long[] counter) {
        for (double t = initialStep; t >= MIN_STEP; t *= shrink) {
            double decrease = 0;
            for (int i = 0; i < x.length; i++) {
                trial[i] = x[i] - t * direction[i];
            }
            bounds.project(trial);
            for (int i = 0; i < x.length; i++) {
                decrease += gradient[i] * (trial[i] - x[i]);
            }
            counter[0]++;
            double trialValue = objective.value(trial);
            if (trialValue <= value + c1 * decrease) {
                return t;
            }
        }
        return 0;
    }
}
