package dev.descent.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Marching squares against contours known in closed form. */
class ContourLinesTests {

    private static double[] axis(double from, double to, int n) {
        double[] axis = new double[n];
        for (int k = 0; k < n; k++) {
            axis[k] = from + (to - from) * k / (n - 1);
        }
        return axis;
    }

    @Test
    @DisplayName("the level 1 of x^2 + y^2 is the unit circle, all the way round")
    void circle() {
        double[] xs = axis(-2, 2, 81);
        double[] ys = axis(-2, 2, 81);
        double[][] z = new double[ys.length][xs.length];
        for (int j = 0; j < ys.length; j++) {
            for (int i = 0; i < xs.length; i++) {
                z[j][i] = xs[i] * xs[i] + ys[j] * ys[j];
            }
        }

        double[] segments = ContourLines.segments(xs, ys, z, 1);

        // The circle crosses about 2 pi / 0.05 cells; each gives a segment.
        assertThat(segments.length / 4).isBetween(100, 200);
        double length = 0;
        for (int s = 0; s < segments.length; s += 4) {
            // Linear interpolation between grid points puts the ends within the grid's curvature error.
            assertEquals(1, Math.hypot(segments[s], segments[s + 1]), 2e-3);
            assertEquals(1, Math.hypot(segments[s + 2], segments[s + 3]), 2e-3);
            length += Math.hypot(segments[s + 2] - segments[s], segments[s + 3] - segments[s + 1]);
        }
        assertEquals(2 * Math.PI, length, 0.01);
    }

    @Test
    @DisplayName("a saddle cell gives two segments, and cells with a non-finite corner none")
    void saddleAndGaps() {
        double[] xs = {0, 1};
        double[] ys = {0, 1};

        assertThat(ContourLines.segments(xs, ys, new double[][] {{1, 0}, {0, 1}}, 0.5)).hasSize(8);
        assertThat(ContourLines.segments(xs, ys, new double[][] {{1, Double.NaN}, {0, 1}}, 0.5)).isEmpty();
        assertThat(ContourLines.segments(xs, ys, new double[][] {{1, 1}, {1, 1}}, 0.5)).isEmpty();
    }
}
