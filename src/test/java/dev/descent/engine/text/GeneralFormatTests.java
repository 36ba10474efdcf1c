package dev.descent.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link GeneralFormat} against its reference, {@code java.util.Formatter}'s {@code %g}, character for character. */
class GeneralFormatTests {

    /** The doubles every check runs over: boundaries of the notation and the rounding, then random ones. */
    static List<Double> values(long seed, int random) {
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
                Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 1.0, -1.0, 0.5, 0.125, 2.5, 1e23, 2e-3, 1e7, 123456789.0, 5e-324));
        for (int k = -30; k <= 30; k++) {
            double power = Math.pow(10, k);
            for (double v : new double[] {power, Math.nextUp(power), Math.nextDown(power)}) {
                values.add(v);
                values.add(-v);
            }
            // Magnitudes whose rounding carries into the next power of ten, or just does not, at each precision.
            for (int p = 1; p <= 6; p++) {
                double nines = power * (1 - 0.5 * Math.pow(10, -p));
                values.add(nines);
                values.add(Math.nextDown(nines));
                values.add(Math.nextUp(nines));
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < random; i++) {
            switch (i % 4) {
                case 0 -> values.add(Double.longBitsToDouble(rng.nextLong()));
                case 1 -> values.add((rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-12, 12)));
                // Few digits, exact halves among them: the ties of half-up rounding.
                case 2 -> values.add(rng.nextInt(-100_000, 100_000) * Math.pow(10, rng.nextInt(-8, 6)));
                default -> values.add(rng.nextInt(-2000, 2000) / 8.0);
            }
        }
        return values;
    }

    @Test
    void theFormattersText() {
        for (double v : values(20261203L, 100_000)) {
            for (int precision : new int[] {1, 2, 3, 4, 6, 17}) {
                String expected = String.format(Locale.ROOT, "%." + precision + "g", v);
                assertThat(GeneralFormat.format(v, precision)).as("%s at precision %d", v, precision)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void readableDropsTrailingZerosAndTheExponentsPadding() {
        assertThat(GeneralFormat.readable(0.5, 4)).isEqualTo("0.5");
        assertThat(GeneralFormat.readable(1234.0, 4)).isEqualTo("1234");
        assertThat(GeneralFormat.readable(12345.0, 4)).isEqualTo("1.235e4");
        assertThat(GeneralFormat.readable(1.5e-7, 4)).isEqualTo("1.5e-7");
        assertThat(GeneralFormat.readable(100.0, 4)).isEqualTo("100");
        assertThat(GeneralFormat.readable(-0.0, 4)).isEqualTo("-0");
        assertThat(GeneralFormat.readable(2e5, 4)).isEqualTo("2e5");
        for (double v : values(7L, 50_000)) {
            if (Double.isFinite(v)) {
                assertThat(GeneralFormat.readable(v, 4)).as("%s", v).isEqualTo(readableByTheFormatter(v));
            }
        }
    }

    @Test
    void precisionOutOfRange() {
        assertThatThrownBy(() -> GeneralFormat.format(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeneralFormat.format(1, 18)).isInstanceOf(IllegalArgumentException.class);
    }

    /** How sentences made readable numbers before, with the formatter and regular expressions: the reference. */
    private static String readableByTheFormatter(double value) {
        String text = String.format(Locale.ROOT, "%.4g", value);
        int e = text.indexOf('e');
        String mantissa = e < 0 ? text : text.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return e < 0 ? mantissa : mantissa + "e" + Integer.parseInt(text.substring(e + 1));
    }
}
