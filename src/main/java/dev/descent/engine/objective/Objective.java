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
     * Another instance of the same function with buffers of its own, for use on another thread (cheap: the
     * compiled form or the data set is shared, not copied).
     */
    Objective fork();
}
