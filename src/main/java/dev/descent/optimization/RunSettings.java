package dev.descent.optimization;

import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.optim.Clipping;
import dev.descent.engine.optim.ClosureOptimizer;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.OptimizerKinds;
import dev.descent.engine.param.InvalidHyperparameterException;
import dev.descent.engine.run.ArmijoLineSearch;
import dev.descent.engine.run.Box;
import dev.descent.engine.run.ExplainRange;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.schedule.ScheduleKind;
import dev.descent.engine.schedule.ScheduleKinds;
import dev.descent.engine.stop.StoppingRule;
import dev.descent.system.Echo;
import dev.descent.system.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The part of the mapping that turns a request's run settings into engine objects: the optimizer from the
 * registry, the schedule, the line search, clipping, bounds and the stopping rules. Each method adds what is
 * wrong to {@code errors}, naming the field, and answers null (or a neutral value) then.
 */
final class RunSettings {

    private RunSettings() {
    }

    /**
     * The optimizer of {@code spec} (gd with its defaults when absent). Its {@code type} is one of the registry's,
     * Jackson having read it; the registry checks the values, naming each offending one.
     */
    static OptimizerKind.Configured optimizer(OptimizerSpec spec, List<FieldProblem> errors) {
        OptimizerSpec given = spec == null ? OptimizerSpec.DEFAULT : spec;
        OptimizerKind kind = OptimizerKinds.byName(given.typeName()).orElseThrow();
        try {
            return kind.configure(given.hyperparameters());
        } catch (InvalidHyperparameterException e) {
            e.violations().forEach(v -> errors.add(new FieldProblem("optimizer." + Echo.of(v.parameter()),
                    v.reason())));
            return null;
        }
    }

    /** The schedule of {@code spec} (constant when absent), checked as {@link #optimizer} checks an optimizer. */
    static LearningRateSchedule schedule(ScheduleSpec spec, double baseLearningRate, List<FieldProblem> errors) {
        if (spec == null) {
            return LearningRateSchedule.constant(baseLearningRate);
        }
        ScheduleKind kind = ScheduleKinds.byName(spec.typeName()).orElseThrow();
        try {
            return ScheduleKinds.configure(kind, baseLearningRate, spec.parameters());
        } catch (InvalidHyperparameterException e) {
            e.violations().forEach(v -> errors.add(new FieldProblem("schedule." + Echo.of(v.parameter()),
                    v.reason())));
            return null;
        }
    }

    /**
     * What a schedule asks of the run (issue 14): no more updates than oneCycle's {@code totalSteps} (PyTorch's
     * OneCycleLR raises past it), and an optimizer with a momentum or beta1 when it cycles one (PyTorch raises
     * too). {@code gd} is refused: torch's SGD(momentum=0) would silently become heavy-ball SGD, the type
     * {@code momentum}.
     */
    static void scheduleFits(LearningRateSchedule schedule, OptimizerKind.Configured optimizer, int updates,
                             String updatesField, List<FieldProblem> errors) {
        if (schedule == null) {
            return;
        }
        if (updates > schedule.maxSteps()) {
            errors.add(new FieldProblem(updatesField, "makes " + updates + " updates, more than the schedule's "
                    + "totalSteps (" + schedule.maxSteps() + "): PyTorch's OneCycleLR refuses to step past it"));
        }
        if (schedule.cyclesMomentum() && optimizer != null
                && optimizer.optimizer().withCycledMomentum(schedule.momentum(0)) == null) {
            String type = optimizer.kind().name();
            errors.add(new FieldProblem("schedule.cycleMomentum", "'" + type + "' has no momentum or beta1 to cycle "
                    + "(PyTorch raises there)" + (type.equals("gd") ? "; use the type momentum (its momentum is "
                    + "then the cycled one), or" : ";") + " set cycleMomentum to false"));
        } else if (schedule.cyclesMomentum() && optimizer != null) {
            // Every cycled value must be one the rule takes (Nesterov needs a momentum above 0).
            for (int k = 0; k < updates; k++) {
                try {
                    optimizer.optimizer().withCycledMomentum(schedule.momentum(k));
                } catch (InvalidHyperparameterException e) {
                    errors.add(new FieldProblem("schedule.baseMomentum", "cycles the momentum to "
                            + schedule.momentum(k) + " at update " + k + ", which '" + optimizer.kind().name()
                            + "' refuses: " + e.violations().get(0).reason()));
                    break;
                }
            }
        }
    }

