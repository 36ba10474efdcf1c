package dev.descent.engine.run;

import static dev.descent.engine.run.CheckpointTests.assertSameResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.ad.Tape;
import dev.descent.engine.ad.TapeEmitter;
import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.optim.Adam;
import dev.descent.engine.optim.Clipping;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.schedule.Schedules;
import dev.descent.engine.stop.Status;
import dev.descent.engine.stop.StoppingRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused loop ({@link FusedLoop}) gives what the general loop gives, to the last bit: every field of the result,
 * every kept row, for each update rule it is written for, with runs that stop on each rule the kernel screens,
 * thin their trajectories, cross the trajectory's chunks, and overflow the gradient norm.
 */
class FusedLoopTests {

    static final String ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2";
    static final String THREE = "sin(x)*y + z^2/2 + exp(-(y^2)) + abs(x - z)";

    /** The tape of {@code formula}, evaluated as often as a formula must be before a kernel is made for it. */
    static Tape hot(String formula) {
        ExpressionObjective objective = ExpressionObjective.compile(formula);
        double[] x = new double[objective.dimension()];
        double[] gradient = new double[x.length];
        for (int i = 0; !TapeEmitter.hot(objective.tape()) && i < 20_000; i++) {
            x[0] = i * 1e-4;
            objective.valueAndGradient(x, gradient);
        }
        assertThat(TapeEmitter.hot(objective.tape())).as("hot").isTrue();
        return objective.tape();
    }

    static String rosenbrock(int dimension) {
        List<String> terms = new ArrayList<>();
        for (int i = 1; i < dimension; i++) {
            terms.add("100*(x" + (i + 1) + " - x" + i + "^2)^2 + (1 - x" + i + ")^2");
        }
        return String.join(" + ", terms);
    }

