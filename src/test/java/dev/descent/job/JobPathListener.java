package dev.descent.job;

import dev.descent.engine.run.RunListener;
import dev.descent.optimization.RunPlan;

/**
 * For the benchmarks (dev.descent.bench): a run's listener that does per iteration what {@link StoredJobRunner}'s
 * {@code RunWatch} does for a job that runs here, over the same {@link RunTracker} the job service gives it: each
 * iterate goes to the tracker (the run's progress and the streamed points) and past the iteration hook, each
 * boundary asks whether a checkpoint is due, each update whether the run is cancelled, reading the same volatile
 * flags. {@code RunWatch} itself needs a claimed job and its store; what it does when a checkpoint is due is left
 * out, as no checkpoint is asked for.
 */
public final class JobPathListener implements RunListener {

    private final RunTracker status;
    private volatile StoredJobRunner.IterationHook hook;
    private volatile boolean checkpointDue;
    private volatile boolean suspending;
    private volatile boolean crashed;
    private final Flags job = new Flags();
    private boolean suspended;

    /** As {@code StoredJobRunner.Running}'s: set by other threads. */
    private static final class Flags {
        volatile boolean lost;
        volatile boolean cancelRequested;
        volatile boolean timeUp;
    }

    private JobPathListener(RunPlan plan) {
        this.status = new RunTracker(0, "run", plan, true);
    }

    /** The listener a job's run of {@code plan} gets. */
    public static RunListener of(RunPlan plan) {
        return new JobPathListener(plan);
    }

    @Override
    public void onIterate(int iteration, double[] point, double value, double gradientNorm, double learningRate) {
        status.onIterate(iteration, point, value, gradientNorm, learningRate);
        StoredJobRunner.IterationHook observer = hook;
        if (observer != null) {
            observer.at(0, iteration);
        }
    }

    @Override
    public boolean checkpointWanted() {
        return checkpointDue || suspending;
    }

    @Override
    public boolean cancelled() {
        return crashed || job.lost || job.cancelRequested || suspended || job.timeUp;
    }

    @Override
    public boolean timeUp() {
        return job.timeUp && !job.cancelRequested;
    }
}
