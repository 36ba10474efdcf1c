package dev.descent.engine.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.curvature.Curvature.Accuracy;
import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.objective.FunctionCatalog;
import dev.descent.engine.objective.Objective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The extreme Hessian eigenvalues by Lanczos against known values and commons-math3's eigen decomposition. */
@DisplayName("curvature: extreme Hessian eigenvalues")
class CurvatureTests {

    private static Curvature at(String formula, double... x) {
        return Curvature.at(ExpressionObjective.compile(formula), x);
    }

    @Test
    @DisplayName("the start vector is n standard normals of Well19937c(SEED), normalized: the same whether kept or not, "
            + "each call its own copy")
    void startVector() {
        for (int n : new int[] {1, 2, 10, 127, 128, 300}) {
            Well19937c random = new Well19937c(Curvature.SEED);
            double[] expected = new double[n];
            double squares = 0;
            for (int i = 0; i < n; i++) {
                expected[i] = random.nextGaussian();
                squares += expected[i] * expected[i];
            }
            for (int i = 0; i < n; i++) {
                expected[i] /= Math.sqrt(squares);
            }
            double[] first = Curvature.startVector(n);
            assertThat(first).as("n = %d", n).containsExactly(expected);
            first[0] = Double.NaN;
            assertThat(Curvature.startVector(n)).as("n = %d, again", n).containsExactly(expected);
        }
    }

    @Test
    @DisplayName("x² has L = 2: critical learning rate 1.0 and oscillation threshold 0.5, computed")
    void square() {
        Curvature curvature = at("x^2", 3);
        assertThat(curvature.largest()).isCloseTo(2, within(1e-14));
        assertThat(curvature.smallest()).isCloseTo(2, within(1e-14));
        assertThat(curvature.accuracy()).isEqualTo(Accuracy.EXACT);
        assertThat(curvature.products()).isEqualTo(1);
        assertThat(StabilityLimits.gradientDescentDivergence(curvature.largest())).isCloseTo(1.0, within(1e-14));
        assertThat(StabilityLimits.gradientDescentOscillation(curvature.largest())).isCloseTo(0.5, within(1e-14));
    }

    @Test
    @DisplayName("3x² - 2x - 3 has L = 6 everywhere: 2/L = 1/3")
    void shiftedParabola() {
        for (double x : new double[] {-5, 0, 1.0 / 3, 10}) {
            Curvature curvature = at("3*x^2 - 2*x - 3", x);
            assertThat(curvature.largest()).isCloseTo(6, within(1e-13));
            assertThat(StabilityLimits.gradientDescentDivergence(curvature.largest()))
                    .isCloseTo(1.0 / 3, within(1e-15));
        }
    }

    @Test
    @DisplayName("½ xᵀAx typed as a formula: the eigenvalues of A from commons-math3")
    void quadraticForm() {
        double[][] a = {{4, 1}, {1, 3}};
        double[] eigenvalues = eigenvalues(new Array2DRowRealMatrix(a));
        Curvature curvature = at("0.5*(4*x^2 + 2*1*x*y + 3*y^2)", 0.7, -1.3);
        assertThat(curvature.largest()).isCloseTo(eigenvalues[eigenvalues.length - 1], within(1e-13));
        assertThat(curvature.smallest()).isCloseTo(eigenvalues[0], within(1e-13));
        assertThat(curvature.largest()).isCloseTo((7 + Math.sqrt(5)) / 2, within(1e-13));
        assertThat(curvature.accuracy()).isEqualTo(Accuracy.EXACT);
        assertThat(StabilityLimits.gradientDescentDivergence(curvature.largest()))
                .isCloseTo(4 / (7 + Math.sqrt(5)), within(1e-14));
    }

    @Test
    @DisplayName("the saddle x² - y²: smallest -2, largest 2 (|λ_min| = |λ_max|, which power iteration misses)")
    void saddle() {
        for (double[] x : new double[][] {{0, 0}, {1, -2}}) {
            Curvature curvature = at("x^2 - y^2", x);
            assertThat(curvature.smallest()).isCloseTo(-2, within(1e-13));
            assertThat(curvature.largest()).isCloseTo(2, within(1e-13));
            assertThat(curvature.accuracy()).isEqualTo(Accuracy.EXACT);
        }
    }

    @Test
    @DisplayName("Rosenbrock at its minimum and at its start: the eigenvalues of the Hessian by hand")
    void rosenbrock() {
        Objective objective = FunctionCatalog.byName("rosenbrock").orElseThrow().objective(2);
        for (double[] x : new double[][] {{1, 1}, {-1.2, 1}}) {
            double[][] h = {{1200 * x[0] * x[0] - 400 * x[1] + 2, -400 * x[0]}, {-400 * x[0], 200}};
            double[] eigenvalues = eigenvalues(new Array2DRowRealMatrix(h));
            Curvature curvature = Curvature.at(objective, x);
            assertThat(curvature.largest()).isCloseTo(eigenvalues[1], within(1e-12 * eigenvalues[1]));
            assertThat(curvature.smallest()).isCloseTo(eigenvalues[0], within(1e-12 * eigenvalues[1]));
        }
    }

