package dev.descent.optimization;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.descent.system.Finite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A data-fitting objective: linear or logistic regression on a data set given inline, as CSV text, or made by a
 * seeded generator (exactly one of the three).
 */
@Schema(description = "Fit a model to data: linear regression (mean squared error) or logistic regression "
        + "(log-loss, targets 0/1). The variables are `intercept` (with fitIntercept) and one coefficient per "
        + "feature. Give exactly one of `data`, `csv` and `synthetic`.")
public record RegressionSpec(
        @Schema(description = "The model.", requiredMode = Schema.RequiredMode.REQUIRED, example = "linear")
        @NotNull Model model,
        @Schema(description = "Whether to fit an intercept.", defaultValue = "true", example = "true")
        Boolean fitIntercept,
        @Schema(description = "L2 penalty weight: adds (l2 / 2)·|w|² (not on the intercept).", defaultValue = "0",
                example = "0.01")
        @PositiveOrZero @Finite Double l2,
        @Schema(description = "L1 penalty weight: adds l1·|w|₁ (not on the intercept).", defaultValue = "0",
                example = "0")
        @PositiveOrZero @Finite Double l1,
        @Schema(description = "Fit on standardized features ((x - mean) / sd); the response reports the means and "
                + "standard deviations and gives the coefficients in the original units.", defaultValue = "false",
                example = "false")
        Boolean standardize,
        @Schema(description = "The data inline.") @Valid InlineData data,
        @Schema(description = "The data as CSV text with a header row.") @Valid CsvData csv,
        @Schema(description = "Generated data: the seed tutorials' random linearly related data.")
        @Valid SyntheticData synthetic) {

    /** The model being fitted. */
    @Schema(description = "`linear` (mean squared error) or `logistic` (log-loss, binary 0/1 targets).")
    public enum Model {
        @JsonProperty("linear") LINEAR,
        @JsonProperty("logistic") LOGISTIC
    }

    /**
     * A data set written out in the request, held as primitive arrays ({@link NumberRows}, {@link NumberList}): the
     * JSON is arrays of numbers, and a wrong row or value is reported where it is by the mapper.
     */
    @Schema(description = "A data set in the request: rows of features and one target per row.")
    public record InlineData(
            @Schema(description = "One row of feature values per sample, all rows equally long.",
                    implementation = double[][].class, example = "[[0.5], [1.0], [1.5], [2.0]]")
            @NotNull NumberRows features,
            @Schema(description = "One target per row.", implementation = double[].class,
                    example = "[5.4, 7.1, 8.4, 10.2]")
            @NotNull NumberList targets,
            @Schema(description = "A name per feature column; default x1, x2, …", example = "[\"x\"]")
            List<@NotBlank String> featureNames) {

        /** Empty {@code featureNames} are none (see {@link EmptyIsAbsent}): x1, x2, … */
        public InlineData {
            featureNames = EmptyIsAbsent.list(featureNames);
        }
    }

    /**
     * A CSV data set: the text of a JSON request, or of a CSV upload (POST /api/v1/optimizations/csv), which is read
     * as the JSON request with its body here.
     */
    @Schema(description = "A CSV data set: a header row naming the columns, then one sample per line.")
    public record CsvData(
            @Schema(description = "The CSV text.", example = "x,y\\n0.5,5.4\\n1.0,7.1\\n1.5,8.4\\n2.0,10.2\\n")
            @NotNull String text,
            @Schema(description = "The name of the target column; every other column is a feature.", example = "y")
            @NotBlank String target) {
    }

    /**
     * A generated data set. Coefficients, intercept and noise are at most 1e100 in size, so that every target is
     * finite: |intercept| + 2 Σ|coefficients| + 9 noise (commons-math's Gaussian draws stay below 9) is then far
     * below the largest double. A coefficient of 1e308, finite, made the targets overflow to Infinity, which a data
     * set refuses.
     */
    @Schema(description = "Features uniform in [0, 2); targets intercept + coefficients·x + noise·N(0, 1) for "
            + "linear, or 0/1 drawn with probability σ(that) for logistic. The same seed gives the same data.")
    public record SyntheticData(
            @Schema(description = "The number of rows.", example = "100")
            @NotNull @Min(1) @Max(10_000_000) Integer samples,
            @Schema(description = "The true coefficient per feature, at most 1e100 in size.", example = "[3]")
            @NotNull @Size(min = 1, max = 1000)
            List<@NotNull @Finite @DecimalMin("-1e100") @DecimalMax("1e100") Double> coefficients,
            @Schema(description = "The true intercept, at most 1e100 in size.", defaultValue = "0", example = "4")
            @Finite @DecimalMin("-1e100") @DecimalMax("1e100") Double intercept,
            @Schema(description = "Standard deviation of the Gaussian noise, at most 1e100.", defaultValue = "1",
                    example = "1")
            @PositiveOrZero @Finite @DecimalMax("1e100") Double noise,
            @Schema(description = "The random seed.", defaultValue = "0", example = "42")
            Long seed) {
    }
}
