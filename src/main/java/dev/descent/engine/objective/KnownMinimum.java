package dev.descent.engine.objective;

import java.util.Arrays;

/**
 * A known global minimum of a catalog function.
 *
 * @param point the minimizer, in the function's variable order
 * @param value the minimum value
 */
public record KnownMinimum(double[] point, double value) {

    public KnownMinimum {
        point = point.clone();
    }

    @Override
    public double[] point() {
        return point.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KnownMinimum that && Arrays.equals(point, that.point)
                && Double.compare(value, that.value) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(point) + Double.hashCode(value);
    }

    @Override
    public String toString() {
        return "KnownMinimum[x=" + Arrays.toString(point) + ", f=" + value + "]";
    }
}