    static ArmijoLineSearch lineSearch(OptimizationRequest request, OptimizerKind.Configured optimizer,
                                               List<FieldProblem> errors) {
        LineSearchSpec spec = request.lineSearch();
        if (spec == null) {
            return null;
        }
        if (optimizer != null && optimizer.optimizer() instanceof ClosureOptimizer<?>) {
            errors.add(new FieldProblem("lineSearch", "does not combine with optimizer type '"
                    + optimizer.kind().name() + "', which searches its own steps: give optimizer.lineSearchFn "
                    + "\"strong_wolfe\" instead"));
        } else if (optimizer != null && !(optimizer.kind().name().equals("gd")
                && optimizer.values().real("weightDecay") == 0)) {
            errors.add(new FieldProblem("lineSearch", "works with optimizer type 'gd' without weight decay only"));
        }
        if (request.schedule() != null) {
            errors.add(new FieldProblem("lineSearch", "cannot be combined with a schedule: it chooses every step"));
        }
        ArmijoLineSearch standard = ArmijoLineSearch.standard();
        return new ArmijoLineSearch(Objects.requireNonNullElse(spec.c1(), standard.c1()),
                Objects.requireNonNullElse(spec.shrink(), standard.shrink()),
                Objects.requireNonNullElse(spec.initialStep(), standard.initialStep()));
    }

    /**
     * What an optimizer that evaluates the objective during its step (lbfgs, as torch's LBFGS.step(closure)) does
     * not take: clipping and bounds (torch's LBFGS has neither; they would change the direction and the points its
     * line search compares), and mini-batches (each step's evaluations must see one objective).
     */
    static void closureOptimizer(OptimizationRequest request, OptimizerKind.Configured optimizer,
                                 RegressionObjective regression, List<FieldProblem> errors) {
        if (optimizer == null || !(optimizer.optimizer() instanceof ClosureOptimizer<?>)) {
            return;
        }
        String type = optimizer.kind().name();
        if (request.clipping() != null) {
            errors.add(new FieldProblem("clipping", "does not apply to optimizer type '" + type + "' (torch's "
                    + "LBFGS clips nothing: its steps come from its own directions and line search)"));
        }
        if (request.bounds() != null) {
            errors.add(new FieldProblem("bounds", "does not apply to optimizer type '" + type + "' (torch's LBFGS "
                    + "has no bounds: a projected step would break its curvature pairs and line search)"));
        }
        if (regression != null && regression.batchesPerEpoch() > 1) {
            errors.add(new FieldProblem("batchSize", "optimizer type '" + type + "' needs the whole data set in "
                    + "every step (its line search and curvature pairs compare evaluations of one objective): "
                    + "leave batchSize out, or make it the number of rows"));
        }
    }

    static Clipping clipping(ClippingSpec spec, List<FieldProblem> errors) {
        if (spec == null) {
            return Clipping.NONE;
        }
        if ((spec.maxNorm() == null) == (spec.maxValue() == null)) {
            errors.add(new FieldProblem("clipping", "give exactly one of 'maxNorm' and 'maxValue'"));
            return Clipping.NONE;
        }
        return spec.maxNorm() != null ? new Clipping.ByNorm(spec.maxNorm()) : new Clipping.ByValue(spec.maxValue());
    }

