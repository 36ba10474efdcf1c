package dev.descent.engine.run;

import java.util.Arrays;

/**
 * Box bounds lower_i ≤ x_i ≤ upper_i, kept by projection after every update (projected gradient descent):
 * x_i ← min(max(x_i, lower_i), upper_i). Infinite bounds leave a coordinate free.
 */
public record Box(double[] lower, double[] upper) {

    public Box {
        if (lower.length != upper.length) {
            throw new IllegalArgumentException("lower has " + lower.length + " bounds, upper " + upper.length);
        }
        for (int i = 0; i < lower.length; i++) {
            if (Double.isNaN(lower[i]) || Double.isNaN(upper[i]) || lower[i] > upper[i]) {
                throw new IllegalArgumentException("Invalid bounds for coordinate " + i + ": [" + lower[i] + ", "
                        + upper[i] + "]");
            }
        }
        lower = lower.clone();
        upper = upper.clone();
    }

    /** No bounds in {@code dimension} coordinates. */
    public static Box unbounded(int dimension) {
        double[] lower = new double[dimension];
        double[] upper = new double[dimension];
        Arrays.fill(lower, Double.NEGATIVE_INFINITY);
        Arrays.fill(upper, Double.POSITIVE_INFINITY);
        return new Box(lower, upper);
    }

    /** Whether no coordinate is bounded. */
    public boolean isUnbounded() {
        for (int i = 0; i < lower.length; i++) {
            if (lower[i] != Double.NEGATIVE_INFINITY || upper[i] != Double.POSITIVE_INFINITY) {
                return false;
            }
        }
        return true;
    }

    /** Whether x lies in the box. */
    public boolean contains(double[] x) {
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= lower[i] && x[i] <= upper[i])) {
                return false;
            }
        }
        return true;
    }

    /** Moves x to the nearest point of the box, in place. */
    public void project(double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(Math.max(x[i], lower[i]), upper[i]);
        }
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Box that && Arrays.equals(lower, that.lower) && Arrays.equals(upper, that.upper);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        return "Box[lower=" + Arrays.toString(lower) + ", upper=" + Arrays.toString(upper) + "]";
    }
}
