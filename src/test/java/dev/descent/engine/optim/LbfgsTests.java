package dev.descent.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The parts of L-BFGS that closed forms check; LbfgsGoldenTests matches whole runs to torch 1.13's. */
class LbfgsTests {

    private static final Lbfgs DEFAULTS = new Lbfgs(20, 25, 1e-7, 1e-9, 100, false);

    @Test
    @DisplayName("cubic interpolation: the minimizer of the cubic through two points, clamped, or the middle")
    void cubicInterpolation() {
        // f(t) = t^3 - 3t: f(0) = 0, f'(0) = -3; f(2) = 2, f'(2) = 9; its local minimum is at t = 1.
        assertThat(Lbfgs.cubicInterpolate(0, 0, -3, 2, 2, 9, Double.NaN, Double.NaN)).isCloseTo(1, within(1e-15));
        assertThat(Lbfgs.cubicInterpolate(2, 2, 9, 0, 0, -3, Double.NaN, Double.NaN)).isCloseTo(1, within(1e-15));
        // Clamped to the bounds given.
        assertThat(Lbfgs.cubicInterpolate(0, 0, -3, 2, 2, 9, 1.5, 3)).isEqualTo(1.5);
        // f(0) = 0, f(1) = 0.5, both slopes 1: d1 = 2 - 3 (0 - 0.5) / (0 - 1) = 0.5, d1^2 < g1 g2, no real
        // minimizer: the middle of [0, 1].
        assertThat(Lbfgs.cubicInterpolate(0, 0, 1, 1, 0.5, 1, Double.NaN, Double.NaN)).isEqualTo(0.5);
    }

    @Test
    @DisplayName("a quadratic: one step of 20 iterations with the strong Wolfe search ends at x*")
    void quadratic() {
        // f = (x - 1)^2 + 10 (y + 2)^2 from (4, 1).
        Lbfgs lbfgs = new Lbfgs(20, 100, 1e-12, 1e-15, 100, true);
        Lbfgs.State state = lbfgs.init(2);
        double[] x = {4, 1};
        double[] g = {2 * (x[0] - 1), 20 * (x[1] + 2)};
        int[] calls = {0};
        lbfgs.step(x, 9 + 90, g, state, 1, (p, into) -> {
            calls[0]++;
            into[0] = 2 * (p[0] - 1);
            into[1] = 20 * (p[1] + 2);
            return (p[0] - 1) * (p[0] - 1) + 10 * (p[1] + 2) * (p[1] + 2);
        });
        assertThat(x[0]).isCloseTo(1, within(1e-8));
        assertThat(x[1]).isCloseTo(-2, within(1e-8));
        // torch's func_evals: the step's first closure call (f and g handed in) and every call inside it.
        assertThat(state.functionEvaluations()).isEqualTo(1 + calls[0]);
        assertThat(state.iterations()).isBetween(2L, 20L);
    }

    @Test
    @DisplayName("a zero gradient: the step does nothing but count its first evaluation")
    void optimalAtOnce() {
        Lbfgs.State state = DEFAULTS.init(1);
        double[] x = {3};
        DEFAULTS.step(x, 0, new double[] {0}, state, 1, (p, into) -> {
            throw new AssertionError("not evaluated");
        });
        assertThat(x[0]).isEqualTo(3);
        assertThat(state.functionEvaluations()).isEqualTo(1);
        assertThat(state.iterations()).isZero();
    }

    @Test
    @DisplayName("without the objective the plain step throws; a saved state of another layout is refused")
    void misuse() {
        assertThatThrownBy(() -> DEFAULTS.step(new double[1], new double[1], DEFAULTS.init(1), 1))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("closure");
        Lbfgs small = new Lbfgs(20, 25, 1e-7, 1e-9, 1, false);
        OptimizerState twoPairs = new OptimizerState(new long[] {5, 9, 2}, new double[5],
                new double[][] {new double[1], new double[1], new double[1], new double[1], new double[1],
                        new double[1]});
        assertThat(DEFAULTS.restore(twoPairs, 1).iterations()).isEqualTo(5);
        assertThatThrownBy(() -> small.restore(twoPairs, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("history size 1");
        assertThatThrownBy(() -> DEFAULTS.restore(twoPairs, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
