package dev.descent.engine.stop;

/** How a run ended. */
public enum Status {
    /** A tolerance rule fired: the step or the gradient became small enough. */
    CONVERGED,
    /** The iteration cap was reached before any tolerance rule fired. */
    MAX_ITERATIONS,
    /** The value or gradient became non-finite or passed the blow-up bound. */
    DIVERGED,
    /** The run was stopped from outside. */
    CANCELLED,
    /** The run's time budget ran out (a job's {@code descent.jobs.max-duration}): it ends where it got to. */
    TIME_LIMIT
}
