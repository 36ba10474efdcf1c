package dev.descent.engine.run;

import static dev.descent.engine.run.CheckpointTests.assertSameResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.data.SyntheticData;
import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.objective.RegressionObjective.Model;
import dev.descent.engine.optim.Adam;
import dev.descent.engine.optim.Clipping;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.schedule.Schedules;
import dev.descent.engine.stop.Status;
import dev.descent.engine.stop.StoppingRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-sample loop ({@code Descent.Run.sampleIterations}) gives what the general loop gives, to the last bit:
 * every field of the result and every kept row, for SGD in each of its forms, on linear and logistic regression with
 * and without an intercept, standardization and shuffling, with runs that cross epochs, stop mid-epoch, thin their
 * trajectories, diverge, overflow, and stop on a gradient or a step tolerance.
 */
class SampleLoopTests {

    static final int ROWS = 300;

    static Dataset data(Model model, double noise) {
        return SyntheticData.generate(ROWS, new double[] {0.5, -1.0, 2.0}, 1.5, noise, 7, model == Model.LOGISTIC);
    }

    record Run(Model model, boolean intercept, boolean standardize, boolean shuffle, Optimizer<?> rule, double rate,
               int iterations, double tolerance, double stepTolerance, int recordLimit, double noise,
               boolean divergence) {

        Problem problem() {
            RegressionObjective objective = new RegressionObjective(data(model, noise), model, intercept, 0, 0,
                    standardize, 1, shuffle, 11);
            Problem problem = Problem.of(objective, new double[objective.dimension()], rule,
                    LearningRateSchedule.constant(rate),
                    FusedLoopTests.stoppingRule(divergence, tolerance, stepTolerance, iterations));
            return recordLimit > 0 ? problem.withRecordLimit(recordLimit) : problem;
        }

        @Override
        public String toString() {
            return model + (intercept ? " with intercept" : "") + (standardize ? ", standardized" : "")
                    + (shuffle ? ", shuffled" : "") + ", " + rule + ", rate " + rate + ", " + iterations
                    + " iterations, tolerances " + tolerance + " " + stepTolerance + ", record limit " + recordLimit
                    + ", noise " + noise + (divergence ? "" : ", no divergence rule");
        }
    }

