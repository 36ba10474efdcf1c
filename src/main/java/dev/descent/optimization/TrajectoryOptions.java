package dev.descent.optimization;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;

/** How much of the trajectory the response carries. */
@Schema(description = "How much of the trajectory the response carries.")
public record TrajectoryOptions(
        @Schema(description = "Whether to include the trajectory at all.", defaultValue = "true", example = "true")
        Boolean include,
        @Schema(description = "At most this many points, evenly spread over the run; the start and the last "
                + "point are always kept.", defaultValue = "1000", minimum = "2", example = "200")
        @Min(2) Integer maxPoints) {

    static final int DEFAULT_MAX_POINTS = 1000;

    boolean included() {
        return include == null || include;
    }

    public int effectiveMaxPoints() {
        return maxPoints == null ? DEFAULT_MAX_POINTS : maxPoints;
    }
}
