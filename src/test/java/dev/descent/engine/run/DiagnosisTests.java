package dev.descent.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.data.SyntheticData;
import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.run.Diagnosis.Kind;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.schedule.Schedules;
import dev.descent.engine.stop.Status;
import dev.descent.engine.stop.StoppingRule;
import java.util.List;
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
                    .contains("100 %")
                    // One variable has no valley to zig-zag across: x_k changes sign at every step.
                    .contains("the run jumps back and forth across the minimum instead of approaching it from one "
                            + "side");
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
    @DisplayName("x^2 + 10y^2 from (1, 1) at 0.09: y_k = (1 - 1.8)^k flips sign while x_k = 0.82^k does not, and "
            + "y's steps are the longer: OSCILLATING across the valley")
    void zigZag() {
        Result result = Runs.run("x^2 + 10*y^2", new double[] {1, 1}, GD, 0.09, 1000, 1e-9);
        Diagnosis diagnosis = Diagnosis.of(result.withCurvature(curvature(2, 20, 2, 20)), false);

        assertThat(diagnosis.kind()).isEqualTo(Kind.OSCILLATING);
        assertThat(diagnosis.sentence()).contains("; the run zig-zags across the valley instead of along it");
    }

    @Test
    @DisplayName("abs(x) from 1 at 0.3: f'' = 0 wherever it exists, yet x_k = 1 - 0.3k until it crosses 0, then "
            + "0.1, -0.2, 0.1, ...: OSCILLATING at the kink, which no constant rate avoids")
    void kink() {
        Result result = Runs.run("abs(x)", new double[] {1}, GD, 0.3, 1000, 1e-6);
        assertThat(result.stopReason().status()).isEqualTo(Status.MAX_ITERATIONS);
        double[] xs = Runs.xs(result);
        assertThat(xs[1000]).isCloseTo(xs[998], within(1e-12)).isNotCloseTo(xs[999], within(0.29));
        Diagnosis diagnosis = Diagnosis.of(result.withCurvature(curvature(0, 0, 0, 0)), false);

        assertThat(diagnosis.kind()).isEqualTo(Kind.OSCILLATING);
        // The steps reverse from the 4th on: 996 of the 999 pairs.
        assertThat(diagnosis.reversals()).isEqualTo(996);
        assertThat(diagnosis.sentence()).isEqualTo("Oscillating: 996 of 999 successive steps pointed against the "
                + "step before (100 %); f does not curve up where the run was examined (largest curvature 0), so the "
                + "steps turn back at a kink, where its slope jumps (as at abs(x) = 0): a constant learning rate "
                + "crosses it again and again, whatever the rate, and a decaying schedule would settle.");
        // Without the curvature the kink cannot be told from an overshoot.
        assertThat(Diagnosis.of(result.withCurvature(RunCurvature.UNKNOWN), false).sentence())
                .doesNotContain("kink").contains("jumps back and forth across the minimum");
    }

    @Test
    @DisplayName("sqrt(x) from 1 at 0.1: x_{k+1} = x_k - 0.05/sqrt(x_k) falls to the edge x = 0 ever faster and "
            + "steps past it: DIVERGING out of the domain, downhill, not by overshooting")
    void outOfTheDomain() {
        Result result = Runs.run("sqrt(x)", new double[] {1}, GD, 0.1, 1000, 1e-6);
        // The iteration in closed form: the first x_k below 0 is the update that made f not a number.
        double x = 1;
        int k = 0;
        while (x >= 0) {
            x = x - 0.1 * (0.5 / Math.sqrt(x));
            k++;
        }
        assertThat(result.stopReason().status()).isEqualTo(Status.DIVERGED);
        assertThat(result.iterations()).isEqualTo(k);
        Diagnosis diagnosis = Diagnosis.of(result.withCurvature(RunCurvature.UNKNOWN), false);

        assertThat(diagnosis.kind()).isEqualTo(Kind.DIVERGING);
        assertThat(diagnosis.increases()).isEqualTo(1);
        assertThat(diagnosis.sentence()).startsWith("Diverging: f fell at every update from 1 to "
                        + Diagnosis.number(Math.sqrt(result.trajectory().get(k - 1).point()[0])) + ", then was not a "
                        + "number after update " + k + ": the run stepped out of f's domain")
                .contains("box bounds keep the run inside").doesNotContain("lower the learning rate");
        // Overshooting into the domain's outside at the first step is still the learning rate's: (log x)^2 from 3
        // at 5 jumps to x = 3 - 10 log(3)/3 < 0.
        Result jump = Runs.run("log(x)^2", new double[] {3}, GD, 5, 1000, 1e-6);
        assertThat(jump.iterations()).isEqualTo(1);
        assertThat(Diagnosis.of(jump.withCurvature(RunCurvature.UNKNOWN), false).sentence())
                .startsWith("Diverging: f went from " + Diagnosis.number(Math.pow(Math.log(3), 2)) + " to not a "
                        + "number in 1 update, rising at 1 of them")
                .contains("lower the learning rate");
    }

    @Test
    @DisplayName("sqrt(x) from 1 at 0.1 kept in [0, 10]: the bound stops it on x = 0, f = 0, where f' is infinite: "
            + "DIVERGING onto a point without a derivative, f falling all the way, no rate to blame")
    void ontoACorner() {
        Result result = Descent.run(Runs.problem("sqrt(x)", new double[] {1}, GD, 0.1, 1000, 1e-6)
                .withBounds(new Box(new double[] {0}, new double[] {10})));
        assertThat(result.stopReason().status()).isEqualTo(Status.DIVERGED);
        assertThat(result.last().point()[0]).isZero();
        assertThat(result.last().value()).isZero();
        Diagnosis diagnosis = Diagnosis.of(result.withCurvature(RunCurvature.UNKNOWN), false);

        assertThat(diagnosis.kind()).isEqualTo(Kind.DIVERGING);
        assertThat(diagnosis.sentence()).isEqualTo("Diverging: f fell at every update, from 1 to 0, until its "
                + "gradient was not finite at iterate " + result.iterations() + ": the run reached a point where f "
                + "has no derivative (as sqrt(x) at 0), which may be the minimum itself; no learning rate is to "
                + "blame. The best point is iterate " + result.iterations() + ", f = 0.");
    }

    @Test
    @DisplayName("(x-3)^2 from 0.5 kept in [0, 1]: it converges on the edge x = 1, where f' = -4: the lowest point "
            + "in the box, said so; without the box, or inside it, nothing is added")
    void onTheEdge() {
        Box box = new Box(new double[] {0}, new double[] {1});
        Result result = Descent.run(Runs.problem("(x-3)^2", new double[] {0.5}, GD, 0.1, 1000, 1e-6)
                .withBounds(box)).withCurvature(SQUARE);
        assertThat(result.stopReason().status()).isEqualTo(Status.CONVERGED);
        assertThat(result.last().point()[0]).isEqualTo(1);
        assertThat(result.last().gradientNorm()).isEqualTo(4);

        assertThat(Diagnosis.of(result, false, false, box).sentence()).isEqualTo(Diagnosis.of(result, false).sentence()
                + " It ended on the edge of its bounds with the gradient not small (norm 4): the lowest point within "
                + "them, f going on falling beyond.");
        Box wide = new Box(new double[] {0}, new double[] {10});
        assertThat(Diagnosis.of(result, false, false, wide).sentence()).isEqualTo(Diagnosis.of(result, false)
                .sentence());
    }

    @Test
    @DisplayName("x^2 from 1 at 0.1, the rate doubled at every step (exponential, gamma 2): stable while 0.1 · 2^k "
            + "< 1, diverging after; the schedule's rise is named, from 0.1 to the last rate")
    void scheduleRaisedTheRate() {
        Problem problem = Problem.of(ExpressionObjective.compile("x^2"), new double[] {1}, GD,
                Schedules.exponential(0.1, 2), StoppingRule.firstOf(List.of(
                        StoppingRule.divergence(1e12), StoppingRule.maxIterations(1000))));
        Result result = Descent.run(problem);
        assertThat(result.stopReason().status()).isEqualTo(Status.DIVERGED);
        // The rate of update k (1-based) is 0.1 · 2^(k-1), PyTorch's ExponentialLR.
        double lastRate = 0.1 * Math.pow(2, result.iterations() - 1);
        assertThat(result.last().learningRate()).isEqualTo(lastRate);
        Diagnosis diagnosis = Diagnosis.of(result.withCurvature(SQUARE), false);

        assertThat(diagnosis.sentence()).contains("; the steps are too large for this function here (the schedule "
                + "had raised the learning rate from 0.1 to " + Diagnosis.number(lastRate) + ": lower it, or its "
                + "rise).");
        // At a constant rate, the rate is what to lower (the seeds' 1.1).
        assertThat(Diagnosis.of(Runs.run("x^2", new double[] {3}, GD, 1.1, 1000, 1e-6).withCurvature(SQUARE), false)
                .sentence()).contains("(lower the learning rate)");
    }

    @Test
    @DisplayName("-x^2 from 1 at 0.1: x_k = 1.2^k, f falls past -1e12 at k = 76: DIVERGING without bound, no minimum "
            + "this way, no learning rate to blame")
    void unboundedBelow() {
        Result result = Runs.run("-x^2", new double[] {1}, GD, 0.1, 1000, 1e-6);
        // |f| = 1.44^k passes 1e12 at the first k above 12 / log10(1.44) = 75.8.
        int k = (int) Math.ceil(12 / Math.log10(1.44));
        assertThat(result.stopReason().status()).isEqualTo(Status.DIVERGED);
        assertThat(result.iterations()).isEqualTo(k);
        Diagnosis diagnosis = Diagnosis.of(result.withCurvature(curvature(-2, -2, -2, -2)), false);

        assertThat(diagnosis.kind()).isEqualTo(Kind.DIVERGING);
        assertThat(diagnosis.increases()).isZero();
        assertThat(diagnosis.sentence()).startsWith("Diverging: f fell without bound, from -1 to -")
                .contains("in " + k + " updates, until the run was stopped: it has no minimum this way.")
                .endsWith("The best point is iterate " + k + ", f = " + Diagnosis.number(result.last().value()) + ".")
                .doesNotContain("lower the learning rate");
    }

    @Test
    @DisplayName("x from 1 at 0.1: f' = 1 everywhere, f_k = 1 - 0.1k: MONOTONE to the cap, its gradient as steep as "
            + "at the start, so no minimum is in sight; x^2 from 3 at 0.01 to the same cap is not told so")
    void steadySlope() {
        Result result = Runs.run("x", new double[] {1}, GD, 0.1, 1000, 1e-6);
        assertThat(result.stopReason().status()).isEqualTo(Status.MAX_ITERATIONS);
        Diagnosis diagnosis = Diagnosis.of(result.withCurvature(curvature(0, 0, 0, 0)), false);

        assertThat(diagnosis.kind()).isEqualTo(Kind.MONOTONE);
        assertThat(diagnosis.sentence()).isEqualTo("Monotone: f fell at every update, from 1 to "
                + Diagnosis.number(result.last().value()) + " in 1000 updates; its gradient did not shrink (norm 1 at "
                + "the start, 1 at the end): f may go on falling without bound this way, or its minimum is still "
                + "far.");
        assertThat(result.last().value()).isCloseTo(-99, within(1e-9));

        Result slow = Runs.run("x^2", new double[] {3}, GD, 0.001, 1000, 1e-6);
        assertThat(slow.stopReason().status()).isEqualTo(Status.MAX_ITERATIONS);
        assertThat(Diagnosis.of(slow.withCurvature(SQUARE), false).sentence()).startsWith("Monotone: ")
                .doesNotContain("did not shrink");
    }

    @Test
    @DisplayName("x^2 from 1, momentum 0.99 at 0.1: the heavy ball rings (rate far above (1-√μ)²/L), f rising at "
            + "about half the updates and its best a lucky pass near 0: NON_MONOTONE in waves, not STALLED")
    void ringing() {
        Result result = Runs.run("x^2", new double[] {1}, new Sgd(0.99, 0, 0, false), 0.1, 1000, 1e-6);
        assertThat(result.stopReason().status()).isEqualTo(Status.MAX_ITERATIONS);
        // torch.optim.SGD's heavy ball by hand: b = μ b + g (b = g at the first step), x -= γ b; count f's rises.
        double x = 1;
        double b = 0;
        int rises = 0;
        for (int k = 0; k < 1000; k++) {
            double g = 2 * x;
            b = k == 0 ? g : 0.99 * b + g;
            double next = x - 0.1 * b;
            if (next * next > x * x) {
                rises++;
            }
            x = next;
        }
        assertThat(result.last().point()[0]).isCloseTo(x, within(1e-12));
        Diagnosis diagnosis = Diagnosis.of(result.withCurvature(SQUARE), false);

        assertThat(diagnosis.increases()).isEqualTo(rises).isGreaterThanOrEqualTo(250);
        assertThat(diagnosis.kind()).isEqualTo(Kind.NON_MONOTONE);
        assertThat(diagnosis.sentence()).startsWith("Not monotone: f rose at " + rises + " of 1000 updates (")
                .contains("though the steps did not mostly reverse: it rose and fell in waves as the run swung past "
                        + "the minimum and back, and has not settled")
                .contains("; the best point is iterate " + result.best().iteration());
        assertThat(diagnosis.iterationsSinceProgress()).isGreaterThanOrEqualTo(100);
    }

    @Test
    @DisplayName("x^2 from 0, the minimum: a zero step, f never changed: MONOTONE at a stationary point, not \"f "
            + "fell at every update\"; x^2 at 0.5 from 3 lands on 0 in one update")
    void stationaryStart() {
        Result result = Runs.run("x^2", new double[] {0}, GD, 0.1, 1000, 1e-6);
        assertThat(result.iterations()).isEqualTo(1);
        assertThat(Diagnosis.of(result.withCurvature(SQUARE), false).sentence()).isEqualTo("Monotone: the gradient "
                + "is 0 at the start, a stationary point where f curves up in every direction (a minimum), so the run "
                + "did not move from it (f = 0).");
        assertThat(Diagnosis.of(result.withCurvature(RunCurvature.UNKNOWN), false).sentence()).isEqualTo("Monotone: "
                + "the gradient is 0 at the start, a stationary point, so the run did not move from it (f = 0).");

        // No update at all (a cap of 0), and updates too small to change f (a rate of 1e-320: 6e-320 is lost in 3).
        assertThat(Diagnosis.of(Runs.run("x^2", new double[] {3}, GD, 0.1, 0, 0).withCurvature(SQUARE), false)
                .sentence()).isEqualTo("No update: the run stopped at its start (f = 9).");
        Result tiny = Runs.run("x^2", new double[] {3}, GD, 1e-320, 5, 0);
        assertThat(tiny.last().point()[0]).isEqualTo(3);
        assertThat(Diagnosis.of(tiny.withCurvature(SQUARE), false).sentence()).isEqualTo("Monotone: f stayed at 9 "
                + "through 5 updates: the steps did not change it (too small for its digits, or along one of its "
                + "level sets).");

        // x_1 = 3 - 0.5 · 6 = 0: one update, said in the singular.
        Result once = Runs.run("x^2", new double[] {3}, GD, 0.5, 1, 0);
        assertThat(Diagnosis.of(once.withCurvature(SQUARE), false).sentence())
                .isEqualTo("Monotone: f fell at every update, from 9 to 0 in 1 update.");
    }

    @Nested
    @DisplayName("a run stopped at its start, before any update: no learning rate is to blame")
    class AtTheStart {

        private Diagnosis stoppedAtStart(String formula, double start, String reason) {
            Result result = Runs.run(formula, new double[] {start}, GD, 0.1, 1000, 1e-6);
            assertThat(result.stopReason().status()).isEqualTo(Status.DIVERGED);
            assertThat(result.iterations()).isZero();
            assertThat(result.stopReason().description()).isEqualTo(reason);
            Diagnosis diagnosis = Diagnosis.of(result.withCurvature(RunCurvature.UNKNOWN), false);
            assertThat(diagnosis.kind()).isEqualTo(Kind.DIVERGING);
            assertThat(diagnosis.updates()).isZero();
            assertThat(diagnosis.sentence()).startsWith("Diverging at the start: ")
                    .contains("so the run stopped before its first update; no learning rate is to blame, and none "
                            + "would help: ")
                    .doesNotContain("lower the learning rate");
            return diagnosis;
        }

        @Test
        @DisplayName("1/x from 0: f(0) = 1/0 = +infinity")
        void pole() {
            assertThat(stoppedAtStart("1/x", 0, "the objective value is Infinity at the start (iteration 0)")
                    .sentence()).contains("f is infinity at the start").endsWith("start where it is finite.");
        }

        @Test
        @DisplayName("log(x) from -1: outside the domain, NaN")
        void outsideTheDomain() {
            assertThat(stoppedAtStart("log(x)", -1, "the objective value is NaN at the start (iteration 0)")
                    .sentence()).contains("f is not defined at the start (not a number)")
                    .endsWith("start inside its domain.");
        }

        @Test
        @DisplayName("sqrt(x) from 0: f = 0, but f' = 1/(2 sqrt(0)) = +infinity")
        void verticalTangent() {
            assertThat(stoppedAtStart("sqrt(x)", 0, "the gradient is non-finite at the start (iteration 0)")
                    .sentence()).contains("f's gradient is not finite at the start (f = 0)")
                    .endsWith("start where f is differentiable.");
        }

        @Test
        @DisplayName("x^2 from 1e7: f = 1e14 is past the bound 1e12 before any step")
        void pastTheBound() {
            assertThat(stoppedAtStart("x^2", 1e7, "|f| = 1.00e+14 is past the divergence bound 1.00e+12 at the start "
                    + "(iteration 0)").sentence()).contains("|f| at the start, 1e14, is already past the divergence "
                    + "bound").endsWith("start nearer a minimum, or raise the bound.");
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
