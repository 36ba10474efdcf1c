package dev.descent.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.engine.optim.Sgd;
import dev.descent.engine.stop.Status;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed tutorials' worked examples, each checked against its closed form: plain gradient descent on a
 * quadratic a x² + b x + c with rate γ is the linear recurrence x_{k+1} = (1 - 2aγ) x_k - bγ.
 */
class SeedExamplesTests {

    private static final Sgd GD = Sgd.plain(0);

    @Test
    @DisplayName("x^2 from 9 at rate 0.15 for 15 iterations follows x_k = 9 * 0.7^k")
    void squareFromNine() {
        Result result = Runs.run("x^2", new double[] {9}, GD, 0.15, 15, 0);

        assertThat(result.stopReason().status()).isEqualTo(Status.MAX_ITERATIONS);
        assertThat(result.iterations()).isEqualTo(15);
        double[] xs = Runs.xs(result);
        assertThat(xs).hasSize(16);
        for (int k = 0; k <= 15; k++) {
            assertEquals(9 * Math.pow(0.7, k), xs[k], 1e-12 * 9, "x_" + k);
            assertEquals(xs[k] * xs[k], result.trajectory().get(k).value(), 1e-12);
            assertEquals(2 * Math.abs(xs[k]), result.trajectory().get(k).gradientNorm(), 1e-12);
        }
    }

    @Test
    @DisplayName("3x^2 - 2x - 3 from 8 at rate 0.001, step tolerance 1e-5, cap 500: the cap fires first")
    void quadraticFromEight() {
        Result result = Runs.run("3*x^2 - 2*x - 3", new double[] {8}, GD, 0.001, 500, 1e-5);

        // x_k = 1/3 + (8 - 1/3) 0.994^k; the step 0.006 |x_k - 1/3| stays above 1e-5 until k ≈ 1400.
        double[] xs = Runs.xs(result);
        for (int k = 0; k < xs.length; k++) {
            assertEquals(1.0 / 3 + (8 - 1.0 / 3) * Math.pow(0.994, k), xs[k], 1e-12, "x_" + k);
        }
        assertThat(result.stopReason().status()).isEqualTo(Status.MAX_ITERATIONS);
        assertThat(result.iterations()).isEqualTo(500);
        assertEquals(1.0 / 3 + (8 - 1.0 / 3) * Math.pow(0.994, 500), result.last().point()[0], 1e-12);
    }

    @Test
    @DisplayName("x^2 + 4x + 9 reaches x = -2, f = 5")
    void shiftedParabola() {
        Result result = Runs.run("x^2 + 4*x + 9", new double[] {5}, GD, 0.1, 1000, 1e-6);

        assertThat(result.stopReason().status()).isEqualTo(Status.CONVERGED);
        // At convergence the step 0.2 |x + 2| is below 1e-6, so x is within 5e-6 of -2.
        assertEquals(-2, result.last().point()[0], 5e-6);
        assertEquals(5, result.last().value(), 1e-10);
    }

    @Nested
    @DisplayName("x cos(x)")
    class XCosX {

        // f'(x) = cos x - x sin x; the local minima are the roots where f'' = -2 sin x - x cos x > 0.
        private double criticalPointNear(double lower, double upper) {
            return new BrentSolver(1e-14).solve(100, x -> Math.cos(x) - x * Math.sin(x), lower, upper);
        }

        @Test
        @DisplayName("from -2 and from 1 ends in two different local minima")
        void twoStartsTwoMinima() {
            Result fromMinusTwo = Runs.run("x*cos(x)", new double[] {-2}, GD, 0.1, 10_000, 1e-10);
            Result fromOne = Runs.run("x*cos(x)", new double[] {1}, GD, 0.1, 10_000, 1e-10);

            double left = criticalPointNear(-2, 0);   // ≈ -0.8603
            double right = criticalPointNear(3, 4);   // ≈ 3.4256
            assertThat(fromMinusTwo.stopReason().status()).isEqualTo(Status.CONVERGED);
            assertThat(fromOne.stopReason().status()).isEqualTo(Status.CONVERGED);
            assertEquals(left, fromMinusTwo.last().point()[0], 1e-8);
            assertEquals(right, fromOne.last().point()[0], 1e-8);
            assertEquals(left * Math.cos(left), fromMinusTwo.last().value(), 1e-12);
            assertEquals(right * Math.cos(right), fromOne.last().value(), 1e-12);
            assertThat(-2 * Math.sin(left) - left * Math.cos(left)).as("f'' at the left minimum").isPositive();
            assertThat(-2 * Math.sin(right) - right * Math.cos(right)).as("f'' at the right minimum").isPositive();
        }
    }

    @Nested
    @DisplayName("x^2 from 3 at four learning rates: x_k = 3 (1 - 2γ)^k")
    class LearningRates {

        @ParameterizedTest(name = "rate {0} converges monotonically")
        @ValueSource(doubles = {0.01, 0.1})
        void smallRatesConverge(double rate) {
            Result result = Runs.run("x^2", new double[] {3}, GD, rate, 1000, 1e-6);

            assertThat(result.stopReason().status()).isEqualTo(Status.CONVERGED);
            double[] xs = Runs.xs(result);
            for (int k = 0; k < xs.length; k++) {
                assertEquals(3 * Math.pow(1 - 2 * rate, k), xs[k], 1e-12, "x_" + k);
                assertThat(xs[k]).isPositive();
            }
            assertThat(Math.abs(result.last().point()[0])).isLessThan(1e-6 / (2 * rate));
        }

        @Test
        @DisplayName("rate 0.9 oscillates, the sign of x alternating, and converges")
        void rateNineTenthsOscillates() {
            Result result = Runs.run("x^2", new double[] {3}, GD, 0.9, 1000, 1e-6);

            assertThat(result.stopReason().status()).isEqualTo(Status.CONVERGED);
            double[] xs = Runs.xs(result);
            for (int k = 0; k < xs.length; k++) {
                assertEquals(3 * Math.pow(-0.8, k), xs[k], 1e-12, "x_" + k);
                assertThat(Math.signum(xs[k])).isEqualTo(k % 2 == 0 ? 1.0 : -1.0);
            }
            assertThat(Math.abs(result.last().point()[0])).isLessThan(1e-6);
        }

        @Test
        @DisplayName("rate 1.1 diverges: |f| passes the bound 1e12 at k = 70, long before 1000 iterations")
        void rateElevenTenthsDiverges() {
            Result result = Runs.run("x^2", new double[] {3}, GD, 1.1, 1000, 1e-6);

            assertThat(result.stopReason().status()).isEqualTo(Status.DIVERGED);
            // f_k = 9 * 1.44^k first exceeds 1e12 at k = ceil(log(1e12 / 9) / log(1.44)) = 70.
            int expected = (int) Math.ceil(Math.log(1e12 / 9) / Math.log(1.44));
            assertThat(result.iterations()).isEqualTo(expected).isEqualTo(70);
            assertThat(result.stopReason().description()).contains("iteration 70");
            double[] xs = Runs.xs(result);
            for (int k = 1; k < xs.length; k++) {
                assertThat(Math.abs(xs[k])).isGreaterThan(Math.abs(xs[k - 1]));
                assertThat(Math.signum(xs[k])).isEqualTo(-Math.signum(xs[k - 1]));
            }
        }
    }
}
