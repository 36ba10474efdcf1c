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
}
