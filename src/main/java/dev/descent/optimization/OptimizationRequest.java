package dev.descent.optimization;

import dev.descent.engine.run.ExplainRange;
import dev.descent.system.Finite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * A descent to run: the objective, the start, the optimizer and the stopping rules. Every field but
 * {@code objective} has a default.
 */
@Schema(description = "A descent to run: objective, start, optimizer and stopping rules.")
public record OptimizationRequest(
        @Schema(description = "What to minimize.", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull @Valid ObjectiveSpec objective,

        @Schema(description = "The start point: a value for every variable of the objective. Required for an "
                + "expression; a catalog function starts at its default start when this is absent.",
                example = "{\"x\": 5}")
        Map<String, @NotNull @Finite Double> start,

        @Schema(description = "The update rule (`type`) and its hyperparameters, PyTorch's names in camelCase; "
                        + "absent ones take PyTorch's defaults. Default: `{\"type\": \"gd\"}`.")
        OptimizerSpec optimizer,

        @Schema(description = "Iteration cap: the run stops after this many updates with status MAX_ITERATIONS "
                + "unless a tolerance fires first. 0 only evaluates the start. Default: 1000; for a regression, "
                + "`epochs` may replace it (not both).", example = "1000")
        @Min(0) Integer maxIterations,

        @Schema(description = "Converged when an update moves the point by less than this (Euclidean norm of "
                + "the step). For `rprop` it is compared with the gradient norm instead: rprop skips the update "
                + "of a coordinate whose gradient's sign flipped, so a step of 0 there is no sign of convergence. "
                + "0 disables the rule.", defaultValue = "1e-6", example = "1e-6")
        @PositiveOrZero @Finite Double tolerance,

        @Schema(description = "Converged when the gradient norm falls below this. 0 disables the rule.",
                defaultValue = "0", example = "0")
        @PositiveOrZero @Finite Double gradientTolerance,

        @Schema(description = "Diverged when |f(x)| exceeds this, or when f or its gradient stops being finite.",
                defaultValue = "1e12", example = "1e12")
        @Positive @Finite Double divergenceBound,

        @Schema(description = "How much of the trajectory to return.")
        @Valid TrajectoryOptions trajectory,

        @Schema(description = "How the learning rate changes per step (`type` and its parameters, plus an optional "
                        + "linear `warmup`); the optimizer's learningRate is the base rate. Default: constant.")
        ScheduleSpec schedule,

        @Schema(description = "Choose each step by backtracking line search instead of a learning rate.")
        @Valid LineSearchSpec lineSearch,

        @Schema(description = "Clip the gradient before every update.")
        @Valid ClippingSpec clipping,

        @Schema(description = "Box bounds per variable, [lower, upper]; every update is projected back into the "
                + "box, and the start must lie in it. Variables not named are free.",
                example = "{\"x\": [-2, 2]}")
        Map<String, @NotNull @Size(min = 2, max = 2) List<@NotNull @Finite Double>> bounds,

        @Schema(description = "Regression only: rows per update. Absent: full batch (every row); 1: stochastic "
                + "gradient descent; k: mini-batch.", example = "10", minimum = "1")
        @Min(1) Integer batchSize,

        @Schema(description = "Regression only: the number of passes over the data; replaces maxIterations "
                + "(maxIterations = epochs × batches per epoch). For a regression, `tolerance` is compared with the "
                + "change of the loss over the whole data set from one epoch to the next.", example = "100",
                minimum = "1")
        @Min(1) Integer epochs,

        @Schema(description = "Regression only: reshuffle the rows before every epoch. Default: true.",
                example = "true")
        Boolean shuffle,

        @Schema(description = "Regression only: the shuffling seed; the same request with the same seed gives the "
                + "same result to the last bit. Default: 0.", example = "42")
        Long seed,

        @Schema(description = "Explain updates: the first `steps` ones (or from update `from` on), every quantity of "
                + "the optimizer's algorithm box per variable, in the result's `explanation`. At most "
                + ExplainRange.MAX_STEPS + " updates. A job explains the same updates as the synchronous run, to the "
                + "bit, also when it is resumed after a restart.")
        @Valid ExplainSpec explain) {

    /** An empty {@code start} or {@code bounds} is none (see {@link EmptyIsAbsent}). */
    public OptimizationRequest {
        start = EmptyIsAbsent.map(start);
        bounds = EmptyIsAbsent.map(bounds);
    }

    /** This request with another objective, everything else the same. */
    public OptimizationRequest withObjective(ObjectiveSpec other) {
        return new OptimizationRequest(other, start, optimizer, maxIterations, tolerance, gradientTolerance,
                divergenceBound, trajectory, schedule, lineSearch, clipping, bounds, batchSize, epochs, shuffle, seed,
                explain);
    }

    /** This request from another start with another optimizer, everything else the same: a comparison's run. */
    public OptimizationRequest withStartAndOptimizer(Map<String, Double> otherStart, OptimizerSpec otherOptimizer) {
        return new OptimizationRequest(objective, otherStart, otherOptimizer, maxIterations, tolerance,
                gradientTolerance, divergenceBound, trajectory, schedule, lineSearch, clipping, bounds, batchSize,
                epochs, shuffle, seed, explain);
    }

    static final int DEFAULT_MAX_ITERATIONS = 1000;
    static final double DEFAULT_TOLERANCE = 1e-6;
    static final double DEFAULT_DIVERGENCE_BOUND = 1e12;
}
