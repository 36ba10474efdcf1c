package dev.descent.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Powers#of} is {@code Math.pow(β, t)} to the last bit, from its tables and without them. */
class PowersTests {

    private static void assertPow(double base, int t) {
        assertThat(Double.doubleToRawLongBits(Powers.of(base, t)))
                .as("%s^%d", base, t)
                .isEqualTo(Double.doubleToRawLongBits(Math.pow(base, t)));
    }

    @Test
    @DisplayName("the default betas' powers, every step the tables cover and beyond them")
    void defaultBetas() {
        for (double base : new double[] {0.9, 0.999}) {
            for (int t = 0; t < Powers.STEPS + 1000; t++) {
                assertPow(base, t);
            }
            assertPow(base, Integer.MAX_VALUE);
        }
    }

    @Test
    @DisplayName("other bases, the neighbours of the default betas among them, by Math.pow")
    void otherBases() {
        for (double base : new double[] {0.0, 0.5, 0.95, 0.99, 0.9999, Math.nextUp(0.9), Math.nextDown(0.999)}) {
            for (int t = 0; t < 2000; t++) {
                assertPow(base, t);
            }
        }
    }
}
