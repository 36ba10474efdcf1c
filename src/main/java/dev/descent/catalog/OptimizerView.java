package dev.descent.catalog;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** An optimizer variant or a learning-rate schedule, as the catalog lists it. */
@Schema(description = "An optimizer variant (or a learning-rate schedule) and its hyperparameters.")
record OptimizerView(
        @Schema(description = "The `type` to ask for it.", example = "adam", requiredMode = REQUIRED) String type,
        @Schema(description = "What it does.",
                example = "Adam: bias-corrected running averages of the gradient and its square.",
                        requiredMode = REQUIRED) String summary,
        @Schema(description = "The PyTorch optimizer or scheduler whose documented rule it follows.",
                example = "torch.optim.Adam", requiredMode = REQUIRED) String pytorch,
        @Schema(description = "Its hyperparameters.", requiredMode = REQUIRED) List<ParameterView> hyperparameters) {
}
