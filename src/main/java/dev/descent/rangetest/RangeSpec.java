package dev.descent.rangetest;

import dev.descent.system.Finite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.util.Objects;

/** The sweep of a range test: from {@code min} to {@code max}, exponentially, over {@code steps} points. */
@Schema(description = "The learning rates swept: from `min` to `max`, growing by the same factor at every step "
        + "(min · (max/min)^(i/(steps-1)) at point i). Defaults are fastai's `lr_find`'s.")
public record RangeSpec(
        @Schema(description = "The first learning rate; positive, below `max`.", defaultValue = "1e-7",
                example = "1e-7")
        @Positive @Finite Double min,
        @Schema(description = "The last learning rate; above `min`.", defaultValue = "10", example = "10")
        @Positive @Finite Double max,
        @Schema(description = "The points of the sweep, each one update at its rate (the last point's rate is "
                + "measured, not used): at least 2, at most " + RangeSpec.MAX_STEPS + ".", defaultValue = "100",
                example = "100", minimum = "2", maximum = "" + RangeSpec.MAX_STEPS)
        @Min(2) @Max(RangeSpec.MAX_STEPS) Integer steps) {

    /** The most points a sweep may take: a synchronous request's curve of 3 numbers a point stays small. */
    public static final int MAX_STEPS = 10_000;

    static final double DEFAULT_MIN = 1e-7;
    static final double DEFAULT_MAX = 10;
    static final int DEFAULT_STEPS = 100;

    /** The range of a request without {@code range}. */
    static final RangeSpec DEFAULT = new RangeSpec(null, null, null);

    double effectiveMin() {
        return Objects.requireNonNullElse(min, DEFAULT_MIN);
    }

    double effectiveMax() {
        return Objects.requireNonNullElse(max, DEFAULT_MAX);
    }

    int effectiveSteps() {
        return Objects.requireNonNullElse(steps, DEFAULT_STEPS);
    }
}
