package dev.descent.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.engine.param.InvalidHyperparameterException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** torch.optim.SGD's documented update, step by step on hand-computed numbers. */
class SgdTests {

    @Test
    @DisplayName("plain: x <- x - γ g")
    void plainStep() {
        Sgd sgd = Sgd.plain(0);
        double[] x = {1, -2};
        sgd.step(x, new double[] {0.5, 4}, sgd.init(2), 0.1);
        assertThat(x).containsExactly(0.95, -2.4);
    }

    @Test
    @DisplayName("weight decay adds λ x to the gradient")
    void weightDecay() {
        Sgd sgd = Sgd.plain(0.5);
        double[] x = {2};
        sgd.step(x, new double[] {1}, sgd.init(1), 0.1); // g = 1 + 0.5 * 2 = 2
        assertEquals(1.8, x[0], 1e-15);
    }

    @Test
    @DisplayName("momentum: b_1 = g_1, then b_t = μ b_{t-1} + (1 - τ) g_t")
    void momentumBuffer() {
        Sgd sgd = new Sgd(0.9, 0.5, 0, false);
        Sgd.State state = sgd.init(1);
        double[] x = {0};
        sgd.step(x, new double[] {1}, state, 0.1);      // b = 1 (no dampening on the first step)
        assertEquals(-0.1, x[0], 1e-15);
        sgd.step(x, new double[] {2}, state, 0.1);      // b = 0.9 * 1 + 0.5 * 2 = 1.9
        assertEquals(-0.1 - 0.19, x[0], 1e-15);
        sgd.step(x, new double[] {0}, state, 0.1);      // b = 0.9 * 1.9 = 1.71
        assertEquals(-0.1 - 0.19 - 0.171, x[0], 1e-15);
    }

    @Test
    @DisplayName("nesterov: the update is g_t + μ b_t")
    void nesterovLookAhead() {
        Sgd sgd = new Sgd(0.9, 0, 0, true);
        Sgd.State state = sgd.init(1);
        double[] x = {0};
        sgd.step(x, new double[] {1}, state, 0.1);      // b = 1, g = 1 + 0.9 = 1.9
        assertEquals(-0.19, x[0], 1e-15);
        sgd.step(x, new double[] {1}, state, 0.1);      // b = 1.9, g = 1 + 1.71 = 2.71
        assertEquals(-0.19 - 0.271, x[0], 1e-15);
    }

    @Test
    @DisplayName("rejects what PyTorch rejects, naming the parameter")
    void validation() {
        assertThatThrownBy(() -> new Sgd(-0.1, 0, 0, false)).isInstanceOf(InvalidHyperparameterException.class)
                .hasMessageContaining("momentum").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new Sgd(0, 0, 0, true)).isInstanceOf(InvalidHyperparameterException.class)
                .hasMessageContaining("Nesterov momentum requires a momentum");
        assertThatThrownBy(() -> new Sgd(0.9, 0.1, 0, true)).isInstanceOf(InvalidHyperparameterException.class)
                .hasMessageContaining("zero dampening");
        assertThatThrownBy(() -> Sgd.plain(Double.NaN)).isInstanceOf(InvalidHyperparameterException.class)
                .hasMessageContaining("weightDecay");
    }
}
