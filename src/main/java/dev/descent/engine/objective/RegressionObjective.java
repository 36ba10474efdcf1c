package dev.descent.engine.objective;

import dev.descent.engine.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Linear or logistic regression as an objective over the parameters θ = (b, w_1 … w_p) (b only with an
 * intercept), the mean over a batch B of rows of
 * <pre>
 *     linear:    (b + w·x̃_i - y_i)²                                  (mean squared error)
 *     logistic:  log(1 + e^{z_i}) - y_i z_i,  z_i = b + w·x̃_i,  y_i ∈ {0, 1}   (log-loss)
 * </pre>
 * plus the penalties (l2 / 2)·‖w‖² + l1·‖w‖₁ (never on the intercept; the subgradient of |w_j| at 0 is 0). With
 * standardization x̃_ij = (x_ij - mean_j) / sd_j (population standard deviation, computed once; a constant
 * column keeps sd 1). Rows are visited through one index permutation. With shuffling, epoch e's permutation is a
 * function of the seed and e alone (see {@link #epochSeed}): the rows in their order, Fisher-Yates shuffled by a
 * {@link Well19937c} seeded with {@code epochSeed(seed, e)}. So the same seed gives the same run to the last bit,
 * and a run resumed from a checkpoint needs only the seed and its position (epoch and batch) to visit the rows
 * exactly as the uninterrupted run would: no generator state (which commons-math3 does not expose) and no
 * permutation is stored. Each instance serves one run.
 *
 * <p>Speed: visiting the rows of a large data set in shuffled order, row by row, makes each update wait on memory
 * (the loop is latency bound). So at the start of each epoch the rows are gathered, in the epoch's order and
 * standardized, into one buffer of this objective's own (as large as the data set: the data set itself is shared
 * and never written), and every batch of the epoch, and the whole-data sums, then read it in one sequential pass.
 * Each feature value x̃_ij is the same double it was when computed on the fly, and every sum adds the same terms
 * in the same order: the results are those of the row-by-row loop to the last bit. An unshuffled run on
 * unstandardized features reads the data set itself, with no buffer.
 */
public final class RegressionObjective implements BatchedObjective {

    /** The model being fitted. */
    public enum Model { LINEAR, LOGISTIC }

    private final Dataset data;
    private final Model model;
    private final boolean standardize;
    private final long seed;
    private final boolean fitIntercept;
    private final double l1;
    private final double l2;
    /** Whether both penalty weights are +0.0 (not -0.0, which {@code l >= 0} lets through). */
    private final boolean noPenalties;
    private final double[] means;
    private final double[] scales;
    private final int batchSize;
    private final boolean shuffle;
    private final RandomGenerator random;
    private final int[] order;
    /** Whether the rows are read from the buffer (shuffled or standardized) rather than from the data set. */
    private final boolean buffered;
    /** The current epoch's rows in their order, standardized, row-major; allocated on first use. */
    private double[] rows;
    /** The current epoch's targets in the order of {@link #rows}. */
    private double[] rowTargets;
    /** Where each row of the data set is in the current epoch's order (the inverse of {@link #order}), when shuffling. */
    private int[] positions;
    /** Whether {@link #rows} holds the rows in the current {@link #order}. */
    private boolean gathered;
    private final List<String> variables;
    private int from;
    private int to;
    private int shuffledEpoch = -1;

    /**
     * @param data         the data set (shared, never copied)
     * @param model        linear or logistic
     * @param fitIntercept whether θ has an intercept b
     * @param l1           L1 penalty weight, at least 0
     * @param l2           L2 penalty weight, at least 0
     * @param standardize  fit on standardized features
     * @param batchSize    rows per batch; at least the row count (or 0) for full batch, 1 for stochastic
     * @param shuffle      reshuffle the rows every epoch
     * @param seed         the shuffling seed
     */
    public RegressionObjective(Dataset data, Model model, boolean fitIntercept, double l1, double l2,
                               boolean standardize, int batchSize, boolean shuffle, long seed) {
        if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("Invalid penalties: l1 " + l1 + ", l2 " + l2);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("Invalid batch size: " + batchSize);
        }
        if (model == Model.LOGISTIC) {
            for (int i = 0; i < data.rows(); i++) {
                if (data.target(i) != 0 && data.target(i) != 1) {
                    throw new IllegalArgumentException("Logistic regression needs targets 0 or 1; row " + i
                            + " has " + data.target(i));
                }
            }
        }
        this.data = data;
        this.model = model;
        this.standardize = standardize;
        this.seed = seed;
        this.fitIntercept = fitIntercept;
        this.l1 = l1;
        this.l2 = l2;
        this.noPenalties = Double.doubleToRawLongBits(l1) == 0 && Double.doubleToRawLongBits(l2) == 0;
        int p = data.columns();
        this.means = new double[p];
        this.scales = new double[p];
        Arrays.fill(scales, 1);
        if (standardize) {
            // Row by row, each column's sums still add its values in row order: one sequential pass each, where
            // summing column by column would stride through the whole data set once per column.
            double[] features = data.sharedFeatures();
            int n = data.rows();
            double[] sums = new double[p];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    sums[j] += features[i * p + j];
                }
            }
            for (int j = 0; j < p; j++) {
                means[j] = sums[j] / n;
            }
            double[] squares = new double[p];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    double d = features[i * p + j] - means[j];
                    squares[j] += d * d;
                }
            }
            for (int j = 0; j < p; j++) {
                double sd = Math.sqrt(squares[j] / n);
                scales[j] = sd > 0 ? sd : 1;
            }
        }
        this.batchSize = batchSize == 0 || batchSize > data.rows() ? data.rows() : batchSize;
        this.shuffle = shuffle;
        this.buffered = standardize || (shuffle && batchesPerEpoch() > 1);
        this.random = new Well19937c(seed);
        this.order = new int[data.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<String> names = new ArrayList<>();
        if (fitIntercept) {
            names.add("intercept");
        }
        names.addAll(data.featureNames());
        this.variables = List.copyOf(names);
        this.from = 0;
        this.to = data.rows();
    }

    /** The same regression on the same (shared) data set, its shuffling started afresh from the seed. */
    @Override
    public RegressionObjective fork() {
        return new RegressionObjective(data, model, fitIntercept, l1, l2, standardize, batchSize, shuffle, seed);
    }

    @Override
    public List<String> variables() {
        return variables;
    }

    /** The data set, shared by this objective's forks and by the other runs that fit it. */
    public Dataset dataset() {
        return data;
    }

    /**
     * The heap this objective holds of its own, in bytes: its row order and, when it shuffles or standardizes, the
     * buffer of its epoch's rows, as large as the data set (which is shared, and not counted), with the rows' places
     * in it when it shuffles (4 bytes a row).
     */
    public long bytes() {
        long buffer = buffered ? 8L * data.rows() * (data.columns() + 1) : 0;
        long positions = shuffles() ? 4L * data.rows() : 0;
        return 4L * order.length + buffer + positions + 256;
    }

    /** The values one batch evaluation reads: rows per batch × features. */
    public long cellsPerBatch() {
        return (long) batchSize * data.columns();
    }

    @Override
    public int batchesPerEpoch() {
        return (data.rows() + batchSize - 1) / batchSize;
    }

    /**
     * Any batch of any epoch, in any order: a batch is a function of (epoch, batch) alone. Moving to another epoch
     * than the last one costs one shuffle of the row indices (no copy of the data).
     */
    @Override
    public void selectBatch(int epoch, int batch) {
        if (shuffle && epoch != shuffledEpoch && batchesPerEpoch() > 1) {
            random.setSeed(epochSeed(seed, epoch));
            shuffle(order, random);
            shuffledEpoch = epoch;
            gathered = false;
        }
        from = batch * batchSize;
        to = Math.min(data.rows(), from + batchSize);
    }

    /**
     * The rows of epoch {@code epoch} in the order this objective visits them: batch b is entries {@code b ·
     * batchSize()} to {@code (b + 1) · batchSize() - 1}. The rows in their order unless the run shuffles (and has
     * more than one batch); else the permutation {@link #selectBatch} draws, by the same code from the same seed.
     * For exports that replay the run elsewhere; this objective's own state is not touched.
     */
    public int[] epochOrder(int epoch) {
        int[] rows = new int[data.rows()];
        if (shuffles()) {
            shuffle(rows, new Well19937c(epochSeed(seed, epoch)));
        } else {
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i;
            }
        }
        return rows;
    }

    /** Fisher-Yates from the rows in their order into {@code order}, with the epoch's own generator. */
    private static void shuffle(int[] order, RandomGenerator random) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    /** Whether each epoch visits the rows in its own shuffled order (shuffling, with more than one batch). */
    public boolean shuffles() {
        return shuffle && batchesPerEpoch() > 1;
    }

    /** The model fitted. */
    public Model model() {
        return model;
    }

    /** Whether θ starts with an intercept. */
    public boolean fitsIntercept() {
        return fitIntercept;
    }

    /** The L1 penalty weight. */
    public double l1() {
        return l1;
    }

    /** The L2 penalty weight. */
    public double l2() {
        return l2;
    }

    /** Whether the loss sees standardized features ({@link #means()}, {@link #scales()}). */
    public boolean standardizes() {
        return standardize;
    }

    /** The rows per batch (the row count for full batch); the last batch of an epoch may have fewer. */
    public int batchSize() {
        return batchSize;
    }

    /** Drops the epoch buffer, as large as the data set; the next evaluation gathers the rows again. */
    @Override
    public void release() {
        rows = null;
        rowTargets = null;
        positions = null;
        gathered = false;
    }

    /**
     * The seed of epoch {@code epoch}'s shuffle: SplitMix64's output function (Steele, Lea and Flood, "Fast
     * Splittable Pseudorandom Number Generators", OOPSLA 2014) applied to seed + (epoch + 1) · 0x9E3779B97F4A7C15,
     * so that neighbouring seeds and epochs give unrelated generators. Part of the checkpoint format: changing it
     * changes every shuffled run.
     */
    public static long epochSeed(long seed, int epoch) {
        long z = seed + (epoch + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Whether {@link #sampleValueAndGradient} may stand for a batch's evaluation: batches of one row, more than one
     * an epoch, and no penalties (per-sample SGD as it is mostly run).
     */
    public boolean evaluatesSamples() {
        return batchSize == 1 && batchesPerEpoch() > 1 && noPenalties;
    }

    /**
     * {@code selectBatch(epoch, batch)} then {@code valueAndGradient(theta, gradient)}, for {@code epoch} the epoch
     * selected last: the same bits, without what a batch of more than one row needs. For a loop that runs the
     * per-sample updates of an epoch (only when {@link #evaluatesSamples}).
     */
    public double sampleValueAndGradient(double[] theta, double[] gradient, int batch) {
        from = batch;
        to = batch + 1;
        int p = data.columns();
        return evaluateRow(theta, gradient, features(), targets()[batch], batch * p, fitIntercept ? 1 : 0, p);
    }

    /**
     * A plain SGD update, θ_i - γg_i as {@code Sgd.step} makes it, then {@link #sampleValueAndGradient} at the new
     * point for row {@code batch}, in two passes over the coordinates instead of four: the update, its step
     * {@code step_i} (the new θ_i less the old) and the row's linear predictor together, then the gradient and its
     * squared length together. Each sum adds the same terms in the same order as the separate loops (the predictor
     * from θ_0 or 0, the step's dot product with {@code lastStep} and the squares from coordinate 0 up): the same
     * bits. Answers the loss; {@code sums} receives Σ step_i·lastStep_i and Σ g_i². For per-sample SGD without
     * momentum or weight decay (only when {@link #evaluatesSamples}).
     */
    public double stepAndSample(double[] theta, double[] gradient, double rate, double[] step, double[] lastStep,
                                int batch, double[] sums) {
        from = batch;
        to = batch + 1;
        int p = data.columns();
        double[] xs = features();
        int at = batch * p;
        int offset = fitIntercept ? 1 : 0;
        double dot = 0;
        double z = 0;
        if (fitIntercept) {
            double old = theta[0];
            double moved = old - rate * gradient[0];
            theta[0] = moved;
            double d = moved - old;
            step[0] = d;
            dot += d * lastStep[0];
            z = moved;
        }
        for (int j = 0; j < p; j++) {
            int i = offset + j;
            double old = theta[i];
            double moved = old - rate * gradient[i];
            theta[i] = moved;
            double d = moved - old;
            step[i] = d;
            dot += d * lastStep[i];
            z += moved * xs[at + j];
        }
        sums[0] = dot;
        double y = targets()[batch];
        double loss = rowLoss(z, y);
        double residual = rowResidual(z, y);
        if (!Double.isFinite(loss)) {
            // Rare (a diverged run): the separate loops, whose non-finite cases evaluateRow keeps.
            loss = evaluateRow(theta, gradient, xs, y, at, offset, p);
            double squares = 0;
            for (double g : gradient) {
                squares += g * g;
            }
            sums[1] = squares;
            return loss;
        }
        double squares = 0;
        if (fitIntercept) {
            double g = 0.0 + residual;
            gradient[0] = g;
            squares += g * g;
        }
        for (int j = 0; j < p; j++) {
            double g = 0.0 + residual * xs[at + j];
            gradient[offset + j] = g;
            squares += g * g;
        }
        sums[1] = squares;
        return loss;
    }

    /** The rows as the current epoch reads them: the buffer (gathered first if need be), or the data set. */
    private double[] features() {
        if (buffered && !gathered) {
            gather();
        }
        return buffered ? rows : data.sharedFeatures();
    }

    /** The targets in the order of {@link #features()}. */
    private double[] targets() {
        return buffered ? rowTargets : data.sharedTargets();
    }

    /** The number of rows in the data set. */
    @Override
    public int rows() {
        return data.rows();
    }

    @Override
    public double value(double[] x) {
        return evaluate(x, null, from, to);
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradient) {
        return evaluate(x, gradient, from, to);
    }

    @Override
    public double fullValue(double[] x) {
        return evaluate(x, null, 0, data.rows());
    }

    @Override
    public double fullValueAndGradient(double[] x, double[] gradient) {
        return evaluate(x, gradient, 0, data.rows());
    }

    /**
     * H(θ)·v over the whole data set, exact (in closed form). With x̂_i = (1, x̃_i) (the 1 only with an intercept),
     * the features x̃ standardized as the loss sees them, and m rows:
     * <pre>
     *     linear:    H = (2/m) Σ_i x̂_i x̂_iᵀ                       + l2 · diag(0, 1, …, 1)
     *     logistic:  H = (1/m) Σ_i σ(z_i)(1 - σ(z_i)) x̂_i x̂_iᵀ     + l2 · diag(0, 1, …, 1)
     * </pre>
     * (no l2 on the intercept; without one, the diagonal is all 1). The L1 penalty is piecewise linear: its
     * second derivative is 0 away from w_j = 0, and at 0 (a kink) no Hessian exists; it contributes 0. Computed as
     * Σ_i c_i (x̂_i·v) x̂_i in one pass over the rows in their stored order, without forming H; the rows' order
     * only moves rounding. σ(z)(1 - σ(z)) is taken as σ(z)·σ(-z), accurate for large |z| too.
     *
     * @throws IllegalArgumentException if an array has the wrong length
     */
    @Override
    public void hessianVectorProduct(double[] theta, double[] v, double[] out) {
        int dimension = variables.size();
        if (theta.length != dimension || v.length != dimension || out.length != dimension) {
            throw new IllegalArgumentException("theta, v and out have lengths " + theta.length + ", " + v.length
                    + " and " + out.length + ", expected " + dimension);
        }
        int offset = fitIntercept ? 1 : 0;
        int p = data.columns();
        int m = data.rows();
        double[] features = data.sharedFeatures();
        double[] row = new double[p];
        Arrays.fill(out, 0.0);
        for (int i = 0; i < m; i++) {
            double u = fitIntercept ? v[0] : 0;
            double z = fitIntercept ? theta[0] : 0;
            for (int j = 0; j < p; j++) {
                row[j] = standardized(features[i * p + j], j);
                u += v[offset + j] * row[j];
                z += theta[offset + j] * row[j];
            }
            double c = (model == Model.LINEAR ? 2.0 : sigmoid(z) * sigmoid(-z)) * u;
            if (fitIntercept) {
                out[0] += c;
            }
            for (int j = 0; j < p; j++) {
                out[offset + j] += c * row[j];
            }
        }
        for (int k = 0; k < dimension; k++) {
            out[k] /= m;
        }
        for (int j = 0; j < p; j++) {
            out[offset + j] += l2 * v[offset + j];
        }
    }

    @Override
    public boolean exactHessianVectorProduct() {
        return true;
    }

    /** The fitted model in the original units of the features (the standardization undone). */
    public double[] coefficients(double[] theta) {
        int offset = fitIntercept ? 1 : 0;
        double[] coefficients = new double[data.columns()];
        for (int j = 0; j < coefficients.length; j++) {
            coefficients[j] = theta[offset + j] / scales[j];
        }
        return coefficients;
    }

    /** The fitted intercept in the original units of the features (0 without an intercept). */
    public double intercept(double[] theta) {
        double b = fitIntercept ? theta[0] : 0;
        int offset = fitIntercept ? 1 : 0;
        for (int j = 0; j < data.columns(); j++) {
            b -= theta[offset + j] * means[j] / scales[j];
        }
        return b;
    }

    /** The feature means used for standardization (all 0 without it). */
    public double[] means() {
        return means.clone();
    }

    /** The feature standard deviations used for standardization (all 1 without it). */
    public double[] scales() {
        return scales.clone();
    }

    /** The model's linear predictor b + w·x̃ for row i. */
    private double linear(double[] theta, int i) {
        int offset = fitIntercept ? 1 : 0;
        double z = fitIntercept ? theta[0] : 0;
        for (int j = 0; j < data.columns(); j++) {
            z += theta[offset + j] * standardized(data.feature(i, j), j);
        }
        return z;
    }

    /**
     * x̃_ij of x_ij = {@code value}: (x - mean_j) / sd_j, which is x itself, to the bit, without standardization
     * (x - 0 is x, -0 included, and x / 1 is x).
     */
    private double standardized(double value, int j) {
        return standardize ? (value - means[j]) / scales[j] : value;
    }

    /**
     * Copies the rows into the buffer in the current order, standardized. Row i of the data set goes to the place
     * the epoch visits it, {@code position[i]} (the inverse of {@link #order}): the data set is read in its stored
     * order and the buffer written at scattered rows, which makes the same buffer as reading the rows in the epoch's
     * order and writing them one after the other, in about half the time (a sequential read streams from memory,
     * and scattered writes do not wait for one another as scattered reads do).
     */
    private void gather() {
        int p = data.columns();
        int n = data.rows();
        if (rows == null) {
            rows = new double[n * p];
            rowTargets = new double[n];
        }
        double[] features = data.sharedFeatures();
        double[] targets = data.sharedTargets();
        int[] position = null;
        if (shuffles()) {
            if (positions == null) {
                positions = new int[n];
            }
            position = positions;
            for (int r = 0; r < n; r++) {
                position[order[r]] = r;
            }
        }
        for (int i = 0; i < n; i++) {
            int r = position == null ? i : position[i];
            if (standardize) {
                for (int j = 0; j < p; j++) {
                    rows[r * p + j] = (features[i * p + j] - means[j]) / scales[j];
                }
            } else {
                System.arraycopy(features, i * p, rows, r * p, p);
            }
        }
        // The targets in a pass of their own, read where the order says: a scattered write of each one next to its
        // row's cost more (a cache line fetched for 8 bytes), and the targets, 8 bytes a row, are read from cache.
        if (position == null) {
            System.arraycopy(targets, 0, rowTargets, 0, n);
        } else {
            for (int r = 0; r < n; r++) {
                rowTargets[r] = targets[order[r]];
            }
        }
        gathered = true;
    }

    /**
     * Quality of fit on the whole data set, without penalties: {@code mse} and {@code r2} for linear regression,
     * {@code logLoss} and {@code accuracy} (threshold 0.5) for logistic.
     */
    public Map<String, Double> metrics(double[] theta) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        int n = data.rows();
        if (model == Model.LINEAR) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += data.target(i);
            }
            mean /= n;
            double residual = 0;
            double total = 0;
            for (int i = 0; i < n; i++) {
                double e = linear(theta, i) - data.target(i);
                residual += e * e;
                total += (data.target(i) - mean) * (data.target(i) - mean);
            }
            metrics.put("mse", residual / n);
            metrics.put("r2", total > 0 ? 1 - residual / total : Double.NaN);
        } else {
            double loss = 0;
            int correct = 0;
            for (int i = 0; i < n; i++) {
                double z = linear(theta, i);
                loss += softplus(z) - data.target(i) * z;
                if ((z >= 0 ? 1 : 0) == data.target(i)) {
                    correct++;
                }
            }
            metrics.put("logLoss", loss / n);
            metrics.put("accuracy", (double) correct / n);
        }
        return metrics;
    }

    private double evaluate(double[] theta, double[] gradient, int start, int end) {
        int offset = fitIntercept ? 1 : 0;
        int p = data.columns();
        double[] xs = features();
        double[] ys = targets();
        if (gradient != null && end - start == 1 && noPenalties) {
            return evaluateRow(theta, gradient, xs, ys[start], start * p, offset, p);
        }
        if (gradient != null) {
            Arrays.fill(gradient, 0);
        }
        double loss = 0;
        int r = start;
        if (model == Model.LINEAR) {
            // Four rows at a time: each sum (the loss, every gradient coordinate) still adds row r's term, then row
            // r + 1's, r + 2's and r + 3's, as the loop below does one row at a time: the same bits, with the four
            // rows' predictors summed side by side (one chain of dependent additions each, which one row at a time
            // made wait on each other) and each gradient coordinate read and written once for four rows.
            double b = fitIntercept ? theta[0] : 0;
            for (; r + 3 < end; r += 4) {
                int at0 = r * p;
                int at1 = at0 + p;
                int at2 = at1 + p;
                int at3 = at2 + p;
                double z0 = b;
                double z1 = b;
                double z2 = b;
                double z3 = b;
                for (int j = 0; j < p; j++) {
                    double w = theta[offset + j];
                    z0 += w * xs[at0 + j];
                    z1 += w * xs[at1 + j];
                    z2 += w * xs[at2 + j];
                    z3 += w * xs[at3 + j];
                }
                double e0 = z0 - ys[r];
                double e1 = z1 - ys[r + 1];
                double e2 = z2 - ys[r + 2];
                double e3 = z3 - ys[r + 3];
                loss += e0 * e0;
                loss += e1 * e1;
                loss += e2 * e2;
                loss += e3 * e3;
                if (gradient != null) {
                    double residual0 = 2 * e0;
                    double residual1 = 2 * e1;
                    double residual2 = 2 * e2;
                    double residual3 = 2 * e3;
                    if (fitIntercept) {
                        gradient[0] = (((gradient[0] + residual0) + residual1) + residual2) + residual3;
                    }
                    for (int j = 0; j < p; j++) {
                        gradient[offset + j] = (((gradient[offset + j] + residual0 * xs[at0 + j])
                                + residual1 * xs[at1 + j]) + residual2 * xs[at2 + j]) + residual3 * xs[at3 + j];
                    }
                }
            }
        }
        for (; r < end; r++) {
            int at = r * p;
            double z = fitIntercept ? theta[0] : 0;
            for (int j = 0; j < p; j++) {
                z += theta[offset + j] * xs[at + j];
            }
            double y = ys[r];
            double residual;
            if (model == Model.LINEAR) {
                double e = z - y;
                loss += e * e;
                residual = 2 * e;
            } else {
                loss += softplus(z) - y * z;
                residual = sigmoid(z) - y;
            }
            if (gradient != null) {
                if (fitIntercept) {
                    gradient[0] += residual;
                }
                for (int j = 0; j < p; j++) {
                    gradient[offset + j] += residual * xs[at + j];
                }
            }
        }
        int m = end - start;
        // Dividing by a power of two and multiplying by its reciprocal round the same real number: the same double,
        // without a division per coordinate (and 1 changes nothing).
        boolean powerOfTwo = (m & (m - 1)) == 0;
        double reciprocal = 1.0 / m;
        if (m != 1) {
            loss = powerOfTwo ? loss * reciprocal : loss / m;
        }
        double penalty = penalty(theta, offset, p);
        if (gradient != null) {
            if (m != 1) {
                for (int k = 0; k < gradient.length; k++) {
                    gradient[k] = powerOfTwo ? gradient[k] * reciprocal : gradient[k] / m;
                }
            }
            for (int j = 0; j < p; j++) {
                double w = theta[offset + j];
                gradient[offset + j] += l2 * w + l1 * Math.signum(w);
            }
        }
        return loss + penalty;
    }

    /**
     * {@link #evaluate} for a batch of one row without penalties (per-sample SGD), the same operations on the same
     * operands in the same order, the work that cannot change a bit left out: no zeroed gradient to add to (each
     * coordinate is still {@code 0.0 + term}, as adding to the zeroed gradient makes it, -0.0 becoming 0.0), no
     * division by a batch size of 1, and for the penalties' gradient {@code l2·w + l1·signum(w)} with both weights
     * +0.0 the equal {@code 0.0·w} (a zero of the sign of w, NaN for w infinite or NaN, as the sum of the two terms).
     */
    private double evaluateRow(double[] theta, double[] gradient, double[] xs, double y, int at, int offset, int p) {
        double z = fitIntercept ? theta[0] : 0;
        for (int j = 0; j < p; j++) {
            z += theta[offset + j] * xs[at + j];
        }
        double loss = rowLoss(z, y);
        double residual = rowResidual(z, y);
        if (fitIntercept) {
            gradient[0] = 0.0 + residual;
        }
        if (Double.isFinite(loss)) {
            // A weight that is not finite makes its term of z, so z and the loss, infinite or NaN: with a finite
            // loss every weight is finite, each 0.0·w a zero that leaves the sum it is added to as it is (a sum
            // 0.0 + t is never -0.0), and the penalty +0, which leaves the loss as it is.
            for (int j = 0; j < p; j++) {
                gradient[offset + j] = 0.0 + residual * xs[at + j];
            }
            return loss;
        }
        for (int j = 0; j < p; j++) {
            gradient[offset + j] = (0.0 + residual * xs[at + j]) + 0.0 * theta[offset + j];
        }
        return loss + penalty(theta, offset, p);
    }

    /** A row's loss (as a batch of one row sums it, from 0.0) at linear predictor z and target y. */
    private double rowLoss(double z, double y) {
        if (model == Model.LINEAR) {
            double e = z - y;
            return 0.0 + e * e;
        }
        return 0.0 + (softplus(z) - y * z);
    }

    /** d(loss)/dz of a row: 2(z - y), or σ(z) - y. */
    private double rowResidual(double z, double y) {
        return model == Model.LINEAR ? 2 * (z - y) : sigmoid(z) - y;
    }

    /**
     * (l2 / 2)·‖w‖² + l1·‖w‖₁. Without penalties every term is a zero and the sum +0 for finite weights, which is
     * known without the chain of additions; non-finite weights take the sum as it is written (NaN).
     */
    private double penalty(double[] theta, int offset, int p) {
        if (l1 == 0 && l2 == 0) {
            boolean finite = true;
            for (int j = 0; j < p; j++) {
                finite &= Double.isFinite(theta[offset + j]);
            }
            if (finite) {
                return 0.0;
            }
        }
        double penalty = 0;
        for (int j = 0; j < p; j++) {
            double w = theta[offset + j];
            penalty += 0.5 * l2 * w * w + l1 * Math.abs(w);
        }
        return penalty;
    }

    /** log(1 + e^z), without overflow for large |z|. */
    private static double softplus(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
