package dev.descent.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.data.SyntheticData;
import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.optim.Adam;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.RmsProp;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.Status;
import dev.descent.engine.stop.StoppingRule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The best point a run reports as its minimum, against the recorded trajectory (every iterate kept) and, for a
 * mini-batch run, against the objective's own loss over the whole data set.
 */
class BestPointTests {

    private static final Sgd GD = new Sgd(0, 0, 0, false);

    @Test
    @DisplayName("x^2 from 3 at rate 1.1 diverges: the best point is the start (f = 9), the last f passes 1e12")
    void divergingSeedExample() {
        Result result = Runs.run("x^2", new double[] {3}, GD, 1.1, 1000, 1e-6);

        assertThat(result.stopReason().status()).isEqualTo(Status.DIVERGED);
        assertThat(result.best().iteration()).isZero();
        assertThat(result.best().point()).containsExactly(3.0);
        assertThat(result.best().value()).isEqualTo(9.0);
        assertThat(result.best().gradientNorm()).isEqualTo(6.0);
        assertThat(result.best().learningRate()).isNaN();
        assertThat(result.last().value()).isGreaterThan(1e12);
        assertThat(result.last().iteration()).isEqualTo(70);
    }

    @Test
    @DisplayName("x^2 from 3 at rate 0.9 oscillates but |x| shrinks every step: the best point is the last")
    void oscillatingButShrinking() {
        Result result = Runs.run("x^2", new double[] {3}, GD, 0.9, 1000, 1e-6);

        assertThat(result.best()).isEqualTo(result.last());
        assertThat(result.behaviour().monotone()).isTrue();
        assertThat(result.behaviour().oscillating(result.iterations())).isTrue();
    }

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("x^2", new double[] {3}, new Adam(0.9, 0.999, 1e-8, 0, false), 0.5, 200),
                Arguments.of("(1-x)^2 + 100*(y-x^2)^2", new double[] {-1.5, 2}, new Adam(0.9, 0.999, 1e-8, 0, false),
                        0.05, 3000),
                Arguments.of("(1-x)^2 + 100*(y-x^2)^2", new double[] {-1.5, 2}, new Sgd(0.9, 0, 0, true), 2e-4, 3000),
                Arguments.of("x*cos(x)", new double[] {1}, new Sgd(0.95, 0, 0, false), 0.3, 500),
                Arguments.of("x^4 - 3*x^2 + y^2", new double[] {0.1, 1}, new RmsProp(0.99, 1e-8, 0, 0, false),
                        0.3, 400),
                Arguments.of("x^2 + 4*x + 9", new double[] {0}, GD, 0.3, 100));
    }

    @ParameterizedTest(name = "{0} with {2} at rate {3}")
    @MethodSource("runs")
    @DisplayName("every iterate recorded: the best is the first iterate of the lowest f, its row to the bit")
    void bestIsTheFirstLowestRecordedIterate(String formula, double[] start, Optimizer<?> optimizer, double rate,
                                             int iterations) {
        Result result = Runs.run(formula, start, optimizer, rate, iterations, 0);
        List<Iterate> all = result.trajectory().all();
        assertThat(all).hasSize(result.iterations() + 1);
        Iterate lowest = all.get(0);
        for (Iterate iterate : all) {
            if (iterate.value() < lowest.value()) {
                lowest = iterate;
            }
        }
        assertThat(result.best()).isEqualTo(lowest);
    }

    @Test
    @DisplayName("a run whose best lies mid-way (Adam on x^2 overshoots and rings) reports it, not the last")
    void bestMidWay() {
        Result result = Runs.run("x^2", new double[] {3}, new Adam(0.9, 0.999, 1e-8, 0, false), 0.5, 200, 0);

        assertThat(result.best().iteration()).isBetween(1, result.iterations() - 1);
        assertThat(result.best().value()).isLessThan(result.last().value());
        assertThat(result.behaviour().monotone()).isFalse();
        assertThat(result.behaviour().increases()).isPositive();
    }

    @Test
    @DisplayName("a noisy mini-batch regression: the best is judged on the loss over all the data, at an epoch end")
    void miniBatchBestOnTheWholeData() {
        Dataset data = SyntheticData.generate(256, new double[] {1.5, -2, 0.5}, 3, 1.0, 7, false);
        RegressionObjective objective = new RegressionObjective(data, RegressionObjective.Model.LINEAR, true, 0,
                0, true, 8, true, 11);
        int batches = objective.batchesPerEpoch();
        // A large rate keeps the per-sample noise high, so the epoch losses go up and down.
        int iterations = 40 * batches + 5;
        Result result = Descent.run(Problem.of(objective, new double[4], GD, LearningRateSchedule.constant(0.2),
                StoppingRule.maxIterations(iterations)));

        double[] epochLosses = result.epochLosses();
        assertThat(epochLosses).hasSize(41);
        // The candidates: the start, the epoch ends and the last iterate, each judged on the whole data set.
        int lowestEpoch = 0;
        for (int e = 1; e < epochLosses.length; e++) {
            if (epochLosses[e] < epochLosses[lowestEpoch]) {
                lowestEpoch = e;
            }
        }
        boolean lastIsBest = result.last().value() < epochLosses[lowestEpoch];
        Iterate best = result.best();
        if (lastIsBest) {
            assertThat(best).isEqualTo(result.last());
        } else {
            assertThat(best.iteration()).isEqualTo(lowestEpoch * batches);
            assertThat(best.value()).isEqualTo(epochLosses[lowestEpoch]);
        }
        assertThat(lowestEpoch).isBetween(1, 39);
        // Independently: a fresh objective's whole-data loss and gradient at the best point, summed (as the run's
        // are) over the rows in the order of the epoch the iteration starts.
        RegressionObjective fresh = objective.fork();
        fresh.selectBatch(best.iteration() / batches, best.iteration() % batches);
        double[] gradient = new double[4];
        assertThat(fresh.fullValueAndGradient(best.point(), gradient)).isEqualTo(best.value());
        assertThat(best.gradientNorm()).isEqualTo(Math.sqrt(gradient[0] * gradient[0] + gradient[1] * gradient[1]
                + gradient[2] * gradient[2] + gradient[3] * gradient[3]));
        // The mini-batch losses went up and down: the run is not monotone in them.
        assertThat(result.behaviour().monotone()).isFalse();
    }

    @Test
    @DisplayName("progress: on the plateau of x^2/(1+x^2) far from 0, f falls by less than 0.01 % in 1000 steps")
    void noProgressOnAPlateau() {
        Result plateau = Runs.run("x^2/(1+x^2)", new double[] {10}, GD, 0.01, 1000, 0);
        assertThat(plateau.behaviour().lastProgress()).isZero();
        Result slope = Runs.run("x^2", new double[] {3}, GD, 0.01, 1000, 0);
        assertThat(slope.behaviour().lastProgress()).isEqualTo(1000);
    }
}
