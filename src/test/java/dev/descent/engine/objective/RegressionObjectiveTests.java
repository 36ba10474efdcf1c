package dev.descent.engine.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.data.SyntheticData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The regression losses and gradients against the same losses written as formulas and differentiated by the
 * expression compiler (an independent path to the same numbers).
 */
class RegressionObjectiveTests {

    private static final Dataset DATA = new Dataset(List.of("a", "b"),
            new double[] {0.5, 1.0, 1.5, -0.3, 2.0, 0.7, -1.0, 0.2}, new double[] {1, 0, 1, 1});

    /** The mean loss over DATA as a formula in intercept, a, b, with the same penalties. */
    private static String formula(boolean logistic, double l1, double l2) {
        StringBuilder sum = new StringBuilder("(");
        for (int i = 0; i < DATA.rows(); i++) {
            String z = String.format(Locale.ROOT, "(intercept + a*%s + b*%s)", DATA.feature(i, 0), DATA.feature(i, 1));
            double y = DATA.target(i);
            sum.append(i == 0 ? "" : " + ").append(logistic
                    ? String.format(Locale.ROOT, "(log(1 + exp(%s)) - %s*%s)", z, y, z)
                    : String.format(Locale.ROOT, "(%s - %s)^2", z, y));
        }
        sum.append(")/").append(DATA.rows());
        return sum + String.format(Locale.ROOT, " + %s*(a^2 + b^2) + %s*(abs(a) + abs(b))", l2 / 2, l1);
    }

    private static void sameAsFormula(RegressionObjective.Model model, double l1, double l2) {
        RegressionObjective regression = new RegressionObjective(DATA, model, true, l1, l2, false, 0, false, 0);
        ExpressionObjective oracle = ExpressionObjective.compile(formula(model == RegressionObjective.Model.LOGISTIC,
                l1, l2));
        assertThat(regression.variables()).containsExactly("intercept", "a", "b");
        assertThat(oracle.variables()).containsExactly("a", "b", "intercept");
        for (double[] theta : new double[][] {{0.3, -1.2, 0.8}, {-2, 0.5, 1.5}, {1, 1, -1}}) {
            double[] g = new double[3];
            double[] expected = new double[3];
            double value = regression.fullValueAndGradient(theta, g);
            double[] reordered = {theta[1], theta[2], theta[0]};
            double want = oracle.valueAndGradient(reordered, expected);
            assertEquals(want, value, 1e-12);
            assertEquals(expected[2], g[0], 1e-12);
            assertEquals(expected[0], g[1], 1e-12);
            assertEquals(expected[1], g[2], 1e-12);
        }
    }

    @Test
    @DisplayName("linear regression: mean squared error plus penalties, and its gradient")
    void linear() {
        sameAsFormula(RegressionObjective.Model.LINEAR, 0, 0);
        sameAsFormula(RegressionObjective.Model.LINEAR, 0.1, 0.3);
    }

    @Test
    @DisplayName("logistic regression: mean log-loss plus penalties, and its gradient")
    void logistic() {
        sameAsFormula(RegressionObjective.Model.LOGISTIC, 0, 0);
        sameAsFormula(RegressionObjective.Model.LOGISTIC, 0.05, 0.2);
    }

    @Test
    @DisplayName("mini-batches cover every row once per epoch, reshuffled from the seed")
    void batches() {
        Dataset data = SyntheticData.generate(10, new double[] {2}, 1, 0, 7, false);
        RegressionObjective objective = new RegressionObjective(data, RegressionObjective.Model.LINEAR, true, 0, 0,
                false, 3, true, 11);
        assertThat(objective.batchesPerEpoch()).isEqualTo(4);
        double[] theta = {0, 0};
        double[] g = new double[2];
        double weighted = 0;
        for (int b = 0; b < 4; b++) {
            objective.selectBatch(0, b);
            weighted += objective.valueAndGradient(theta, g) * (b < 3 ? 3 : 1);
        }
        assertEquals(objective.fullValue(theta), weighted / 10, 1e-12);
    }

    /** Ten rows whose targets are their indices: with θ = 0 and batches of one row, f = y² names the row. */
    private static RegressionObjective byRow(long seed) {
        double[] features = new double[10];
        double[] targets = new double[10];
        for (int i = 0; i < 10; i++) {
            targets[i] = i;
        }
        return new RegressionObjective(new Dataset(List.of("a"), features, targets), RegressionObjective.Model.LINEAR,
                false, 0, 0, false, 1, true, seed);
    }

