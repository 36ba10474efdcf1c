package dev.descent.job;

import dev.descent.job.JobView.JobProgress;
import dev.descent.job.JobView.RunProgress;
import dev.descent.job.StoredResult.StoredRun;
import dev.descent.job.store.JobKind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * One run's progress, written by the run's thread and read by any: its iteration, current value, lowest value and
 * whether it ended. The runner keeps one per run; for a job that runs here it is the job service's
 * {@link RunTracker}, which also keeps the points its event streams send, so that each iterate is recorded once.
 */
class RunStatus {

    volatile int iteration;
    volatile double value = Double.NaN;
    volatile double best = Double.POSITIVE_INFINITY;
    volatile boolean done;
    /**
     * +1, or -1 for a run that maximizes: {@link #best} is then the highest value seen. Set once, before the run
     * starts ({@link #sense(double)}); a job's runs all have the same.
     */
    double sense = 1;

    private static final VarHandle ITERATION;
    private static final VarHandle VALUE;
    private static final VarHandle BEST;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ITERATION = lookup.findVarHandle(RunStatus.class, "iteration", int.class);
            VALUE = lookup.findVarHandle(RunStatus.class, "value", double.class);
            BEST = lookup.findVarHandle(RunStatus.class, "best", double.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The run made iterate {@code iteration} at {@code point} with {@code value}; the point is the run's own array.
     * Written by release stores, not volatile ones: on x86 each volatile store is followed by a full fence, and
     * the three per iterate took 7% of 10,000,000 Adam steps through a job (DescentBenchmark). Readers need the
     * values only soon and in order (value, then best, then iteration), which release stores give.
     */
    void onIterate(int iteration, double[] point, double value, double gradientNorm, double learningRate) {
        VALUE.setRelease(this, value);
        if (sense * value < sense * best) {
            BEST.setRelease(this, value);
        }
        ITERATION.setRelease(this, iteration);
    }

    /** The run ended with {@code run}, having seen {@code lowest} at best. */
    void ended(StoredRun run, double lowest) {
        iteration = run.iterations();
        value = Double.longBitsToDouble(run.last()[1]);
        best = better(sense, best, lowest);
        done = true;
    }

    /** This status for a run that maximizes ({@code sense} -1) or minimizes (1), nothing seen yet. */
    RunStatus sense(double runSense) {
        sense = runSense;
        best = runSense * Double.POSITIVE_INFINITY;
        return this;
    }

    /** The better of two values for a run of {@code sense}: the lower, or the higher when maximizing. */
    static double better(double sense, double a, double b) {
        return sense * a <= sense * b ? a : b;
    }

    /**
     * The progress of a job of {@code kind} whose runs, labelled {@code labels}, are at {@code runs}, as the job
     * endpoints show it: iterations summed, the lowest current and best values, and for a comparison each run's own.
     */
    static JobProgress progress(JobKind kind, List<String> labels, List<? extends RunStatus> runs,
                                double elapsedMillis) {
        long iterations = 0;
        double value = Double.NaN;
        double sense = runs.isEmpty() ? 1 : runs.get(0).sense;
        double best = sense * Double.POSITIVE_INFINITY;
        int done = 0;
        List<RunProgress> each = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunStatus run = runs.get(i);
            int iteration = run.iteration;
            double current = run.value;
            // Written value, then best: read in that order, best may not include the current value yet.
            double lowest = sense * current < sense * run.best ? current : run.best;
            boolean ended = run.done;
            iterations += iteration;
            if (sense * current < sense * value || Double.isNaN(value)) {
                value = current;
            }
            best = better(sense, best, lowest);
            done += ended ? 1 : 0;
            each.add(new RunProgress(i, labels.get(i), iteration, finite(current), finite(lowest), ended));
        }
        return new JobProgress(iterations, finite(value), finite(best), elapsedMillis, done, runs.size(),
                kind == JobKind.COMPARISON ? each : null);
    }

    static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }
}
