package dev.descent.engine.run;

import dev.descent.engine.stop.StopReason;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of a run.
 *
 * @param stopReason          the verdict and the rule that gave it
 * @param iterations          the number of updates made
 * @param last                the iterate the run ended on (the reported minimum)
 * @param trajectory          every iterate, start included
 * @param functionEvaluations how many times f was evaluated
 * @param gradientEvaluations how many times ∇f was evaluated
 * @param elapsed             wall-clock time of the run
 * @param epochLosses         for a batched objective, the loss over the whole data set at the start and after
 *                            every completed pass over it; empty for other objectives
 */
public record Result(StopReason stopReason, int iterations, Iterate last, Trajectory trajectory,
                     long functionEvaluations, long gradientEvaluations, Duration elapsed, List<Double> epochLosses) {

    public Result {
        epochLosses = List.copyOf(epochLosses);
    }
}
