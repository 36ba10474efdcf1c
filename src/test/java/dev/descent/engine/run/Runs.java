package dev.descent.engine.run;

import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.objective.Objective;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.StoppingRule;
import java.util.ArrayList;
import java.util.List;

/** Builds engine problems for tests the way the API's mapper does, without the web. */
public final class Runs {

    private Runs() {
    }

    /** A run of {@code formula} from {@code start} with the mapper's rule order and a constant learning rate. */
    public static Result run(String formula, double[] start, Optimizer<?> optimizer, double learningRate,
                             int maxIterations, double tolerance) {
        return run(ExpressionObjective.compile(formula), start, optimizer, learningRate, maxIterations, tolerance);
    }

    public static Result run(Objective objective, double[] start, Optimizer<?> optimizer, double learningRate,
                             int maxIterations, double tolerance) {
        return Descent.run(problem(objective, start, optimizer, learningRate, maxIterations, tolerance));
    }

    /** The problem {@link #run(String, double[], Optimizer, double, int, double)} runs, to change before running. */
    public static Problem problem(String formula, double[] start, Optimizer<?> optimizer, double learningRate,
                                  int maxIterations, double tolerance) {
        return problem(ExpressionObjective.compile(formula), start, optimizer, learningRate, maxIterations, tolerance);
    }

    private static Problem problem(Objective objective, double[] start, Optimizer<?> optimizer, double learningRate,
                                   int maxIterations, double tolerance) {
        List<StoppingRule> rules = new ArrayList<>();
        rules.add(StoppingRule.divergence(1e12));
        if (tolerance > 0) {
            rules.add(StoppingRule.stepTolerance(tolerance));
        }
        rules.add(StoppingRule.maxIterations(maxIterations));
        return Problem.of(objective, start, optimizer, LearningRateSchedule.constant(learningRate),
                StoppingRule.firstOf(rules));
    }

    /** The first coordinate of every iterate. */
    public static double[] xs(Result result) {
        return result.trajectory().all().stream().mapToDouble(i -> i.point()[0]).toArray();
    }
}
