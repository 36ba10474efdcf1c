package dev.descent.optimization;

import dev.descent.system.Finite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;

/** Backtracking Armijo line search settings; every field has the customary default. */
@Schema(description = "Backtracking line search with the Armijo condition: each step tries t = initialStep, "
        + "initialStep*shrink, ... and takes the first t with f(x - t g) <= f(x) - c1 t |g|^2, so the objective "
        + "never increases and no learning rate is needed. Only with optimizer `gd` (no weight decay) and no "
        + "schedule.")
public record LineSearchSpec(
        @Schema(description = "Sufficient-decrease constant c1, in (0, 1).", defaultValue = "1e-4",
                example = "0.0001")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false) @Finite Double c1,
        @Schema(description = "Factor by which the trial step shrinks after each rejection, in (0, 1).",
                defaultValue = "0.5", example = "0.5")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false) @Finite
        Double shrink,
        @Schema(description = "The first step tried at every iteration.", defaultValue = "1", example = "1")
        @Positive @Finite Double initialStep) {
}
