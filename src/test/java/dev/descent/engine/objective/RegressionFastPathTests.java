package dev.descent.engine.objective;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.data.SyntheticData;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Problem;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.Trajectory;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.StoppingRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The regression objective reads each epoch's rows from a gathered, pre-standardized buffer: its runs must be the
 * runs of the straightforward computation, to the last bit. The reference here is that computation written out
 * plainly: every row visited through the epoch's index permutation, each feature standardized where it is read,
 * the standardization's sums taken column by column, the mean taken by division.
 */
class RegressionFastPathTests {

    /** 203 rows: batches of 32 leave a last batch of 11, which is not a power of two. */
    private static final int ROWS = 203;

    private static Dataset data(boolean logistic) {
        return SyntheticData.generate(ROWS, new double[] {1.5, -2, 0.25}, 0.5, 0.8, 17, logistic);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (RegressionObjective.Model model : RegressionObjective.Model.values()) {
            for (boolean standardize : new boolean[] {false, true}) {
                for (boolean intercept : new boolean[] {true, false}) {
                    for (double[] penalties : new double[][] {{0, 0}, {0.01, 0.03}}) {
                        for (boolean shuffle : new boolean[] {true, false}) {
                            for (int batch : new int[] {1, 32, 0}) {
                                cases.add(Arguments.of(model, standardize, intercept, penalties[0], penalties[1],
                                        shuffle, batch));
                            }
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, standardize {1}, intercept {2}, l1 {3}, l2 {4}, shuffle {5}, batch {6}")
    @MethodSource("cases")
    @DisplayName("three epochs of SGD give the reference's weights, trajectory and epoch losses to the last bit")
    void sameRunAsReference(RegressionObjective.Model model, boolean standardize, boolean intercept, double l1,
                            double l2, boolean shuffle, int batch) {
        Dataset data = data(model == RegressionObjective.Model.LOGISTIC);
        RegressionObjective fast = new RegressionObjective(data, model, intercept, l1, l2, standardize, batch,
                shuffle, 5);
        Reference reference = new Reference(data, model, intercept, l1, l2, standardize, batch, shuffle, 5);
        assertThat(fast.batchesPerEpoch()).isEqualTo(reference.batchesPerEpoch());

        Result expected = Descent.run(problem(reference, 3 * reference.batchesPerEpoch()));
        Result actual = Descent.run(problem(fast, 3 * fast.batchesPerEpoch()));

        assertThat(actual.iterations()).isEqualTo(expected.iterations()).isEqualTo(3 * fast.batchesPerEpoch());
        assertThat(bits(actual.last().point())).containsExactly(bits(expected.last().point()));
        assertThat(bits(actual.epochLosses())).containsExactly(bits(expected.epochLosses()));
        assertThat(bits(rows(actual.trajectory()))).containsExactly(bits(rows(expected.trajectory())));
        assertThat(actual.functionEvaluations()).isEqualTo(expected.functionEvaluations());
        assertThat(bits(fast.means())).containsExactly(bits(reference.means));
        assertThat(bits(fast.scales())).containsExactly(bits(reference.scales));
    }

    @Test
    @DisplayName("the batch value and gradient equal the reference's at weights with zeros of both signs")
    void signedZeros() {
        // Zero weights of either sign make every penalty term a signed zero: the shortcut for zero penalties, and
        // the terms added as they are written, must give the same bits.
        Dataset data = new Dataset(List.of("a", "b"), new double[] {0, 1, -0.0, 2, 0, -1}, new double[] {0, 2, -1});
        // -0.0 passes the penalties' check (l >= 0): its terms are not those of +0.0, and no shortcut may take it.
        for (double[] penalties : new double[][] {{0, 0}, {0.5, 0.25}, {-0.0, -0.0}, {0, -0.0}}) {
            for (int batch : new int[] {1, 2, 0}) {
                RegressionObjective fast = new RegressionObjective(data, RegressionObjective.Model.LINEAR, false,
                        penalties[0], penalties[1], false, batch, true, 9);
                Reference reference = new Reference(data, RegressionObjective.Model.LINEAR, false, penalties[0],
                        penalties[1], false, batch, true, 9);
                for (double[] theta : new double[][] {{-0.0, 0.0}, {0.0, -0.0}, {-0.0, -0.0}, {1, -0.0}}) {
                    assertSameBatches(fast, reference, 1, theta);
                }
            }
        }
    }

    @Test
    @DisplayName("a row's value and gradient equal the reference's at weights that are infinite, NaN or overflow the loss")
    void nonFiniteWeights() {
        // Per-sample SGD without penalties skips the penalties' terms when the loss is finite: weights that are not
        // finite (or so large that the loss overflows) must take the terms as written, NaN where they make NaN.
        double[][] thetas = {{1, Double.POSITIVE_INFINITY, 0.5}, {1, 0.5, Double.NEGATIVE_INFINITY},
            {Double.NaN, 0.5, 0.5}, {1, Double.NaN, 0.5}, {1, 1e200, -1e200}, {1e300, 1e300, 0},
            {Double.POSITIVE_INFINITY, 0.5, 0.5}, {1, -0.0, 0.0}};
        Dataset data = new Dataset(List.of("a", "b"), new double[] {0, 1, 2, 0, -1.5, 3}, new double[] {1, 0, 1});
        for (RegressionObjective.Model model : RegressionObjective.Model.values()) {
            RegressionObjective fast = new RegressionObjective(data, model, true, 0, 0, false, 1, true, 3);
            Reference reference = new Reference(data, model, true, 0, 0, false, 1, true, 3);
            for (double[] theta : thetas) {
                assertSameBatches(fast, reference, 0, theta);
            }
        }
    }

    /** Every batch of epoch {@code epoch}: the same value and gradient bits at {@code theta} as the reference's. */
    private static void assertSameBatches(RegressionObjective fast, Reference reference, int epoch, double[] theta) {
        for (int b = 0; b < fast.batchesPerEpoch(); b++) {
            fast.selectBatch(epoch, b);
            reference.selectBatch(epoch, b);
            double[] g = new double[theta.length];
            double[] want = new double[theta.length];
            String where = fast.model() + ", theta " + Arrays.toString(theta) + ", batch " + b;
            assertThat(Double.doubleToRawLongBits(fast.valueAndGradient(theta, g))).as(where)
                    .isEqualTo(Double.doubleToRawLongBits(reference.valueAndGradient(theta, want)));
            assertThat(bits(g)).as(where).containsExactly(bits(want));
        }
    }

    @ParameterizedTest(name = "batch {0}, {1} iterations")
    @CsvSource({"1, 406", "1, 450", "32, 21", "32, 25"})
    @DisplayName("a mini-batch run's last iterate carries the whole-data loss and gradient at its point, whether the "
            + "run ends at an epoch's end (that epoch's pass, reused) or within an epoch (a pass of its own)")
    void lastIterateIsWholeData(int batch, int iterations) {
        Dataset data = data(false);
        RegressionObjective objective = new RegressionObjective(data, RegressionObjective.Model.LINEAR, true, 0, 0.01,
                true, batch, true, 5);
        Result result = Descent.run(problem(objective, iterations));
        assertThat(result.iterations()).isEqualTo(iterations);
        // A fresh objective on the same data, at the batch the last iterate selected (its epoch's order).
        RegressionObjective fresh = objective.fork();
        fresh.selectBatch(iterations / fresh.batchesPerEpoch(), iterations % fresh.batchesPerEpoch());
        double[] gradient = new double[fresh.dimension()];
        double value = fresh.fullValueAndGradient(result.last().point(), gradient);
        double squares = 0;
        for (double g : gradient) {
            squares += g * g;
        }
        assertThat(Double.doubleToRawLongBits(result.last().value())).isEqualTo(Double.doubleToRawLongBits(value));
        assertThat(Double.doubleToRawLongBits(result.last().gradientNorm()))
                .isEqualTo(Double.doubleToRawLongBits(Math.sqrt(squares)));
    }

    @Test
    @DisplayName("a shuffled or standardized regression counts its epoch buffer, as large as the data set, and a "
            + "shuffled one the rows' places in it")
    void bytesCountTheBuffer() {
        Dataset data = data(false);
        long dataBytes = 8L * ROWS * (3 + 1);
        RegressionObjective plain = new RegressionObjective(data, RegressionObjective.Model.LINEAR, true, 0, 0, false,
                0, true, 0);
        RegressionObjective shuffled = new RegressionObjective(data, RegressionObjective.Model.LINEAR, true, 0, 0,
                false, 32, true, 0);
        RegressionObjective standardized = new RegressionObjective(data, RegressionObjective.Model.LINEAR, true, 0, 0,
                true, 0, false, 0);
        assertThat(shuffled.bytes() - plain.bytes()).isEqualTo(dataBytes + 4L * ROWS);
        assertThat(standardized.bytes() - plain.bytes()).isEqualTo(dataBytes);
    }

    private static Problem problem(BatchedObjective objective, int iterations) {
        double[] start = new double[objective.dimension()];
        Arrays.fill(start, 0.1);
        return Problem.of(objective, start, Sgd.plain(0), LearningRateSchedule.constant(0.05),
                StoppingRule.firstOf(List.of(StoppingRule.divergence(1e12), StoppingRule.maxIterations(iterations))));
    }

    private static double[] rows(Trajectory trajectory) {
        int width = Trajectory.rowWidth(trajectory.dimension());
        double[] all = new double[trajectory.size() * width];
        for (int i = 0; i < trajectory.size(); i++) {
            trajectory.copyRow(i, all, i * width);
        }
        return all;
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    /** The regression as it reads when written straight from its definition: no buffer, row by row. */
    private static final class Reference implements BatchedObjective {
        private final Dataset data;
        private final RegressionObjective.Model model;
        private final boolean intercept;
        private final double l1;
        private final double l2;
        private final int batchSize;
        private final boolean shuffle;
        private final long seed;
        private final double[] means;
        private final double[] scales;
        private final int[] order;
        private final List<String> variables;
        private int from;
        private int to;

        Reference(Dataset data, RegressionObjective.Model model, boolean intercept, double l1, double l2,
                  boolean standardize, int batchSize, boolean shuffle, long seed) {
            this.data = data;
            this.model = model;
            this.intercept = intercept;
            this.l1 = l1;
            this.l2 = l2;
            this.batchSize = batchSize == 0 || batchSize > data.rows() ? data.rows() : batchSize;
            this.shuffle = shuffle;
            this.seed = seed;
            int n = data.rows();
            int p = data.columns();
            means = new double[p];
            scales = new double[p];
            for (int j = 0; j < p; j++) {
                scales[j] = 1;
                if (standardize) {
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += data.feature(i, j);
                    }
                    means[j] = sum / n;
                    double squares = 0;
                    for (int i = 0; i < n; i++) {
                        double d = data.feature(i, j) - means[j];
                        squares += d * d;
                    }
                    double sd = Math.sqrt(squares / n);
                    scales[j] = sd > 0 ? sd : 1;
                }
            }
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            List<String> names = new ArrayList<>();
            if (intercept) {
                names.add("intercept");
            }
            names.addAll(data.featureNames());
            variables = List.copyOf(names);
            to = n;
        }

        @Override
        public List<String> variables() {
            return variables;
        }

        @Override
        public int batchesPerEpoch() {
            return (data.rows() + batchSize - 1) / batchSize;
        }

        @Override
        public int rows() {
            return data.rows();
        }

        @Override
        public void selectBatch(int epoch, int batch) {
            if (shuffle && batchesPerEpoch() > 1) {
                Well19937c random = new Well19937c(RegressionObjective.epochSeed(seed, epoch));
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
            from = batch * batchSize;
            to = Math.min(data.rows(), from + batchSize);
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

        @Override
        public Objective fork() {
            throw new UnsupportedOperationException();
        }

        private double evaluate(double[] theta, double[] gradient, int start, int end) {
            int offset = intercept ? 1 : 0;
            int p = data.columns();
            if (gradient != null) {
                Arrays.fill(gradient, 0);
            }
            double loss = 0;
            for (int r = start; r < end; r++) {
                int i = order[r];
                double z = intercept ? theta[0] : 0;
                for (int j = 0; j < p; j++) {
                    z += theta[offset + j] * ((data.feature(i, j) - means[j]) / scales[j]);
                }
                double y = data.target(i);
                double residual;
                if (model == RegressionObjective.Model.LINEAR) {
                    double e = z - y;
                    loss += e * e;
                    residual = 2 * e;
                } else {
                    loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z;
                    residual = (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))) - y;
                }
                if (gradient != null) {
                    if (intercept) {
                        gradient[0] += residual;
                    }
                    for (int j = 0; j < p; j++) {
                        gradient[offset + j] += residual * ((data.feature(i, j) - means[j]) / scales[j]);
                    }
                }
            }
            int m = end - start;
            loss /= m;
            double penalty = 0;
            for (int j = 0; j < p; j++) {
                double w = theta[offset + j];
                penalty += 0.5 * l2 * w * w + l1 * Math.abs(w);
            }
            if (gradient != null) {
                for (int k = 0; k < gradient.length; k++) {
                    gradient[k] /= m;
                }
                for (int j = 0; j < p; j++) {
                    double w = theta[offset + j];
                    gradient[offset + j] += l2 * w + l1 * Math.signum(w);
                }
            }
            return loss + penalty;
        }
    }
}
