package dev.descent.plot;

/**
 * What drawing a picture costs, in the work units of a descent ({@code RunPlan#work()}), counted before anything
 * runs so that a picture is held to the synchronous work budget as its runs are. A work unit is about 10 ns: a
 * descent of 20,000,000 units (the default {@code max-sync-work}) took 115 to 260 ms here, and the constants below
 * make a picture's estimate about its drawing time at that rate (measured with JFreeChart 1.5 on the same machine):
 * <ul>
 *   <li>{@link #FIXED}: laying out the chart, its axes, titles and legend: 10 to 40 ms;</li>
 *   <li>each evaluation of f (the path picture's curve, 400 of them, or its contour grid, 120 × 120, plus the
 *       contour levels traced through it): as much as one iteration of the run, {@code dimension + 3} units, and
 *       for a regression the values of a batch, which each evaluation reads (a contour of a 20,000-row regression
 *       took 850 ms);</li>
 *   <li>each point drawn: {@link #POINT} units, and more on a larger picture, where a line covers more pixels (100
 *       runs of 1,000 points added 250 ms to a 4000 × 4000 PNG, little to an 800 × 600 one);</li>
 *   <li>each pixel of a PNG, rasterized and compressed: {@link #PNG_PIXEL} units (a 4000 × 4000 PNG of one short run
 *       took 470 to 740 ms; an SVG's size costs next to nothing).</li>
 * </ul>
 */
final class DrawingCost {

    static final long FIXED = 1_000_000;
    static final long POINT = 50;
    /** Pixels per extra unit of a point's cost: a point costs {@code POINT + pixels / POINT_PIXELS}. */
    static final long POINT_PIXELS = 100_000;
    static final long PNG_PIXEL = 4;

    private DrawingCost() {
    }

    /**
     * The cost of drawing a picture.
     *
     * @param options        kind, format and size
     * @param dimension      the objective's number of variables
     * @param evaluationCost the work units of one evaluation of the objective (as one iteration of its run)
     * @param points         the points drawn, summed over the runs
     */
    static long of(PlotOptions options, int dimension, long evaluationCost, long points) {
        long cost = lines(options.format(), options.width(), options.height(), points);
        // A range test's picture evaluates nothing: its points are its curve's (two series).
        if (options.kind() == PlotKind.PATH) {
            cost += dimension == 1 ? PathChart.CURVE_POINTS * evaluationCost
                    : (long) PathChart.GRID * PathChart.GRID * (evaluationCost + PathChart.LEVELS);
        }
        return cost;
    }

    /**
     * The cost of a picture of lines alone ({@code points} drawn, no evaluation of f): the convergence picture's
     * part of {@link #of}, and the whole of a schedule preview's.
     */
    static long lines(ImageFormat format, int width, int height, long points) {
        long pixels = (long) width * height;
        long cost = FIXED + points * (POINT + pixels / POINT_PIXELS);
        if (format == ImageFormat.PNG) {
            cost += PNG_PIXEL * pixels;
        }
        return cost;
    }

    /** The cost of a grid of {@code evaluations} values of f, each evaluation costing {@code evaluationCost}. */
    static long grid(long evaluations, long evaluationCost) {
        return evaluations * evaluationCost;
    }
}
