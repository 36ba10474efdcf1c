package dev.descent.optimization;

import dev.descent.system.Finite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
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

        @Schema(ref = "#/components/schemas/Optimizer",
                description = "The update rule (`type`) and its hyperparameters, PyTorch's names in camelCase; "
                        + "absent ones take PyTorch's defaults. Default: `{\"type\": \"gd\"}`.")
        Map<String, Object> optimizer,

        @Schema(description = "Iteration cap: the run stops after this many updates with status MAX_ITERATIONS "
                + "unless a tolerance fires first. 0 only evaluates the start.", defaultValue = "1000",
                example = "1000")
        @Min(0) Integer maxIterations,

        @Schema(description = "Converged when an update moves the point by less than this (Euclidean norm of "
                + "the step). 0 disables the rule.", defaultValue = "1e-6", example = "1e-6")
        @PositiveOrZero @Finite Double tolerance,

        @Schema(description = "Converged when the gradient norm falls below this. 0 disables the rule.",
                defaultValue = "0", example = "0")
        @PositiveOrZero @Finite Double gradientTolerance,

        @Schema(description = "Diverged when |f(x)| exceeds this, or when f or its gradient stops being finite.",
                defaultValue = "1e12", example = "1e12")
        @Positive @Finite Double divergenceBound,

        @Schema(description = "How much of the trajectory to return.")
        @Valid TrajectoryOptions trajectory) {

    static final int DEFAULT_MAX_ITERATIONS = 1000;
    static final double DEFAULT_TOLERANCE = 1e-6;
    static final double DEFAULT_DIVERGENCE_BOUND = 1e12;
}
