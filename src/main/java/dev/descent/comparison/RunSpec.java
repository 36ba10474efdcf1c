package dev.descent.comparison;

import dev.descent.optimization.ClippingSpec;
import dev.descent.optimization.LineSearchSpec;
import dev.descent.optimization.OptimizerSpec;
import dev.descent.optimization.ScheduleSpec;
import dev.descent.system.Finite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * One run of a comparison: a label and the settings it overrides. A field given here replaces the shared one
 * whole (an {@code optimizer} here is not merged with the shared optimizer); absent fields take the shared value.
 */
@Schema(description = "One run of a comparison: a label and the settings that differ from the shared ones. A field "
        + "given here replaces the shared field whole; absent fields take the shared value.")
public record RunSpec(
        @Schema(description = "A name for the run in the results; default `run <index>`.", example = "adam")
        @Size(max = 200) String label,

        @Schema(description = "This run's optimizer, replacing the shared "
                + "one.")
        OptimizerSpec optimizer,

        @Schema(description = "This run's start point.", example = "{\"x\": 5}")
        Map<String, @NotNull @Finite Double> start,

        @Schema(description = "This run's iteration cap.", example = "5000")
        @Min(0) Integer maxIterations,

        @Schema(description = "This run's step tolerance; 0 disables it.", example = "1e-6")
        @PositiveOrZero @Finite Double tolerance,

        @Schema(description = "This run's gradient tolerance; 0 disables it.", example = "0")
        @PositiveOrZero @Finite Double gradientTolerance,

        @Schema(description = "This run's learning-rate schedule.")
        ScheduleSpec schedule,

        @Schema(description = "This run's line search.")
        @Valid LineSearchSpec lineSearch,

        @Schema(description = "This run's gradient clipping.")
        @Valid ClippingSpec clipping) {
}
