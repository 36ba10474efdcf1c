package dev.descent.plot;

import dev.descent.engine.objective.Objective;
import dev.descent.engine.run.Iterate;
import java.awt.Color;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Align;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The path picture: for one variable, the curve of f over a range covering the runs, with each run's iterates on
 * it; for two, a shaded contour map of f with each run's path over it. Start and end of each run are marked.
 */
final class PathChart {

    /** Samples of the 1-D curve. */
    static final int CURVE_POINTS = 400;
    /** Grid points per axis of the contour map (the shading is one pixel per point, smoothed when scaled). */
    static final int GRID = 120;
    /** Runs of at most this many iterates show a dot per iterate; longer ones a line with start and end marks. */
    private static final int DOTS_UP_TO = 150;
    /** Contour levels, evenly spaced in log(f - min f). */
    static final int LEVELS = 14;
    /** The margin around the runs, as a share of their extent. */
    private static final double MARGIN = 0.1;
    /**
     * A point is in view when f there is at most this many times (1 + the largest |f| at a start): so a diverged
     * run's flight to infinity does not shrink the rest of the picture to a dot.
     */
    private static final double VIEW_CAP = 100;
    /** Iterates further out than this many window widths are left out (the line is broken there). */
    private static final double FAR = 10;

    private PathChart() {
    }

    /**
     * Whether f jumps across a pole between samples k and k + 1: it changes sign there while |f| grows towards the
     * gap from both sides. A continuous f that changes sign passes through 0, so |f| shrinks towards the crossing.
     */
    static boolean pole(double[] values, int k) {
        double a = values[k];
        double b = values[k + 1];
        if (!(a * b < 0) || k == 0 || k + 2 >= values.length) {
            return false;
        }
        return Math.abs(a) > Math.abs(values[k - 1]) && Math.abs(b) > Math.abs(values[k + 2]);
    }

    static JFreeChart create(Figure figure) {
        if (figure.dimension() > 2) {
            throw new IllegalArgumentException("A path picture takes 1 or 2 variables, not " + figure.dimension());
        }
        double[][] window = window(figure);
        return figure.dimension() == 1 ? oneVariable(figure, window[0]) : twoVariables(figure, window);
    }

