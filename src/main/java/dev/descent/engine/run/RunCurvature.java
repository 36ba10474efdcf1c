package dev.descent.engine.run;

/**
 * The curvature of the objective along a finished run, as numbers: the smallest and largest eigenvalue of the
 * Hessian at the start and at the last iterate, and the largest eigenvalue seen among the iterates examined, at
 * which iteration. Made by {@code CurvatureProfile.summary()} (package curvature); {@link #UNKNOWN} when
 * it was not computed. A part of {@link Result}, so that a stored result keeps it.
 *
 * @param startSmallest    the smallest eigenvalue at the start
 * @param startLargest     the largest eigenvalue at the start
 * @param endSmallest      the smallest eigenvalue at the last iterate
 * @param endLargest       the largest eigenvalue at the last iterate
 * @param largest          the largest eigenvalue among the iterates examined (L, which the learning-rate limits use)
 * @param largestIteration the iteration where it was seen
 * @param examined         how many iterates were examined (0: not computed)
 * @param exact            whether every eigenvalue is exact up to rounding (few enough variables), rather than a
 *                         Lanczos estimate
 */
public record RunCurvature(double startSmallest, double startLargest, double endSmallest, double endLargest,
                           double largest, int largestIteration, int examined, boolean exact) {

    /** Not computed. */
    public static final RunCurvature UNKNOWN = new RunCurvature(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, 0, 0, false);

    /** Whether it was computed. */
    public boolean known() {
        return examined > 0;
    }

    /** The numbers in order, for storing. */
    public double[] toArray() {
        return new double[] {startSmallest, startLargest, endSmallest, endLargest, largest, largestIteration,
                examined, exact ? 1 : 0};
    }

    /** What {@link #toArray()} gave; {@link #UNKNOWN} for an empty array. */
    public static RunCurvature fromArray(double[] numbers) {
        if (numbers.length == 0) {
            return UNKNOWN;
        }
        if (numbers.length != 8) {
            throw new IllegalArgumentException("A run's curvature has 8 numbers, not " + numbers.length);
        }
        return new RunCurvature(numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], (int) numbers[5],
                (int) numbers[6], numbers[7] != 0);
    }

    boolean knownAtEnd() {
        return Double.isFinite(endSmallest) && Double.isFinite(endLargest);
    }

    /** The largest curvature magnitude at the start and end, at least 1: what "near 0" is measured against. */
    double scale() {
        double scale = 1;
        for (double lambda : new double[] {startSmallest, startLargest, endSmallest, endLargest}) {
            if (Double.isFinite(lambda)) {
                scale = Math.max(scale, Math.abs(lambda));
            }
        }
        return scale;
    }
}
