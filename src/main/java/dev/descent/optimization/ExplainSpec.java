package dev.descent.optimization;

import dev.descent.engine.run.ExplainRange;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Which updates to explain ({@link ExplainRange}). */
@Schema(description = "Explain updates: for each, every quantity of the optimizer's algorithm box per variable "
        + "(see `explanation` in the result). For a job too: its result carries the same explanation, kept across "
        + "restarts.")
public record ExplainSpec(
        @Schema(description = "How many updates to explain, at most " + ExplainRange.MAX_STEPS + ".",
                example = "3", minimum = "1", maximum = "" + ExplainRange.MAX_STEPS,
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull @Min(1) @Max(ExplainRange.MAX_STEPS) Integer steps,
        @Schema(description = "The first update to explain, counted as t in the algorithm box (the first update is "
                + "1). Default: 1.", example = "1", minimum = "1", defaultValue = "1")
        @Min(1) Integer from) {
}