    private static JFreeChart oneVariable(Figure figure, double[] range) {
        String x = figure.variables().get(0);
        Objective f = figure.objective();
        XYSeries curve = new XYSeries("f(" + x + ")", false, true);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        double[] at = new double[1];
        double[] xs = new double[CURVE_POINTS];
        double[] values = new double[CURVE_POINTS];
        for (int k = 0; k < CURVE_POINTS; k++) {
            at[0] = range[0] + (range[1] - range[0]) * k / (CURVE_POINTS - 1);
            double value = f.value(at);
            xs[k] = at[0];
            values[k] = AxisRange.drawable(value) ? value : Double.NaN;
            if (AxisRange.drawable(value)) {
                low = Math.min(low, value);
                high = Math.max(high, value);
            }
        }
        for (int k = 0; k < CURVE_POINTS; k++) {
            curve.add(xs[k], values[k]);
            if (k + 1 < CURVE_POINTS && pole(values, k)) {
                // Not a line from -infinity to +infinity: a gap where 1/x or tan(x) jumps.
                curve.add((xs[k] + xs[k + 1]) / 2, Double.NaN);
            }
        }
        XYSeriesCollection runs = new XYSeriesCollection();
        int[] lastItems = new int[figure.runs().size()];
        List<String> legends = figure.legends();
        for (int r = 0; r < lastItems.length; r++) {
            Figure.Run run = figure.runs().get(r);
            XYSeries series = new XYSeries(legends.get(r), false, true);
            for (Iterate iterate : run.iterates()) {
                double px = iterate.point()[0];
                double value = iterate.value();
                if (near(px, range) && AxisRange.drawable(value)) {
                    series.add(px, value);
                    lastItems[r] = series.getItemCount() - 1;
                    if (px >= range[0] && px <= range[1]) {
                        low = Math.min(low, value);
                        high = Math.max(high, value);
                    }
                } else {
                    series.add(AxisRange.drawable(px) ? px : 0, Double.NaN);
                }
            }
            runs.addSeries(series);
        }
        NumberAxis domain = axis(x, range);
        NumberAxis valueAxis = axis("f(" + x + ")", padded(low, high));
        XYPlot plot = new XYPlot(runs, domain, valueAxis, new RunRenderer(lastItems, dots(figure)));
        XYLineAndShapeRenderer curveRenderer = new XYLineAndShapeRenderer(true, false);
        curveRenderer.setDrawSeriesLineAsPath(true);
        curveRenderer.setSeriesPaint(0, ChartStyle.CURVE);
        curveRenderer.setSeriesStroke(0, ChartStyle.CURVE_STROKE);
        plot.setDataset(1, new XYSeriesCollection(curve));
        plot.setRenderer(1, curveRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        legend(plot, curveRenderer.getLegendItem(1, 0));
        return ChartStyle.chart("Path on f(" + x + ") = " + ChartStyle.formula(figure.formula()), plot);
    }

    private static JFreeChart twoVariables(Figure figure, double[][] window) {
        Objective f = figure.objective();
        double[] xs = new double[GRID];
        double[] ys = new double[GRID];
        for (int k = 0; k < GRID; k++) {
            // Cell centres, so that pixel k of the shading sits exactly over its sample.
            xs[k] = window[0][0] + (window[0][1] - window[0][0]) * (k + 0.5) / GRID;
            ys[k] = window[1][0] + (window[1][1] - window[1][0]) * (k + 0.5) / GRID;
        }
        double[][] values = new double[GRID][GRID];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double[] at = new double[2];
        for (int j = 0; j < GRID; j++) {
            for (int i = 0; i < GRID; i++) {
                at[0] = xs[i];
                at[1] = ys[j];
                double value = f.value(at);
                values[j][i] = value;
                if (AxisRange.drawable(value)) {
                    min = Math.min(min, value);
                    max = Math.max(max, value);
                }
            }
        }
        // Shade and contour log10(f - min + delta): valleys such as Rosenbrock's show, not only the walls.
        double delta = Math.max((max - min) * 1e-4, 1e-12);
        double[][] z = new double[GRID][GRID];
        double zMin = Math.log10(delta);
        double zMax = Math.log10(Math.max(max - min, 0) + delta);
        for (int j = 0; j < GRID; j++) {
            for (int i = 0; i < GRID; i++) {
                z[j][i] = Double.isFinite(values[j][i]) ? Math.log10(values[j][i] - min + delta) : Double.NaN;
            }
        }

        XYSeriesCollection contours = new XYSeriesCollection();
        for (int level = 1; level <= LEVELS && zMax > zMin; level++) {
            double[] segments = ContourLines.segments(xs, ys, z, zMin + (zMax - zMin) * level / (LEVELS + 1));
            XYSeries series = new XYSeries("level " + level, false, true);
            for (int s = 0; s < segments.length; s += 4) {
                series.add(segments[s], segments[s + 1]);
                series.add(segments[s + 2], segments[s + 3]);
                series.add(segments[s + 2], Double.NaN);
            }
            contours.addSeries(series);
        }

        XYSeriesCollection runs = new XYSeriesCollection();
        int[] lastItems = new int[figure.runs().size()];
        List<String> legends = figure.legends();
        for (int r = 0; r < lastItems.length; r++) {
            Figure.Run run = figure.runs().get(r);
            XYSeries series = new XYSeries(legends.get(r), false, true);
            for (Iterate iterate : run.iterates()) {
                double[] p = iterate.point();
                if (near(p[0], window[0]) && near(p[1], window[1])) {
                    series.add(p[0], p[1]);
                    lastItems[r] = series.getItemCount() - 1;
                } else {
                    series.add(AxisRange.drawable(p[0]) ? p[0] : 0, Double.NaN);
                }
            }
            runs.addSeries(series);
        }

        String x = figure.variables().get(0);
        String y = figure.variables().get(1);
        XYPlot plot = new XYPlot(runs, axis(x, window[0]), axis(y, window[1]),
                new RunRenderer(lastItems, dots(figure)));
        XYLineAndShapeRenderer contourRenderer = new XYLineAndShapeRenderer(true, false);
        contourRenderer.setDrawSeriesLineAsPath(true);
        contourRenderer.setAutoPopulateSeriesPaint(false);
        contourRenderer.setAutoPopulateSeriesStroke(false);
        contourRenderer.setDefaultPaint(ChartStyle.CONTOUR);
        contourRenderer.setDefaultStroke(ChartStyle.CONTOUR_STROKE);
        contourRenderer.setDefaultSeriesVisibleInLegend(false);
        plot.setDataset(1, contours);
        plot.setRenderer(1, contourRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setBackgroundImage(shading(z, zMin, zMax));
        plot.setBackgroundImageAlignment(Align.FIT);
        plot.setBackgroundImageAlpha(1f);
        legend(plot, null);
        return ChartStyle.chart("Path on f(" + x + ", " + y + ") = " + ChartStyle.formula(figure.formula()), plot);
    }

    /** One pixel per grid point, row 0 at the top (the largest y). */
    private static BufferedImage shading(double[][] z, double zMin, double zMax) {
        int n = z.length;
        BufferedImage image = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double t = zMax > zMin ? (z[j][i] - zMin) / (zMax - zMin) : 0.5;
                image.setRGB(i, n - 1 - j, Double.isFinite(z[j][i]) ? ChartStyle.shade(t) : 0xffffff);
            }
        }
        return image;
    }

