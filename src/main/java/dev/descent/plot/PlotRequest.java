package dev.descent.plot;

import dev.descent.comparison.ComparisonRequest;
import dev.descent.optimization.OptimizationRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;

/** What to draw: one descent, or a comparison of several on one objective; exactly one of the two. */
@Schema(description = "What to draw: exactly one of `optimization` (one descent, as POST /api/v1/optimizations "
        + "takes it) and `comparison` (several descents of one objective, as POST /api/v1/comparisons takes it; "
        + "one colour and legend entry per run).")
public record PlotRequest(
        @Schema(description = "A descent to run and draw; its `trajectory.maxPoints` caps the iterates drawn.")
        @Valid OptimizationRequest optimization,
        @Schema(description = "A comparison to run and draw, every run on the same picture.")
        @Valid ComparisonRequest comparison) {
}
