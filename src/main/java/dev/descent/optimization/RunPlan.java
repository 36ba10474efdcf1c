package dev.descent.optimization;

import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.run.Problem;
import java.util.List;

/**
 * A request mapped onto the engine: the problem to run and what the response needs to present its result.
 *
 * @param problem       the engine's problem
 * @param formula       the formula that is minimized
 * @param variables     the variable names, in the engine's order
 * @param optimizer     the configured optimizer, for the echo of its hyperparameters
 * @param trajectory    what part of the trajectory to return
 * @param maxIterations the iteration cap of the run
 * @param regression    the regression objective, for the fitted model and its metrics; null for other objectives
 * @param standardize   whether the regression reports its standardization
 */
public record RunPlan(Problem problem, String formula, List<String> variables, OptimizerKind.Configured optimizer,
                      TrajectoryOptions trajectory, int maxIterations, RegressionObjective regression,
                      boolean standardize) {

    /**
     * The most work the run may take, in work units: {@code maxIterations × (dimension + 3)}, the number of
     * doubles its trajectory can grow to (each iterate records the point, f, the gradient norm and the learning
     * rate), so about an eighth of its memory in bytes, and roughly proportional to its time. A regression adds
     * the values of one batch per iteration, which is what each of its evaluations reads.
     */
    public long work() {
        long perIteration = variables.size() + 3 + (regression == null ? 0 : regression.cellsPerBatch());
        return (long) Math.max(1, maxIterations) * perIteration;
    }
}
