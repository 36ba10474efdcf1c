package dev.descent.plot;

import dev.descent.optimization.OptimizationRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * What to draw: the runs of a request, made for the picture. Today one descent ({@code optimization}); a comparison
 * ({@code comparison}, several descents on one objective) joins as the other alternative with
 * POST /api/v1/comparisons, drawn by the same renderer.
 */
@Schema(description = "What to draw: a descent to run, as POST /api/v1/optimizations takes it, under "
        + "`optimization`. (A comparison of several runs, under `comparison`, comes with POST /api/v1/comparisons.)")
public record PlotRequest(
        @Schema(description = "A descent to run and draw; the same fields as POST /api/v1/optimizations. Its "
                + "`trajectory.maxPoints` caps the iterates drawn.", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull @Valid OptimizationRequest optimization) {
}
