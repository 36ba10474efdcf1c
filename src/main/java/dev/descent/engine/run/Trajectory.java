package dev.descent.engine.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every iterate of a run, stored flat (one row of {@code 3 + dimension} doubles per iterate) rather than as
 * objects, so that a long run costs a few doubles per step. Immutable once built.
 */
public final class Trajectory {

    /** Value, gradient norm and learning rate come before the point in each row. */
    private static final int WIDTH = 3;

    private final int dimension;
    private final int size;
    private final double[] rows;

    private Trajectory(int dimension, int size, double[] rows) {
        this.dimension = dimension;
        this.size = size;
        this.rows = rows;
    }

    /** The number of iterates: updates + 1. */
    public int size() {
        return size;
    }

    /** Iterate k. */
    public Iterate get(int k) {
        if (k < 0 || k >= size) {
            throw new IndexOutOfBoundsException("iterate " + k + " of " + size);
        }
        int at = k * (WIDTH + dimension);
        return new Iterate(k, Arrays.copyOfRange(rows, at + WIDTH, at + WIDTH + dimension), rows[at], rows[at + 1],
                rows[at + 2]);
    }

    /** The last iterate. */
    public Iterate last() {
        return get(size - 1);
    }

    /** Every iterate. */
    public List<Iterate> all() {
        return thin(size);
    }

    /**
     * At most {@code maxPoints} iterates evenly spread over the run, the first and the last always among them:
     * iterate round(j (n - 1) / (m - 1)) for j = 0 .. m - 1.
     */
    public List<Iterate> thin(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("Invalid number of points: " + maxPoints + " (at least 2)");
        }
        int m = Math.min(maxPoints, size);
        List<Iterate> points = new ArrayList<>(m);
        if (m == 1) {
            points.add(get(0));
            return points;
        }
        for (int j = 0; j < m; j++) {
            points.add(get((int) Math.round((double) j * (size - 1) / (m - 1))));
        }
        return points;
    }

    /** Appends iterates as a run makes them; not thread-safe, and only the run that owns it writes. */
    static final class Recorder {
        private final int dimension;
        private int size;
        private double[] rows;

        Recorder(int dimension, int expectedIterates) {
            this.dimension = dimension;
            this.rows = new double[(WIDTH + dimension) * Math.max(2, Math.min(expectedIterates, 4096))];
        }

        void add(double[] x, double value, double gradientNorm, double learningRate) {
            int width = WIDTH + dimension;
            if ((size + 1) * width > rows.length) {
                rows = Arrays.copyOf(rows, Math.max(rows.length * 2, (size + 1) * width));
            }
            int at = size * width;
            rows[at] = value;
            rows[at + 1] = gradientNorm;
            rows[at + 2] = learningRate;
            System.arraycopy(x, 0, rows, at + WIDTH, dimension);
            size++;
        }

        /** Overwrites the value and gradient norm of the iterate added last. */
        void replaceLast(double value, double gradientNorm) {
            int at = (size - 1) * (WIDTH + dimension);
            rows[at] = value;
            rows[at + 1] = gradientNorm;
        }

        /** The iterate added last, as a snapshot. */
        Iterate last() {
            int at = (size - 1) * (WIDTH + dimension);
            return new Iterate(size - 1, Arrays.copyOfRange(rows, at + WIDTH, at + WIDTH + dimension), rows[at],
                    rows[at + 1], rows[at + 2]);
        }

        Trajectory build() {
            return new Trajectory(dimension, size, Arrays.copyOf(rows, size * (WIDTH + dimension)));
        }
    }
}
