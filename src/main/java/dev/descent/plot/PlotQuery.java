package dev.descent.plot;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The query parameters of every picture endpoint, bound from the request and checked by {@link PlotOptions#of}.
 *
 * @param kind   {@code path}, {@code convergence} or {@code rangeTest}
 * @param format {@code svg} or {@code png}; absent, the Accept header chooses
 * @param width  in pixels
 * @param height in pixels
 */
record PlotQuery(
        @Parameter(description = "What to draw: `path` or `convergence` for an `optimization` or a "
                + "`comparison`, `rangeTest` for a `rangeTest`.",
                schema = @Schema(allowableValues = {"path", "convergence", "rangeTest"},
                defaultValue = "path"))
        String kind,
        @Parameter(description = "The image format; without it, the Accept header chooses (SVG by default).",
                schema = @Schema(allowableValues = {"svg", "png"}))
        String format,
        @Parameter(description = "Width in pixels.", schema = @Schema(type = "integer", minimum = "200",
                maximum = "4000", defaultValue = "800"))
        Integer width,
        @Parameter(description = "Height in pixels.", schema = @Schema(type = "integer", minimum = "200",
                maximum = "4000", defaultValue = "600"))
        Integer height) {

    /** The checked options, the Accept header choosing the format when the query does not. */
    PlotOptions options(String accept) {
        return PlotOptions.of(kind, format, width, height, accept);
    }
}
