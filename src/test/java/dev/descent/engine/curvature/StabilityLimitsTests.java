package dev.descent.engine.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.curvature.StabilityLimits.Limits;
import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.optim.Adam;
import dev.descent.engine.optim.Asgd;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.Runs;
import dev.descent.engine.stop.Status;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The thresholds of {@link StabilityLimits}, computed from the curvature {@link Curvature} measures, checked by
 * running the engine's own optimizer and descent loop 1% below and 1% above each: bounded below the divergence
 * limit and diverged above it; no step reversed below the oscillation threshold and steps reversing above it.
 */
@DisplayName("stability limits of gradient descent")
class StabilityLimitsTests {

    /** Below and above a threshold by this factor. */
    private static final double MARGIN = 0.01;
    /** Long enough to blow past the divergence bound 1e12 at 1% above a limit (the slowest grows ~0.3% a step). */
    private static final int LONG = 100_000;

    private static double largest(String formula, double... x) {
        return Curvature.at(ExpressionObjective.compile(formula), x).largest();
    }

    private static Result run(String formula, double[] start, Optimizer<?> optimizer, double learningRate,
            int iterations) {
        return Runs.run(formula, start, optimizer, learningRate, iterations, 0);
    }

    /** Bounded 1% below the limit (never beyond the start's distance from the minimum), diverged 1% above. */
    private static void divergesAbove(String formula, double[] start, Optimizer<?> optimizer, double limit,
            DoubleUnaryOperator distance) {
        Result below = run(formula, start, optimizer, limit * (1 - MARGIN), LONG);
        assertThat(below.stopReason().status()).as("below %s", limit).isEqualTo(Status.MAX_ITERATIONS);
        assertThat(distance.applyAsDouble(below.last().point()[0]))
                .isLessThan(distance.applyAsDouble(start[0]));
        Result above = run(formula, start, optimizer, limit * (1 + MARGIN), LONG);
        assertThat(above.stopReason().status()).as("above %s", limit).isEqualTo(Status.DIVERGED);
    }

    /** 1% below the threshold no step reverses; 1% above some do. */
    private static void oscillatesAbove(String formula, double[] start, Optimizer<?> optimizer, double threshold,
            int iterations) {
        Result below = run(formula, start, optimizer, threshold * (1 - MARGIN), iterations);
        assertThat(below.behaviour().reversals()).as("reversals below %s", threshold).isZero();
        Result above = run(formula, start, optimizer, threshold * (1 + MARGIN), iterations);
        assertThat(above.behaviour().reversals()).as("reversals above %s", threshold).isPositive();
    }

    @Nested
    @DisplayName("plain gradient descent: 2/L and 1/L")
    class Plain {

        @Test
        @DisplayName("x²: diverges above 1.0, oscillates above 0.5")
        void square() {
            double l = largest("x^2", 1);
            double divergence = StabilityLimits.gradientDescentDivergence(l);
            double oscillation = StabilityLimits.gradientDescentOscillation(l);
            assertThat(divergence).isCloseTo(1.0, within(1e-14));
            assertThat(oscillation).isCloseTo(0.5, within(1e-14));
            divergesAbove("x^2", new double[] {1}, Sgd.plain(0), divergence, Math::abs);
            oscillatesAbove("x^2", new double[] {1}, Sgd.plain(0), oscillation, 50);
            // Above 1/L every step reverses: the run zig-zags.
            Result zigzag = run("x^2", new double[] {1}, Sgd.plain(0), oscillation * 1.5, 50);
            assertThat(zigzag.behaviour().oscillating(zigzag.iterations())).isTrue();
        }

        @Test
        @DisplayName("3x² - 2x - 3: diverges above 1/3, oscillates above 1/6")
        void shiftedParabola() {
            String formula = "3*x^2 - 2*x - 3";
            double l = largest(formula, 2);
            assertThat(StabilityLimits.gradientDescentDivergence(l)).isCloseTo(1.0 / 3, within(1e-15));
            divergesAbove(formula, new double[] {2}, Sgd.plain(0), StabilityLimits.gradientDescentDivergence(l),
                    x -> Math.abs(x - 1.0 / 3));
            oscillatesAbove(formula, new double[] {2}, Sgd.plain(0), StabilityLimits.gradientDescentOscillation(l),
                    50);
        }

        @Test
        @DisplayName("½ xᵀAx in 2-D: the top eigenvalue decides")
        void quadraticForm() {
            String formula = "0.5*(4*x^2 + 2*x*y + 3*y^2)";
            double l = largest(formula, 0, 0);
            double limit = StabilityLimits.gradientDescentDivergence(l);
            double[] start = {1, -1};
            Result below = run(formula, start, Sgd.plain(0), limit * (1 - MARGIN), LONG);
            assertThat(below.stopReason().status()).isEqualTo(Status.MAX_ITERATIONS);
            assertThat(below.last().value()).isLessThan(1e-10);
            Result above = run(formula, start, Sgd.plain(0), limit * (1 + MARGIN), LONG);
            assertThat(above.stopReason().status()).isEqualTo(Status.DIVERGED);
        }
    }

