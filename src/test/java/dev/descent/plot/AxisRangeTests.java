package dev.descent.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Axis ranges that JFreeChart can draw: positive, finite lengths whatever the values. */
class AxisRangeTests {

    @Test
    @DisplayName("a linear range adds the margin at each end")
    void linearMargin() {
        assertThat(AxisRange.linear(2, 12, 0.05)).containsExactly(1.5, 12.5);
    }

    @Test
    @DisplayName("a single value gets the margin of its magnitude each side, at least of 1")
    void linearSingle() {
        assertThat(AxisRange.linear(1e12, 1e12, 0.1)).containsExactly(0.9e12, 1.1e12);
        assertThat(AxisRange.linear(0, 0, 0.1)).containsExactly(-0.1, 0.1);
    }

    @Test
    @DisplayName("values beyond 1e300 are not drawn: the range falls back to [-1, 1]")
    void linearHuge() {
        assertThat(AxisRange.linear(1.7e308, 1.7e308, 0.1)).containsExactly(-1, 1);
        double[] wide = AxisRange.linear(-1e300, 1e300, 0.1);
        assertThat(wide[1] - wide[0]).isFinite().isEqualTo(2.4e300);
    }

    @Test
    @DisplayName("a log range adds the margin in decades; a single value gets half a decade each side")
    void log() {
        double[] range = AxisRange.log(1, 1e10, 0.05);
        assertThat(Math.log10(range[0])).isCloseTo(-0.5, offset(1e-12));
        assertThat(Math.log10(range[1])).isCloseTo(10.5, offset(1e-12));
        double[] single = AxisRange.log(1.000002e12, 1.000002e12, 0.05);
        assertThat(single[0]).isLessThan(1.000002e12);
        assertThat(single[1]).isGreaterThan(1.000002e12);
        assertThat(single[1] / single[0]).isCloseTo(10, offset(1e-9));
    }

    @Test
    @DisplayName("a log range stays within [1e-300, 1e300]")
    void logClamped() {
        assertThat(AxisRange.log(1e300, 1e300, 0.05)[1]).isEqualTo(1e300);
        double[] tiny = AxisRange.log(1e-310, 1e-309, 0.05);
        assertThat(tiny[0]).isEqualTo(1e-300);
        assertThat(tiny[1]).isGreaterThan(tiny[0]);
    }
}
