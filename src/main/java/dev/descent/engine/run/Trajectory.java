package dev.descent.engine.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The iterates of a run, stored flat (one row of {@code 4 + dimension} doubles per iterate, in chunks of
 * {@value #CHUNK_ROWS} rows) rather than as objects. A run records every iterate up to its recorder's capacity (at most {@link #MAX_RECORDED}); a longer run
 * keeps every s-th iterate, s doubling each time the record fills up (so memory stays bounded however long a run
 * is), and always its last iterate. Immutable once built; the accessors by row read it without allocating, for
 * writers that stream it.
 */
public final class Trajectory {

    /**
     * The most iterates a run records before it starts keeping only every other one: 131,072, about 5 MB for a run
     * in 2 variables. A run of up to this many iterations keeps every iterate unless its problem asks for less
     * ({@link Problem#recordLimit()}).
     */
    public static final int MAX_RECORDED = 1 << 17;

    /** Iteration, value, gradient norm and learning rate come before the point in each row. */
    static final int WIDTH = 4;

    /** Rows per chunk: row i is at {@code (i % CHUNK_ROWS) * rowWidth} in chunk {@code i / CHUNK_ROWS}. */
    static final int CHUNK_ROWS = 1024;
    /** log2 of {@link #CHUNK_ROWS}: a row's chunk and place in it by shift and mask, not by division. */
    private static final int CHUNK_SHIFT = 10;

    private final int dimension;
    private final int width;
    private final int size;
    /**
     * The rows in chunks, as the recorder made them (a run's trajectory is not copied into one array at its end);
     * a chunk may be longer than the rows it holds.
     */
    private final double[][] chunks;

    private Trajectory(int dimension, int size, double[][] chunks) {
        this.dimension = dimension;
        this.width = WIDTH + dimension;
        this.size = size;
        this.chunks = chunks;
    }

    /**
     * The trajectory of {@code rows}: recorded iterates one after another, {@link #rowWidth(int)} doubles each, as
     * {@link #copyRow} writes them (a trajectory kept elsewhere, read back). The array is copied.
     */
    public static Trajectory ofRows(int dimension, double[] rows) {
        int width = WIDTH + dimension;
        if (dimension < 0 || rows.length == 0 || rows.length % width != 0) {
            throw new IllegalArgumentException(rows.length + " numbers are not rows of " + width);
        }
        int size = rows.length / width;
        double[][] chunks = new double[chunks(size)][];
        for (int chunk = 0, row = 0; row < size; chunk++, row += CHUNK_ROWS) {
            chunks[chunk] = Arrays.copyOfRange(rows, row * width, Math.min(size, row + CHUNK_ROWS) * width);
        }
        return new Trajectory(dimension, size, chunks);
    }

    /** The doubles one recorded iterate takes: iteration, value, gradient norm, learning rate and the point. */
    public static int rowWidth(int dimension) {
        return WIDTH + dimension;
    }

    /** The number of iterates recorded: updates + 1 for a run of at most its record limit. */
    public int size() {
        return size;
    }

    /** The number of variables of each point. */
    public int dimension() {
        return dimension;
    }

    /** The heap this trajectory holds, in bytes (its rows and a small header). */
    public long bytes() {
        long bytes = 64 + 16L * chunks.length;
        for (double[] chunk : chunks) {
            bytes += 16 + 8L * chunk.length;
        }
        return bytes;
    }

    /** The i-th recorded iterate (iterate i itself when every iterate was kept). */
    public Iterate get(int i) {
        check(i);
        return row(chunk(i), offset(i), dimension);
    }

    /** The iteration of the i-th recorded iterate. */
    public int iteration(int i) {
        check(i);
        return (int) chunk(i)[offset(i)];
    }

    /** f at the i-th recorded iterate. */
    public double value(int i) {
        check(i);
        return chunk(i)[offset(i) + 1];
    }

    /** The gradient norm at the i-th recorded iterate. */
    public double gradientNorm(int i) {
        check(i);
        return chunk(i)[offset(i) + 2];
    }

    /** The learning rate of the update that led to the i-th recorded iterate; NaN at the start. */
    public double learningRate(int i) {
        check(i);
        return chunk(i)[offset(i) + 3];
    }

    /** Coordinate j of the i-th recorded iterate's point. */
    public double coordinate(int i, int j) {
        check(i);
        if (j < 0 || j >= dimension) {
            throw new IndexOutOfBoundsException("coordinate " + j + " of " + dimension);
        }
        return chunk(i)[offset(i) + WIDTH + j];
    }

    /**
     * Copies the i-th recorded row into {@code into} at {@code at}: iteration, value, gradient norm, learning rate,
     * then the point ({@link #rowWidth(int)} doubles), for writers that stream rows without allocating.
     */
    public void copyRow(int i, double[] into, int at) {
        check(i);
        System.arraycopy(chunk(i), offset(i), into, at, width);
    }

    /** The last iterate. */
    public Iterate last() {
        return get(size - 1);
    }

    /** Every recorded iterate (the start alone for a run stopped there). */
    public List<Iterate> all() {
        return thin(Math.max(2, size));
    }

    /**
     * At most {@code maxPoints} recorded iterates evenly spread over the run, the first and the last always among
     * them: recorded iterate round(j (n - 1) / (m - 1)) for j = 0 .. m - 1.
     */
    public List<Iterate> thin(int maxPoints) {
        int[] kept = thinIndices(maxPoints);
        List<Iterate> points = new ArrayList<>(kept.length);
        for (int i : kept) {
            points.add(get(i));
        }
        return points;
    }

    /**
     * The same thinning as {@link #thin(int)}, as a trajectory of its own that holds only the kept rows: the
     * compact form a finished run is kept in. This trajectory itself when nothing would be dropped.
     */
    public Trajectory thinned(int maxPoints) {
        int[] kept = thinIndices(maxPoints);
        if (kept.length == size) {
            return this;
        }
        double[][] compact = new double[chunks(kept.length)][];
        for (int k = 0; k < kept.length; k++) {
            if ((k & (CHUNK_ROWS - 1)) == 0) {
                compact[k >>> CHUNK_SHIFT] = new double[Math.min(CHUNK_ROWS, kept.length - k) * width];
            }
            System.arraycopy(chunk(kept[k]), offset(kept[k]), compact[k >>> CHUNK_SHIFT], offset(k), width);
        }
        return new Trajectory(dimension, kept.length, compact);
    }

    /** The indices of the rows {@link #thin(int)} keeps, ascending. */
    private int[] thinIndices(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("Invalid number of points: " + maxPoints + " (at least 2)");
        }
        int m = Math.min(maxPoints, size);
        if (m == 1) {
            return new int[] {0};
        }
        int[] kept = new int[m];
        for (int j = 0; j < m; j++) {
            kept[j] = (int) Math.round((double) j * (size - 1) / (m - 1));
        }
        return kept;
    }

    /** The chunks {@code rows} rows take. */
    private static int chunks(int rows) {
        return (rows + CHUNK_ROWS - 1) >>> CHUNK_SHIFT;
    }

    /** The chunk of row i. */
    private double[] chunk(int i) {
        return chunks[i >>> CHUNK_SHIFT];
    }

    /** Where row i starts in its chunk. */
    private int offset(int i) {
        return (i & (CHUNK_ROWS - 1)) * width;
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("iterate " + i + " of " + size);
        }
    }

    private static Iterate row(double[] rows, int at, int dimension) {
        return new Iterate((int) rows[at], Arrays.copyOfRange(rows, at + WIDTH, at + WIDTH + dimension),
                rows[at + 1], rows[at + 2], rows[at + 3]);
    }

    /**
     * Records iterates as a run makes them; not thread-safe, and only the run that owns it writes. The rows are kept
     * in chunks of up to {@value #CHUNK_ROWS} rows, allocated as the record grows: a record that grew as one array,
     * doubling, allocated and copied about three times what it held (2 MB for the 480 kB of 10,000 iterates in 2
     * variables, a fifth of the run's time), chunks only once, and the trajectory built at the end takes them over.
     */
    static final class Recorder {
        private final int dimension;
        private final int width;
        private final int capacity;
        // The iterate added last, whether or not it is kept; its point is the caller's array (see add).
        private int latestIteration;
        private double latestValue;
        private double latestGradientNorm;
        private double latestRate;
        private double[] latestPoint;
        /**
         * Row r is at {@code (r % CHUNK_ROWS) * width} in chunk {@code r / CHUNK_ROWS}; a chunk is null until first
         * needed, and the last one holds only what is left of the capacity.
         */
        private final double[][] chunks;
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
            this.latestPoint = new double[dimension];
            this.chunks = new double[chunks(capacity)][];
        }

        /**
         * Adds iterate {@code iteration} at {@code x}. The recorder keeps {@code x} itself, not a copy, as the point
         * of the iterate added last (most iterates of a long run are not kept, and need not be copied). So
         * {@link #latest} and the record's last row read {@code x} as it is when they are called: the caller asks
         * for them only while {@code x} still holds that iterate (the descent loop does at its iteration boundary,
         * before it steps {@code x} in place towards the next one, and after its last iterate).
         */
        void add(int iteration, double[] x, double value, double gradientNorm, double learningRate) {
            latestIteration = iteration;
            latestValue = value;
            latestGradientNorm = gradientNorm;
            latestRate = learningRate;
            latestPoint = x;
            // The stride is a power of 2: a mask, not a division.
            if ((iteration & (stride - 1)) != 0) {
                return;
            }
            if (size == capacity) {
                // Keep every other row: iterations 0, 2s, 4s, ... so that from now on only multiples of 2s are kept.
                for (int i = 0; i < size / 2; i++) {
                    copyRow(2 * i, i);
                }
                size /= 2;
                stride *= 2;
                if ((iteration & (stride - 1)) != 0) {
                    return;
                }
            }
            int chunk = size >>> CHUNK_SHIFT;
            if (chunks[chunk] == null) {
                chunks[chunk] = newChunk(chunk);
            }
            double[] rows = chunks[chunk];
            putRow(rows, (size & (CHUNK_ROWS - 1)) * width, iteration, x, value, gradientNorm, learningRate);
            size++;
        }

        /** Writes the row {iteration, value, gradient norm, rate, x} into {@code rows} from {@code at}. */
        static void putRow(double[] rows, int at, int iteration, double[] x, double value, double gradientNorm,
                           double learningRate) {
            rows[at] = iteration;
            rows[at + 1] = value;
            rows[at + 2] = gradientNorm;
            rows[at + 3] = learningRate;
            // A loop, not System.arraycopy: for a few coordinates the copy costs less than the call to its stub.
            for (int j = 0; j < x.length; j++) {
                rows[at + WIDTH + j] = x[j];
            }
        }

        /**
         * The last iteration, from {@code iteration + 1} on, up to which a loop may write the kept rows itself
         * ({@link #fusedRows}, {@link #fusedOffset}, {@link #fusedAdded}): the iterations kept by the current stride
         * fit in the current chunk without thinning.
         */
        int fusedEnd(int iteration) {
            int room = Math.min(CHUNK_ROWS - (size & (CHUNK_ROWS - 1)), capacity - size);
            long firstKept = ((long) iteration | (stride - 1)) + 1;
            return (int) Math.min(Integer.MAX_VALUE, firstKept + (long) room * stride - 1);
        }

        /** The chunk the next kept row goes into (made if need be), or null when no row fits before thinning. */
        double[] fusedRows() {
            if (size == capacity) {
                return null;
            }
            int chunk = size >>> CHUNK_SHIFT;
            if (chunks[chunk] == null) {
                chunks[chunk] = newChunk(chunk);
            }
            return chunks[chunk];
        }

        /** Where the next kept row starts in {@link #fusedRows}. */
        int fusedOffset() {
            return (size & (CHUNK_ROWS - 1)) * width;
        }

        /** One less than the stride: an iteration is kept when its bits under this mask are 0. */
        int strideMask() {
            return stride - 1;
        }

        /**
         * A loop wrote {@code rows} rows from {@link #fusedOffset} on, as {@link #add} would have, and its last
         * iterate is {@code iteration} at {@code x} (kept as add keeps it).
         */
        void fusedAdded(int rows, int iteration, double[] x, double value, double gradientNorm, double learningRate) {
            size += rows;
            latestIteration = iteration;
            latestValue = value;
            latestGradientNorm = gradientNorm;
            latestRate = learningRate;
            latestPoint = x;
        }

        private double[] newChunk(int chunk) {
            return new double[Math.min(CHUNK_ROWS, capacity - (chunk << CHUNK_SHIFT)) * width];
        }

        private void copyRow(int from, int to) {
            System.arraycopy(chunks[from >>> CHUNK_SHIFT], (from & (CHUNK_ROWS - 1)) * width,
                    chunks[to >>> CHUNK_SHIFT], (to & (CHUNK_ROWS - 1)) * width, width);
        }

        /** The first {@code rows} kept rows, one after another, into {@code into} from its start. */
        private void copyRows(int rows, double[] into) {
            for (int chunk = 0, row = 0; row < rows; chunk++, row += CHUNK_ROWS) {
                System.arraycopy(chunks[chunk], 0, into, row * width, Math.min(CHUNK_ROWS, rows - row) * width);
            }
        }

        /** Whether the iterate added last is the last row kept. */
        private boolean lastKept() {
            return size > 0 && lastRowChunk()[lastRowOffset()] == latestIteration;
        }

        /** The chunk of the last kept row (there is one). */
        private double[] lastRowChunk() {
            return chunks[(size - 1) >>> CHUNK_SHIFT];
        }

        /** Where the last kept row starts in its chunk. */
        private int lastRowOffset() {
            return ((size - 1) & (CHUNK_ROWS - 1)) * width;
        }

        /**
         * A recorder that continues from what {@link #stride()}, {@link #rows()} and {@link #latest()} gave: it
         * keeps, and thins, the following iterates exactly as the recorder they were taken from would have.
         *
         * @throws IllegalArgumentException when the saved record cannot come from a recorder of this shape
         */
        Recorder(int dimension, int capacity, int stride, double[] rows, double[] latest) {
            this(dimension, capacity);
            if (stride < 1 || Integer.bitCount(stride) != 1) {
                throw new IllegalArgumentException("Invalid trajectory stride: " + stride + " (a power of 2)");
            }
            if (rows.length % width != 0 || rows.length / width > capacity || latest.length != width) {
                throw new IllegalArgumentException("The saved trajectory has " + rows.length + " numbers and a "
                        + "last row of " + latest.length + ", not rows of " + width + " (at most " + capacity + ")");
            }
            this.stride = stride;
            this.size = rows.length / width;
            for (int chunk = 0, row = 0; row < size; chunk++, row += CHUNK_ROWS) {
                chunks[chunk] = newChunk(chunk);
                System.arraycopy(rows, row * width, chunks[chunk], 0, Math.min(CHUNK_ROWS, size - row) * width);
            }
            this.latestIteration = (int) latest[0];
            this.latestValue = latest[1];
            this.latestGradientNorm = latest[2];
            this.latestRate = latest[3];
            this.latestPoint = Arrays.copyOfRange(latest, WIDTH, width);
        }

        /** Only iterations that are multiples of this are kept from now on (besides the last). */
        int stride() {
            return stride;
        }

        /** A copy of the rows kept so far. */
        double[] rows() {
            double[] rows = new double[size * width];
            copyRows(size, rows);
            return rows;
        }

        /** A copy of the row of the iterate added last, kept or not. */
        double[] latest() {
            double[] row = new double[width];
            row[0] = latestIteration;
            row[1] = latestValue;
            row[2] = latestGradientNorm;
            row[3] = latestRate;
            System.arraycopy(latestPoint, 0, row, WIDTH, dimension);
            return row;
        }

        /** Overwrites the value and gradient norm of the iterate added last. */
        void replaceLast(double value, double gradientNorm) {
            latestValue = value;
            latestGradientNorm = gradientNorm;
            if (lastKept()) {
                lastRowChunk()[lastRowOffset() + 1] = value;
                lastRowChunk()[lastRowOffset() + 2] = gradientNorm;
            }
        }

        /** The iterate added last, as a snapshot. */
        Iterate last() {
            return row(latest(), 0, dimension);
        }

        /**
         * The record as a trajectory, which takes over the recorder's chunks (nothing is copied but the last iterate,
         * when it is not kept): the recorder must not be used afterwards.
         */
        Trajectory build() {
            int n = size;
            double[][] all = chunks;
            if (!lastKept()) {
                int chunk = n >>> CHUNK_SHIFT;
                int at = (n & (CHUNK_ROWS - 1)) * width;
                if (chunk == all.length) {
                    all = Arrays.copyOf(all, chunk + 1);
                }
                if (all[chunk] == null) {
                    all[chunk] = new double[at + width];
                } else if (all[chunk].length < at + width) {
                    // A full record whose capacity is no multiple of CHUNK_ROWS: its last chunk is full.
                    all[chunk] = Arrays.copyOf(all[chunk], at + width);
                }
                System.arraycopy(latest(), 0, all[chunk], at, width);
                n++;
            }
            return new Trajectory(dimension, n, Arrays.copyOf(all, Trajectory.chunks(n)));
        }
    }
}
