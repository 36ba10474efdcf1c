package dev.descent.engine.optim;

import java.util.Arrays;

/**
 * An optimizer's per-run state as plain data, for a checkpoint: its counters (step counts, flags as 0 or 1), its
 * real scalars (NAdam's product of momenta) and its vectors (moments, accumulators, buffers), each of the run's
 * dimension, in the order the optimizer's {@link Optimizer#save} documents. Each update rule writes and reads its
 * own layout; {@link #expect} checks a layout before it is restored. The arrays are copies, never the run's own.
 *
 * @param counters whole-number state
 * @param scalars  real-valued scalar state
 * @param vectors  per-coordinate state, each as long as the run's dimension
 */
public record OptimizerState(long[] counters, double[] scalars, double[][] vectors) {

    public OptimizerState {
        counters = counters.clone();
        scalars = scalars.clone();
        double[][] copy = new double[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            copy[i] = vectors[i].clone();
        }
        vectors = copy;
    }

    /** Counters and vectors, no real scalars. */
    static OptimizerState of(long[] counters, double[]... vectors) {
        return new OptimizerState(counters, new double[0], vectors);
    }

    /**
     * Checks that this state has the layout {@code rule} writes for {@code dimension} coordinates.
     *
     * @throws IllegalArgumentException naming what differs
     */
    void expect(String rule, int counterCount, int scalarCount, int vectorCount, int dimension) {
        if (counters.length != counterCount || scalars.length != scalarCount || vectors.length != vectorCount) {
            throw new IllegalArgumentException("Not the state of " + rule + ": " + counters.length + " counters, "
                    + scalars.length + " scalars and " + vectors.length + " vectors, expected " + counterCount
                    + ", " + scalarCount + " and " + vectorCount);
        }
        for (double[] vector : vectors) {
            if (vector.length != dimension) {
                throw new IllegalArgumentException("The saved " + rule + " state has " + vector.length
                        + " coordinates, the run " + dimension);
            }
        }
    }

    /** Counter i as an int (step counts). */
    int count(int i) {
        long value = counters[i];
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Invalid step count: " + value);
        }
        return (int) value;
    }

    /** Copies vector i into {@code into}. */
    void copyInto(int i, double[] into) {
        System.arraycopy(vectors[i], 0, into, 0, into.length);
    }

    @Override
    public long[] counters() {
        return counters.clone();
    }

    @Override
    public double[] scalars() {
        return scalars.clone();
    }

    /** How many vectors there are. */
    public int vectorCount() {
        return vectors.length;
    }

    /** A copy of vector i. */
    public double[] vector(int i) {
        return vectors[i].clone();
    }

    @Override
    public double[][] vectors() {
        double[][] copy = new double[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            copy[i] = vectors[i].clone();
        }
        return copy;
    }

    /** Equal when every counter and every double is ({@link Arrays#equals(double[], double[])}: by their bits). */
    @Override
    public boolean equals(Object other) {
        return other instanceof OptimizerState that && Arrays.equals(counters, that.counters)
                && Arrays.equals(scalars, that.scalars) && Arrays.deepEquals(vectors, that.vectors);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(counters) + Arrays.hashCode(scalars)) + Arrays.deepHashCode(vectors);
    }

    @Override
    public String toString() {
        return "OptimizerState[counters=" + Arrays.toString(counters) + ", scalars=" + Arrays.toString(scalars)
                + ", vectors=" + vectors.length + "]";
    }
}
