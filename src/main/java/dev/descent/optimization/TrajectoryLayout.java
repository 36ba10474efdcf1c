package dev.descent.optimization;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a trajectory is laid out in JSON: a row per iterate, or a column per quantity. */
@Schema(description = "`rows`: an array with one object per iterate (the default). `columns`: one object with an "
        + "array per quantity (`iteration`, `point` by variable name, `value`, `gradientNorm`, `learningRate`), the "
        + "i-th entries of the arrays making iterate i; `learningRate` is null at the start, and numbers that are not "
        + "finite are null.")
public enum TrajectoryLayout {
    @JsonProperty("rows") ROWS,
    @JsonProperty("columns") COLUMNS;

    /** The name in requests and query parameters. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The layout of this wire name. */
    public static Optional<TrajectoryLayout> byName(String name) {
        return Arrays.stream(values()).filter(layout -> layout.wireName().equals(name)).findFirst();
    }
}
