package dev.descent.plot;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.text.TextUtils;
import org.jfree.svg.SVGGraphics2D;

/**
 * Draws a {@link Figure} as an image: JFreeChart lays the chart out, JFreeSVG writes it as SVG and ImageIO as
 * PNG. Plain data in, bytes out; needs only a headless AWT (no display).
 */
public final class PlotRenderer {

    /** The smallest and largest width or height, in pixels. */
    public static final int MIN_SIZE = 200;
    public static final int MAX_SIZE = 4000;

    static {
        // The workaround (for JDK bugs long fixed) draws rotated text as glyph outlines, so the y axis label of an
        // SVG would be curves, not text that can be read, searched or selected.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private PlotRenderer() {
    }

    /**
     * The picture of {@code figure}.
     *
     * @throws IllegalArgumentException for a path picture of more than two variables, or a size out of range
     */
    public static byte[] render(Figure figure, PlotOptions options) {
        checkSize(options.width(), options.height());
        return write(chart(figure, options.kind()), options.format(), options.width(), options.height());
    }

    /** {@code chart} written as {@code format}, {@code width} × {@code height} pixels (checked in range). */
    static byte[] write(JFreeChart chart, ImageFormat format, int width, int height) {
        checkSize(width, height);
        return switch (format) {
            case SVG -> svg(chart, width, height);
            case PNG -> png(chart, width, height);
        };
    }

    /** The picture of {@code chart}, at the size and in the format of {@code options}. */
    static byte[] image(JFreeChart chart, PlotOptions options) {
        return write(chart, options.format(), options.width(), options.height());
    }

    private static void checkSize(int width, int height) {
        if (width < MIN_SIZE || width > MAX_SIZE || height < MIN_SIZE || height > MAX_SIZE) {
            throw new IllegalArgumentException("Invalid size " + width + "x" + height + " (each in [" + MIN_SIZE
                    + ", " + MAX_SIZE + "])");
        }
    }

    static JFreeChart chart(Figure figure, PlotKind kind) {
        return switch (kind) {
            case PATH -> PathChart.create(figure);
            case CONVERGENCE -> ConvergenceChart.create(figure);
            case RANGE_TEST -> throw new IllegalArgumentException("A range test is drawn from its curve "
                    + "(RangeTestChart), not from a figure of runs");
        };
    }

    private static byte[] svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        // Coordinates to a hundredth of a pixel: finer is invisible, and triples the size of the document.
        g2.setGeomDoubleConverter(PlotRenderer::hundredths);
        chart.draw(g2, new Rectangle(0, 0, width, height));
        return g2.getSVGDocument().getBytes(StandardCharsets.UTF_8);
    }

    private static String hundredths(double value) {
        double rounded = Math.rint(value * 100) / 100;
        return rounded == (long) rounded ? Long.toString((long) rounded) : Double.toString(rounded);
    }

    private static byte[] png(JFreeChart chart, int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
