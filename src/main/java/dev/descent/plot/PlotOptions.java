package dev.descent.plot;

import dev.descent.system.Echo;
import dev.descent.system.FieldProblem;
import dev.descent.system.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * How to draw, from the query string and the {@code Accept} header: the kind, the format and the size in pixels.
 *
 * @param kind   path or convergence
 * @param format SVG or PNG
 * @param width  in [{@link PlotRenderer#MIN_SIZE}, {@link PlotRenderer#MAX_SIZE}]
 * @param height likewise
 */
public record PlotOptions(PlotKind kind, ImageFormat format, int width, int height) {

    public static final int DEFAULT_WIDTH = 800;
    public static final int DEFAULT_HEIGHT = 600;

    /**
     * Checks every parameter at once (a 400 listing each invalid one), then negotiates the format (a 406 when the
     * {@code Accept} header allows no image the service draws).
     */
    public static PlotOptions of(String kind, String format, Integer width, Integer height, String accept) {
        List<FieldProblem> errors = new ArrayList<>();
        PlotKind plotKind = PlotKind.PATH;
        if (kind != null) {
            plotKind = PlotKind.byName(kind).orElse(null);
            if (plotKind == null) {
                errors.add(new FieldProblem("kind", "unknown kind '" + Echo.of(kind) + "'; one of "
                        + PlotKind.names()));
            }
        }
        ImageFormat asked = null;
        if (format != null) {
            asked = ImageFormat.byName(format).orElse(null);
            if (asked == null) {
                errors.add(new FieldProblem("format", "unknown format '" + Echo.of(format) + "'; one of svg, "
                        + "png"));
            }
        }
        int w = size("width", width, DEFAULT_WIDTH, errors);
        int h = size("height", height, DEFAULT_HEIGHT, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new PlotOptions(plotKind, ImageFormat.negotiate(asked, accept), w, h);
    }

    /**
     * The width or height {@code given} (the query parameter {@code name}), {@code standard} when absent; one out of
     * [{@link PlotRenderer#MIN_SIZE}, {@link PlotRenderer#MAX_SIZE}] is added to {@code errors}.
     */
    public static int size(String name, Integer given, int standard, List<FieldProblem> errors) {
        if (given == null) {
            return standard;
        }
        if (given < PlotRenderer.MIN_SIZE || given > PlotRenderer.MAX_SIZE) {
            errors.add(new FieldProblem(name, "must be between " + PlotRenderer.MIN_SIZE + " and "
                    + PlotRenderer.MAX_SIZE + " pixels, was " + given));
        }
        return given;
    }
}
