package dev.descent.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * Contour lines of a function sampled on a grid, by marching squares: in each grid cell, the level crosses the
 * edges whose ends lie on either side of it, at the linearly interpolated point, and those crossings are joined by
 * a segment. A saddle cell (the level crosses all four edges) is resolved by the cell's mean value.
 */
final class ContourLines {

    private ContourLines() {
    }

    /**
     * The segments of the level {@code level}, as consecutive point pairs {@code x0, y0, x1, y1} in one flat list.
     * Cells with a non-finite corner are skipped.
     *
     * @param xs the grid's x coordinates, increasing
     * @param ys the grid's y coordinates, increasing
     * @param z  {@code z[j][i]} is the value at {@code (xs[i], ys[j])}
     */
    static double[] segments(double[] xs, double[] ys, double[][] z, double level) {
        List<double[]> out = new ArrayList<>();
        double[] crossing = new double[8];
        for (int j = 0; j + 1 < ys.length; j++) {
            for (int i = 0; i + 1 < xs.length; i++) {
                // Corners counter-clockwise from the bottom left; edges bottom, right, top, left between them.
                double a = z[j][i];
                double b = z[j][i + 1];
                double c = z[j + 1][i + 1];
                double d = z[j + 1][i];
                if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c) && Double.isFinite(d))) {
                    continue;
                }
                int n = 0;
                boolean[] crossed = new boolean[4];
                double x0 = xs[i];
                double x1 = xs[i + 1];
                double y0 = ys[j];
                double y1 = ys[j + 1];
                if ((a > level) != (b > level)) {
                    crossed[0] = true;
                    crossing[0] = lerp(x0, x1, a, b, level);
                    crossing[1] = y0;
                    n++;
                }
                if ((b > level) != (c > level)) {
                    crossed[1] = true;
                    crossing[2] = x1;
                    crossing[3] = lerp(y0, y1, b, c, level);
                    n++;
                }
                if ((d > level) != (c > level)) {
                    crossed[2] = true;
                    crossing[4] = lerp(x0, x1, d, c, level);
                    crossing[5] = y1;
                    n++;
                }
                if ((a > level) != (d > level)) {
                    crossed[3] = true;
                    crossing[6] = x0;
                    crossing[7] = lerp(y0, y1, a, d, level);
                    n++;
                }
                if (n == 2) {
                    int first = -1;
                    int second = -1;
                    for (int e = 0; e < 4; e++) {
                        if (crossed[e]) {
                            if (first < 0) {
                                first = e;
                            } else {
                                second = e;
                            }
                        }
                    }
                    out.add(segment(crossing, first, second));
                } else if (n == 4) {
                    // A saddle: a and c lie on one side, b and d on the other. The pair on the other side from
                    // the cell's mean is cut off, each corner by its own segment.
                    boolean meanAbove = (a + b + c + d) / 4 > level;
                    boolean aAndCIsolated = (a > level) != meanAbove;
                    if (aAndCIsolated) {
                        // Corners a and c are isolated: left-bottom and right-top.
                        out.add(segment(crossing, 3, 0));
                        out.add(segment(crossing, 1, 2));
                    } else {
                        // Corners b and d are isolated: bottom-right and top-left.
                        out.add(segment(crossing, 0, 1));
                        out.add(segment(crossing, 2, 3));
                    }
                }
            }
        }
        double[] flat = new double[out.size() * 4];
        for (int s = 0; s < out.size(); s++) {
            System.arraycopy(out.get(s), 0, flat, 4 * s, 4);
        }
        return flat;
    }

    private static double[] segment(double[] crossing, int from, int to) {
        return new double[] {crossing[2 * from], crossing[2 * from + 1], crossing[2 * to], crossing[2 * to + 1]};
    }

    /** Where between p0 (value v0) and p1 (value v1) the value equals level, linearly. */
    private static double lerp(double p0, double p1, double v0, double v1, double level) {
        return p0 + (p1 - p0) * (level - v0) / (v1 - v0);
    }
}
