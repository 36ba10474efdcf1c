package dev.descent.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.objective.FunctionCatalog;
import dev.descent.engine.objective.Objective;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.Status;
import dev.descent.engine.stop.StoppingRule;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Gradient descent with a backtracking Armijo line search instead of a learning rate. */
class ArmijoLineSearchTests {

    private static Result run(Objective objective, double[] start, ArmijoLineSearch search, int iterations) {
        return Descent.run(Problem.of(objective, start, Sgd.plain(0), LearningRateSchedule.constant(0),
                StoppingRule.firstOf(List.of(StoppingRule.divergence(1e12), StoppingRule.gradientTolerance(1e-10),
                        StoppingRule.maxIterations(iterations)))).withLineSearch(search));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource(delimiter = ';', value = {
        "(1-x)^2 + 100*(y-x^2)^2; -1.5, 2",
        "(1-x)^2 + 100*(y-x^2)^2; 2, -1",
        "(x^2+y-11)^2 + (x+y^2-7)^2; 0, 0",
        "(x^2+y-11)^2 + (x+y^2-7)^2; -4, 4",
        "x^2; 9",
        "3*x^2 - 2*x - 3; 8",
        "x^2 + 4*x + 9; 5",
        "x*cos(x); -2",
        "x*cos(x); 1"})
    @DisplayName("never increases the objective")
    void neverIncreases(String formula, String start) {
        double[] x0 = java.util.Arrays.stream(start.split(",")).mapToDouble(s -> Double.parseDouble(s.trim()))
                .toArray();
        Result result = run(ExpressionObjective.compile(formula), x0, ArmijoLineSearch.standard(), 2_000);

        List<Iterate> path = result.trajectory().all();
        assertThat(path.size()).isGreaterThan(1);
        for (int k = 1; k < path.size(); k++) {
            assertThat(path.get(k).value()).as("f at iterate %d", k).isLessThanOrEqualTo(path.get(k - 1).value());
            assertThat(path.get(k).learningRate()).as("the step the search chose").isPositive();
        }
        assertThat(result.functionEvaluations()).isGreaterThan(result.gradientEvaluations());
    }

    @Test
    @DisplayName("reaches the minimum of x^2 + 4x + 9 from any start, without a learning rate")
    void anyStart() {
        RandomGenerator random = new Well19937c(42);
        for (int i = 0; i < 200; i++) {
            double start = (random.nextDouble() - 0.5) * 2e6;
            Result result = run(ExpressionObjective.compile("x^2 + 4*x + 9"), new double[] {start},
                    ArmijoLineSearch.standard(), 1_000);

            assertThat(result.stopReason().status()).as("from %s", start).isEqualTo(Status.CONVERGED);
            assertEquals(-2, result.last().point()[0], 1e-9, "from " + start);
            assertEquals(5, result.last().value(), 1e-12);
        }
    }

    @Test
    @DisplayName("reaches Rosenbrock's minimum from its default start")
    void rosenbrock() {
        var rosenbrock = FunctionCatalog.byName("rosenbrock").orElseThrow();
        Result result = run(rosenbrock.objective(2), rosenbrock.defaultStart(2), ArmijoLineSearch.standard(),
                50_000);

        assertEquals(1, result.last().point()[0], 1e-4);
        assertEquals(1, result.last().point()[1], 1e-4);
    }

    @Test
    @DisplayName("accepts the first step that satisfies the Armijo condition")
    void firstSufficientStep() {
        // f = x^2 at x = 1: g = 2; t = 1 gives x = -1 (no decrease), t = 0.5 gives x = 0 (f = 0 <= 1 - c1*0.5*4).
        Objective square = ExpressionObjective.compile("x^2");
        double t = ArmijoLineSearch.standard().search(square, new double[] {1}, 1, new double[] {2},
                new double[] {2}, Box.unbounded(1), new double[1], new long[1]);
        assertEquals(0.5, t, 0);
    }
}
