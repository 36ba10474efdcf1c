package dev.descent.optimization;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * What to minimize: a formula, a function from the catalog, or a regression on data. Exactly one of
 * {@code expression}, {@code function} and {@code regression} is given.
 */
@Schema(description = "What to minimize: an `expression`, a catalog `function` (with an optional `dimension`), "
        + "or a `regression` on data. Exactly one of the three.")
public record ObjectiveSpec(
        @Schema(description = "A real-valued formula. Numbers, `+ - * /`, `^` (power; right-associative and "
                + "binding tighter than unary minus, so `-x^2` is `-(x^2)`), parentheses, the functions `sin cos "
                + "tan asin acos atan sinh cosh tanh exp log log10 sqrt abs` (`log` is natural), the constants "
                + "`pi` and `e`. Every other name is a variable. The gradient is exact (automatic "
                + "differentiation).", example = "(1-x)^2 + 100*(y-x^2)^2")
        String expression,
        @Schema(description = "The name of a catalog function (see GET /api/v1/functions); its variables are "
                + "`x1 … xn`.", example = "himmelblau")
        String function,
        @Schema(description = "The number of variables of an n-dimensional catalog function; defaults to the "
                + "function's default dimension. Only with `function`.", example = "2", minimum = "1")
        @Min(1) @Max(100000) Integer dimension,
        @Schema(description = "Fit linear or logistic regression to data, by full-batch, mini-batch or "
                + "stochastic gradient descent (see `batchSize`, `epochs`).")
        @Valid RegressionSpec regression) {
}
