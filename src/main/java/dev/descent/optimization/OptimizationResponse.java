package dev.descent.optimization;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.descent.engine.stop.Status;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The outcome of a descent: the verdict, the minimum reached and the path to it. */
@Schema(description = "The outcome of a descent: verdict, minimum reached, path, cost.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OptimizationResponse(
        @Schema(description = "CONVERGED: a tolerance rule fired. MAX_ITERATIONS: the cap was reached first. "
                + "DIVERGED: f or its gradient stopped being finite, or |f| passed the divergence bound. CANCELLED: "
                + "a job's run stopped by DELETE. TIME_LIMIT: a job's run stopped by its time budget "
                + "(descent.jobs.max-duration), where it got to.",
                example = "CONVERGED", requiredMode = REQUIRED)
        Status status,
        @Schema(description = "Which rule ended the run, with its numbers.",
                example = "step size 9.8e-07 fell below the tolerance 1e-06", requiredMode = REQUIRED)
        String stopReason,
        @Schema(description = "The number of updates made.", example = "62", requiredMode = REQUIRED)
        int iterations,
        @Schema(description = "The best point the run saw: the first iterate with the lowest f (in a DIVERGED run "
                + "often the start), with its iteration, f and the gradient norm there. For a mini-batch regression "
                + "the iterate with the lowest loss over the whole data set, judged at the start, at the end of each "
                + "epoch and at the last iterate, its value and gradient norm over the whole data set; `model` and "
                + "`metrics` are those of this point.", requiredMode = REQUIRED)
        IterateView minimum,
        @Schema(description = "The iterate the run ended on, as the last point of `trajectory` (for a mini-batch "
                + "regression, with the loss and gradient norm over the whole data set). The same as `minimum` when "
                + "the run ended on its best point.", requiredMode = REQUIRED)
        IterateView last,
        @Schema(description = "asgd only: the averaged point ax at the end, the running mean of the iterates from "
                + "update t0 + 2 on (the last iterate itself before that), as torch.optim.ASGD keeps it in its state "
                + "`ax`. Not a point the run visited; f is not evaluated there.", example = "{\"x\": -1.9994}")
        Map<String, Double> averagedPoint,
        @Schema(description = "The iterates: the start, then the points after successive updates, thinned evenly "
                + "to `trajectory.maxPoints` (first and last always kept); an array of iterates (`trajectory.layout` "
                + "rows, the default: `trajectory[0]` is the start) or an object of arrays (columns). Absent when "
                + "`trajectory.include` is false.")
        TrajectoryView trajectory,
        @Schema(description = "What happened in the run, in a word and a sentence, beside the stopping status.",
                requiredMode = REQUIRED)
        DiagnosisView diagnosis,
        @Schema(description = "The curvature along the run and the learning rates it implies; absent when not "
                + "computed.")
        CurvatureView curvature,
        @Schema(description = "How many times f was evaluated.", example = "63", requiredMode = REQUIRED)
        long functionEvaluations,
        @Schema(description = "How many times the gradient was evaluated.", example = "63", requiredMode = REQUIRED)
        long gradientEvaluations,
        @Schema(description = "Wall-clock time of the descent itself, in milliseconds.", example = "0.41",
                requiredMode = REQUIRED)
        double elapsedMillis,
        @Schema(description = "The objective as run: its formula and variables in order.", requiredMode = REQUIRED)
        ObjectiveView objective,
        @Schema(description = "The optimizer as run: its type and every hyperparameter, defaults included (the "
                + "request's own Optimizer schema).", requiredMode = REQUIRED)
        OptimizerSpec optimizer,
        @Schema(description = "Regression only: the fitted model.")
        ModelView model,
        @Schema(description = "Regression only: the loss over the whole data set (penalties included) at the start "
                + "and after every epoch; null where not finite.", example = "[50.1, 3.2, 1.1, 0.98]")
        NumbersView epochLosses,
        @Schema(description = "Regression only: quality of the fit on the whole data set, without penalties: `mse` "
                + "and `r2` for linear regression, `logLoss` and `accuracy` (threshold 0.5) for logistic.",
                example = "{\"mse\": 0.97, \"r2\": 0.81}")
        Map<String, Double> metrics,
        @Schema(description = "Regression with standardize only: the means and standard deviations used.")
        ModelView.StandardizationView standardization,
        @Schema(description = "With `explain` only: the explained updates in order (fewer than asked when the run "
                + "ended first), each with every quantity of the optimizer's algorithm box per variable.")
        List<ExplanationView> explanation,
        @Schema(description = "What the result was computed from: the request as run, every default filled in and "
                + "marked, the service's version and commit, and hashes of the request and of this result.",
                requiredMode = REQUIRED)
        Receipt receipt,
        // Not an answer member: whether the run's schedule cycles the momentum, so that the table of an answer
        // without its trajectory has the momentum column even before any update.
        @JsonIgnore @Schema(hidden = true)
        boolean cyclesMomentum) implements TrajectoryTable {

    /** This answer with {@code receipt}. */
    public OptimizationResponse withReceipt(Receipt receipt) {
        return new OptimizationResponse(status, stopReason, iterations, minimum, last, averagedPoint, trajectory,
                diagnosis, curvature, functionEvaluations, gradientEvaluations, elapsedMillis, objective, optimizer,
                model, epochLosses, metrics, standardization, explanation, receipt, cyclesMomentum);
    }

    @Override
    public TrajectoryView table() {
        return trajectory;
    }

    @Override
    public List<String> tableVariables() {
        return objective.variables();
    }

    /** Whether the run's schedule cycles the momentum: its table has the momentum column, with or without points. */
    @Override
    public boolean tableMomentum() {
        return cyclesMomentum;
    }

    /** The objective as run. */
    @Schema(description = "The objective as run.")
    public record ObjectiveView(
            @Schema(description = "The formula that was differentiated.", example = "x^2 + 4*x + 9",
                    requiredMode = REQUIRED)
            String formula,
            @Schema(description = "The variables, in the order used everywhere else.", example = "[\"x\"]",
                    requiredMode = REQUIRED)
            List<String> variables) {
    }
}
