package dev.descent.engine.stop;

/** What a stopping rule sees after iterate k has been evaluated. */
public interface Progress {

    /** k: the number of updates made so far (0 at the start point). */
    int iteration();

    /** f(x_k). */
    double value();

    /** ‖∇f(x_k)‖₂. */
    double gradientNorm();

    /** ‖x_k - x_{k-1}‖₂, the Euclidean norm of the last update; NaN at k = 0. */
    double stepNorm();

    /**
     * When iterate k ends a pass over a data set (a {@code BatchedObjective}), the
     * change of the loss over the whole data set since the previous pass, |L_e - L_{e-1}|; NaN otherwise, and
     * for the first pass.
     */
    default double epochLossChange() {
        return Double.NaN;
    }
}
