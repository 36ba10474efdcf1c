package dev.descent.rangetest;

import dev.descent.engine.optim.ClosureOptimizer;
import dev.descent.engine.optim.Rprop;
import dev.descent.engine.rangetest.RangeTest;
import dev.descent.engine.run.Problem;
import dev.descent.engine.run.Result;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.OptimizationResponse;
import dev.descent.optimization.RunPlan;
import dev.descent.system.FieldProblem;
import dev.descent.system.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Maps a range test onto the engine through the optimization API's own mapper: the request becomes an
 * optimization of {@code steps - 1} updates (every field checked as there), whose schedule is then the sweep and
 * whose stopping rule is the sweep's (blow-up, or the end of the range). No descent loop of its own: the run is an ordinary
 * {@link dev.descent.engine.run.Descent} run.
 */
@Component
public class RangeTestMapper {

    static final String SETS_THE_RATE = "the range test sets the learning rate itself: it sweeps it from range.min "
            + "to range.max";

    private final OptimizationMapper optimizations;

    RangeTestMapper(OptimizationMapper optimizations) {
        this.optimizations = optimizations;
    }

    /**
     * A range test to run.
     *
     * @param run  the descent, its schedule the sweep and its stopping rule the blow-up rule
     * @param test the sweep, which records the curve while the descent runs; serves that run only
     */
    public record RangeTestPlan(RunPlan run, RangeTest test) {

        /** The numbers of the answer: three per point and a few more. */
        public long answerNumbers() {
            return 3L * test.steps() + 32;
        }
    }

    /**
     * Checks every field at once (the range here, the rest by the optimization mapper, with the same paths) and
     * makes the plan; throws {@link InvalidRequestException} listing each invalid field.
     */
    public RangeTestPlan toPlan(RangeTestRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        RangeSpec range = request.range() == null ? RangeSpec.DEFAULT : request.range();
        double min = range.effectiveMin();
        double max = range.effectiveMax();
        int steps = range.effectiveSteps();
        // Bean Validation checks each number alone; these hold for a request mapped without it too.
        if (!(min > 0) || Double.isInfinite(min)) {
            errors.add(new FieldProblem("range.min", "must be a positive finite learning rate, was " + min));
        }
        if (!(max > 0) || Double.isInfinite(max)) {
            errors.add(new FieldProblem("range.max", "must be a positive finite learning rate, was " + max));
        } else if (!(max > min)) {
            errors.add(new FieldProblem("range.max", max + " must be above range.min " + min));
        }
        if (steps < 2 || steps > RangeSpec.MAX_STEPS) {
            errors.add(new FieldProblem("range.steps", "must be between 2 and " + RangeSpec.MAX_STEPS + ", was "
                    + steps));
        }
        // An explicit null is as absent (Jackson may read it as a NullNode).
        if (request.schedule() != null && !request.schedule().isNull()) {
            errors.add(new FieldProblem("schedule", "is not taken: " + SETS_THE_RATE));
        }
        if (request.lineSearch() != null && !request.lineSearch().isNull()) {
            errors.add(new FieldProblem("lineSearch", "is not taken: " + SETS_THE_RATE));
        }
        boolean validRange = errors.stream().noneMatch(error -> error.field().startsWith("range."));
        RunPlan plan = null;
        try {
            plan = optimizations.toPlan(request.optimization(validRange ? steps - 1 : 1));
        } catch (InvalidRequestException e) {
            errors.addAll(e.errors());
        }
        if (plan != null && plan.optimizer().optimizer() instanceof Rprop) {
            // Rprop reads the learning rate once, as its first step size: a sweep of it would change nothing.
            errors.add(new FieldProblem("optimizer.type", "rprop takes the learning rate only as its first step "
                    + "size and ignores it afterwards (as torch.optim.Rprop does): a range test of it measures "
                    + "nothing; choose another optimizer"));
        }
        if (plan != null && plan.optimizer().optimizer() instanceof ClosureOptimizer<?>) {
            // One lbfgs update is a whole torch LBFGS step: up to maxIter iterations with their own step lengths.
            errors.add(new FieldProblem("optimizer.type", plan.optimizer().kind().name() + " makes up to maxIter "
                    + "iterations per step, their lengths its own (learningRate only scales them, or seeds its line "
                    + "search): a range test's loss per step measures those iterations, not a learning rate; choose "
                    + "another optimizer"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        RangeTest test = new RangeTest(min, max, steps, plan.problem().maximize());
        Problem mapped = plan.problem();
        Problem problem = new Problem(mapped.objective(), mapped.start(), mapped.optimizer(), test,
                test.stoppingRule(),
                mapped.clipping(), mapped.bounds(), null, mapped.recordLimit())
                // A test of a run that maximizes sweeps the rate on -f, the loss it descends: its curve is -f's.
                .withMaximize(mapped.maximize());
        return new RangeTestPlan(new RunPlan(problem, plan.formula(), plan.variables(), plan.optimizer(),
                plan.trajectory(), plan.maxIterations(), plan.regression(), plan.standardize(), null), test);
    }

    /** The answer for {@code plan}, whose run ended with {@code result}. */
    public RangeTestResponse toResponse(RangeTestPlan plan, Result result) {
        RangeTest.Curve curve = plan.test().curve();
        List<RangeTestResponse.CurvePoint> points = new ArrayList<>(curve.size());
        for (int i = 0; i < curve.size(); i++) {
            points.add(new RangeTestResponse.CurvePoint(curve.learningRates()[i], finiteOrNull(curve.losses()[i]),
                    finiteOrNull(curve.smoothed()[i])));
        }
        Optional<RangeTest.Suggestion> suggestion = curve.suggest(plan.test().steps());
        RangeTest.Suggestion s = suggestion.orElse(null);
        return new RangeTestResponse(s == null ? null : s.learningRate(), s == null ? null : s.rule(),
                s == null ? null : s.steepest(), s == null ? null : s.minimumOverTen(),
                result.stopReason().status(), result.stopReason().description(),
                s == null ? null : List.of(s.from(), s.to()),
                new OptimizationResponse.ObjectiveView(plan.run().formula(), plan.run().variables()), points);
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