    /** The runs, then {@code extra} (the curve), then what the start and end marks mean. */
    private static void legend(XYPlot plot, LegendItem extra) {
        LegendItemCollection items = new LegendItemCollection();
        for (int series = 0; series < plot.getDataset(0).getSeriesCount(); series++) {
            items.add(plot.getRenderer(0).getLegendItem(0, series));
        }
        if (extra != null) {
            items.add(extra);
        }
        items.add(mark("start", ChartStyle.START));
        items.add(mark("end", ChartStyle.END));
        plot.setFixedLegendItems(items);
    }

    private static LegendItem mark(String label, Shape shape) {
        return new LegendItem(label, null, null, null, true, shape, true, ChartStyle.MARK, false,
                ChartStyle.MARK, ChartStyle.RUN_STROKE, false, shape, ChartStyle.RUN_STROKE, Color.WHITE);
    }

    private static boolean dots(Figure figure) {
        return figure.runs().stream().allMatch(run -> run.iterates().size() <= DOTS_UP_TO);
    }

    private static NumberAxis axis(String label, double[] range) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        axis.setRange(range[0], range[1]);
        return axis;
    }

    /** Whether a coordinate is close enough to the window to draw (far ones, and huge ones, break the line). */
    private static boolean near(double coordinate, double[] range) {
        double width = range[1] - range[0];
        return AxisRange.drawable(coordinate) && coordinate >= range[0] - FAR * width
                && coordinate <= range[1] + FAR * width;
    }

    /**
     * Per variable, the range covering every run's iterates in view, with a margin: finite points whose |f| is at
     * most {@link #VIEW_CAP} times (1 + the largest |f| at a start).
     */
    static double[][] window(Figure figure) {
        int n = figure.dimension();
        double startValue = 0;
        for (Figure.Run run : figure.runs()) {
            double value = run.iterates().get(0).value();
            if (AxisRange.drawable(value)) {
                startValue = Math.max(startValue, Math.abs(value));
            }
        }
        double cap = VIEW_CAP * (1 + startValue);
        double[] low = new double[n];
        double[] high = new double[n];
        Arrays.fill(low, Double.POSITIVE_INFINITY);
        Arrays.fill(high, Double.NEGATIVE_INFINITY);
        for (Figure.Run run : figure.runs()) {
            for (Iterate iterate : run.iterates()) {
                double[] p = iterate.point();
                boolean inView = Math.abs(iterate.value()) <= cap || iterate == run.iterates().get(0);
                for (double c : p) {
                    inView &= AxisRange.drawable(c);
                }
                if (inView) {
                    for (int i = 0; i < n; i++) {
                        low[i] = Math.min(low[i], p[i]);
                        high[i] = Math.max(high[i], p[i]);
                    }
                }
            }
        }
        double[][] window = new double[n][];
        for (int i = 0; i < n; i++) {
            window[i] = Double.isFinite(low[i]) ? padded(low[i], high[i]) : new double[] {-1, 1};
        }
        return window;
    }

    /** [low, high] widened by the margin; a single point becomes an interval around it. */
    private static double[] padded(double low, double high) {
        return AxisRange.linear(low, high, MARGIN);
    }
}
