package dev.descent.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.engine.optim.Adam;
import dev.descent.engine.optim.Sgd;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The banana valley from (-1.5, 2) to its minimum (1, 1), with the settings the issue names. */
class RosenbrockTests {

    private static final String ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2";
    private static final double[] START = {-1.5, 2};

    @Test
    @DisplayName("momentum (rate 5e-4, momentum 0.9, 20,000 steps) ends within 1e-4 of (1, 1)")
    void momentum() {
        Result result = Runs.run(ROSENBROCK, START, new Sgd(0.9, 0, 0, false), 5e-4, 20_000, 0);

        assertThat(result.iterations()).isEqualTo(20_000);
        assertEquals(1, result.last().point()[0], 1e-4);
        assertEquals(1, result.last().point()[1], 1e-4);
    }

    @Test
    @DisplayName("Adam (rate 0.001, 50,000 steps) ends within 1e-4 of (1, 1)")
    void adam() {
        Result result = Runs.run(ROSENBROCK, START, new Adam(0.9, 0.999, 1e-8, 0, false), 1e-3, 50_000, 0);

        assertThat(result.iterations()).isEqualTo(50_000);
        assertEquals(1, result.last().point()[0], 1e-4);
        assertEquals(1, result.last().point()[1], 1e-4);
    }
}
