package dev.descent.optimization;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;

/** How much of the trajectory the response carries, and in which layout. */
@Schema(description = "How much of the trajectory the response carries, and in which layout.")
public record TrajectoryOptions(
        @Schema(description = "Whether to include the trajectory at all.", defaultValue = "true", example = "true")
        Boolean include,
        @Schema(description = "At most this many points, evenly spread over the run; the start and the last "
                + "point are always kept.", defaultValue = "1000", minimum = "2", example = "200")
        @Min(2) Integer maxPoints,
        @Schema(defaultValue = "rows", example = "rows")
        TrajectoryLayout layout) {

    static final int DEFAULT_MAX_POINTS = 1000;

    /** The options of the given include and point count, in the default layout (rows). */
    public TrajectoryOptions(Boolean include, Integer maxPoints) {
        this(include, maxPoints, null);
    }

    /** Whether the response carries the trajectory. */
    public boolean included() {
        return include == null || include;
    }

    /** The most points the response carries. */
    public int effectiveMaxPoints() {
        return maxPoints == null ? DEFAULT_MAX_POINTS : maxPoints;
    }

    /** The layout of the trajectory in JSON: rows unless asked otherwise. */
    public TrajectoryLayout effectiveLayout() {
        return layout == null ? TrajectoryLayout.ROWS : layout;
    }
}
