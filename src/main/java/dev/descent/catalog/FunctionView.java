package dev.descent.catalog;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** A catalog function as {@code GET /api/v1/functions} lists it, shown in its default dimension. */
@Schema(description = "A catalog test function, shown in its default dimension.")
record FunctionView(
        @Schema(description = "The name to use as `objective.function`.", example = "rosenbrock") String name,
        @Schema(description = "What it is like.",
                example = "The banana valley: easy to find, hard to follow to (1, …, 1).") String description,
        @Schema(description = "The formula in the default dimension; variables are x1 … xn.",
                example = "100*(x2 - x1^2)^2 + (1 - x1)^2") String formula,
        @Schema(description = "The default dimension.", example = "2") int dimension,
        @Schema(description = "The smallest dimension it is defined for.", example = "2") int minDimension,
        @Schema(description = "The largest dimension it is defined for (equal to minDimension when fixed).",
                example = "100") int maxDimension,
        @Schema(description = "The usual search domain, the same interval for every variable.",
                example = "[-5, 10]") List<Double> domain,
        @Schema(description = "The known global minima in the default dimension.") List<MinimumView> knownMinima,
        @Schema(description = "The start used when a request gives none.",
                example = "{\"x1\": -1.2, \"x2\": 1}") Map<String, Double> defaultStart) {

    /** A known global minimum. */
    @Schema(description = "A known global minimum.")
    record MinimumView(
            @Schema(description = "The minimizer.", example = "{\"x1\": 1, \"x2\": 1}") Map<String, Double> point,
            @Schema(description = "The minimum value.", example = "0") double value) {
    }
}
