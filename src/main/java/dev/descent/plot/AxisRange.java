package dev.descent.plot;

import org.jfree.chart.axis.LogAxis;

/**
 * Axis ranges JFreeChart can draw whatever the data: finite ends, and a length that is positive and not near the
 * largest double. Its own automatic ranges fail on a single value (a zero length on a log axis), and its tick
 * units on values near ±1.8e308 (a margin overflows to infinity; a tick unit of 1e308 loops for minutes); so
 * values beyond ±{@link #LIMIT} are not drawn, as non-finite ones are not.
 */
final class AxisRange {

    /** The largest magnitude drawn. */
    static final double LIMIT = 1e300;

    /** The share of a range's length added at each end, as JFreeChart's automatic ranges do. */
    static final double MARGIN = 0.05;
    /** The half-width, in decades, of a log range around a single value (or values that barely differ). */
    private static final double LOG_SPREAD = 0.5;

    private AxisRange() {
    }

    /** Whether {@code value} can be drawn: finite, and at most {@link #LIMIT} in magnitude. */
    static boolean drawable(double value) {
        return Math.abs(value) <= LIMIT;
    }

    /**
     * A linear range covering [low, high] (finite, low ≤ high) with {@code margin} of its length at each end; a
     * single value (or values closer than a billionth of their magnitude) gets {@code margin} of its magnitude
     * (at least 1) each side. Values beyond ±{@link #LIMIT} give the range [-1, 1].
     */
    static double[] linear(double low, double high, double margin) {
        if (!(low <= high) || !drawable(low) || !drawable(high)) {
            return new double[] {-1, 1};
        }
        double width = high - low;
        double magnitude = Math.max(1, Math.max(Math.abs(low), Math.abs(high)));
        if (!(width > 1e-9 * magnitude)) {
            double centre = low / 2 + high / 2;
            return new double[] {centre - margin * magnitude, centre + margin * magnitude};
        }
        return new double[] {low - margin * width, high + margin * width};
    }

    /**
     * A base-10 log axis labelled {@code label} over [{@code low}, {@code high}] widened by {@code margin} as
     * {@link #log} widens it (both positive).
     */
    static LogAxis logAxis(String label, double low, double high, double margin) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setSmallestValue(Double.MIN_NORMAL);
        double[] range = log(low, high, margin);
        axis.setRange(range[0], range[1]);
        return axis;
    }

    /**
     * A log range covering [low, high] (positive) with {@code margin} of its length in decades at each end; values
     * closer than a millionth of a decade get {@link #LOG_SPREAD} decades each side. The ends stay within
     * [1/{@link #LIMIT}, {@link #LIMIT}] (a value below 1e-300 is drawn at the bottom edge).
     */
    static double[] log(double low, double high, double margin) {
        if (!(low > 0 && low <= high) || !drawable(high)) {
            return new double[] {0.1, 10};
        }
        double lowDecade = Math.log10(low);
        double highDecade = Math.log10(high);
        double decades = highDecade - lowDecade;
        double pad = decades < 1e-6 ? LOG_SPREAD : margin * decades;
        double lower = Math.max(Math.pow(10, lowDecade - pad), 1 / LIMIT);
        double upper = Math.min(Math.pow(10, highDecade + pad), LIMIT);
        if (lower < upper) {
            return new double[] {lower, upper};
        }
        return upper >= LIMIT ? new double[] {LIMIT / 10, LIMIT} : new double[] {1 / LIMIT, 10 / LIMIT};
    }
}
