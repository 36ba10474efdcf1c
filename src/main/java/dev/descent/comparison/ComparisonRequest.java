package dev.descent.comparison;

import dev.descent.optimization.ClippingSpec;
import dev.descent.optimization.EmptyIsAbsent;
import dev.descent.optimization.LineSearchSpec;
import dev.descent.optimization.ObjectiveSpec;
import dev.descent.optimization.OptimizationRequest;
import dev.descent.optimization.OptimizerSpec;
import dev.descent.optimization.ScheduleSpec;
import dev.descent.optimization.TrajectoryOptions;
import dev.descent.system.Finite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * Several descents of one objective: the shared settings, which are exactly those of an
 * {@link OptimizationRequest}, then exactly one of {@code runs}, {@code learningRates}, {@code starts} and
 * {@code randomStarts}, which says how the runs differ.
 */
@Schema(description = "Several descents of one objective: the shared settings (the fields of an optimization), "
        + "then exactly one of `runs` (runs that override settings, e.g. one optimizer each), `learningRates` (a "
        + "sweep of the optimizer over rates), `starts` or `randomStarts` (a multi-start search).")
public record ComparisonRequest(
        @Schema(description = "What to minimize, for every run.", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull @Valid ObjectiveSpec objective,

        @Schema(description = "The shared start point (see an optimization's `start`).", example = "{\"x\": 3}")
        Map<String, @NotNull @Finite Double> start,

        @Schema(description = "The shared optimizer; default "
                + "`{\"type\": \"gd\"}`. A learning-rate sweep sets its `learningRate` per run.")
        OptimizerSpec optimizer,

        @Schema(description = "The shared iteration cap. Default: 1000; for a regression, `epochs` may replace it "
                + "(not both).", example = "1000")
        @Min(0) Integer maxIterations,

        @Schema(description = "The shared step tolerance; 0 disables it.", defaultValue = "1e-6", example = "1e-6")
        @PositiveOrZero @Finite Double tolerance,

        @Schema(description = "The shared gradient tolerance; 0 disables it.", defaultValue = "0", example = "0")
        @PositiveOrZero @Finite Double gradientTolerance,

        @Schema(description = "The shared divergence bound on |f|.", defaultValue = "1e12", example = "1e12")
        @Positive @Finite Double divergenceBound,

        @Schema(description = "How much of each run's trajectory to return.")
        @Valid TrajectoryOptions trajectory,

        @Schema(description = "The shared learning-rate schedule.")
        ScheduleSpec schedule,

        @Schema(description = "The shared line search.")
        @Valid LineSearchSpec lineSearch,

        @Schema(description = "The shared gradient clipping.")
        @Valid ClippingSpec clipping,

        @Schema(description = "Box bounds kept by every run, [lower, upper] per variable.",
                example = "{\"x\": [-10, 10]}")
        Map<String, @NotNull @Size(min = 2, max = 2) List<@NotNull @Finite Double>> bounds,

        @Schema(description = "Runs that differ from the shared settings, e.g. one optimizer each.")
        List<@NotNull @Valid RunSpec> runs,

        @Schema(description = "A sweep: one run per learning rate, of the shared optimizer.",
                example = "[0.01, 0.1, 0.9, 1.1]")
        List<@NotNull @Positive @Finite Double> learningRates,

        @Schema(description = "A multi-start search from these start points.",
                example = "[{\"x\": -8}, {\"x\": -2}, {\"x\": 1}, {\"x\": 8}]")
        List<@NotNull Map<String, @NotNull @Finite Double>> starts,

        @Schema(description = "A multi-start search from start points drawn at random from a box.")
        @Valid RandomStarts randomStarts,

        @Schema(description = "For a multi-start search: end points closer than this (Euclidean distance, in the "
                + "objective's units) count as one minimum. Keep it above the accuracy of the runs: a run stopped "
                + "by the step tolerance t with learning rate r ends about t / (r · curvature) from its minimum. "
                + "Default: 0.001.", example = "0.001")
        @Positive @Finite Double mergeTolerance,

        @Schema(description = "Regression only: the shared rows per update (see an optimization's `batchSize`).",
                example = "10", minimum = "1")
        @Min(1) Integer batchSize,

        @Schema(description = "Regression only: the shared number of passes over the data.", example = "100",
                minimum = "1")
        @Min(1) Integer epochs,

        @Schema(description = "Regression only: reshuffle the rows before every epoch. Default: true.",
                example = "true")
        Boolean shuffle,

        @Schema(description = "Regression only: the shared shuffling seed. Default: 0.", example = "42")
        Long seed) {

    static final double DEFAULT_MERGE_TOLERANCE = 1e-3;

    /**
     * An empty {@code start}, {@code bounds}, {@code runs}, {@code learningRates} or {@code starts} is none (see
     * {@link EmptyIsAbsent}): the comparison is then of the kind of the list that has members.
     */
    public ComparisonRequest {
        start = EmptyIsAbsent.map(start);
        bounds = EmptyIsAbsent.map(bounds);
        runs = EmptyIsAbsent.list(runs);
        learningRates = EmptyIsAbsent.list(learningRates);
        starts = EmptyIsAbsent.list(starts);
    }

    /** The shared settings as an optimization. */
    OptimizationRequest shared() {
        return new OptimizationRequest(objective, start, optimizer, maxIterations, tolerance, gradientTolerance,
                divergenceBound, trajectory, schedule, lineSearch, clipping, bounds, batchSize, epochs, shuffle, seed,
                null);
    }
}
