package dev.descent.catalog;

import dev.descent.plot.PlotOptions;
import dev.descent.system.Echo;
import dev.descent.system.FieldProblem;
import dev.descent.system.InvalidRequestException;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The query parameters of the schedule preview, for its picture (a JSON answer ignores them): the size, as the
 * plots take it, and the scale of the rate axis.
 *
 * @param width  in pixels
 * @param height in pixels
 * @param scale  {@code linear} or {@code log}
 */
record SchedulePreviewQuery(
        @Parameter(description = "Width of the picture in pixels.", schema = @Schema(type = "integer",
                minimum = "200", maximum = "4000", defaultValue = "800"))
        Integer width,
        @Parameter(description = "Height of the picture in pixels.", schema = @Schema(type = "integer",
                minimum = "200", maximum = "4000", defaultValue = "600"))
        Integer height,
        @Parameter(description = "The rate axis of the picture: `log` leaves out rates of 0.",
                schema = @Schema(allowableValues = {"linear", "log"}, defaultValue = "linear"))
        String scale) {

    /**
     * The checked picture options.
     *
     * @param width    in pixels
     * @param height   in pixels
     * @param logScale whether the rate axis is logarithmic
     */
    record Picture(int width, int height, boolean logScale) {
    }

    /** The picture options, every invalid parameter reported at once. */
    Picture picture() {
        List<FieldProblem> errors = new ArrayList<>();
        int w = PlotOptions.size("width", width, PlotOptions.DEFAULT_WIDTH, errors);
        int h = PlotOptions.size("height", height, PlotOptions.DEFAULT_HEIGHT, errors);
        boolean log = false;
        if (scale != null) {
            switch (scale.trim().toLowerCase(Locale.ROOT)) {
                case "linear" -> log = false;
                case "log" -> log = true;
                default -> errors.add(new FieldProblem("scale", "unknown scale '" + Echo.of(scale)
                        + "'; one of linear, log"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new Picture(w, h, log);
    }
}
