package dev.descent.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * ASGD's box worked by hand on f(x) = x² + 4x + 9 (gradient 2x + 4) from 3. The golden trajectories
 * (GoldenTrajectoryTests) check it against torch.optim.ASGD itself.
 */
class AsgdTests {

    @Test
    void decayingStepsAndTheAverageOfTheIteratesFromT0() {
        // γ = 0.1, λ = 0.5, α = 1, t0 = 1: η_t = 0.1 / (1 + 0.05 t); μ_t = 1 / max(1, t - 1).
        Asgd asgd = new Asgd(0.5, 1, 1, 0);
        Asgd.State state = asgd.init(1);
        double[] x = {3};
        double[] iterates = new double[6];
        double expected = 3;
        double eta = 0.1;
        for (int t = 1; t <= 5; t++) {
            asgd.step(x, new double[] {2 * x[0] + 4}, state, 0.1);
            expected = expected * (1 - 0.5 * eta) - eta * (2 * expected + 4);
            assertEquals(expected, x[0], 1e-15, "θ_" + t);
            iterates[t] = x[0];
            eta = 0.1 / (1 + 0.05 * t);
        }
        // μ is 1 through step 3 (the average is the iterate), then 1/2, 1/3: the mean of θ_3, θ_4, θ_5.
        assertEquals((iterates[3] + iterates[4] + iterates[5]) / 3, asgd.averagedPoint(state)[0], 1e-15);
    }

    @Test
    void weightDecayIsAddedToTheGradient() {
        Asgd asgd = new Asgd(0, 0.75, 1e6, 0.5);
        double[] x = {3};
        asgd.step(x, new double[] {10}, asgd.init(1), 0.1);
        // λ = 0: no decay term; g = 10 + 0.5 · 3.
        assertEquals(3 - 0.1 * 11.5, x[0], 1e-15);
    }

    @Test
    void savedStateRestoresTheSameSteps() {
        Asgd asgd = new Asgd(1e-2, 0.75, 2, 0);
        Asgd.State state = asgd.init(2);
        double[] x = {1, -2};
        for (int t = 0; t < 4; t++) {
            asgd.step(x, new double[] {2 * x[0], 6 * x[1]}, state, 0.05);
        }
        Asgd.State restored = asgd.restore(asgd.save(state), 2);
        double[] y = x.clone();
        asgd.step(x, new double[] {2 * x[0], 6 * x[1]}, state, 0.05);
        asgd.step(y, new double[] {2 * y[0], 6 * y[1]}, restored, 0.05);
        assertArrayEquals(x, y, 0.0);
        assertArrayEquals(asgd.averagedPoint(state), asgd.averagedPoint(restored), 0.0);
    }
}
