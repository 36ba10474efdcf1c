package dev.descent.engine.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.engine.optim.Adam;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.Runs;
import dev.descent.engine.stop.Status;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalog: every function's formula is right at its known minima, and every known minimum is reached from
 * the default start with the setting documented here (and in the README's catalog table).
 */
class FunctionCatalogTests {

    /**
     * The documented settings: function, dimension, optimizer, learning rate, iterations, and how close to the known
     * minimizer the run must end. Ackley's cone at the origin has a gradient of norm ≈ 2.9 right up to the minimum,
     * so a fixed-rate method circles it at a distance of about the step size: it gets a small Adam rate and a
     * looser tolerance.
     */
    static Stream<Arguments> settings() {
        Sgd gd = Sgd.plain(0);
        Sgd momentum = new Sgd(0.9, 0, 0, false);
        Adam adam = new Adam(0.9, 0.999, 1e-8, 0, false);
        return Stream.of(
                Arguments.of("sphere", 2, gd, 0.1, 1_000, 1e-6),
                Arguments.of("sphere", 10, gd, 0.1, 1_000, 1e-6),
                Arguments.of("rosenbrock", 2, momentum, 1e-3, 20_000, 1e-4),
                Arguments.of("rosenbrock", 3, momentum, 1e-3, 20_000, 1e-4),
                Arguments.of("himmelblau", 2, gd, 0.01, 1_000, 1e-6),
                Arguments.of("beale", 2, adam, 0.01, 20_000, 1e-4),
                Arguments.of("booth", 2, gd, 0.05, 1_000, 1e-6),
                Arguments.of("matyas", 2, gd, 1.0, 2_000, 1e-6),
                Arguments.of("three-hump-camel", 2, gd, 0.05, 2_000, 1e-6),
                Arguments.of("rastrigin", 2, gd, 0.002, 2_000, 1e-6),
                Arguments.of("rastrigin", 5, gd, 0.002, 2_000, 1e-6),
                Arguments.of("ackley", 2, adam, 1e-3, 5_000, 5e-3),
                Arguments.of("styblinski-tang", 2, gd, 0.01, 1_000, 1e-6),
                Arguments.of("styblinski-tang", 4, gd, 0.01, 1_000, 1e-6));
    }

    @ParameterizedTest(name = "{0} in {1}-D: {2} at rate {3}, {4} iterations, within {5}")
    @MethodSource("settings")
    void reachesItsKnownMinimumFromTheDefaultStart(String name, int dimension, Optimizer<?> optimizer,
            double learningRate, int iterations, double tolerance) {
        CatalogFunction function = FunctionCatalog.byName(name).orElseThrow();
        Result result = Runs.run(function.objective(dimension), function.defaultStart(dimension), optimizer,
                learningRate, iterations, 0);

        assertThat(result.stopReason().status()).isEqualTo(Status.MAX_ITERATIONS);
        double[] end = result.last().point();
        KnownMinimum nearest = function.minima(dimension).stream()
                .min((a, b) -> Double.compare(distance(a.point(), end), distance(b.point(), end)))
                .orElseThrow();
        assertThat(distance(nearest.point(), end)).as("distance from %s to %s", Arrays.toString(end), nearest)
                .isLessThan(tolerance);
        assertEquals(nearest.value(), result.last().value(), Math.max(1e-6, tolerance * 10));
    }

    @Test
    @DisplayName("every known minimum is a critical point with the stated value")
    void minimaAreCriticalPoints() {
        for (CatalogFunction function : FunctionCatalog.all()) {
            for (int dimension : List.of(function.minDimension(), function.defaultDimension(), 5)) {
                if (dimension > function.maxDimension()) {
                    continue;
                }
                ExpressionObjective objective = function.objective(dimension);
                assertThat(objective.dimension()).isEqualTo(dimension);
                for (KnownMinimum minimum : function.minima(dimension)) {
                    double[] gradient = new double[dimension];
                    double value = objective.valueAndGradient(minimum.point(), gradient);
                    assertEquals(minimum.value(), value, 1e-9, function.name() + " value at " + minimum);
                    double norm = Math.sqrt(Arrays.stream(gradient).map(g -> g * g).sum());
                    // Ackley's gradient is undefined at its cone's tip (0/0 in the chain rule): skip its norm.
                    if (!function.name().equals("ackley")) {
                        assertThat(norm).as("%s gradient norm at %s", function.name(), minimum).isLessThan(1e-6);
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("n-dimensional formulas have x1 … xn as variables, in natural order")
    void variablesInNaturalOrder() {
        ExpressionObjective sphere = FunctionCatalog.byName("sphere").orElseThrow().objective(12);
        assertThat(sphere.variables()).containsExactly("x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
                "x11", "x12");
        assertThat(FunctionCatalog.byName("rosenbrock").orElseThrow().formula(2))
                .isEqualTo("100*(x2 - x1^2)^2 + (1 - x1)^2");
    }

    @Test
    @DisplayName("10,000 dimensions: sums grouped in blocks, exact in value and gradient; short sums plain")
    void tenThousandDimensions() {
        assertThat(FunctionCatalog.byName("sphere").orElseThrow().formula(FunctionCatalog.SUM_BLOCK))
                .doesNotContain("(");
        int n = 10_000;
        ExpressionObjective sphere = FunctionCatalog.byName("sphere").orElseThrow().objective(n);
        double[] x = new double[n];
        double blocks = 0;
        for (int block = 0; block < n; block += FunctionCatalog.SUM_BLOCK) {
            double sum = 0;
            for (int i = block; i < block + FunctionCatalog.SUM_BLOCK; i++) {
                x[i] = (i % 7 - 3) * 0.25;
                sum += x[i] * x[i];
            }
            blocks += sum;
        }
        double[] gradient = new double[n];
        // The same additions in the same order as the formula's blocks: the same bits.
        assertEquals(blocks, sphere.valueAndGradient(x, gradient));
        for (int i = 0; i < n; i++) {
            assertEquals(2 * x[i], gradient[i]);
        }
        ExpressionObjective rosenbrock = FunctionCatalog.byName("rosenbrock").orElseThrow().objective(n);
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        assertEquals(0, rosenbrock.valueAndGradient(ones, gradient));
        assertThat(gradient).containsOnly(0.0);
    }

    @Test
    @DisplayName("Himmelblau's four minima are four distinct zeros")
    void himmelblau() {
        CatalogFunction himmelblau = FunctionCatalog.byName("himmelblau").orElseThrow();
        assertThat(himmelblau.minima(2)).hasSize(4);
        assertThat(himmelblau.minima(2).stream().map(m -> Arrays.toString(m.point())).distinct()).hasSize(4);
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }
}