    @ParameterizedTest(name = "{0} dimensions")
    @ValueSource(ints = {10, 30})
    @DisplayName("a random quadratic form in up to 30 dimensions: exact, against commons-math3")
    void smallRandomForm(int n) {
        RealMatrix a = randomSymmetric(n, 11, -3, 8);
        double[] eigenvalues = eigenvalues(a);
        Curvature curvature = Curvature.at(ExpressionObjective.compile(formula(a)), new double[n]);
        double scale = eigenvalues[n - 1];
        assertThat(curvature.accuracy()).isEqualTo(Accuracy.EXACT);
        assertThat(curvature.products()).isEqualTo(n);
        assertThat(curvature.largest()).isCloseTo(eigenvalues[n - 1], within(1e-12 * scale));
        assertThat(curvature.smallest()).isCloseTo(eigenvalues[0], within(1e-12 * scale));
    }

    @Test
    @DisplayName("a random 50-dimensional quadratic form: 30 products estimate both extremes from inside")
    void largeRandomForm() {
        int n = 50;
        RealMatrix a = randomSymmetric(n, 13, 0.5, 10);
        double[] eigenvalues = eigenvalues(a);
        Curvature curvature = Curvature.at(ExpressionObjective.compile(formula(a)), new double[n]);
        assertThat(curvature.accuracy()).isEqualTo(Accuracy.ESTIMATE);
        assertThat(curvature.products()).isEqualTo(Curvature.MAX_PRODUCTS);
        double largest = eigenvalues[n - 1];
        double smallest = eigenvalues[0];
        // Ritz values lie inside the spectrum (up to rounding) and the extremes converge first: measured 2e-10
        // (largest) and 4e-7 (smallest) relative to the largest.
        assertThat(curvature.largest()).isLessThanOrEqualTo(largest * (1 + 1e-12))
                .isCloseTo(largest, within(1e-8 * largest));
        assertThat(curvature.smallest()).isGreaterThanOrEqualTo(smallest - 1e-12 * largest)
                .isCloseTo(smallest, within(1e-5 * largest));
    }

    @Test
    @DisplayName("a zero Hessian gives 0 and 0, a multiple of the identity one product, both exact")
    void degenerate() {
        Curvature linear = at("3*x - 2*y + 1", 1, 2);
        assertThat(linear.largest()).isZero();
        assertThat(linear.smallest()).isZero();
        assertThat(linear.products()).isEqualTo(1);
        assertThat(linear.accuracy()).isEqualTo(Accuracy.EXACT);

        int n = 100;
        Objective sphere = FunctionCatalog.byName("sphere").orElseThrow().objective(n);
        Curvature curvature = Curvature.at(sphere, new double[n]);
        assertThat(curvature.products()).isEqualTo(1); // the Krylov space of 2I is one-dimensional: breakdown
        assertThat(curvature.accuracy()).isEqualTo(Accuracy.EXACT);
        assertThat(curvature.largest()).isCloseTo(2, within(1e-14));
        assertThat(curvature.smallest()).isCloseTo(2, within(1e-14));
    }

    @Test
    @DisplayName("a stationary point is no special case; outside the domain the answer is 'not finite', not a throw")
    void edges() {
        // At the minimum of Rosenbrock the gradient is 0: the start vector does not depend on it.
        assertThat(at("100*(y - x^2)^2 + (1 - x)^2", 1, 1).finite()).isTrue();
        Curvature outside = at("sqrt(x) + y^2", -1, 0);
        assertThat(outside.accuracy()).isEqualTo(Accuracy.NOT_FINITE);
        assertThat(outside.finite()).isFalse();
        assertThat(outside.largest()).isNaN();
        assertThat(outside.smallest()).isNaN();
        assertThat(outside.products()).isEqualTo(1);
    }

    @Test
    @DisplayName("reproduces to the bit, and stops at the products it is given")
    void reproducesAndCaps() {
        RealMatrix a = randomSymmetric(10, 17, -1, 1);
        String formula = formula(a);
        double[] x = new double[10];
        assertThat(Curvature.at(ExpressionObjective.compile(formula), x))
                .isEqualTo(Curvature.at(ExpressionObjective.compile(formula), x));
        Curvature capped = Curvature.at(ExpressionObjective.compile(formula), x, 3);
        assertThat(capped.products()).isEqualTo(3);
        assertThat(capped.accuracy()).isEqualTo(Accuracy.ESTIMATE);
    }

    /** Q diag(λ) Qᵀ with λ uniform in [low, high] and Q orthogonal (the Q of a Gaussian matrix). */
    private static RealMatrix randomSymmetric(int n, long seed, double low, double high) {
        RandomGenerator random = new Well19937c(seed);
        RealMatrix gaussian = new Array2DRowRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                gaussian.setEntry(i, j, random.nextGaussian());
            }
        }
        RealMatrix q = new QRDecomposition(gaussian).getQ();
        RealMatrix lambda = new Array2DRowRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            lambda.setEntry(i, i, low + (high - low) * random.nextDouble());
        }
        RealMatrix a = q.multiply(lambda).multiply(q.transpose());
        return a.add(a.transpose()).scalarMultiply(0.5); // exactly symmetric
    }

    /** ½ xᵀAx as a formula in x1 … xn: 0.5*(x1*(a11*x1 + a12*x2 + …) + x2*(…) + …). */
    private static String formula(RealMatrix a) {
        int n = a.getRowDimension();
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> terms = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                terms.add(String.format(Locale.ROOT, "%.17g*x%d", a.getEntry(i, j), j + 1));
            }
            rows.add("x" + (i + 1) + "*(" + String.join(" + ", terms) + ")");
        }
        return "0.5*(" + String.join(" + ", rows) + ")";
    }

    /** The eigenvalues of a symmetric matrix, ascending. */
    private static double[] eigenvalues(RealMatrix a) {
        double[] values = new EigenDecomposition(a).getRealEigenvalues();
        Arrays.sort(values);
        return values;
    }
}
