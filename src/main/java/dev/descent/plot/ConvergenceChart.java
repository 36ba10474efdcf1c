package dev.descent.plot;

import dev.descent.engine.run.Iterate;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The convergence picture: f against the iteration, one line per run, on a log scale when every value drawn is
 * positive (the seeds' learning-rate picture). Non-finite values (a diverged run's last), and
 * values beyond ±1e300, are left out. The value
 * axis covers the values drawn as {@link AxisRange} makes it (JFreeChart's own range fails on a single value); with
 * no value to draw, the frame says so.
 */
final class ConvergenceChart {

    /** Runs of at most this many points show a dot per iterate; longer ones only their lines. */
    private static final int DOTS_UP_TO = 60;

    private ConvergenceChart() {
    }

    static JFreeChart create(Figure figure) {
        XYSeriesCollection runs = new XYSeriesCollection();
        int[] lastItems = new int[figure.runs().size()];
        List<String> legends = figure.legends();
        boolean allPositive = true;
        boolean dots = true;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < lastItems.length; r++) {
            Figure.Run run = figure.runs().get(r);
            XYSeries series = new XYSeries(legends.get(r), false, true);
            for (Iterate iterate : run.iterates()) {
                if (AxisRange.drawable(iterate.value())) {
                    series.add(iterate.iteration(), iterate.value());
                    lastItems[r] = series.getItemCount() - 1;
                    allPositive &= iterate.value() > 0;
                    low = Math.min(low, iterate.value());
                    high = Math.max(high, iterate.value());
                }
            }
            dots &= run.iterates().size() <= DOTS_UP_TO;
            runs.addSeries(series);
        }
        NumberAxis iterations = new NumberAxis("iteration");
        iterations.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        iterations.setAutoRangeIncludesZero(true);
        ValueAxis values;
        boolean nothing = low > high;
        if (nothing) {
            // Not one finite value (a run stopped at a start where f is infinite): an empty frame that says so, not a
            // log axis stretched over no range.
            NumberAxis empty = new NumberAxis("f");
            empty.setRange(0, 1);
            empty.setTickLabelsVisible(false);
            values = empty;
        } else if (allPositive) {
            values = AxisRange.logAxis("f (log scale)", low, high, AxisRange.MARGIN);
        } else {
            NumberAxis linear = new NumberAxis("f");
            linear.setAutoRangeIncludesZero(false);
            double[] range = AxisRange.linear(low, high, AxisRange.MARGIN);
            linear.setRange(range[0], range[1]);
            values = linear;
        }
        XYPlot plot = new XYPlot(runs, iterations, values, new RunRenderer(lastItems, dots));
        if (nothing) {
            plot.setNoDataMessage("No finite value of f to draw: f is not finite at any iterate "
                    + (lastItems.length == 1 ? "of the run" : "of any run") + ".");
        }
        return ChartStyle.chart("Convergence on f = " + ChartStyle.formula(figure.formula()), plot);
    }
}
