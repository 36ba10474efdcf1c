package dev.descent.engine.objective;

import java.util.List;

/**
 * A differentiable function of named real variables, the thing a descent minimizes.
 *
 * <p>Implementations may own scratch buffers so that evaluation allocates nothing: an instance is meant for one run
 * on one thread. Build one instance per concurrent run (cheap: the compiled form they share is immutable).
 */
public interface Objective {

    /** The variable names, in the order of the {@code x} and {@code gradient} arrays. Never empty. */
    List<String> variables();

    default int dimension() {
        return variables().size();
    }

    /** f(x). */
    double value(double[] x);

    /** Returns f(x) and writes the exact gradient of f at x into {@code gradient} (same length as x). */
    double valueAndGradient(double[] x, double[] gradient);

    /**
     * Writes the Hessian-vector product H(x)·v, the directional derivative of the gradient at x along v, into
     * {@code out} (all three of length {@link #dimension()}; {@code out} may not be {@code x} or {@code v}). A
     * {@link BatchedObjective} gives it over the whole data set, not the selected batch. Evaluation is not
     * counted as part of a run: it is meant for analysis (a curvature estimate takes a few dozen), not for the loop.
     *
     * <p>Formulas and the catalog (through their tape) and the regressions (in closed form) give it exactly; see
     * {@link #exactHessianVectorProduct()}. This default, for any other objective, takes central differences of
     * exact gradients along the unit direction u = v/‖v‖:
     * <pre>
     *     H·v ≈ ‖v‖ · (∇f(x + h u) - ∇f(x - h u)) / (2h),   h = ε^(1/3) · max(1, ‖x‖)
     * </pre>
     * The truncation error is h²/6 · ∇³f[u, u] and the rounding error about ε·|∇f| / h (ε = 2^-52, relative to
     * the gradient's size); their sum is smallest at h ~ ε^(1/3) (about 6e-6) in the units of x, so the product
     * has some ten correct digits where the third derivative is of the size of the gradient, and is exact (but for
     * rounding) on a quadratic. Scaling h by ‖x‖ keeps x ± h u distinct from x far from the origin. The product is
     * 0 for v = 0 (no gradient is evaluated). Non-finite gradients give non-finite products, never an exception.
     *
     * @throws IllegalArgumentException if an array has the wrong length
     */
    default void hessianVectorProduct(double[] x, double[] v, double[] out) {
        HessianVectorProducts.centralDifference(this::valueAndGradient, x, v, out);
    }

    /**
     * Whether {@link #hessianVectorProduct} is exact up to rounding (automatic differentiation or a closed form)
     * rather than the central-difference estimate of the default.
     */
    default boolean exactHessianVectorProduct() {
        return false;
    }

    /**
     * Another instance of the same function with buffers of its own, for use on another thread (cheap: the
     * compiled form or the data set is shared, not copied).
     */
    Objective fork();
}
