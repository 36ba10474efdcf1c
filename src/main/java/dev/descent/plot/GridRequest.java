package dev.descent.plot;

import dev.descent.optimization.ObjectiveSpec;
import dev.descent.system.Finite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** An objective of one or two variables to evaluate on a grid, for a client to draw its own curve or contours. */
@Schema(description = "An objective of one or two variables and the range of each, to evaluate on a grid.")
public record GridRequest(
        @Schema(description = "What to evaluate, as in an optimization request.",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull @Valid ObjectiveSpec objective,

        @Schema(description = "The range [lower, upper] per variable; a variable not named takes [-5, 5]. Its "
                + "answer names the variables, so `{}` with 2 steps tells an expression's variables.",
                example = "{\"x\": [-2, 2], \"y\": [-1, 3]}", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull Map<String, @NotNull @Size(min = 2, max = 2) List<@NotNull @Finite Double>> ranges,

        @Schema(description = "Grid points along each variable, ends included.", defaultValue = "81",
                minimum = "2", maximum = "401", example = "81")
        @Min(2) @Max(401) Integer steps) {

    static final int DEFAULT_STEPS = 81;
    static final double[] DEFAULT_RANGE = {-5, 5};
}
