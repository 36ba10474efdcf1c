package dev.descent.plot;

import dev.descent.comparison.ComparisonRequest;
import dev.descent.optimization.OptimizationRequest;
import dev.descent.rangetest.RangeTestRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;

/** What to draw: one descent, a comparison of several on one objective, or a range test; exactly one. */
@Schema(description = "What to draw: exactly one of `optimization` (one descent, as POST /api/v1/optimizations "
        + "takes it), `comparison` (several descents of one objective, as POST /api/v1/comparisons takes it; "
        + "one colour and legend entry per run) and `rangeTest` (a learning-rate range test, as POST "
        + "/api/v1/learning-rate-range-tests takes it; drawn with `kind=rangeTest` only).")
public record PlotRequest(
        @Schema(description = "A descent to run and draw; its `trajectory.maxPoints` caps the iterates drawn.")
        @Valid OptimizationRequest optimization,
        @Schema(description = "A comparison to run and draw, every run on the same picture.")
        @Valid ComparisonRequest comparison,
        @Schema(description = "A learning-rate range test to run and draw (`kind=rangeTest`): the loss and the "
                + "smoothed loss against the learning rate, the suggested rate marked.")
        @Valid RangeTestRequest rangeTest) {
}
