package dev.descent.engine.curvature;

import dev.descent.engine.run.Result;
import dev.descent.engine.run.RunCurvature;
import dev.descent.engine.objective.Objective;
import dev.descent.engine.run.Iterate;
import dev.descent.engine.run.Trajectory;
import java.util.List;

/**
 * The curvature along a finished run: at its start, at its end, and the steepest (largest {@link
 * Curvature#largest()}) among at most {@code maxPoints} recorded iterates spread evenly over the run (start and end
 * among them, as {@link Trajectory#thin} picks them). Each point costs one {@link Curvature} estimate, at most
 * {@value Curvature#MAX_PRODUCTS} Hessian-vector products; so the work is bounded by {@code maxPoints} whatever the
 * run's length. The steepest is the largest seen at those points only: a sharper region between them is missed.
 *
 * @param start             the curvature at the first recorded iterate
 * @param end               the curvature at the last recorded iterate
 * @param steepest          the curvature with the largest {@code largest} among the finite ones examined (the
 *                          start's if none is finite)
 * @param steepestIteration the iteration of {@code steepest}
 * @param examined          how many iterates were examined
 */
public record CurvatureProfile(Curvature start, Curvature end, Curvature steepest, int steepestIteration,
                               int examined) {

    /** A default for {@code maxPoints}: some 16 × 30 Hessian-vector products per run. */
    public static final int DEFAULT_POINTS = 16;

    /**
     * The profile of {@code trajectory}, a run of {@code objective} (whose Hessian-vector products it takes: see
     * {@link Curvature} on threads).
     *
     * @throws IllegalArgumentException if {@code maxPoints < 2} or the trajectory's points are not of the
     *                                  objective's dimension
     */
    public static CurvatureProfile along(Objective objective, Trajectory trajectory, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("Invalid maxPoints: " + maxPoints + " (at least 2: start and end)");
        }
        List<Iterate> points = trajectory.thin(maxPoints);
        // One start vector for every point: drawing it (a fresh generator, seeded) costs more than a small problem's
        // Hessian-vector products.
        double[] startVector = Curvature.startVector(objective.dimension());
        Curvature start = null;
        Curvature end = null;
        Curvature steepest = null;
        int steepestIteration = 0;
        for (int k = 0; k < points.size(); k++) {
            Iterate iterate = points.get(k);
            Curvature curvature = Curvature.at(objective, iterate.point(), Curvature.MAX_PRODUCTS, startVector);
            if (k == 0) {
                start = curvature;
                steepest = curvature;
                steepestIteration = iterate.iteration();
            }
            if (k == points.size() - 1) {
                end = curvature;
            }
            if (curvature.finite() && (!steepest.finite() || curvature.largest() > steepest.largest())) {
                steepest = curvature;
                steepestIteration = iterate.iteration();
            }
        }
        return new CurvatureProfile(start, end, steepest, steepestIteration, points.size());
    }

    /** As the numbers a result keeps ({@link Result#withCurvature}). */
    public RunCurvature summary() {
        boolean exact = start.accuracy() == Curvature.Accuracy.EXACT && end.accuracy() == Curvature.Accuracy.EXACT
                && steepest.accuracy() == Curvature.Accuracy.EXACT;
        return new RunCurvature(start.smallest(), start.largest(), end.smallest(), end.largest(),
                steepest.largest(), steepestIteration, examined, exact);
    }
}