    static double[] start(int dimension) {
        double[] start = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            start[i] = i % 2 == 0 ? -1.2 : 1.0;
        }
        return start;
    }

    static Stream<Arguments> runs() {
        List<Optimizer<?>> rules = List.of(Sgd.plain(0), Sgd.plain(0.01), new Sgd(0.9, 0, 0, false),
                new Sgd(0.9, 0.3, 0.01, false), new Sgd(0.9, 0, 0, true), new Sgd(0.5, 0, 0.1, true),
                new Adam(0.9, 0.999, 1e-8, 0, false), new Adam(0.5, 0.9, 1e-3, 0, false));
        List<Arguments> runs = new ArrayList<>();
        for (Optimizer<?> rule : rules) {
            double rate = rule instanceof Adam ? 1e-2 : 1e-4;
            // Iteration caps, thinning and chunks: 3,000 iterations kept whole, then 6 rows, then 64.
            runs.add(Arguments.of(ROSENBROCK, new double[] {-1.5, 2}, rule, rate, 3_000, 0.0, 0.0, 0));
            runs.add(Arguments.of(ROSENBROCK, new double[] {-1.5, 2}, rule, rate, 700, 0.0, 0.0, 6));
            runs.add(Arguments.of(ROSENBROCK, new double[] {-1.5, 2}, rule, rate, 2_500, 0.0, 0.0, 64));
            // Divergence: too large a rate.
            runs.add(Arguments.of(ROSENBROCK, new double[] {-1.5, 2}, rule, 0.05, 500, 0.0, 0.0, 0));
            // The gradient and the step tolerances: converging on a bowl, on a hill's side.
            runs.add(Arguments.of("(x-1)^2 + 2*(y+0.5)^2", new double[] {3, 2}, rule, 0.05, 5_000, 1e-6, 0.0, 0));
            runs.add(Arguments.of("(x-1)^2 + 2*(y+0.5)^2", new double[] {3, 2}, rule, 0.05, 5_000, 0.0, 1e-6, 0));
            runs.add(Arguments.of("x*cos(x)", new double[] {2}, rule, 0.01, 1_500, 1e-9, 0.0, 0));
            runs.add(Arguments.of("x*cos(x)", new double[] {2}, rule, 0.01, 1_500, 0.0, 1e-9, 0));
            runs.add(Arguments.of(THREE, new double[] {0.3, -0.7, 1.1}, rule, 0.01, 1_200, 0.0, 1e-7, 16));
            // The most variables each kernel is made for.
            int dimension = rule instanceof Adam ? FusedLoop.MAX_ADAM_DIMENSION : FusedLoop.MAX_SGD_DIMENSION;
            runs.add(Arguments.of(rosenbrock(dimension), start(dimension), rule, rate, 1_100, 0.0, 0.0, 0));
        }
        // A gradient whose squares overflow while f stays small (the overflow-safe norm at every iterate).
        runs.add(Arguments.of("1e-5*sin(1e200*x) + y^2", new double[] {0.3, 1}, Sgd.plain(0), 1e-200, 300, 0.0,
                0.0, 0));
        runs.add(Arguments.of("1e-5*sin(1e200*x) + y^2", new double[] {0.3, 1}, new Sgd(0.9, 0, 0, true), 1e-200,
                300, 0.0, 0.0, 0));
        // f is not a number at iterate 2 (the square root of a negative x): the kernel stops there.
        runs.add(Arguments.of("sqrt(x) + y^2", new double[] {0.5, 1}, Sgd.plain(0), 0.5, 100, 0.0, 0.0, 0));
        return runs.stream();
    }

    static Problem problem(String formula, double[] start, Optimizer<?> optimizer, double rate, int iterations,
                           double tolerance, double stepTolerance, int recordLimit) {
        Problem problem = Problem.of(ExpressionObjective.compile(formula), start.clone(), optimizer,
                LearningRateSchedule.constant(rate), stoppingRule(true, tolerance, stepTolerance, iterations));
        return recordLimit > 0 ? problem.withRecordLimit(recordLimit) : problem;
    }

    /** The stopping rules a request has: divergence (if asked), the tolerances above 0, the iteration cap. */
    static StoppingRule stoppingRule(boolean divergence, double tolerance, double stepTolerance, int iterations) {
        List<StoppingRule> rules = new ArrayList<>();
        if (divergence) {
            rules.add(StoppingRule.divergence(1e12));
        }
        if (tolerance > 0) {
            rules.add(StoppingRule.gradientTolerance(tolerance));
        }
        if (stepTolerance > 0) {
            rules.add(StoppingRule.stepTolerance(stepTolerance));
        }
        rules.add(StoppingRule.maxIterations(iterations));
        return StoppingRule.firstOf(rules);
    }

    @ParameterizedTest(name = "{0} from {1}, {2}, rate {3}, {4} iterations, tolerances {5} {6}, record limit {7}")
    @MethodSource("runs")
    @DisplayName("the fused loop's result is the general loop's, bit for bit")
    void sameResult(String formula, double[] start, Optimizer<?> optimizer, double rate, int iterations,
                    double tolerance, double stepTolerance, int recordLimit) {
        FusedLoop.Kernel kernel = FusedLoop.kernel(hot(formula), optimizer, stepTolerance > 0);
        assertThat(kernel).as("a kernel for " + optimizer).isNotNull();
        Supplier<Problem> fresh = () -> problem(formula, start, optimizer, rate, iterations, tolerance,
                stepTolerance, recordLimit);
        Result general = Descent.run(fresh.get(), RunListener.NONE, false);
        // Twice: cold (a few iterations at a time), then warm if the first made it so.
        for (int round = 0; round < 2; round++) {
            long before = kernel.iterations();
            Result fused = Descent.run(fresh.get(), RunListener.NONE, true);
            assertSameResult(general, fused);
            assertThat(kernel.iterations() - before).as("iterations in the kernel").isPositive();
        }
        // A listener that only cancels, never: the same.
        assertSameResult(general, Descent.run(fresh.get(), RunListener.cancelledWhen(() -> false), true));
        // A listener that watches the run, as a job's: every call the general loop makes, in its order.
        FusedLoop.Kernel watched = FusedLoop.kernel(hot(formula), optimizer, stepTolerance > 0, true);
        assertThat(watched).isNotNull().isNotSameAs(kernel);
        Watching expected = new Watching(-1);
        assertSameResult(general, Descent.run(fresh.get(), expected, false));
        for (int round = 0; round < 2; round++) {
            long before = watched.iterations();
            Watching actual = new Watching(-1);
            assertSameResult(general, Descent.run(fresh.get(), actual, true));
            assertThat(watched.iterations() - before).as("iterations in the watched kernel").isPositive();
            assertThat(actual.calls).hasSize(expected.calls.size()).isEqualTo(expected.calls);
        }
    }

    /**
     * A listener that watches the run, as a job's does, and notes each call the run makes, in order: every iterate
     * (its iteration and the bits of its point, value, gradient norm and rate, as the run's arrays are at the call),
     * every poll for a checkpoint (answering true at iteration {@code checkpointAt}, once) and for cancellation.
     */
    static final class Watching implements RunListener {
        final List<String> calls = new ArrayList<>();
        private final int checkpointAt;
        private final boolean suspends;
        private int latest = -1;
        Checkpoint checkpoint;

        Watching(int checkpointAt) {
            this(checkpointAt, false);
        }

        private Watching(int checkpointAt, boolean suspends) {
            this.checkpointAt = checkpointAt;
            this.suspends = suspends;
        }

        /** One that suspends the run as a job's does: the checkpoint at {@code iteration}, then cancelled. */
        static Watching suspendingAt(int iteration) {
            return new Watching(iteration, true);
        }

        @Override
        public void onIterate(int iteration, double[] point, double value, double gradientNorm, double learningRate) {
            latest = iteration;
            calls.add(iteration + " " + Arrays.toString(CheckpointTests.bits(point)) + " "
                    + Arrays.toString(CheckpointTests.bits(value, gradientNorm, learningRate)));
        }

        @Override
        public boolean checkpointWanted() {
            calls.add("checkpoint?");
            return latest == checkpointAt && checkpoint == null;
        }

        @Override
        public void onCheckpoint(Checkpoint taken) {
            calls.add("checkpoint at " + taken.iteration());
            checkpoint = taken;
        }

        @Override
        public boolean cancelled() {
            calls.add("cancelled?");
            return suspends && checkpoint != null;
        }
    }

    @Test
    @DisplayName("a watched kernel stops for a checkpoint where the listener asks for it, and the run goes on to the "
            + "same result")
    void watchedCheckpoint() {
        Optimizer<?> adam = new Adam(0.9, 0.999, 1e-8, 0, false);
        FusedLoop.Kernel watched = FusedLoop.kernel(hot(ROSENBROCK), adam, false, true);
        Supplier<Problem> fresh = () -> problem(ROSENBROCK, new double[] {-1.5, 2}, adam, 1e-2, 3_000, 0, 0, 0);
        Watching expected = new Watching(1_234);
        Result general = Descent.run(fresh.get(), expected, false);
        for (int round = 0; round < 2; round++) {
            long before = watched.iterations();
            Watching actual = new Watching(1_234);
            assertSameResult(general, Descent.run(fresh.get(), actual, true));
            assertThat(watched.iterations() - before).isPositive();
            assertThat(actual.calls).isEqualTo(expected.calls).contains("checkpoint at 1234");
            assertSameResult(general, Descent.resume(fresh.get(), actual.checkpoint));
        }
    }

    @Test
    @DisplayName("a warm kernel runs whole chunks, and keeps the result")
    void warm() {
        Optimizer<?> adam = new Adam(0.9, 0.999, 1e-8, 0, false);
        FusedLoop.Kernel kernel = FusedLoop.kernel(hot(ROSENBROCK), adam, false);
        Supplier<Problem> fresh = () -> problem(ROSENBROCK, new double[] {-1.5, 2}, adam, 1e-3, 30_000, 0, 0, 0);
        Result general = Descent.run(fresh.get(), RunListener.NONE, false);
        while (!kernel.warm()) {
            Descent.run(fresh.get(), RunListener.NONE, true);
        }
        assertSameResult(general, Descent.run(fresh.get(), RunListener.NONE, true));
        assertSameResult(general, Descent.run(fresh.get()));
    }

    @Test
    @DisplayName("a long run of a formula new to the service goes on in the kernel once the formula is hot")
    void hotDuringTheRun() {
        String formula = "(x - 0.25)^2 + 3*(y + x/7)^2 + 0.001*x^4";
        Optimizer<?> momentum = new Sgd(0.5, 0, 0, false);
        Supplier<Problem> fresh = () -> problem(formula, new double[] {2, -1}, momentum, 1e-3, 30_000, 0, 0, 0);
        assertThat(TapeEmitter.hot(ExpressionObjective.compile(formula).tape())).isFalse();
        Result fused = Descent.run(fresh.get(), RunListener.NONE, true);
        FusedLoop.Kernel kernel = FusedLoop.kernel(ExpressionObjective.compile(formula).tape(), momentum, false);
        assertThat(kernel).isNotNull();
        assertThat(kernel.iterations()).isBetween(30_000L - 11_000, 30_000L - 10_000);
        assertSameResult(Descent.run(fresh.get(), RunListener.NONE, false), fused);
    }

    @Test
    @DisplayName("a listener that only cancels is polled at least every 1,024 iterations, and the run stops cancelled")
    void cancels() {
        Optimizer<?> momentum = new Sgd(0.9, 0, 0, false);
        FusedLoop.Kernel kernel = FusedLoop.kernel(hot(ROSENBROCK), momentum, false);
        while (!kernel.warm()) {
            Descent.run(problem(ROSENBROCK, new double[] {-1.5, 2}, momentum, 1e-4, 5_000, 0, 0, 0));
        }
        assertCancelledAtFourthPoll(problem(ROSENBROCK, new double[] {-1.5, 2}, momentum, 1e-4, 100_000, 0, 0, 0));
    }

    /**
     * {@code problem}, run with a listener that only cancels, answering yes at its fourth poll: polled every
     * {@value Descent#CANCEL_POLL} iterations at most, the run ends CANCELLED within three such stretches.
     */
    static void assertCancelledAtFourthPoll(Problem problem) {
        AtomicInteger polls = new AtomicInteger();
        Result result = Descent.run(problem, RunListener.cancelledWhen(() -> polls.incrementAndGet() > 3));
        assertThat(result.stopReason().status()).isEqualTo(Status.CANCELLED);
        assertThat(result.iterations()).isBetween(3, 3 * Descent.CANCEL_POLL);
        assertThat(polls.get()).isEqualTo(4);
    }

    @Test
    @DisplayName("no kernel for a formula not yet used much, nor for the rules it is not written for")
    void onlyWhereWritten() {
        String fresh = "(x - 0.123456789)^2 + y^4";
        assertThat(FusedLoop.kernel(ExpressionObjective.compile(fresh).tape(), Sgd.plain(0), false)).isNull();
        Tape tape = hot(ROSENBROCK);
        assertThat(FusedLoop.kernel(tape, new Adam(0.9, 0.999, 1e-8, 0.01, false), false)).isNull();
        assertThat(FusedLoop.kernel(tape, new Adam(0.9, 0.999, 1e-8, 0, true), false)).isNull();
        assertThat(FusedLoop.kernel(tape, new Adam(0.9, 0.999, 1e-8, 0.01, false, true), false)).isNull();
        assertThat(FusedLoop.kernel(hot(rosenbrock(FusedLoop.MAX_ADAM_DIMENSION + 1)),
                new Adam(0.9, 0.999, 1e-8, 0, false), false)).isNull();
        assertThat(FusedLoop.kernel(tape, Sgd.plain(0), false)).isSameAs(FusedLoop.kernel(tape, Sgd.plain(0), false))
                .isNotSameAs(FusedLoop.kernel(tape, Sgd.plain(0), true));
    }

    @Test
    @DisplayName("runs that need more than the kernel does are the general loop's alone, with their results")
    void generalRuns() {
        Optimizer<?> momentum = new Sgd(0.9, 0, 0, false);
        FusedLoop.Kernel kernel = FusedLoop.kernel(hot(ROSENBROCK), momentum, false);
        Supplier<Problem> base = () -> problem(ROSENBROCK, new double[] {-1.5, 2}, momentum, 1e-4, 300, 0, 0, 0);
        List<Supplier<Problem>> others = List.of(
                () -> base.get().withMaximize(true),
                () -> base.get().withClipping(new Clipping.ByNorm(1.0)),
                () -> base.get().withExplain(new ExplainRange(5, 2)),
                () -> Problem.of(ExpressionObjective.compile(ROSENBROCK), new double[] {-1.5, 2}, momentum,
                        Schedules.exponential(1e-4, 0.999), StoppingRule.maxIterations(300)),
                () -> Problem.of(ExpressionObjective.compile(ROSENBROCK), new double[] {-1.5, 2}, momentum,
                        LearningRateSchedule.constant(1e-4), StoppingRule.firstOf(List.of(
                                progress -> Optional.empty(), StoppingRule.maxIterations(300)))));
        for (Supplier<Problem> other : others) {
            long before = kernel.iterations();
            Result result = Descent.run(other.get(), RunListener.NONE, true);
            assertThat(kernel.iterations()).isEqualTo(before);
            assertSameResult(Descent.run(other.get(), RunListener.NONE, false), result);
        }
    }
}
