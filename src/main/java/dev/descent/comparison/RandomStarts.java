package dev.descent.comparison;

import dev.descent.system.Finite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * Start points drawn uniformly from a box, reproducibly: the same seed gives the same starts. Draws come from
 * commons-math3's {@code Well19937c}, start by start, variable by variable in the alphabetical order of their names.
 * The box defaults to a catalog function's usual domain.
 */
@Schema(description = "Start points drawn uniformly from a box, reproducibly (the same seed gives the same starts).")
public record RandomStarts(
        @Schema(description = "How many starts to draw.", requiredMode = Schema.RequiredMode.REQUIRED,
                example = "30")
        @NotNull @Min(1) Integer count,

        @Schema(description = "The seed of the random generator (Well19937c).", defaultValue = "0", example = "42")
        Long seed,

        @Schema(description = "The box to draw from: [lower, upper] for every variable of the objective. Only the "
                + "starts are drawn from it; to keep the descent itself in a box, give the shared `bounds` too. "
                + "Default, for a catalog function: its usual domain (`domain` in `GET /api/v1/functions`) for every "
                + "variable; required for an expression or a regression.", example = "{\"x\": [-10, 10]}",
                minProperties = 1)
        @Size(min = 1) Map<String, @NotNull @Size(min = 2, max = 2) List<@NotNull @Finite Double>> bounds) {
}
