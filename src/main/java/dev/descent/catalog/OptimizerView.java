package dev.descent.catalog;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** An optimizer variant as {@code GET /api/v1/optimizers} lists it. */
@Schema(description = "An optimizer variant and its hyperparameters.")
record OptimizerView(
        @Schema(description = "The `optimizer.type` to ask for it.", example = "adam") String type,
        @Schema(description = "What it does.",
                example = "Adam: bias-corrected running averages of the gradient and its square.") String summary,
        @Schema(description = "The PyTorch optimizer whose documented update rule it follows.",
                example = "torch.optim.Adam") String pytorch,
        @Schema(description = "Its hyperparameters.") List<ParameterView> hyperparameters) {

    /** One hyperparameter. */
    @Schema(description = "One hyperparameter: name, type, PyTorch's default, allowed range and meaning.")
    record ParameterView(
            @Schema(description = "The name in requests (PyTorch's, in camelCase).", example = "beta1") String name,
            @Schema(description = "`number` or `boolean`.", example = "number") String type,
            @Schema(description = "The default: PyTorch's.", example = "0.9") Object defaultValue,
            @Schema(description = "The allowed range in interval notation (numbers only).", example = "[0, 1)")
            String range,
            @Schema(description = "What it does.",
                    example = "Decay rate of the running average of the gradient (PyTorch's betas[0]).")
            String description) {
    }
}
