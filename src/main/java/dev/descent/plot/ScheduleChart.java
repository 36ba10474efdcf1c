package dev.descent.plot;

import dev.descent.optimization.RunPlan;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The schedule preview's picture: the learning rate against the update, update k + 1 at the rate of index k, drawn
 * as the convergence picture draws a run (the same style, {@link RunRenderer}, {@link AxisRange}) and counted as it
 * is ({@link DrawingCost#lines}). On a log scale, rates of 0 are left out, as the convergence picture leaves out
 * values it cannot draw.
 */
public final class ScheduleChart {

    /** Previews of at most this many updates show a dot per update; longer ones only their line. */
    private static final int DOTS_UP_TO = 60;

    private ScheduleChart() {
    }

    /** What drawing {@code points} rates costs, in work units (as {@link DrawingCost} counts a picture). */
    public static long drawingCost(ImageFormat format, int width, int height, long points) {
        return DrawingCost.lines(format, width, height, points);
    }

    /**
     * The picture of {@code rates}.
     *
     * @param schedule the schedule's {@code type}, for the title and the legend
     * @param base     the base learning rate, for the title
     * @param rates    index k: the rate of update k + 1; at least one
     * @param logScale whether the rate axis is logarithmic
     * @throws IllegalArgumentException for a size out of [{@link PlotRenderer#MIN_SIZE}, {@link PlotRenderer#MAX_SIZE}]
     */
    public static byte[] render(String schedule, double base, double[] rates, boolean logScale, ImageFormat format,
                                int width, int height) {
        return PlotRenderer.write(create(schedule, base, rates, logScale), format, width, height);
    }

    static JFreeChart create(String schedule, double base, double[] rates, boolean logScale) {
        XYSeries series = new XYSeries(schedule, false, true);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < rates.length; k++) {
            double rate = rates[k];
            if (AxisRange.drawable(rate) && (!logScale || rate > 0)) {
                series.add(k + 1, rate);
                low = Math.min(low, rate);
                high = Math.max(high, rate);
            }
        }
        NumberAxis updates = new NumberAxis("update");
        updates.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        double[] span = AxisRange.linear(1, rates.length, AxisRange.MARGIN);
        updates.setRange(span[0], span[1]);
        ValueAxis values;
        if (logScale) {
            values = AxisRange.logAxis("learning rate (log scale)", low, high, AxisRange.MARGIN);
        } else {
            NumberAxis linear = new NumberAxis("learning rate");
            // The rate's distance from 0 is what a schedule is about: the axis starts at 0 unless all are equal.
            double[] range = AxisRange.linear(Math.min(0, low), high, AxisRange.MARGIN);
            linear.setRange(range[0], range[1]);
            values = linear;
        }
        int last = Math.max(0, series.getItemCount() - 1);
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), updates, values,
                new RunRenderer(new int[] {last}, rates.length <= DOTS_UP_TO));
        return ChartStyle.chart("Learning rate of " + schedule + " from " + RunPlan.legendNumber(base), plot);
    }
}
