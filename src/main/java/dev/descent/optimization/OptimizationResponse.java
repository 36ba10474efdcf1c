package dev.descent.optimization;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.descent.engine.stop.Status;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The outcome of a descent: the verdict, the minimum reached and the path to it. */
@Schema(description = "The outcome of a descent: verdict, minimum reached, path, cost.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OptimizationResponse(
        @Schema(description = "CONVERGED: a tolerance rule fired. MAX_ITERATIONS: the cap was reached first. "
                + "DIVERGED: f or its gradient stopped being finite, or |f| passed the divergence bound.",
                example = "CONVERGED")
        Status status,
        @Schema(description = "Which rule ended the run, with its numbers.",
                example = "step size 9.8e-07 fell below the tolerance 1e-06")
        String stopReason,
        @Schema(description = "The number of updates made.", example = "62")
        int iterations,
        @Schema(description = "The point the run ended on, with f and the gradient norm there.")
        IterateView minimum,
        @Schema(description = "The iterates: `trajectory[0]` is the start, then the points after successive "
                + "updates, thinned evenly to `trajectory.maxPoints` (first and last always kept). Absent when "
                + "`trajectory.include` is false.")
        List<IterateView> trajectory,
        @Schema(description = "How many times f was evaluated.", example = "63")
        long functionEvaluations,
        @Schema(description = "How many times the gradient was evaluated.", example = "63")
        long gradientEvaluations,
        @Schema(description = "Wall-clock time of the descent itself, in milliseconds.", example = "0.41")
        double elapsedMillis,
        @Schema(description = "The objective as run: its formula and variables in order.")
        ObjectiveView objective,
        @Schema(description = "The optimizer as run: its type and every hyperparameter, defaults included.",
                example = "{\"type\": \"gd\", \"learningRate\": 0.1, \"weightDecay\": 0}")
        Map<String, Object> optimizer) {

    /** The objective as run. */
    @Schema(description = "The objective as run.")
    public record ObjectiveView(
            @Schema(description = "The formula that was differentiated.", example = "x^2 + 4*x + 9")
            String formula,
            @Schema(description = "The variables, in the order used everywhere else.", example = "[\"x\"]")
            List<String> variables) {
    }
}
