package dev.descent.catalog;

import dev.descent.engine.optim.Hyperparameters;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.ScheduleSpec;
import dev.descent.optimization.WorkBudget;
import dev.descent.plot.ImageFormat;
import dev.descent.plot.ScheduleChart;
import dev.descent.system.FieldProblem;
import dev.descent.system.InvalidRequestException;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Checks a schedule preview and computes it: the schedule is mapped by the optimization API's own mapper (so its
 * fields are checked and named as there, and the rates are those a run is given), the number of updates and the
 * picture are bounded before anything is computed.
 */
@Component
class SchedulePreviews {

    /**
     * The work units of one rate of a JSON answer: its {@code Math.pow} or {@code Math.cos} and writing it as a
     * JSON number, about 40 ns (a work unit is about 10 ns, see {@code RunPlan#work()}).
     */
    static final long WORK_PER_RATE = 4;

    /** The base rate of a request without {@code learningRate}: gd's, as an optimization without optimizer has. */
    static final double DEFAULT_LEARNING_RATE =
            ((Number) Hyperparameters.LEARNING_RATE.defaultValue()).doubleValue();

    private final OptimizationMapper mapper;
    private final WorkBudget budget;

    SchedulePreviews(OptimizationMapper mapper, WorkBudget budget) {
        this.mapper = mapper;
        this.budget = budget;
    }

    /** The most updates a preview may cover: as many as a run may make, and one number each in an answer. */
    long maxSteps() {
        return Math.min(mapper.synchronousLimits().maxIterations(), budget.maxAnswerNumbers());
    }

    /**
     * The preview {@code request} asks for, every invalid field reported at once: {@code schedule.type} for
     * {@code reduceOnPlateau}, {@code schedule.*} for its values, {@code steps} beyond {@link #maxSteps()}.
     */
    Preview plan(SchedulePreviewRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ScheduleSpec spec = request.schedule();
        if (spec instanceof ScheduleSpec.ReduceOnPlateau) {
            errors.add(new FieldProblem("schedule.type", "reduceOnPlateau cannot be previewed: its rate depends on "
                    + "the objective's values (it decays after `patience` updates without improvement of f), and a "
                    + "preview has no objective. Run the descent (POST /api/v1/optimizations); each trajectory "
                    + "point carries the learningRate of its update"));
        }
        if (request.steps() > maxSteps()) {
            errors.add(new FieldProblem("steps", "must be at most " + maxSteps() + " on this service (as "
                    + "maxIterations, one number a rate in the answer)"));
        }
        double base = Objects.requireNonNullElse(request.learningRate(), DEFAULT_LEARNING_RATE);
        LearningRateSchedule schedule = null;
        if (!(spec instanceof ScheduleSpec.ReduceOnPlateau)) {
            try {
                schedule = mapper.toSchedule(spec, base);
            } catch (InvalidRequestException e) {
                errors.addAll(e.errors());
            }
        }
        if (schedule != null && request.steps() > schedule.maxSteps()) {
            errors.add(new FieldProblem("steps", "must be at most the schedule's totalSteps (" + schedule.maxSteps()
                    + "): PyTorch's OneCycleLR refuses to step past it"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new Preview(spec.typeName(), base, request.steps(), schedule);
    }

    /**
     * Refuses a picture of {@code preview} that takes more than a synchronous request may (422
     * {@code work-too-large}), and answers what drawing it takes, in work units.
     */
    long drawing(Preview preview, ImageFormat format, int width, int height) {
        long drawing = ScheduleChart.drawingCost(format, width, height, preview.steps());
        if (drawing > budget.maxSyncWork()) {
            throw new ProblemException(ProblemType.WORK_TOO_LARGE, "Drawing this preview may take " + drawing
                    + " work units (its " + preview.steps() + " points, and for a PNG its pixels); a synchronous "
                    + "request may take at most " + budget.maxSyncWork() + ". Ask for fewer steps, a smaller "
                    + "picture (width, height), an SVG rather than a PNG, or the rates as JSON.")
                    .with("work", drawing)
                    .with("maxWork", budget.maxSyncWork());
        }
        return drawing;
    }

    /**
     * A checked preview.
     *
     * @param type         the schedule's {@code type}
     * @param learningRate the base rate
     * @param steps        the number of updates
     * @param schedule     a fresh instance of the schedule, as a run is given it
     */
    record Preview(String type, double learningRate, int steps, LearningRateSchedule schedule) {

        /** The work of the JSON answer, in work units. */
        long work() {
            return WORK_PER_RATE * steps * (schedule.cyclesMomentum() ? 2 : 1);
        }

        /** The heap the rates (and momenta) hold: 8 bytes each. */
        long bytes() {
            return Double.BYTES * (long) steps * (schedule.cyclesMomentum() ? 2 : 1);
        }

        /** Index k: the rate of update k + 1, which the engine asks the schedule for as {@code rate(k)}. */
        double[] rates() {
            double[] rates = new double[steps];
            for (int k = 0; k < steps; k++) {
                rates[k] = schedule.rate(k);
            }
            return rates;
        }

        /** Index k: the momentum (or β1) of update k + 1; null when the schedule cycles none. */
        double[] momenta() {
            if (!schedule.cyclesMomentum()) {
                return null;
            }
            double[] momenta = new double[steps];
            for (int k = 0; k < steps; k++) {
                momenta[k] = schedule.momentum(k);
            }
            return momenta;
        }

        SchedulePreviewResponse response() {
            return new SchedulePreviewResponse(type, learningRate, steps, rates(), momenta());
        }
    }
}
