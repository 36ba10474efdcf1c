package dev.descent.catalog;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** A catalog function as {@code GET /api/v1/functions} lists it, shown in its default dimension. */
@Schema(description = "A catalog test function, shown in its default dimension.")
record FunctionView(
        @Schema(description = "The name to use as `objective.function`.", example = "rosenbrock",
                requiredMode = REQUIRED) String name,
        @Schema(description = "What it is like.",
                example = "The banana valley: easy to find, hard to follow to (1, …, 1).",
                        requiredMode = REQUIRED) String description,
        @Schema(description = "The formula in the default dimension; variables are x1 … xn.",
                example = "100*(x2 - x1^2)^2 + (1 - x1)^2", requiredMode = REQUIRED) String formula,
        @Schema(description = "The default dimension.", example = "2", requiredMode = REQUIRED) int dimension,
        @Schema(description = "The smallest dimension it is defined for.", example = "2",
                requiredMode = REQUIRED) int minDimension,
        @Schema(description = "The largest dimension it is defined for (equal to minDimension when fixed).",
                example = "100", requiredMode = REQUIRED) int maxDimension,
        @Schema(description = "The usual search domain, the same interval for every variable: the box a comparison's "
                + "`randomStarts` draws from when it gives no `bounds`.",
                example = "[-5, 10]", requiredMode = REQUIRED) List<Double> domain,
        @Schema(description = "The known global minima in the default dimension.",
                requiredMode = REQUIRED) List<MinimumView> knownMinima,
        @Schema(description = "The start used when a request gives none.",
                example = "{\"x1\": -1.2, \"x2\": 1}", requiredMode = REQUIRED) Map<String, Double> defaultStart) {

    /** A known global minimum. */
    @Schema(description = "A known global minimum.")
    record MinimumView(
            @Schema(description = "The minimizer.", example = "{\"x1\": 1, \"x2\": 1}",
                    requiredMode = REQUIRED) Map<String, Double> point,
            @Schema(description = "The minimum value.", example = "0", requiredMode = REQUIRED) double value) {
    }
}