    @Nested
    @DisplayName("heavy-ball momentum: 2(1 + μ)/L and (1 - √μ)²/L")
    class HeavyBall {

        @ParameterizedTest(name = "μ = {0}")
        @ValueSource(doubles = {0.3, 0.5, 0.9})
        void limits(double mu) {
            String formula = "2*x^2";
            double l = largest(formula, 1);
            Sgd sgd = new Sgd(mu, 0, 0, false);
            double divergence = StabilityLimits.heavyBallDivergence(l, mu);
            double oscillation = StabilityLimits.heavyBallOscillation(l, mu);
            assertThat(divergence).isCloseTo(2 * (1 + mu) / 4, within(1e-15));
            divergesAbove(formula, new double[] {1}, sgd, divergence, Math::abs);
            oscillatesAbove(formula, new double[] {1}, sgd, oscillation, 2000);
            assertThat(StabilityLimits.of(sgd, l)).contains(new Limits(divergence, oscillation, l));
        }
    }

    @Nested
    @DisplayName("Nesterov momentum: 2(1 + μ)/((1 + 2μ)L) and ((1 - μ)/(1 + μ))²/L")
    class Nesterov {

        @ParameterizedTest(name = "μ = {0}")
        @ValueSource(doubles = {0.3, 0.5, 0.9})
        void limits(double mu) {
            String formula = "2*x^2";
            double l = largest(formula, 1);
            Sgd sgd = new Sgd(mu, 0, 0, true);
            double divergence = StabilityLimits.nesterovDivergence(l, mu);
            double oscillation = StabilityLimits.nesterovOscillation(l, mu);
            divergesAbove(formula, new double[] {1}, sgd, divergence, Math::abs);
            oscillatesAbove(formula, new double[] {1}, sgd, oscillation, 2000);
            assertThat(StabilityLimits.of(sgd, l)).contains(new Limits(divergence, oscillation, l));
        }
    }

    @Nested
    @DisplayName("for an optimizer")
    class ForAnOptimizer {

        @Test
        @DisplayName("weight decay adds to the curvature, dampening scales the rate; the runs agree")
        void weightDecayAndDampening() {
            double l = largest("x^2", 1);
            Sgd decayed = new Sgd(0, 0, 0.5, false);
            Limits limits = StabilityLimits.of(decayed, l).orElseThrow();
            assertThat(limits.curvature()).isEqualTo(2.5);
            divergesAbove("x^2", new double[] {1}, decayed, limits.divergence(), Math::abs);

            Sgd damped = new Sgd(0.5, 0.5, 0, false);
            Limits dampedLimits = StabilityLimits.of(damped, l).orElseThrow();
            assertThat(dampedLimits.divergence()).isCloseTo(2 * 2 * 1.5 / 2, within(1e-15));
            divergesAbove("x^2", new double[] {1}, damped, dampedLimits.divergence(), Math::abs);
        }

        @Test
        @DisplayName("asgd is gradient descent on L + lambda + weightDecay; the runs agree")
        void asgd() {
            double l = largest("x^2", 1);
            // α = 0 keeps η at the learning rate: θ ← θ(1 - 0.5η) - η(2θ + 0.25θ), gradient descent on 2.75.
            Asgd asgd = new Asgd(0.5, 0, 1e6, 0.25);
            Limits limits = StabilityLimits.of(asgd, l).orElseThrow();
            assertThat(limits.curvature()).isEqualTo(2.75);
            divergesAbove("x^2", new double[] {1}, asgd, limits.divergence(), Math::abs);
            oscillatesAbove("x^2", new double[] {1}, asgd, limits.oscillation(), 50);
        }

        @Test
        @DisplayName("adaptive methods and a momentum of 1 or more have none")
        void none() {
            assertThat(StabilityLimits.of(new Adam(0.9, 0.999, 1e-8, 0, false), 2)).isEmpty();
            assertThat(StabilityLimits.of(new Sgd(1.0, 0, 0, false), 2)).isEmpty();
            assertThat(StabilityLimits.of(Sgd.plain(0), 2)).contains(new Limits(1.0, 0.5, 2));
        }

        @Test
        @DisplayName("without positive curvature there is no limit; the formulas check their momentum")
        void edges() {
            assertThat(StabilityLimits.gradientDescentDivergence(0)).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(StabilityLimits.gradientDescentDivergence(-2)).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(StabilityLimits.gradientDescentDivergence(Double.NaN)).isNaN();
            assertThat(StabilityLimits.heavyBallDivergence(2, 0))
                    .isEqualTo(StabilityLimits.gradientDescentDivergence(2));
            assertThat(StabilityLimits.nesterovOscillation(2, 0))
                    .isEqualTo(StabilityLimits.gradientDescentOscillation(2));
            assertThatIllegalArgumentException().isThrownBy(() -> StabilityLimits.heavyBallDivergence(2, 1))
                    .withMessageContaining("momentum: 1.0");
        }
    }
}
