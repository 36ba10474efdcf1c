package dev.descent.engine.rangetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Problem;
import dev.descent.engine.run.Result;
import dev.descent.engine.stop.Progress;
import dev.descent.engine.stop.Status;
import dev.descent.engine.stop.StopReason;
import dev.descent.engine.stop.StoppingRule;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RangeTestTests {

    record At(int iteration, double value) implements Progress {
        @Override
        public double gradientNorm() {
            return 1;
        }

        @Override
        public double stepNorm() {
            return Double.NaN;
        }
    }

    /** Shows {@code rule} the losses in order, as the descent loop does, and answers the first verdict. */
    private static Optional<StopReason> feed(StoppingRule rule, double... losses) {
        for (int i = 0; i < losses.length; i++) {
            Optional<StopReason> reason = rule.check(new At(i, losses[i]));
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    @Test
    @DisplayName("the rates grow by the same factor from min to max, both ends exact")
    void exponentialSweep() {
        RangeTest test = new RangeTest(1e-7, 10, 100);
        assertThat(test.rate(0)).isEqualTo(1e-7);
        assertThat(test.rate(99)).isEqualTo(10);
        assertThat(test.rate(150)).isEqualTo(10);
        double factor = Math.pow(1e8, 1.0 / 99);
        for (int i = 1; i < 99; i++) {
            assertThat(test.rate(i) / test.rate(i - 1)).isCloseTo(factor, within(1e-12));
        }
        assertThat(test.rate(33)).isCloseTo(1e-7 * Math.pow(1e8, 33.0 / 99), within(1e-18));
    }

    @Test
    @DisplayName("the smoothed loss is fastai's debiased moving average, computed by hand")
    void smoothingByHand() {
        RangeTest test = new RangeTest(0.01, 1, 10);
        assertThat(feed(test.stoppingRule(), 4, 2, 1)).isEmpty();
        // avg_0 = 0.02·4 = 0.08, smooth_0 = 0.08 / (1 - 0.98) = 4
        // avg_1 = 0.98·0.08 + 0.02·2 = 0.1184, smooth_1 = 0.1184 / (1 - 0.98²) = 0.1184 / 0.0396
        // avg_2 = 0.98·0.1184 + 0.02·1 = 0.136032, smooth_2 = 0.136032 / (1 - 0.98³) = 0.136032 / 0.058808
        RangeTest.Curve curve = test.curve();
        assertThat(curve.losses()).containsExactly(4, 2, 1);
        assertThat(curve.smoothed()[0]).isCloseTo(4, within(1e-12));
        assertThat(curve.smoothed()[1]).isCloseTo(0.1184 / 0.0396, within(1e-12));
        assertThat(curve.smoothed()[2]).isCloseTo(0.136032 / 0.058808, within(1e-12));
        assertThat(curve.learningRates()).containsExactly(test.rate(0), test.rate(1), test.rate(2));
    }

    @Test
    @DisplayName("stops at the first point whose smoothed loss exceeds 4 × its best, that point recorded")
    void blowUp() {
        RangeTest test = new RangeTest(0.01, 1, 50);
        double[] losses = new double[40];
        java.util.Arrays.fill(losses, 1);
        for (int i = 20; i < losses.length; i++) {
            losses[i] = Math.pow(10, i - 19);
        }
        Optional<StopReason> reason = feed(test.stoppingRule(), losses);
        assertThat(reason).get().extracting(StopReason::status).isEqualTo(Status.DIVERGED);
        double[] smoothed = test.curve().smoothed();
        int last = smoothed.length - 1;
        assertThat(smoothed[last]).isGreaterThan(4);
        assertThat(smoothed[last - 1]).isLessThanOrEqualTo(4);
        assertThat(reason.get().description()).startsWith("the smoothed loss ").contains("exceeded 4 × its best 1.00")
                .endsWith("(point " + last + ")");
    }

    @Test
    @DisplayName("a loss that falls below 0 (f = x, unbounded below) is not a blow-up: fastai's 4 × best would "
            + "fire as soon as the best is negative, since 4 · best < best")
    void belowZero() {
        RangeTest test = new RangeTest(0.01, 1, 30);
        double[] falling = new double[30];
        for (int i = 0; i < falling.length; i++) {
            falling[i] = 1 - 0.5 * i;
        }
        Optional<StopReason> reason = feed(test.stoppingRule(), falling);
        assertThat(reason).get().extracting(StopReason::status).isEqualTo(Status.MAX_ITERATIONS);
        assertThat(test.curve().size()).isEqualTo(30);
        assertThat(test.curve().smoothed()[29]).isNegative();
    }

    @Test
    @DisplayName("below 0, a blow-up is a rise over the best of 3 × the larger of |best| and smooth_0: computed by "
            + "hand from the smoothing")
    void blowUpBelowZero() {
        RangeTest test = new RangeTest(0.01, 1, 100);
        double[] losses = new double[60];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = i == 0 ? 1 : i < 30 ? -2 : Math.pow(2, i - 29);
        }
        Optional<StopReason> reason = feed(test.stoppingRule(), losses);
        assertThat(reason).get().extracting(StopReason::status).isEqualTo(Status.DIVERGED);
        // The smoothing by hand, and the first point whose rise over the running best passes 3 × the scale.
        double average = 0;
        double best = Double.POSITIVE_INFINITY;
        double first = Double.NaN;
        int expected = -1;
        for (int i = 0; i < losses.length && expected < 0; i++) {
            average = 0.98 * average + 0.02 * losses[i];
            double smooth = average / (1 - Math.pow(0.98, i + 1));
            first = i == 0 ? smooth : first;
            best = Math.min(best, smooth);
            if (best <= 0 && smooth - best > 3 * Math.max(Math.abs(best), Math.abs(first))) {
                expected = i;
            }
        }
        assertThat(expected).isGreaterThan(30);
        assertThat(test.curve().size()).isEqualTo(expected + 1);
        assertThat(reason.get().description()).contains("rose above its best -").contains("by more than 3 × ")
                .endsWith("(point " + expected + ")");
    }

    @Test
    @DisplayName("a non-finite loss ends the sweep at once")
    void nonFinite() {
        RangeTest test = new RangeTest(0.01, 1, 50);
        assertThat(feed(test.stoppingRule(), 3, 2, Double.NaN, 1)).get().extracting(StopReason::status)
                .isEqualTo(Status.DIVERGED);
        assertThat(test.curve().size()).isEqualTo(3);
    }

    @Test
    @DisplayName("a sweep without blow-up ends at its last point: steps points, steps - 1 updates")
    void wholeRange() {
        RangeTest test = new RangeTest(0.01, 1, 5);
        Optional<StopReason> reason = feed(test.stoppingRule(), 5, 4, 3, 2, 1, 0);
        assertThat(reason).get().extracting(StopReason::status).isEqualTo(Status.MAX_ITERATIONS);
        assertThat(test.curve().size()).isEqualTo(5);
        assertThat(test.curve().learningRates()[4]).isEqualTo(1);
    }

    @Test
    @DisplayName("steep and minimum/10 as fastai's: on the window without steps/10 first and 5 last points")
    void suggestions() {
        // 30 points at rates 10^(i/10 - 3); the smoothed loss falls slowly, then fastest between points 12 and 13,
        // reaches its lowest at 20, and rises: the lowest of all (point 27) lies in the last five, left out.
        double[] rates = new double[30];
        double[] smoothed = new double[30];
        for (int i = 0; i < 30; i++) {
            rates[i] = Math.pow(10, i / 10.0 - 3);
            smoothed[i] = i <= 20 ? 10 - 0.1 * i : 8 + (i - 20);
        }
        smoothed[13] = smoothed[12] - 3;
        for (int i = 14; i <= 20; i++) {
            smoothed[i] = smoothed[13] - 0.1 * (i - 13);
        }
        smoothed[27] = -100;
        RangeTest.Suggestion suggestion = new RangeTest.Curve(rates, smoothed.clone(), smoothed).suggest(30)
                .orElseThrow();
        assertThat(suggestion.from()).isEqualTo(3);
        assertThat(suggestion.to()).isEqualTo(25);
        assertThat(suggestion.steepest()).isEqualTo(rates[12]);
        assertThat(suggestion.steepestSlope()).isCloseTo(-3 / Math.log(Math.pow(10, 0.1)), within(1e-9));
        assertThat(suggestion.minimumOverTen()).isEqualTo(rates[20] / 10);
        assertThat(suggestion.rule()).isEqualTo(RangeTest.Rule.STEEPEST);
        assertThat(suggestion.learningRate()).isEqualTo(rates[12]);
    }

    @Test
    @DisplayName("a curve that never falls suggests minimum/10; one finite point suggests nothing")
    void fallbacks() {
        double[] rates = {1e-3, 1e-2, 1e-1, 1};
        double[] rising = {1, 2, 3, 4};
        RangeTest.Suggestion suggestion = new RangeTest.Curve(rates, rising, rising).suggest(4).orElseThrow();
        assertThat(suggestion.rule()).isEqualTo(RangeTest.Rule.MINIMUM_OVER_TEN);
        assertThat(suggestion.learningRate()).isEqualTo(1e-4);
        double[] blown = {1, Double.POSITIVE_INFINITY, 3, 4};
        assertThat(new RangeTest.Curve(rates, blown, blown).suggest(4)).isEmpty();
    }

    @Test
    @DisplayName("save and restore carry the curve: the restored sweep goes on as the first would")
    void checkpoint() {
        double[] losses = {5, 4, 4.5, 3, 2, 2.5, 1.5};
        RangeTest whole = new RangeTest(0.001, 1, 10);
        feed(whole.stoppingRule(), losses);
        RangeTest first = new RangeTest(0.001, 1, 10);
        feed(first.stoppingRule(), 5, 4, 4.5);
        RangeTest resumed = new RangeTest(0.001, 1, 10);
        resumed.restore(first.save());
        StoppingRule rule = resumed.stoppingRule();
        for (int i = 3; i < losses.length; i++) {
            assertThat(rule.check(new At(i, losses[i]))).isEmpty();
        }
        assertThat(resumed.curve().smoothed()).containsExactly(whole.curve().smoothed());
        assertThatThrownBy(() -> new RangeTest(0.001, 1, 2).restore(new double[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("refuses ranges it cannot sweep, naming the value")
    void invalid() {
        assertThatThrownBy(() -> new RangeTest(0, 1, 10)).hasMessage("Invalid minimum learning rate: 0.0");
        assertThatThrownBy(() -> new RangeTest(-1, 1, 10)).hasMessageContaining("-1.0");
        assertThatThrownBy(() -> new RangeTest(1, 1, 10)).hasMessageStartingWith("Invalid maximum learning rate: 1.0");
        assertThatThrownBy(() -> new RangeTest(1, Double.POSITIVE_INFINITY, 10))
                .hasMessageStartingWith("Invalid maximum learning rate: Infinity");
        assertThatThrownBy(() -> new RangeTest(1e-3, 1, 1)).hasMessage("Invalid number of steps: 1 (at least 2)");
    }

    @Test
    @DisplayName("run by the ordinary descent loop on Rosenbrock: falls, then blows up before the last step")
    void rosenbrockByTheDescentLoop() {
        RangeTest test = new RangeTest(1e-7, 1, 100);
        Result result = Descent.run(Problem.of(ExpressionObjective.compile("(1-x)^2 + 100*(y-x^2)^2"),
                new double[] {-1.5, 2}, Sgd.plain(0), test, test.stoppingRule()));
        RangeTest.Curve curve = test.curve();
        assertThat(result.stopReason().status()).isEqualTo(Status.DIVERGED);
        // One point per iterate, the start included; the losses are the trajectory's values.
        assertThat(curve.size()).isEqualTo(result.iterations() + 1).isLessThan(100);
        for (int i = 0; i < curve.size(); i++) {
            assertThat(curve.losses()[i]).isEqualTo(result.trajectory().all().get(i).value());
        }
        assertThat(curve.losses()[0]).isEqualTo(12.5);
        // Iterate k + 1 was reached with the rate of point k.
        assertThat(result.trajectory().all().get(5).learningRate()).isEqualTo(test.rate(4));
    }
}
