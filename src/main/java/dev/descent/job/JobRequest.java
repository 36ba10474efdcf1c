package dev.descent.job;

import dev.descent.comparison.ComparisonRequest;
import dev.descent.optimization.OptimizationRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;

/** Work to run in the background: an optimization or a comparison, exactly one of the two. */
@Schema(description = "Work to run in the background: exactly one of `optimization` (as POST /api/v1/optimizations "
        + "takes it) and `comparison` (as POST /api/v1/comparisons takes it).")
public record JobRequest(
        @Schema(description = "One descent.")
        @Valid OptimizationRequest optimization,
        @Schema(description = "Several descents of one objective.")
        @Valid ComparisonRequest comparison) {
}
