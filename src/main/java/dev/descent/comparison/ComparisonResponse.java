package dev.descent.comparison;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.descent.engine.stop.Status;
import dev.descent.optimization.OptimizationResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The outcome of a comparison: every run's result, and a summary across them. */
@Schema(description = "The outcome of a comparison: every run's result (as for one optimization) and a summary.")
public record ComparisonResponse(
        @Schema(description = "Every run, in the order of the request.", requiredMode = REQUIRED)
        List<RunResult> runs,
        @Schema(description = "The runs ranked, which diverged, and for a multi-start search the distinct minima.",
                requiredMode = REQUIRED)
        ComparisonSummary summary) {

    /** One run of the comparison and its result. */
    @Schema(description = "One run of the comparison and its result.")
    public record RunResult(
            @Schema(description = "The run's index in the comparison, from 0.", example = "2", requiredMode = REQUIRED)
            int run,
            @Schema(description = "The run's label.", example = "adam", requiredMode = REQUIRED)
            String label,
            @Schema(description = "The point the run started from.", example = "{\"x\": 3}", requiredMode = REQUIRED)
            Map<String, Double> start,
            @Schema(description = "The run's result, as POST /api/v1/optimizations answers it; its `receipt` is the "
                    + "run's as an optimization of its own (the shared settings with this run's): its "
                    + "`resolvedRequest`, POSTed to /api/v1/optimizations, reruns this run to the same `resultHash`.",
                    requiredMode = REQUIRED)
            OptimizationResponse result) {
    }

    /** Across the runs. */
    @Schema(description = "Across the runs of a comparison.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ComparisonSummary(
            @Schema(description = "Every run, best first: by best value (the lowest f each run saw, its `minimum`; "
                    + "lowest first; the highest f and highest first when the runs maximize), diverged and cancelled "
                    + "runs last, ties broken by fewer iterations.",
                    requiredMode = REQUIRED)
            List<RankedRun> ranking,
            @Schema(description = "The index of the best run: the first of the ranking, unless every run "
                    + "diverged or was cancelled.", example = "2")
            Integer best,
            @Schema(description = "The indices of the runs that diverged.", example = "[3]", requiredMode = REQUIRED)
            List<Integer> diverged,
            @Schema(description = "For a multi-start search only: the distinct minima the runs found (their "
                    + "best points, within `mergeTolerance` merged; only CONVERGED and MAX_ITERATIONS runs count), "
                    + "lowest value first, each with the starts that reached it. When the runs maximize: the distinct "
                    + "maxima, highest first.")
            List<MinimumFound> minima) {
    }

    /** One run's place in the ranking. */
    @Schema(description = "One run's place in the ranking, with how it behaved.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RankedRun(
            @Schema(description = "The place, from 1.", example = "1", requiredMode = REQUIRED)
            int rank,
            @Schema(description = "The run's index.", example = "2", requiredMode = REQUIRED)
            int run,
            @Schema(description = "The run's label.", example = "adam", requiredMode = REQUIRED)
            String label,
            @Schema(description = "How the run ended.", example = "CONVERGED", requiredMode = REQUIRED)
            Status status,
            @Schema(description = "The lowest f the run saw, at its `minimum` (the ranking's key); null when not "
                    + "finite.", example = "3.1e-12")
            Double bestValue,
            @Schema(description = "f at the run's last point; null when not finite. Above `bestValue` when the run "
                    + "ended away from its best point (it rose, oscillated or diverged).", example = "3.1e-12")
            Double finalValue,
            @Schema(description = "The number of updates made.", example = "412", requiredMode = REQUIRED)
            int iterations,
            @Schema(description = "The updates it took to reach the tolerance: the iterations of a CONVERGED run; "
                    + "absent for a run that did not converge.", example = "412")
            Integer iterationsToTolerance,
            @Schema(description = "Whether f never increased from one iterate to the next (never decreased, when "
                    + "the runs maximize).", example = "true",
                    requiredMode = REQUIRED)
            boolean monotone,
            @Schema(description = "Whether the steps mostly reversed direction (the dot product of consecutive "
                    + "steps negative for more than half of them): the run zig-zags across the valley.",
                    example = "false", requiredMode = REQUIRED)
            boolean oscillating) {
    }

    /** A distinct minimum of a multi-start search. */
    @Schema(description = "A distinct minimum found by a multi-start search.")
    public record MinimumFound(
            @Schema(description = "The point: the lowest best point among the runs merged here.",
                    example = "{\"x\": 3.4256}", requiredMode = REQUIRED)
            Map<String, Double> point,
            @Schema(description = "f at the point.", example = "-3.2883", requiredMode = REQUIRED)
            double value,
            @Schema(description = "Whether this is the lowest minimum found.", example = "true",
                    requiredMode = REQUIRED)
            boolean best,
            @Schema(description = "The starts whose runs ended here.", requiredMode = REQUIRED)
            List<StartReached> starts) {
    }

    /** A start whose run reached a minimum. */
    @Schema(description = "A start whose run ended on a minimum.")
    public record StartReached(
            @Schema(description = "The run's index.", example = "4", requiredMode = REQUIRED)
            int run,
            @Schema(description = "The start point.", example = "{\"x\": 1.7}", requiredMode = REQUIRED)
            Map<String, Double> start) {
    }
}
