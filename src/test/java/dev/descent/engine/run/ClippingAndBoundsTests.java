package dev.descent.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.optim.Adam;
import dev.descent.engine.optim.Clipping;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.StoppingRule;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClippingAndBoundsTests {

    private static final String ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2";

    private static Problem problem(Optimizer<?> optimizer, double rate, int iterations) {
        return Problem.of(ExpressionObjective.compile(ROSENBROCK), new double[] {-1.5, 2}, optimizer,
                LearningRateSchedule.constant(rate), StoppingRule.firstOf(List.of(StoppingRule.divergence(1e12),
                        StoppingRule.maxIterations(iterations))));
    }

    @Test
    @DisplayName("clipping by norm scales g by maxNorm / (|g| + 1e-6) when that is below 1, as PyTorch does")
    void byNorm() {
        double[] g = {30, 40};
        new Clipping.ByNorm(5).apply(g);
        double factor = 5 / (50 + 1e-6);
        assertThat(g).containsExactly(30 * factor, 40 * factor);
        double[] small = {3, 4};
        new Clipping.ByNorm(5).apply(small);
        assertThat(small).as("a norm of 5 gives a factor just under 1: scaled").containsExactly(
                3 * (5 / (5 + 1e-6)), 4 * (5 / (5 + 1e-6)));
        double[] smaller = {0.3, 0.4};
        new Clipping.ByNorm(5).apply(smaller);
        assertThat(smaller).containsExactly(0.3, 0.4);
    }

    @Test
    @DisplayName("clipping by value clamps every component")
    void byValue() {
        double[] g = {-7, 0.2, 3};
        new Clipping.ByValue(1).apply(g);
        assertThat(g).containsExactly(-1, 0.2, 1);
    }

    @Test
    @DisplayName("with clipping by norm, no gradient-descent step is longer than learningRate * maxNorm")
    void clippedStepsAreCapped() {
        double rate = 1e-3;
        double maxNorm = 2;
        Result result = Descent.run(problem(Sgd.plain(0), rate, 2_000).withClipping(new Clipping.ByNorm(maxNorm)));
        List<Iterate> path = result.trajectory().all();
        assertThat(path.get(0).gradientNorm()).as("the unclipped gradient is large").isGreaterThan(100);
        for (int k = 1; k < path.size(); k++) {
            double step = Math.hypot(path.get(k).point()[0] - path.get(k - 1).point()[0],
                    path.get(k).point()[1] - path.get(k - 1).point()[1]);
            assertThat(step).isLessThanOrEqualTo(rate * maxNorm);
        }
        // Unclipped, the same rate on the same start takes a first step of rate * |g| > 0.1.
        Result unclipped = Descent.run(problem(Sgd.plain(0), rate, 1));
        double first = Math.hypot(unclipped.last().point()[0] + 1.5, unclipped.last().point()[1] - 2);
        assertEquals(rate * unclipped.trajectory().get(0).gradientNorm(), first, 1e-12);
    }

    @Test
    @DisplayName("with clipping by value, every coordinate of a gradient-descent step is at most learningRate * maxValue")
    void valueClippedSteps() {
        Result result = Descent.run(problem(Sgd.plain(0), 1e-3, 500).withClipping(new Clipping.ByValue(0.5)));
        List<Iterate> path = result.trajectory().all();
        for (int k = 1; k < path.size(); k++) {
            for (int i = 0; i < 2; i++) {
                assertThat(Math.abs(path.get(k).point()[i] - path.get(k - 1).point()[i]))
                        .isLessThanOrEqualTo(1e-3 * 0.5 * (1 + 1e-12));
            }
        }
    }

    @Test
    @DisplayName("a run with bounds never leaves the box, and ends on its edge when the minimum lies outside")
    void boundsHold() {
        Box box = new Box(new double[] {-2, -1}, new double[] {0.5, 3});
        for (Optimizer<?> optimizer : List.of(new Sgd(0.9, 0, 0, false), new Adam(0.9, 0.999, 1e-8, 0, false))) {
            Result result = Descent.run(problem(optimizer, optimizer instanceof Adam ? 0.05 : 1e-3, 20_000)
                    .withBounds(box));
            for (Iterate iterate : result.trajectory().all()) {
                assertThat(box.contains(iterate.point())).as("%s", iterate).isTrue();
            }
            // The minimum over the box: x = 0.5 (the edge), y = x^2 = 0.25, f = 0.25.
            assertEquals(0.5, result.last().point()[0], 1e-6, optimizer.toString());
            assertEquals(0.25, result.last().point()[1], 1e-4, optimizer.toString());
        }
    }
}
