package dev.descent.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.data.SyntheticData;
import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.run.Diagnosis.Kind;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.Status;
import dev.descent.engine.stop.StoppingRule;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The verdicts on runs whose behaviour is known in closed form. */
class DiagnosisTests {

    private static final Sgd GD = new Sgd(0, 0, 0, false);
    /** The Hessian of x^2 is 2 everywhere. */
    private static final RunCurvature SQUARE = curvature(2, 2, 2, 2);

    /** A curvature known exactly at the start and end (the largest seen the larger of the two). */
    private static RunCurvature curvature(double startSmallest, double startLargest, double endSmallest,
                                          double endLargest) {
        return new RunCurvature(startSmallest, startLargest, endSmallest, endLargest,
                Math.max(startLargest, endLargest), 0, 2, true);
    }

    @Nested
    @DisplayName("the seeds' sweep of x^2 from 3: x_k = 3 (1 - 2γ)^k")
    class SeedSweep {

        @ParameterizedTest(name = "rate {0}: MONOTONE, f falls at every update")
        @ValueSource(doubles = {0.01, 0.1})
        void monotone(double rate) {
            Result result = Runs.run("x^2", new double[] {3}, GD, rate, 1000, 1e-6);
            Diagnosis diagnosis = Diagnosis.of(result.withCurvature(SQUARE), false);

            assertThat(diagnosis.kind()).isEqualTo(Kind.MONOTONE);
            assertThat(diagnosis.increases()).isZero();
            assertThat(diagnosis.reversals()).isZero();
            assertThat(diagnosis.sentence()).startsWith("Monotone: f fell at every update, from 9 to ");
        }

        @Test
        @DisplayName("rate 0.9: OSCILLATING, every step reversing (1 - 2·0.9 = -0.8), though f falls")
        void oscillating() {
            Result result = Runs.run("x^2", new double[] {3}, GD, 0.9, 1000, 1e-6);
            Diagnosis diagnosis = Diagnosis.of(result.withCurvature(SQUARE), false);

            assertThat(diagnosis.kind()).isEqualTo(Kind.OSCILLATING);
            assertThat(diagnosis.reversals()).isEqualTo(result.iterations() - 1);
            assertThat(diagnosis.increases()).isZero();
            assertThat(diagnosis.sentence()).contains(diagnosis.reversals() + " of " + (result.iterations() - 1))
                    .contains("100 %");
        }

        @Test
        @DisplayName("rate 1.1: DIVERGING, |x| growing by 1.2 a step until f passes 1e12 at k = 70")
        void diverging() {
            Result result = Runs.run("x^2", new double[] {3}, GD, 1.1, 1000, 1e-6);
            Diagnosis diagnosis = Diagnosis.of(result.withCurvature(SQUARE), false);

            assertThat(diagnosis.kind()).isEqualTo(Kind.DIVERGING);
            assertThat(diagnosis.increases()).isEqualTo(70);
            assertThat(diagnosis.sentence()).startsWith("Diverging: f rose from 9 to 1.") .contains("in 70 updates")
                    .contains("The best point is the start.");
        }
    }

    @Test
    @DisplayName("x^2 - y^2 from (1, 0): gradient descent goes to the saddle (0, 0), Hessian diag(2, -2): SADDLE")
    void saddle() {
        Result result = Runs.run("x^2 - y^2", new double[] {1, 0}, GD, 0.1, 1000, 1e-9);
        assertThat(result.stopReason().status()).isEqualTo(Status.CONVERGED);
        // The closed form: x_k = 0.8^k, y stays 0; the Hessian is constant.
        Diagnosis diagnosis = Diagnosis.of(result.withCurvature(curvature(-2, 2, -2, 2)), false);

        assertThat(diagnosis.kind()).isEqualTo(Kind.SADDLE);
        assertThat(diagnosis.sentence()).startsWith("A saddle point: ").contains("smallest curvature -2");
        // Without the curvature, the run looks like any monotone one.
        assertThat(Diagnosis.of(result, false).kind()).isEqualTo(Kind.MONOTONE);
    }

    @Test
    @DisplayName("exp(-x) from 30: the gradient e^-30 has vanished and so has the curvature: FLAT")
    void flat() {
        Result result = Runs.run("exp(-x)", new double[] {30}, GD, 0.1, 1000, 1e-6);
        assertThat(result.stopReason().status()).isEqualTo(Status.CONVERGED);
        double curvature = Math.exp(-30);
        Diagnosis diagnosis = Diagnosis.of(result.withCurvature(curvature(curvature, curvature, curvature,
                curvature)), false);

        assertThat(diagnosis.kind()).isEqualTo(Kind.FLAT);
        assertThat(diagnosis.sentence()).startsWith("Flat: ");
    }