    /** The rows of one epoch in the order the objective visits them. */
    private static List<Integer> rowsOf(RegressionObjective objective, int epoch) {
        List<Integer> rows = new ArrayList<>();
        for (int b = 0; b < objective.batchesPerEpoch(); b++) {
            objective.selectBatch(epoch, b);
            rows.add((int) Math.round(Math.sqrt(objective.value(new double[1]))));
        }
        return rows;
    }

    @Test
    @DisplayName("epoch seeds are SplitMix64's outputs: seed 0 gives its reference sequence")
    void epochSeeds() {
        // The first outputs of Vigna's splitmix64.c started from state 0.
        assertThat(RegressionObjective.epochSeed(0, 0)).isEqualTo(0xE220A8397B1DCDAFL);
        assertThat(RegressionObjective.epochSeed(0, 1)).isEqualTo(0x6E789E6AA1B965F4L);
    }

    @Test
    @DisplayName("epoch e visits the rows in Fisher-Yates order from a Well19937c seeded with epochSeed(seed, e)")
    void epochOrder() {
        for (int epoch : new int[] {0, 1, 7}) {
            Well19937c random = new Well19937c(RegressionObjective.epochSeed(42, epoch));
            int[] order = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            assertThat(rowsOf(byRow(42), epoch)).containsExactly(java.util.Arrays.stream(order).boxed()
                    .toArray(Integer[]::new));
        }
    }

    @Test
    @DisplayName("epochOrder(e) is the order selectBatch visits epoch e in, whatever the objective visited before")
    void epochOrderForExports() {
        RegressionObjective visiting = byRow(42);
        RegressionObjective asked = byRow(42);
        for (int epoch : new int[] {3, 0, 1, 7}) {
            asked.selectBatch(5, 2);
            assertThat(java.util.Arrays.stream(asked.epochOrder(epoch)).boxed().toList())
                    .isEqualTo(rowsOf(visiting, epoch));
        }
        assertThat(visiting.shuffles()).isTrue();
        // Unshuffled, or one batch an epoch: the rows in their order.
        RegressionObjective fullBatch = new RegressionObjective(new Dataset(List.of("a"), new double[3],
                new double[] {0, 1, 2}), RegressionObjective.Model.LINEAR, false, 0, 0, false, 0, true, 42);
        assertThat(fullBatch.shuffles()).isFalse();
        assertThat(fullBatch.epochOrder(4)).containsExactly(0, 1, 2);
    }

    @Test
    @DisplayName("a batch depends on its epoch and index alone: a fresh objective jumps to it (a resumed run)")
    void batchesByPosition() {
        RegressionObjective inOrder = byRow(3);
        Set<List<Integer>> orders = new HashSet<>();
        for (int epoch = 0; epoch < 5; epoch++) {
            List<Integer> rows = rowsOf(inOrder, epoch);
            assertThat(rows).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            orders.add(rows);
            RegressionObjective fresh = byRow(3);
            fresh.selectBatch(epoch, 6);
            inOrder.selectBatch(epoch, 6);
            assertEquals(inOrder.value(new double[1]), fresh.value(new double[1]));
        }
        assertThat(orders).hasSize(5);
    }

    @Test
    @DisplayName("standardization is undone in the reported model")
    void standardization() {
        Dataset data = SyntheticData.generate(50, new double[] {3, -1}, 4, 0, 3, false);
        RegressionObjective objective = new RegressionObjective(data, RegressionObjective.Model.LINEAR, true, 0, 0,
                true, 0, false, 0);
        // With noise 0 the exact fit in standardized units maps back to the true model.
        double[] means = objective.means();
        double[] scales = objective.scales();
        double[] theta = {4 + 3 * means[0] - means[1], 3 * scales[0], -1 * scales[1]};
        assertEquals(0, objective.fullValue(theta), 1e-20);
        assertEquals(4, objective.intercept(theta), 1e-12);
        assertThat(objective.coefficients(theta)).containsExactly(new double[] {3, -1},
                org.assertj.core.data.Offset.offset(1e-12));
    }
}
