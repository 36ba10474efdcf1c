package dev.descent.optimization;

import dev.descent.system.Finite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Positive;

/** Gradient clipping: exactly one of {@code maxNorm} and {@code maxValue}. */
@Schema(description = "Gradient clipping before every update, for every optimizer: exactly one of `maxNorm` "
        + "(PyTorch's clip_grad_norm_: scale g by maxNorm / (|g| + 1e-6) when that is below 1) and `maxValue` "
        + "(clip_grad_value_: clamp each component to [-maxValue, maxValue]).")
public record ClippingSpec(
        @Schema(description = "Largest Euclidean norm of the gradient the optimizer sees.", example = "1")
        @Positive @Finite Double maxNorm,
        @Schema(description = "Largest absolute value of each gradient component the optimizer sees.",
                example = "0.5")
        @Positive @Finite Double maxValue) {
}
