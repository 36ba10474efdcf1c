package dev.descent.engine.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The iterates of a run, stored flat (one row of {@code 4 + dimension} doubles per iterate) rather than as
 * objects. Every iterate is kept up to {@link #MAX_RECORDED}; a longer run keeps every s-th iterate, s doubling
 * each time the record fills up (so memory stays bounded however long a run is), and always its last iterate.
 * Immutable once built.
 */
public final class Trajectory {

    /**
     * The most iterates a run records before it starts keeping only every other one: 131,072, about 5 MB for a run
     * in 2 variables and 40 MB in 40. A run of up to this many iterations keeps every iterate.
     */
    public static final int MAX_RECORDED = 1 << 17;

    /** Iteration, value, gradient norm and learning rate come before the point in each row. */
    private static final int WIDTH = 4;

    private final int dimension;
    private final int size;
    private final double[] rows;

    private Trajectory(int dimension, int size, double[] rows) {
        this.dimension = dimension;
        this.size = size;
        this.rows = rows;
    }

    /** The number of iterates recorded: updates + 1 for a run of at most {@link #MAX_RECORDED} iterates. */
    public int size() {
        return size;
    }

    /** The i-th recorded iterate (iterate i itself when every iterate was kept). */
    public Iterate get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("iterate " + i + " of " + size);
        }
        return row(rows, i * (WIDTH + dimension), dimension);
    }

    /** The last iterate. */
    public Iterate last() {
        return get(size - 1);
    }

    /** Every recorded iterate. */
    public List<Iterate> all() {
        return thin(size);
    }

    /**
     * At most {@code maxPoints} recorded iterates evenly spread over the run, the first and the last always among
     * them: recorded iterate round(j (n - 1) / (m - 1)) for j = 0 .. m - 1.
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

    private static Iterate row(double[] rows, int at, int dimension) {
        return new Iterate((int) rows[at], Arrays.copyOfRange(rows, at + WIDTH, at + WIDTH + dimension),
                rows[at + 1], rows[at + 2], rows[at + 3]);
    }

    /** Records iterates as a run makes them; not thread-safe, and only the run that owns it writes. */
    static final class Recorder {
        private final int dimension;
        private final int width;
        private final int capacity;
        /** The iterate added last, whether or not it is kept. */
        private final double[] latest;
        private double[] rows;
        private int size;
        /** Only iterations that are multiples of this are kept (besides the last). */
        private int stride = 1;

        Recorder(int dimension) {
            this(dimension, MAX_RECORDED);
        }

        /** A recorder keeping at most about {@code capacity} iterates (an even number, at least 4). */
        Recorder(int dimension, int capacity) {
            if (capacity < 4 || capacity % 2 != 0) {
                throw new IllegalArgumentException("Invalid capacity: " + capacity);
            }
            this.dimension = dimension;
            this.width = WIDTH + dimension;
            this.capacity = capacity;
            this.latest = new double[width];
            this.rows = new double[width * Math.min(capacity, 1024)];
        }

        void add(int iteration, double[] x, double value, double gradientNorm, double learningRate) {
            latest[0] = iteration;
            latest[1] = value;
            latest[2] = gradientNorm;
            latest[3] = learningRate;
            System.arraycopy(x, 0, latest, WIDTH, dimension);
            if (iteration % stride != 0) {
                return;
            }
            if (size == capacity) {
                // Keep every other row: iterations 0, 2s, 4s, ... so that from now on only multiples of 2s are kept.
                for (int i = 0; i < size / 2; i++) {
                    System.arraycopy(rows, 2 * i * width, rows, i * width, width);
                }
                size /= 2;
                stride *= 2;
                if (iteration % stride != 0) {
                    return;
                }
            }
            if ((size + 1) * width > rows.length) {
                rows = Arrays.copyOf(rows, Math.min(capacity, 2 * (size + 1)) * width);
            }
            System.arraycopy(latest, 0, rows, size * width, width);
            size++;
        }

        /** Overwrites the value and gradient norm of the iterate added last. */
        void replaceLast(double value, double gradientNorm) {
            latest[1] = value;
            latest[2] = gradientNorm;
            if (size > 0 && rows[(size - 1) * width] == latest[0]) {
                rows[(size - 1) * width + 1] = value;
                rows[(size - 1) * width + 2] = gradientNorm;
            }
        }

        /** The iterate added last, as a snapshot. */
        Iterate last() {
            return row(latest, 0, dimension);
        }

        Trajectory build() {
            boolean lastKept = size > 0 && rows[(size - 1) * width] == latest[0];
            int n = lastKept ? size : size + 1;
            double[] all = Arrays.copyOf(rows, n * width);
            if (!lastKept) {
                System.arraycopy(latest, 0, all, size * width, width);
            }
            return new Trajectory(dimension, n, all);
        }
    }
}
