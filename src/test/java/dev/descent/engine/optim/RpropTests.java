package dev.descent.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.engine.param.InvalidHyperparameterException;
import org.junit.jupiter.api.Test;

/**
 * Rprop's box worked by hand on f(x) = x² + 4x + 9 (gradient 2x + 4) and f(x) = x² (gradient 2x). The golden
 * trajectories (GoldenTrajectoryTests) check it against torch.optim.Rprop itself.
 */
class RpropTests {

    private static final Rprop DEFAULTS = new Rprop(0.5, 1.2, 1e-6, 50);

    private static double[] steps(Rprop rprop, double start, double learningRate, int steps, boolean square) {
        double[] x = {start};
        double[] path = new double[steps + 1];
        path[0] = start;
        Rprop.State state = rprop.init(1);
        for (int t = 1; t <= steps; t++) {
            double[] gradient = {square ? 2 * x[0] : 2 * x[0] + 4};
            rprop.step(x, gradient, state, learningRate);
            path[t] = x[0];
        }
        return path;
    }

    @Test
    void stepSizesGrowByEtaPlusWhileTheSignHolds() {
        // g = 10, 9.8, 9.56 > 0: η = 0.1 (g_prev = 0: unchanged), then 0.12, 0.144; x moves by -η each step.
        double[] path = steps(DEFAULTS, 3, 0.1, 3, false);
        assertEquals(3 - 0.1, path[1], 1e-15);
        assertEquals(3 - 0.1 - 0.1 * 1.2, path[2], 1e-15);
        assertEquals(3 - 0.1 - 0.1 * 1.2 - 0.1 * 1.2 * 1.2, path[3], 1e-15);
    }

    @Test
    void aSignFlipShrinksTheStepAndSkipsThatUpdate() {
        // x² from 0.05, η 0.1: g = 0.1 → x = -0.05; g = -0.1 flips: η = 0.05, g taken as 0, x stays;
        // g_prev = 0 then: η stays 0.05 and x = -0.05 + 0.05 = 0.
        double[] path = steps(DEFAULTS, 0.05, 0.1, 3, true);
        assertArrayEquals(new double[] {0.05, 0.05 - 0.1, 0.05 - 0.1, 0.05 - 0.1 + 0.05}, path, 1e-15);
    }

    @Test
    void stepSizesStayWithinTheirBounds() {
        // From 1000 the sign never changes for many steps: η = 1, 2, 4, 8 (etaPlus 2) capped at 5.
        Rprop rprop = new Rprop(0.5, 2, 1e-6, 5);
        double[] path = steps(rprop, 1000, 1, 6, false);
        double[] expected = {1000, 999, 997, 993, 988, 983, 978};
        assertArrayEquals(expected, path, 1e-12);
        // A first step size below Γmin is raised to it at once, as PyTorch clamps every step.
        double[] small = steps(new Rprop(0.5, 1.2, 0.01, 50), 3, 1e-5, 1, false);
        assertEquals(3 - 0.01, small[1], 1e-15);
    }

    @Test
    void theLearningRateIsOnlyTheFirstStepSize() {
        Rprop.State state = DEFAULTS.init(1);
        double[] x = {3};
        DEFAULTS.step(x, new double[] {10}, state, 0.1);
        // A schedule that changes the rate afterwards changes nothing, as in torch.optim.Rprop.
        DEFAULTS.step(x, new double[] {9.8}, state, 1000);
        assertEquals(3 - 0.1 - 0.12, x[0], 1e-15);
    }

    @Test
    void savedStateRestoresTheSameSteps() {
        Rprop.State state = DEFAULTS.init(2);
        double[] x = {1, -2};
        DEFAULTS.step(x, new double[] {3, -1}, state, 0.1);
        DEFAULTS.step(x, new double[] {-2, -1}, state, 0.1);
        Rprop.State restored = DEFAULTS.restore(DEFAULTS.save(state), 2);
        double[] y = x.clone();
        DEFAULTS.step(x, new double[] {-1, -0.5}, state, 0.1);
        DEFAULTS.step(y, new double[] {-1, -0.5}, restored, 0.1);
        assertArrayEquals(x, y, 0.0);
    }

    @Test
    void refusesWhatPyTorchRefusesNamingTheHyperparameter() {
        assertEquals("etaMinus", violation(() -> new Rprop(1, 1.2, 1e-6, 50)));
        assertEquals("etaMinus", violation(() -> new Rprop(0, 1.2, 1e-6, 50)));
        assertEquals("etaPlus", violation(() -> new Rprop(0.5, 1, 1e-6, 50)));
        assertEquals("minStepSize", violation(() -> new Rprop(0.5, 1.2, -1, 50)));
        assertEquals("maxStepSize", violation(() -> new Rprop(0.5, 1.2, 1, 0.5)));
    }

    private static String violation(Runnable make) {
        return assertThrows(InvalidHyperparameterException.class, make::run).violations().get(0).parameter();
    }
}
