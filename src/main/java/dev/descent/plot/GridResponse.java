package dev.descent.plot;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** An objective's values on a grid. */
@Schema(description = "The objective's values on a grid: `values[j][i]` is f at (`x[i]`, `y[j]`); for one "
        + "variable, a single row `values[0][i]` = f(`x[i]`). Values that are not finite are null.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GridResponse(
        @Schema(description = "The variables, in order: the first along `x`, the second along `y`.",
                example = "[\"x\", \"y\"]", requiredMode = REQUIRED)
        List<String> variables,
        @Schema(description = "The grid's coordinates along the first variable.", example = "[-2, 0, 2]",
                requiredMode = REQUIRED)
        List<Double> x,
        @Schema(description = "The grid's coordinates along the second variable; absent for one variable.",
                example = "[-1, 1, 3]")
        List<Double> y,
        @Schema(description = "The values, one row per `y` (a single row for one variable).",
                example = "[[409, 101, 409], [9, 1, 9], [109, 901, 109]]", requiredMode = REQUIRED)
        List<List<Double>> values,
        @Schema(description = "The smallest finite value on the grid.", example = "1")
        Double min,
        @Schema(description = "The largest finite value on the grid.", example = "901")
        Double max) {
}
