package dev.descent.engine.run;

import dev.descent.engine.objective.BatchedObjective;
import dev.descent.engine.objective.Objective;
import dev.descent.engine.optim.Clipping;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.StoppingRule;

/**
 * Everything one descent needs.
 *
 * @param objective    what to minimize; used by this run only (see {@link Objective})
 * @param start        x_0, one value per objective variable, in the objective's order; inside {@code bounds}
 * @param optimizer    the update rule
 * @param schedule     the learning rate per step (ignored when a line search chooses the step)
 * @param stoppingRule when to stop; should include an iteration cap
 * @param clipping     applied to the gradient before each update
 * @param bounds       kept by projection after each update
 * @param lineSearch   when not null, chooses each step's learning rate (plain gradient descent only)
 * @param recordLimit  the most iterates the run records before it keeps only every s-th (an even number, at
 *                     least 4, at most {@link Trajectory#MAX_RECORDED}): what bounds a run's memory, about
 *                     {@code recordLimit × (dimension + 4) × 8} bytes
 * @param explain      which updates to explain ({@link Result#explanation()}); {@link ExplainRange#NONE} for none
 * @param maximize     climb {@code objective} instead (PyTorch 2's {@code maximize}): the run descends -f with the
 *                     same update rule (value and gradient negated as they are evaluated, before clipping and the
 *                     update) and reports f as typed: the trajectory's values, the best point (the highest) and
 *                     the last; not for a batched objective (a loss is not maximized)
 */
public record Problem(Objective objective, double[] start, Optimizer<?> optimizer, LearningRateSchedule schedule,
                      StoppingRule stoppingRule, Clipping clipping, Box bounds, ArmijoLineSearch lineSearch,
                      int recordLimit, ExplainRange explain, boolean maximize) {

    /** A problem that minimizes. */
    public Problem(Objective objective, double[] start, Optimizer<?> optimizer, LearningRateSchedule schedule,
                   StoppingRule stoppingRule, Clipping clipping, Box bounds, ArmijoLineSearch lineSearch,
                   int recordLimit, ExplainRange explain) {
        this(objective, start, optimizer, schedule, stoppingRule, clipping, bounds, lineSearch, recordLimit, explain,
                false);
    }

    /** A problem that explains no update. */
    public Problem(Objective objective, double[] start, Optimizer<?> optimizer, LearningRateSchedule schedule,
                   StoppingRule stoppingRule, Clipping clipping, Box bounds, ArmijoLineSearch lineSearch,
                   int recordLimit) {
        this(objective, start, optimizer, schedule, stoppingRule, clipping, bounds, lineSearch, recordLimit,
                ExplainRange.NONE);
    }

    public Problem {
        if (explain == null) {
            throw new IllegalArgumentException("No explain range: ExplainRange.NONE explains nothing");
        }
        if (start.length != objective.dimension()) {
            throw new IllegalArgumentException("Start has " + start.length + " coordinates, the objective "
                    + objective.dimension() + " variables");
        }
        if (bounds.lower().length != start.length) {
            throw new IllegalArgumentException("Bounds have " + bounds.lower().length + " coordinates, the "
                    + "objective " + start.length + " variables");
        }
        if (!bounds.contains(start)) {
            throw new IllegalArgumentException("The start lies outside the bounds");
        }
        if (lineSearch != null && !(optimizer instanceof Sgd sgd && sgd.equals(Sgd.plain(0)))) {
            throw new IllegalArgumentException("A line search needs plain gradient descent without weight decay");
        }
        if (recordLimit < 4 || recordLimit % 2 != 0 || recordLimit > Trajectory.MAX_RECORDED) {
            throw new IllegalArgumentException("Invalid record limit: " + recordLimit + " (an even number in [4, "
                    + Trajectory.MAX_RECORDED + "])");
        }
        if (maximize && objective instanceof BatchedObjective) {
            throw new IllegalArgumentException("A batched objective is a loss: it is minimized, not maximized");
        }
        start = start.clone();
    }

    /** A problem without clipping, bounds or line search. */
    public static Problem of(Objective objective, double[] start, Optimizer<?> optimizer,
                             LearningRateSchedule schedule, StoppingRule stoppingRule) {
        return new Problem(objective, start, optimizer, schedule, stoppingRule, Clipping.NONE,
                Box.unbounded(start.length), null, Trajectory.MAX_RECORDED);
    }

    public Problem withClipping(Clipping newClipping) {
        return new Problem(objective, start, optimizer, schedule, stoppingRule, newClipping, bounds, lineSearch, recordLimit, explain,
                maximize);
    }

    public Problem withBounds(Box newBounds) {
        return new Problem(objective, start, optimizer, schedule, stoppingRule, clipping, newBounds, lineSearch, recordLimit, explain,
                maximize);
    }

    public Problem withLineSearch(ArmijoLineSearch newLineSearch) {
        return new Problem(objective, start, optimizer, schedule, stoppingRule, clipping, bounds, newLineSearch, recordLimit,
                explain, maximize);
    }

    /**
     * This problem recording at most {@code limit} iterates (rounded down to an even number, and into [4,
     * {@link Trajectory#MAX_RECORDED}]).
     */
    public Problem withRecordLimit(int limit) {
        int even = Math.max(4, Math.min(Trajectory.MAX_RECORDED, limit)) & ~1;
        return new Problem(objective, start, optimizer, schedule, stoppingRule, clipping, bounds, lineSearch, even, explain,
                maximize);
    }

    /** This problem explaining the updates of {@code range}. */
    public Problem withExplain(ExplainRange range) {
        return new Problem(objective, start, optimizer, schedule, stoppingRule, clipping, bounds, lineSearch,
                recordLimit, range, maximize);
    }

    /** This problem climbing its objective when {@code climb} (see {@code maximize}). */
    public Problem withMaximize(boolean climb) {
        return new Problem(objective, start, optimizer, schedule, stoppingRule, clipping, bounds, lineSearch,
                recordLimit, explain, climb);
    }

    /** +1 when minimizing, -1 when maximizing: the factor that turns f into the function the run descends. */
    public double sense() {
        return maximize ? -1 : 1;
    }

    @Override
    public double[] start() {
        return start.clone();
    }
}