    @Test
    @DisplayName("x^2/(1+x^2) from 10: f' = 2x/(1+x^2)^2 ≈ 2e-3 is not small, but 1000 steps of 0.01 move f by "
            + "4e-5 (< 0.01 %): STALLED")
    void stalledOnAPlateau() {
        Result result = Runs.run("x^2/(1+x^2)", new double[] {10}, GD, 0.01, 1000, 0);
        // f'' = (2 - 6x^2)/(1+x^2)^3 at x = 10: negative, but the gradient is not small.
        double x = result.last().point()[0];
        double curvature = (2 - 6 * x * x) / Math.pow(1 + x * x, 3);
        Diagnosis diagnosis = Diagnosis.of(result.withCurvature(curvature(curvature, curvature, curvature,
                curvature)), false);

        assertThat(diagnosis.kind()).isEqualTo(Kind.STALLED);
        assertThat(diagnosis.iterationsSinceProgress()).isEqualTo(1000);
        assertThat(diagnosis.sentence()).startsWith("Stalled: in the last 1000 updates f fell by less than 0.01 %");
    }

    private static Result miniBatchRun(double rate, int epochs) {
        Dataset data = SyntheticData.generate(256, new double[] {1.5, -2, 0.5}, 3, 1.0, 7, false);
        RegressionObjective objective = new RegressionObjective(data, RegressionObjective.Model.LINEAR, true, 0,
                0, true, 8, true, 11);
        return Descent.run(Problem.of(objective, new double[4], GD, LearningRateSchedule.constant(rate),
                StoppingRule.maxIterations(epochs * objective.batchesPerEpoch())));
    }

    @Test
    @DisplayName("a mini-batch regression still on its way down: the batch losses go up and down, NON_MONOTONE")
    void noisyMiniBatches() {
        Result result = miniBatchRun(0.002, 5);
        Diagnosis diagnosis = Diagnosis.of(result.withCurvature(RunCurvature.UNKNOWN), true);

        assertThat(diagnosis.kind()).isEqualTo(Kind.NON_MONOTONE);
        assertThat(diagnosis.sentence()).startsWith("Not monotone: the loss of the mini-batches rose at ")
                .contains("best point is iterate " + result.best().iteration());
        // Its epoch losses fell at every epoch: the noise is the batches'.
        for (int e = 1; e < result.epochCount(); e++) {
            assertThat(result.epochLoss(e)).isLessThan(result.epochLoss(e - 1));
        }
    }

    @Test
    @DisplayName("the same regression at a high constant rate for 40 epochs: at its noise floor, STALLED")
    void miniBatchNoiseFloor() {
        Result result = miniBatchRun(0.05, 40);
        Diagnosis diagnosis = Diagnosis.of(result.withCurvature(RunCurvature.UNKNOWN), true);

        assertThat(diagnosis.kind()).isEqualTo(Kind.STALLED);
        assertThat(diagnosis.sentence()).contains("noise of the mini-batches");
        assertThat(diagnosis.iterationsSinceProgress()).isGreaterThanOrEqualTo(4 * 32);
    }

    @Test
    @DisplayName("numbers read as people write them")
    void numbers() {
        assertThat(Diagnosis.number(9)).isEqualTo("9");
        assertThat(Diagnosis.number(0.5)).isEqualTo("0.5");
        assertThat(Diagnosis.number(1.0836e12)).isEqualTo("1.084e12");
        assertThat(Diagnosis.number(4.2e-8)).isEqualTo("4.2e-8");
        assertThat(Diagnosis.number(6.638e-4)).isEqualTo("0.0006638");
        assertThat(Diagnosis.number(-2)).isEqualTo("-2");
        assertThat(Diagnosis.number(Double.NaN)).isEqualTo("not a number");
    }

    @Test
    @DisplayName("shares in whole percent, rounded as the formatter's %.0f rounds them")
    void percents() {
        for (int whole = 1; whole <= 400; whole++) {
            for (int part = 0; part <= whole; part++) {
                assertThat(Diagnosis.percent(part, whole)).as("%d of %d", part, whole)
                        .isEqualTo(String.format(Locale.ROOT, "%.0f %%", 100.0 * part / whole));
            }
        }
        assertThat(Diagnosis.percent(0, 0)).isEqualTo("0 %");
    }
}
