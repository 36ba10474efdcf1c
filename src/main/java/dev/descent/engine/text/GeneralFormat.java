package dev.descent.engine.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as the sentences of a run write them: {@code String.format(Locale.ROOT, "%.<p>g", v)}'s text, made without
 * {@link java.util.Formatter}, which parses its pattern with a regular expression on every call (a run's diagnosis
 * and curvature sentences format a dozen numbers: some 15 µs of a 20 µs descent's answer, on Java 17).
 *
 * <p>The same text to the character, as {@code GeneralFormatTests} checks against {@code String.format} for millions
 * of doubles: the digits of {@link Double#toString} rounded half up to {@code p} significant digits (as the
 * formatter's {@code FormattedFloatingDecimal} rounds them), then plain when the rounded magnitude is at least
 * 10<sup>-4</sup> and below 10<sup>p</sup>, else {@code d.ddde±xx}; a minus sign for every negative number, -0.0
 * included; {@code NaN}, {@code Infinity}, {@code -Infinity}.
 */
public final class GeneralFormat {

    private static final MathContext[] CONTEXTS = new MathContext[18];

    static {
        for (int p = 1; p < CONTEXTS.length; p++) {
            CONTEXTS[p] = new MathContext(p, RoundingMode.HALF_UP);
        }
    }

    private GeneralFormat() {
    }

    /**
     * {@code String.format(Locale.ROOT, "%." + precision + "g", value)}.
     *
     * @throws IllegalArgumentException unless {@code 1 <= precision <= 17}
     */
    public static String format(double value, int precision) {
        if (precision < 1 || precision >= CONTEXTS.length) {
            throw new IllegalArgumentException("Invalid precision: " + precision + " (1 to 17)");
        }
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        StringBuilder text = new StringBuilder(precision + 8);
        if (Double.compare(value, 0.0) < 0) {
            text.append('-');
        }
        double magnitude = Math.abs(value);
        if (magnitude == 0) {
            return appendFixed(text, BigDecimal.ZERO, precision - 1).toString();
        }
        BigDecimal rounded = new BigDecimal(Double.toString(magnitude)).round(CONTEXTS[precision]);
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent >= -4 && exponent < precision) {
            return appendFixed(text, rounded, precision - exponent - 1).toString();
        }
        String digits = rounded.unscaledValue().toString();
        text.append(digits.charAt(0));
        if (precision > 1) {
            text.append('.').append(digits, 1, Math.min(digits.length(), precision));
            for (int i = digits.length(); i < precision; i++) {
                text.append('0');
            }
        }
        text.append('e').append(exponent < 0 ? '-' : '+');
        int size = Math.abs(exponent);
        if (size < 10) {
            text.append('0');
        }
        return text.append(size).toString();
    }

    /**
     * The number as a person reads it: {@link #format} with trailing zeros of the fraction dropped, and the exponent
     * as a plain integer ({@code 1.5e-7}, {@code 2e5}, {@code 0.25}, {@code 1235}).
     */
    public static String readable(double value, int precision) {
        String text = format(value, precision);
        int e = text.indexOf('e');
        int end = e < 0 ? text.length() : e;
        if (text.lastIndexOf('.', end) >= 0) {
            while (text.charAt(end - 1) == '0') {
                end--;
            }
            if (text.charAt(end - 1) == '.') {
                end--;
            }
        }
        String mantissa = text.substring(0, end);
        if (e < 0) {
            return mantissa;
        }
        int exponent = Integer.parseInt(text, e + 1, text.length(), 10);
        return mantissa + "e" + exponent;
    }

    private static StringBuilder appendFixed(StringBuilder text, BigDecimal magnitude, int decimals) {
        return text.append(magnitude.setScale(decimals, RoundingMode.UNNECESSARY).toPlainString());
    }
}
