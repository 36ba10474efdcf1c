package dev.descent.catalog;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A schedule's learning rates, update by update.
 *
 * @param type          the schedule's {@code type}
 * @param learningRate  the base rate the rates were computed from
 * @param steps         the number of updates, the length of {@code learningRates}
 * @param learningRates index k: the rate of update k + 1
 * @param momenta       index k: the momentum (or β1) of update k + 1, for a schedule that cycles it; else null
 */
@Schema(description = "A schedule's learning rates, one per update.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchedulePreviewResponse(
        @Schema(description = "The schedule's `type`.", example = "cosine", requiredMode = REQUIRED) String type,
        @Schema(description = "The base learning rate.", example = "0.1", requiredMode = REQUIRED)
        double learningRate,
        @Schema(description = "The number of updates.", example = "100", requiredMode = REQUIRED) int steps,
        @ArraySchema(arraySchema = @Schema(description = "The rate of each update: index k is the rate of update "
                + "k + 1, the `learningRate` that trajectory point k + 1 of a run with this schedule carries.",
                requiredMode = REQUIRED), schema = @Schema(type = "number", format = "double", example = "0.1"))
        double[] learningRates,
        @ArraySchema(arraySchema = @Schema(description = "Only for a schedule that cycles the momentum (oneCycle, "
                + "cyclic with cycleMomentum): the momentum (SGD, RMSprop) or beta1 (Adam, Adamax, NAdam, RAdam) "
                + "of each update, index k that of update k + 1, the `momentum` trajectory point k + 1 of a run "
                + "carries."), schema = @Schema(type = "number", format = "double", example = "0.95"))
        double[] momenta) {

    /** Without momenta: a schedule that cycles none. */
    public SchedulePreviewResponse(String type, double learningRate, int steps, double[] learningRates) {
        this(type, learningRate, steps, learningRates, null);
    }
}
