package dev.descent.optimization;

import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.run.Problem;
import java.util.List;

/**
 * A request mapped onto the engine: the problem to run and what the response needs to present its result.
 *
 * @param problem    the engine's problem
 * @param formula    the formula that is minimized
 * @param variables  the variable names, in the engine's order
 * @param optimizer  the configured optimizer, for the echo of its hyperparameters
 * @param trajectory what part of the trajectory to return
 */
public record RunPlan(Problem problem, String formula, List<String> variables, OptimizerKind.Configured optimizer,
               TrajectoryOptions trajectory) {
}
