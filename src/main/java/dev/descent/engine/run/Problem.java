package dev.descent.engine.run;

import dev.descent.engine.objective.Objective;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.StoppingRule;

/**
 * Everything one descent needs.
 *
 * @param objective    what to minimize; used by this run only (see {@link Objective})
 * @param start        x_0, one value per objective variable, in the objective's order
 * @param optimizer    the update rule
 * @param schedule     the learning rate per step
 * @param stoppingRule when to stop; should include an iteration cap
 */
public record Problem(Objective objective, double[] start, Optimizer<?> optimizer, LearningRateSchedule schedule,
                      StoppingRule stoppingRule) {

    public Problem {
        if (start.length != objective.dimension()) {
            throw new IllegalArgumentException("Start has " + start.length + " coordinates, the objective "
                    + objective.dimension() + " variables");
        }
        start = start.clone();
    }

    @Override
    public double[] start() {
        return start.clone();
    }
}
