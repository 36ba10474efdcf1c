package dev.descent.job.store;

/** Where a job is in its life. */
public enum JobState {
    /** Accepted, waiting for a place among the running jobs. */
    QUEUED,
    /** Its runs are going. */
    RUNNING,
    /** Every run ended (converged, hit its cap or diverged); the result is there. */
    SUCCEEDED,
    /** The service failed to run it; {@code error} says so. */
    FAILED,
    /** Cancelled: a running job keeps the partial trajectories of its runs, with status CANCELLED. */
    CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
