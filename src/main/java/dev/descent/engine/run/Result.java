package dev.descent.engine.run;

import dev.descent.engine.stop.StopReason;
import java.time.Duration;
import java.util.Arrays;

/**
 * The outcome of a run. Immutable; the epoch losses are kept as primitives, since a long mini-batch fit has a
 * million of them.
 *
 * @param stopReason          the verdict and the rule that gave it
 * @param iterations          the number of updates made
 * @param last                the iterate the run ended on
 * @param best                the lowest iterate the run saw, the minimum it reports: the first iterate with the
 *                            lowest f (for a mini-batch run, judged by the loss over the whole data set at the start,
 *                            at the end of each epoch and at the last iterate, which it then carries with the
 *                            gradient norm over the whole data set); its learning rate the one that led there
 * @param trajectory          the recorded iterates, start and last included
 * @param functionEvaluations how many times f was evaluated
 * @param gradientEvaluations how many times ∇f was evaluated
 * @param elapsed             wall-clock time of the run
 * @param epochLosses         for a batched objective, the loss over the whole data set at the start and after
 *                            every completed pass over it; empty for other objectives
 * @param behaviour           how f and the steps went over every iterate, recorded or not
 * @param curvature           the curvature along the run, once computed ({@link #withCurvature}); {@link
 *                            RunCurvature#UNKNOWN} as the loop gives it
 * @param explanation         the quantities of the updates the problem asked to explain ({@link Problem#explain()});
 *                            {@link Explanation#NONE} when it asked for none
 * @param averagedPoint       the point the optimizer reports beside the iterate at the end (ASGD's average of the
 *                            iterates), or null
 */
public record Result(StopReason stopReason, int iterations, Iterate last, Iterate best, Trajectory trajectory,
                     long functionEvaluations, long gradientEvaluations, Duration elapsed, double[] epochLosses,
                     Behaviour behaviour, RunCurvature curvature, Explanation explanation, double[] averagedPoint) {

    /** A result without an averaged point. */
    public Result(StopReason stopReason, int iterations, Iterate last, Iterate best, Trajectory trajectory,
                  long functionEvaluations, long gradientEvaluations, Duration elapsed, double[] epochLosses,
                  Behaviour behaviour, RunCurvature curvature, Explanation explanation) {
        this(stopReason, iterations, last, best, trajectory, functionEvaluations, gradientEvaluations, elapsed,
                epochLosses, behaviour, curvature, explanation, null);
    }

    /** A result without explanation. */
    public Result(StopReason stopReason, int iterations, Iterate last, Iterate best, Trajectory trajectory,
                  long functionEvaluations, long gradientEvaluations, Duration elapsed, double[] epochLosses,
                  Behaviour behaviour, RunCurvature curvature) {
        this(stopReason, iterations, last, best, trajectory, functionEvaluations, gradientEvaluations, elapsed,
                epochLosses, behaviour, curvature, Explanation.NONE);
    }

    public Result {
        epochLosses = epochLosses.clone();
        averagedPoint = averagedPoint == null ? null : averagedPoint.clone();
    }

    /** A copy of the averaged point, or null. */
    @Override
    public double[] averagedPoint() {
        return averagedPoint == null ? null : averagedPoint.clone();
    }

    /** A copy of the epoch losses. */
    @Override
    public double[] epochLosses() {
        return epochLosses.clone();
    }

    /** How many epoch losses there are. */
    public int epochCount() {
        return epochLosses.length;
    }

    /** The loss over the whole data set after epoch i (0: at the start). */
    public double epochLoss(int i) {
        return epochLosses[i];
    }

    /**
     * This result with its trajectory thinned to at most {@code maxPoints} iterates, as an answer shows it: the
     * compact form in which a finished run is kept.
     */
    public Result compact(int maxPoints) {
        Trajectory thinned = trajectory.thinned(maxPoints);
        return thinned == trajectory ? this : new Result(stopReason, iterations, last, best, thinned,
                functionEvaluations, gradientEvaluations, elapsed, epochLosses, behaviour, curvature, explanation,
                averagedPoint);
    }

    /** This result with {@code newCurvature}. */
    public Result withCurvature(RunCurvature newCurvature) {
        return new Result(stopReason, iterations, last, best, trajectory, functionEvaluations, gradientEvaluations,
                elapsed, epochLosses, behaviour, newCurvature, explanation, averagedPoint);
    }

    /** The heap this result holds, in bytes: its trajectory, its epoch losses and a small fixed part. */
    public long bytes() {
        return trajectory.bytes() + 8L * epochLosses.length + 16L * last.point().length + 256
                + 8L * explanation.numbers();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Result that && iterations == that.iterations && stopReason.equals(that.stopReason)
                && last.equals(that.last) && best.equals(that.best) && functionEvaluations == that.functionEvaluations
                && gradientEvaluations == that.gradientEvaluations && elapsed.equals(that.elapsed)
                && Arrays.equals(epochLosses, that.epochLosses) && behaviour.equals(that.behaviour)
                && curvature.equals(that.curvature) && explanation.equals(that.explanation)
                && Arrays.equals(averagedPoint, that.averagedPoint) && trajectory == that.trajectory;
    }

    @Override
    public int hashCode() {
        return 31 * stopReason.hashCode() + iterations;
    }

    @Override
    public String toString() {
        return "Result[" + stopReason + ", iterations=" + iterations + ", last=" + last + ", best=" + best + "]";
    }
}