    static Box bounds(List<String> variables, Map<String, List<Double>> given, double[] start,
                              List<FieldProblem> errors) {
        Box unbounded = Box.unbounded(variables.size());
        if (given == null) {
            return unbounded;
        }
        double[] lower = unbounded.lower();
        double[] upper = unbounded.upper();
        boolean valid = true;
        for (Map.Entry<String, List<Double>> entry : given.entrySet()) {
            int i = variables.indexOf(entry.getKey());
            List<Double> interval = entry.getValue();
            if (i < 0) {
                errors.add(new FieldProblem("bounds." + Echo.of(entry.getKey()), "is not a variable of the "
                        + "objective; its variables are " + Echo.list(variables)));
                valid = false;
            } else if (interval == null || interval.size() != 2 || interval.stream().anyMatch(Objects::isNull)) {
                // Bean Validation says so first; a request mapped without it must not fail here.
                errors.add(new FieldProblem("bounds." + entry.getKey(), "must be [lower, upper]"));
                valid = false;
            } else if (interval.get(0) > interval.get(1)) {
                errors.add(new FieldProblem("bounds." + entry.getKey(), "lower bound " + interval.get(0)
                        + " is above upper bound " + interval.get(1)));
                valid = false;
            } else {
                lower[i] = interval.get(0);
                upper[i] = interval.get(1);
                if (start != null && !(start[i] >= lower[i] && start[i] <= upper[i])) {
                    errors.add(new FieldProblem("start." + entry.getKey(), start[i] + " lies outside its bounds ["
                            + lower[i] + ", " + upper[i] + "]"));
                    valid = false;
                }
            }
        }
        return valid ? new Box(lower, upper) : unbounded;
    }

    /**
     * The request's stopping rules. {@code tolerance} is on the epoch loss for a regression run by epochs, else on
     * the step, or on the gradient norm for an optimizer that does not move at every update
     * ({@link Optimizer#movesEveryUpdate()}: rprop).
     */
    static StoppingRule stoppingRule(OptimizationRequest request, int maxIterations, boolean epochs,
                                     Optimizer<?> optimizer) {
        List<StoppingRule> rules = new ArrayList<>();
        rules.add(StoppingRule.divergence(Objects.requireNonNullElse(request.divergenceBound(),
                OptimizationRequest.DEFAULT_DIVERGENCE_BOUND)));
        double gradientTolerance = Objects.requireNonNullElse(request.gradientTolerance(), 0.0);
        if (gradientTolerance > 0) {
            rules.add(StoppingRule.gradientTolerance(gradientTolerance));
        }
        double tolerance = Objects.requireNonNullElse(request.tolerance(), OptimizationRequest.DEFAULT_TOLERANCE);
        if (tolerance > 0) {
            rules.add(epochs ? StoppingRule.epochLossTolerance(tolerance)
                    : optimizer.movesEveryUpdate() ? StoppingRule.stepTolerance(tolerance)
                    : StoppingRule.gradientTolerance(tolerance));
        }
        rules.add(StoppingRule.maxIterations(maxIterations));
        return StoppingRule.firstOf(rules);
    }

    /**
     * The updates to explain: none when {@code spec} is absent; {@code steps} in [1, {@value ExplainRange#MAX_STEPS}]
     * from {@code from} (default 1, at least 1), fields named {@code explain.*}.
     */
    static ExplainRange explain(ExplainSpec spec, List<FieldProblem> errors) {
        if (spec == null) {
            return ExplainRange.NONE;
        }
        int from = spec.from() == null ? 1 : spec.from();
        boolean valid = true;
        if (spec.steps() == null || spec.steps() < 1 || spec.steps() > ExplainRange.MAX_STEPS) {
            errors.add(new FieldProblem("explain.steps", "must be between 1 and " + ExplainRange.MAX_STEPS
                    + (spec.steps() == null ? "" : ", was " + spec.steps())));
            valid = false;
        }
        if (from < 1) {
            errors.add(new FieldProblem("explain.from", "must be at least 1, was " + from));
            valid = false;
        }
        return valid ? new ExplainRange(from, spec.steps()) : ExplainRange.NONE;
    }
}