    static Stream<Arguments> runs() {
        List<Optimizer<?>> rules = List.of(Sgd.plain(0), Sgd.plain(0.01), new Sgd(0.9, 0, 0, false),
                new Sgd(0.9, 0.3, 0.01, false), new Sgd(0.9, 0, 0, true));
        List<Run> runs = new ArrayList<>();
        for (Optimizer<?> rule : rules) {
            // Across epochs (300 rows each), ending mid-epoch; thinned (6 rows kept), in chunks of 64 and 16.
            runs.add(new Run(Model.LINEAR, true, false, true, rule, 0.01, 1_000, 0, 0, 0, 0.5, true));
            runs.add(new Run(Model.LINEAR, false, true, true, rule, 0.01, 1_000, 0, 0, 6, 0.5, true));
            // Neither shuffled nor standardized: the data set itself, with no buffer.
            runs.add(new Run(Model.LINEAR, true, false, false, rule, 0.01, 1_000, 0, 0, 64, 0.5, true));
            runs.add(new Run(Model.LOGISTIC, true, true, true, rule, 0.1, 1_000, 0, 0, 16, 0.5, true));
            runs.add(new Run(Model.LOGISTIC, false, false, false, rule, 0.1, 700, 0, 0, 0, 0.5, true));
            // Divergence, and without the rule the loss overflowing to infinity and NaN.
            runs.add(new Run(Model.LINEAR, true, false, true, rule, 2.0, 1_000, 0, 0, 0, 0.5, true));
            runs.add(new Run(Model.LINEAR, true, false, true, rule, 2.0, 400, 0, 0, 0, 0.5, false));
            // Noise-free data: the per-sample gradient and step fall below their tolerances.
            runs.add(new Run(Model.LINEAR, true, false, true, rule, 0.05, 20_000, 1e-4, 0, 0, 0, true));
            runs.add(new Run(Model.LINEAR, true, true, true, rule, 0.05, 20_000, 0, 1e-6, 0, 0, true));
        }
        return runs.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    @DisplayName("the per-sample loop's result is the general loop's, bit for bit")
    void sameResult(Run run) {
        Result general = Descent.run(run.problem(), RunListener.NONE, false);
        long before = Descent.SAMPLE_ITERATIONS.get();
        Result fused = Descent.run(run.problem(), RunListener.NONE, true);
        assertThat(Descent.SAMPLE_ITERATIONS.get() - before).as("iterations in the per-sample loop").isPositive();
        assertSameResult(general, fused);
        // A listener that only cancels, never: polled every CANCEL_POLL iterations, the same.
        assertSameResult(general, Descent.run(run.problem(), RunListener.cancelledWhen(() -> false), true));
        // A listener that watches the run, as a job's, taking a checkpoint mid-epoch: every call, in its order.
        FusedLoopTests.Watching expected = new FusedLoopTests.Watching(450);
        assertSameResult(general, Descent.run(run.problem(), expected, false));
        FusedLoopTests.Watching actual = new FusedLoopTests.Watching(450);
        before = Descent.SAMPLE_ITERATIONS.get();
        assertSameResult(general, Descent.run(run.problem(), actual, true));
        assertThat(Descent.SAMPLE_ITERATIONS.get() - before).isPositive();
        assertThat(actual.calls).hasSize(expected.calls.size()).isEqualTo(expected.calls);
    }

    @Test
    @DisplayName("a run resumed from a checkpoint mid-epoch goes on in the per-sample loop to the same last bit")
    void resumes() {
        Run run = new Run(Model.LINEAR, true, true, true, new Sgd(0.9, 0, 0, true), 0.01, 1_000, 0, 0, 0, 0.5,
                true);
        Result uninterrupted = Descent.run(run.problem(), RunListener.NONE, false);
        // Suspended as a job is: a checkpoint at iteration 450, then cancelled, in the per-sample loop.
        FusedLoopTests.Watching suspending = FusedLoopTests.Watching.suspendingAt(450);
        long before = Descent.SAMPLE_ITERATIONS.get();
        Result suspended = Descent.run(run.problem(), suspending);
        assertThat(Descent.SAMPLE_ITERATIONS.get() - before).isPositive();
        assertThat(suspended.stopReason().status()).isEqualTo(Status.CANCELLED);
        assertThat(suspended.iterations()).isEqualTo(450);
        assertThat(suspending.checkpoint.iteration()).isEqualTo(450);
        before = Descent.SAMPLE_ITERATIONS.get();
        Result resumed = Descent.resume(run.problem(), suspending.checkpoint);
        assertThat(Descent.SAMPLE_ITERATIONS.get() - before).isPositive();
        assertSameResult(uninterrupted, resumed);
    }

    @Test
    @DisplayName("a listener that cancels is polled every CANCEL_POLL iterations in the per-sample loop")
    void cancels() {
        Run run = new Run(Model.LINEAR, true, false, true, Sgd.plain(0), 1e-4, 100_000, 0, 0, 0, 0.5, true);
        long before = Descent.SAMPLE_ITERATIONS.get();
        FusedLoopTests.assertCancelledAtFourthPoll(run.problem());
        assertThat(Descent.SAMPLE_ITERATIONS.get() - before).as("iterations in the per-sample loop").isPositive();
    }

    @Test
    @DisplayName("runs that need more than the per-sample loop does are the general loop's alone, with their results")
    void generalRuns() {
        Run base = new Run(Model.LINEAR, true, false, true, new Sgd(0.9, 0, 0, false), 0.01, 700, 0, 0, 0, 0.5,
                true);
        Supplier<RegressionObjective> penalized = () -> new RegressionObjective(data(Model.LINEAR, 0.5), Model.LINEAR,
                true, 0, 0.1, false, 1, true, 11);
        Supplier<RegressionObjective> batches = () -> new RegressionObjective(data(Model.LINEAR, 0.5), Model.LINEAR,
                true, 0, 0, false, 2, true, 11);
        List<Supplier<Problem>> others = List.of(
                () -> base.problem().withClipping(new Clipping.ByNorm(1.0)),
                () -> base.problem().withExplain(new ExplainRange(5, 2)),
                () -> Problem.of(penalized.get(), new double[4], Sgd.plain(0), LearningRateSchedule.constant(0.01),
                        StoppingRule.maxIterations(700)),
                () -> Problem.of(batches.get(), new double[4], Sgd.plain(0), LearningRateSchedule.constant(0.01),
                        StoppingRule.maxIterations(700)),
                () -> Problem.of(base.problem().objective(), new double[4], new Adam(0.9, 0.999, 1e-8, 0, false),
                        LearningRateSchedule.constant(0.01), StoppingRule.maxIterations(700)),
                () -> Problem.of(base.problem().objective(), new double[4], Sgd.plain(0),
                        Schedules.exponential(0.01, 0.999), StoppingRule.maxIterations(700)));
        for (Supplier<Problem> other : others) {
            long before = Descent.SAMPLE_ITERATIONS.get();
            Result result = Descent.run(other.get(), RunListener.NONE, true);
            assertThat(Descent.SAMPLE_ITERATIONS.get()).isEqualTo(before);
            assertSameResult(Descent.run(other.get(), RunListener.NONE, false), result);
        }
    }
}
