package dev.descent.catalog;

import dev.descent.optimization.ScheduleSpec;
import dev.descent.system.Finite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A schedule to preview: the schedule as an optimization request gives it, the base rate (the optimizer's
 * {@code learningRate} there) and the number of updates.
 *
 * @param schedule     as {@code schedule} in POST /api/v1/optimizations; not {@code reduceOnPlateau}
 * @param learningRate the base rate; absent, gd's default, the rate of an optimization request without optimizer
 * @param steps        the number of updates, 1 to the service's {@code maxIterations}
 */
@Schema(description = "A learning-rate schedule to preview over a number of updates, before it is used.")
public record SchedulePreviewRequest(
        @Schema(description = "The schedule, as `schedule` in POST /api/v1/optimizations (`type`, its parameters, "
                + "an optional `warmup`). Not `reduceOnPlateau`, whose rates depend on the objective's values.",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull ScheduleSpec schedule,

        @Schema(description = "The base learning rate, as the optimizer's `learningRate` in an optimization "
                + "request. Default: 0.001, gd's default, the rate of an optimization request without `optimizer`.",
                defaultValue = "0.001", example = "0.1", minimum = "0")
        @PositiveOrZero @Finite Double learningRate,

        @Schema(description = "The number of updates to preview, at most the service's `maxIterations` limit "
                + "(descent.optimization.max-iterations, 1,000,000 by default) and its answer limit "
                + "(descent.optimization.max-answer-numbers, one number a rate).",
                requiredMode = Schema.RequiredMode.REQUIRED, example = "100", minimum = "1")
        @NotNull @Min(1) Integer steps) {
}
