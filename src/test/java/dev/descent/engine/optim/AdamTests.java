package dev.descent.engine.optim;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** torch.optim.Adam's documented update on hand-computed numbers. */
class AdamTests {

    @Test
    @DisplayName("the first step moves each coordinate by γ g / (|g| + ε): bias correction makes m̂ = g, v̂ = g²")
    void firstStep() {
        Adam adam = new Adam(0.9, 0.999, 1e-8, 0, false);
        double[] x = {1, 1};
        adam.step(x, new double[] {3, -0.5}, adam.init(2), 0.01);
        assertEquals(1 - 0.01 * 3 / (3 + 1e-8), x[0], 1e-15);
        assertEquals(1 + 0.01 * 0.5 / (0.5 + 1e-8), x[1], 1e-15);
    }

    @Test
    @DisplayName("the second step follows the algorithm box")
    void secondStep() {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double lr = 0.1;
        Adam adam = new Adam(b1, b2, eps, 0, false);
        Adam.State state = adam.init(1);
        double[] x = {0};
        adam.step(x, new double[] {2}, state, lr);
        adam.step(x, new double[] {-1}, state, lr);

        double m = b1 * ((1 - b1) * 2) + (1 - b1) * -1;
        double v = b2 * ((1 - b2) * 4) + (1 - b2) * 1;
        double mHat = m / (1 - b1 * b1);
        double vHat = v / (1 - b2 * b2);
        double expected = -lr * 2 / (2 + eps) - lr * mHat / (Math.sqrt(vHat) + eps);
        assertEquals(expected, x[0], 1e-15);
    }

    @Test
    @DisplayName("AMSGrad divides by the running maximum of v: after g = 1 then g = 0, v shrinks but max v does not")
    void amsgrad() {
        double b1 = 0.9;
        double b2 = 0.999;
        double lr = 0.1;
        Adam ams = new Adam(b1, b2, 0, 0, true);
        Adam plain = new Adam(b1, b2, 0, 0, false);
        Adam.State amsState = ams.init(1);
        Adam.State plainState = plain.init(1);
        double[] xa = {0};
        double[] xp = {0};
        for (double g : new double[] {1, 0}) {
            ams.step(xa, new double[] {g}, amsState, lr);
            plain.step(xp, new double[] {g}, plainState, lr);
        }
        double m2 = b1 * (1 - b1);
        double v1 = 1 - b2;
        double v2 = b2 * v1;
        double mHat2 = m2 / (1 - b1 * b1);
        double firstStep = -lr; // m̂ = g, v̂ = g²
        assertEquals(firstStep - lr * mHat2 / Math.sqrt(v1 / (1 - b2 * b2)), xa[0], 1e-15);
        assertEquals(firstStep - lr * mHat2 / Math.sqrt(v2 / (1 - b2 * b2)), xp[0], 1e-15);
        assertEquals(v1, amsState.vMax[0], 1e-18);
    }

    @Test
    @DisplayName("rejects betas outside [0, 1) and a negative epsilon, naming the parameter")
    void validation() {
        assertThatThrownBy(() -> new Adam(1.0, 0.999, 1e-8, 0, false))
                .hasMessage("beta1: must be in [0, 1), was 1.0");
        assertThatThrownBy(() -> new Adam(0.9, -0.1, 1e-8, 0, false))
                .hasMessage("beta2: must be in [0, 1), was -0.1");
        assertThatThrownBy(() -> new Adam(0.9, 0.999, -1, 0, false))
                .hasMessage("epsilon: must be in [0, +inf), was -1.0");
    }
}
