package dev.descent.job;

import dev.descent.engine.run.Iterate;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.RunListener;
import dev.descent.optimization.IterateView;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.RunPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches one run of a job on the run's own thread: keeps its progress in volatile fields for readers, keeps every
 * {@code stride}-th iterate for the event stream (so a long run streams about {@code trajectory.maxPoints} points,
 * not every iterate), and stops the run when the job is cancelled.
 */
final class RunTracker implements RunListener {

    final int index;
    final String label;
    private final Job job;
    private final List<String> variables;
    private final int stride;
    private final boolean streamPoints;

    volatile int iteration;
    volatile double value = Double.NaN;
    volatile double best = Double.POSITIVE_INFINITY;
    volatile boolean done;
    /** The iteration of the last progress event sent; only the event publisher reads and writes it. */
    int published = -1;

    private final List<IterateView> pending = new ArrayList<>();

    RunTracker(int index, String label, Job job, RunPlan plan) {
        this.index = index;
        this.label = label;
        this.job = job;
        this.variables = plan.variables();
        this.stride = Math.max(1, (int) Math.ceil((double) plan.maxIterations()
                / plan.trajectory().effectiveMaxPoints()));
        this.streamPoints = plan.trajectory().included();
    }

    @Override
    public void onIterate(Iterate iterate) {
        double f = iterate.value();
        value = f;
        if (f < best) {
            best = f;
        }
        iteration = iterate.iteration();
        if (streamPoints && iterate.iteration() % stride == 0) {
            IterateView view = OptimizationMapper.view(variables, iterate);
            synchronized (pending) {
                pending.add(view);
            }
        }
    }

    @Override
    public boolean cancelled() {
        return job.cancelRequested;
    }

    /** Called once the run has ended: its last point is streamed too. */
    void finish(Result result) {
        Iterate last = result.last();
        if (streamPoints && last.iteration() % stride != 0) {
            IterateView view = OptimizationMapper.view(variables, last);
            synchronized (pending) {
                pending.add(view);
            }
        }
        done = true;
    }

    /** The points kept since the last call. */
    List<IterateView> drain() {
        synchronized (pending) {
            List<IterateView> points = List.copyOf(pending);
            pending.clear();
            return points;
        }
    }

    static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }
}
