package dev.descent.optimization;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI schema of a receipt's {@code resolvedRequest} ({@link Receipts} writes it): the fields of an
 * {@link OptimizationRequest}, every default filled in, of the request's own types (an optimizer is an
 * {@code Optimizer}, a schedule a {@code Schedule}), but for inline data and CSV text, which are replaced by their
 * hash. Generated clients read it as typed classes and can send its parts back in a request; only the schema is
 * declared here, the receipt writes the same members ({@code ReceiptApiTests} check them against this type).
 */
@Schema(name = "ResolvedRequest", description = "The request as the service ran it: the fields of POST "
        + "/api/v1/optimizations, every default filled in, inline data replaced by its hash.")
record ResolvedRequest(
        @Schema(description = "The objective as run.", requiredMode = REQUIRED)
        Objective objective,
        @Schema(description = "The start point (a catalog function's or a regression's default when not given).",
                example = "{\"x\": 3.0}", requiredMode = REQUIRED)
        Map<String, Double> start,
        @Schema(description = "The optimizer with every hyperparameter, defaults included.", requiredMode = REQUIRED)
        OptimizerSpec optimizer,
        @Schema(description = "The iteration cap; absent when a regression gave `epochs`.", example = "1000")
        Integer maxIterations,
        @Schema(description = "A regression's epochs, when given (then `maxIterations` is absent).", example = "10")
        Integer epochs,
        @Schema(description = "The step tolerance.", example = "1.0E-6", requiredMode = REQUIRED)
        Double tolerance,
        @Schema(description = "The gradient tolerance.", example = "0.0", requiredMode = REQUIRED)
        Double gradientTolerance,
        @Schema(description = "The divergence bound.", example = "1.0E12", requiredMode = REQUIRED)
        Double divergenceBound,
        @Schema(description = "The trajectory options.", requiredMode = REQUIRED)
        TrajectoryOptions trajectory,
        @Schema(description = "The schedule with every parameter; absent when a line search chooses the steps.")
        ScheduleSpec schedule,
        @Schema(description = "The line search with every parameter; null when off.")
        LineSearchSpec lineSearch,
        @Schema(description = "The clipping; null when off.")
        ClippingSpec clipping,
        @Schema(description = "The box bounds; null when every variable is free.", example = "{\"x\": [-2.0, 2.0]}")
        Map<String, List<Double>> bounds,
        @Schema(description = "Regression only: rows per update; null for full batch.", example = "32")
        Integer batchSize,
        @Schema(description = "Regression only: whether each epoch shuffles the rows.", example = "true")
        Boolean shuffle,
        @Schema(description = "Regression only: the seed of the shuffles.", example = "0")
        Long seed,
        @Schema(description = "The explained updates; null when off.")
        ExplainSpec explain) {

    /** {@code objective} as run: exactly one of an expression, a catalog function, a regression. */
    @Schema(name = "ResolvedObjective", description = "The objective as run: one of `expression`, `function` (with "
            + "its `dimension`) and `regression`.")
    record Objective(
            @Schema(description = "The formula.", example = "x^2")
            String expression,
            @Schema(description = "The catalog function.", example = "rosenbrock")
            String function,
            @Schema(description = "The catalog function's dimension.", example = "2")
            Integer dimension,
            @Schema(description = "The regression, its data replaced by a hash when it was inline or CSV.")
            Regression regression) {
    }

    /** A regression as run. */
    @Schema(name = "ResolvedRegression", description = "The regression as run, every setting filled in; exactly one "
            + "of `data`, `csv` (each as its hash) and `synthetic`.")
    record Regression(
            @Schema(description = "The model.", requiredMode = REQUIRED, example = "linear")
            RegressionSpec.Model model,
            @Schema(description = "Whether an intercept is fitted.", requiredMode = REQUIRED, example = "true")
            Boolean fitIntercept,
            @Schema(description = "The L2 penalty.", requiredMode = REQUIRED, example = "0.0")
            Double l2,
            @Schema(description = "The L1 penalty.", requiredMode = REQUIRED, example = "0.0")
            Double l1,
            @Schema(description = "Whether the features are standardized.", requiredMode = REQUIRED,
                    example = "false")
            Boolean standardize,
            @Schema(description = "Inline data, as its hash and size.")
            DataDigest data,
            @Schema(description = "CSV data, as its hash and size.")
            CsvDigest csv,
            @Schema(description = "Generated data, every setting filled in.")
            RegressionSpec.SyntheticData synthetic) {
    }

    /** Inline data as a receipt shows it. */
    @Schema(name = "DataDigest", description = "Inline data, not repeated: the SHA-256 of the canonical JSON "
            + "`{\"features\": [[...]], \"targets\": [...]}` of its rows, and its size.")
    record DataDigest(
            @Schema(description = "SHA-256 (hex).", requiredMode = REQUIRED,
                    example = "9f2b5c0e4a1d3f6b8c7e2a9d0f1b3c5e7a9d2f4b6c8e0a1d3f5b7c9e1a3d5f7b")
            String sha256,
            @Schema(description = "The rows.", requiredMode = REQUIRED, example = "4")
            Integer rows,
            @Schema(description = "The feature columns.", requiredMode = REQUIRED, example = "1")
            Integer columns,
            @Schema(description = "The feature names.", requiredMode = REQUIRED, example = "[\"x1\"]")
            List<String> featureNames) {
    }

    /** CSV data as a receipt shows it. */
    @Schema(name = "CsvDigest", description = "CSV data, not repeated: the SHA-256 of the canonical JSON of its rows "
            + "as read (the same as the same data given inline), its size and target column.")
    record CsvDigest(
            @Schema(description = "SHA-256 (hex).", requiredMode = REQUIRED,
                    example = "9f2b5c0e4a1d3f6b8c7e2a9d0f1b3c5e7a9d2f4b6c8e0a1d3f5b7c9e1a3d5f7b")
            String sha256,
            @Schema(description = "The rows.", requiredMode = REQUIRED, example = "4")
            Integer rows,
            @Schema(description = "The feature columns (every column but the target).", requiredMode = REQUIRED,
                    example = "1")
            Integer columns,
            @Schema(description = "The target column.", requiredMode = REQUIRED, example = "y")
            String target) {
    }
}
