package dev.descent.plot;

import dev.descent.rangetest.RangeTestResponse;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The range-test picture, as fastai's {@code plot_lr_find}: the loss (thin, light) and the smoothed loss (bold)
 * against the learning rate on a log axis, and the suggested rate as a dashed vertical line named in its label.
 * Losses that are not finite, or beyond ±1e300, are left out; the loss axis covers the smoothed loss and the loss
 * up to 4 × the best smoothed loss (the blow-up threshold), so that a last wild loss does not flatten the rest.
 */
final class RangeTestChart {

    private static final Color LOSS = new Color(0x1f77b4, false);
    private static final Color LOSS_LIGHT = new Color(0x1f, 0x77, 0xb4, 90);
    private static final Color SUGGESTION = new Color(0xd62728);

    private RangeTestChart() {
    }

    /** {@code suggested 0.00705 (STEEPEST)}: the rate to three significant digits, and its rule. */
    static String label(RangeTestResponse answer) {
        return String.format(Locale.ROOT, "suggested %.3g (%s)", answer.suggestedLearningRate(), answer.rule());
    }

    static JFreeChart create(RangeTestResponse answer) {
        XYSeries losses = new XYSeries("loss", false, true);
        XYSeries smoothed = new XYSeries("smoothed loss (β = 0.98)", false, true);
        double best = Double.POSITIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (RangeTestResponse.CurvePoint point : answer.curve()) {
            if (point.smoothedLoss() != null && AxisRange.drawable(point.smoothedLoss())) {
                smoothed.add(point.learningRate(), point.smoothedLoss());
                best = Math.min(best, point.smoothedLoss());
                low = Math.min(low, point.smoothedLoss());
                high = Math.max(high, point.smoothedLoss());
            }
        }
        double ceiling = Double.isFinite(best) ? Math.max(high, 4 * Math.abs(best)) : Double.POSITIVE_INFINITY;
        for (RangeTestResponse.CurvePoint point : answer.curve()) {
            if (point.loss() != null && AxisRange.drawable(point.loss())) {
                losses.add(point.learningRate(), point.loss());
                if (point.loss() <= ceiling) {
                    low = Math.min(low, point.loss());
                    high = Math.max(high, point.loss());
                }
            }
        }
        XYSeriesCollection series = new XYSeriesCollection();
        series.addSeries(losses);
        series.addSeries(smoothed);

        double first = answer.curve().get(0).learningRate();
        double last = answer.curve().get(answer.curve().size() - 1).learningRate();
        LogAxis rates = AxisRange.logAxis("learning rate (log scale)", first, last, 0.02);
        NumberAxis values = new NumberAxis("loss");
        values.setAutoRangeIncludesZero(false);
        if (Double.isFinite(low)) {
            double[] range = AxisRange.linear(low, high, AxisRange.MARGIN);
            values.setRange(range[0], range[1]);
        }

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, LOSS_LIGHT);
        renderer.setSeriesStroke(0, new BasicStroke(1f));
        renderer.setSeriesPaint(1, LOSS);
        renderer.setSeriesStroke(1, ChartStyle.RUN_STROKE);
        XYPlot plot = new XYPlot(series, rates, values, renderer);
        if (answer.suggestedLearningRate() != null) {
            ValueMarker marker = new ValueMarker(answer.suggestedLearningRate(), SUGGESTION,
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            marker.setLabel(label(answer));
            marker.setLabelFont(ChartStyle.TICK);
            marker.setLabelPaint(SUGGESTION);
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker);
        }
        return ChartStyle.chart("Learning-rate range test on f = "
                + ChartStyle.formula(answer.objective().formula()), plot);
    }
}
