package dev.descent.rangetest;

import dev.descent.optimization.ClippingSpec;
import dev.descent.optimization.ObjectiveSpec;
import dev.descent.optimization.OptimizationRequest;
import dev.descent.optimization.OptimizerSpec;
import dev.descent.optimization.TrajectoryOptions;
import dev.descent.system.Finite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A learning-rate range test: the fields of an optimization that say what is descended and how (objective, start,
 * optimizer, clipping, bounds, a regression's batches), and the {@code range} swept. The fields an optimization
 * uses to set the rate or to stop ({@code schedule}, {@code lineSearch}, tolerances, caps) are not taken: the sweep
 * sets the rate and the blow-up rule stops it. {@code schedule} and {@code lineSearch} are read only to refuse them
 * with that reason (a request copied from an optimization is likeliest to carry them); the others are unknown
 * fields.
 */
@Schema(description = "A learning-rate range test (Smith's LR finder, fastai's `lr_find`): the objective, start, "
        + "optimizer and batches of an optimization, and the `range` of learning rates to sweep. The sweep sets the "
        + "rate: `schedule` and `lineSearch` are refused, and the optimizer's `learningRate` is not used.")
public record RangeTestRequest(
        @Schema(description = "What to minimize, as for an optimization.", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull @Valid ObjectiveSpec objective,

        @Schema(description = "The start point, as for an optimization: required for an expression; a catalog "
                + "function starts at its default start when this is absent.", example = "{\"x\": -1.5, \"y\": 2}")
        Map<String, @NotNull @Finite Double> start,

        @Schema(description = "The update rule (`type`) and its hyperparameters, as for an optimization; its "
                + "`learningRate` is not used, since the sweep sets the rate. Default: `{\"type\": \"gd\"}`.")
        OptimizerSpec optimizer,

        @Schema(description = "The learning rates to sweep. Default: from 1e-7 to 10 in 100 points.")
        @Valid RangeSpec range,

        @Schema(description = "Clip the gradient before every update.")
        @Valid ClippingSpec clipping,

        @Schema(description = "Box bounds per variable, [lower, upper], as for an optimization.",
                example = "{\"x\": [-2, 2]}")
        Map<String, @NotNull @Size(min = 2, max = 2) List<@NotNull @Finite Double>> bounds,

        @Schema(description = "Regression only: rows per update (each point of the curve is the loss of one "
                + "batch). Absent: full batch.", example = "10", minimum = "1")
        @Min(1) Integer batchSize,

        @Schema(description = "Regression only: reshuffle the rows before every epoch. Default: true.",
                example = "true")
        Boolean shuffle,

        @Schema(description = "Regression only: the shuffling seed. Default: 0.", example = "42")
        Long seed,

        @Schema(hidden = true) JsonNode schedule,

        @Schema(hidden = true) JsonNode lineSearch) {

    /**
     * The optimization this range test runs before its sweep and blow-up rule replace the rate and the stopping
     * rules: {@code updates} updates, no tolerance, no trajectory in its answer.
     */
    OptimizationRequest optimization(int updates) {
        return new OptimizationRequest(objective, start, optimizer, updates, 0.0, 0.0, null,
                new TrajectoryOptions(false, null), null, null, clipping, bounds, batchSize, null, shuffle, seed, null);
    }
}
