package dev.descent.optimization;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** What a regression fitted, in the original units of the features. */
@Schema(description = "The fitted model of a regression objective, in the original units of the features "
        + "(standardization undone).")
public record ModelView(
        @Schema(description = "The intercept (0 without fitIntercept).", example = "4.02",
                requiredMode = REQUIRED) Double intercept,
        @Schema(description = "The coefficient per feature name.", example = "{\"x1\": 2.97}", requiredMode = REQUIRED)
        Map<String, Double> coefficients) {

    /** The standardization a fit used. */
    @Schema(description = "The per-feature means and (population) standard deviations used to standardize; the "
            + "trajectory's points are in standardized units, the model's coefficients are not.")
    public record StandardizationView(
            @Schema(description = "Mean per feature.", example = "{\"x1\": 1.01}",
                    requiredMode = REQUIRED) Map<String, Double> means,
            @Schema(description = "Standard deviation per feature.", example = "{\"x1\": 0.58}",
                    requiredMode = REQUIRED)
            Map<String, Double> scales) {
    }
}
