package dev.descent.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.data.SyntheticData;
import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.objective.FunctionCatalog;
import dev.descent.engine.objective.Objective;
import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.optim.Adam;
import dev.descent.engine.optim.Clipping;
import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.OptimizerKinds;
import dev.descent.engine.optim.Quantity;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.schedule.ScheduleKind;
import dev.descent.engine.schedule.ScheduleKinds;
import dev.descent.engine.schedule.Schedules;
import dev.descent.engine.stop.Status;
import dev.descent.engine.stop.StoppingRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run resumed from a checkpoint, written to bytes and read back, on a freshly built problem, ends with the same
 * result as the uninterrupted run, to the last bit: every trajectory row, epoch loss, count, the status, reason and
 * behaviour. The reference is the uninterrupted run itself; the comparison is of raw bits.
 */
class CheckpointTests {

    private static final String ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2";

    /**
     * Every optimizer variant with PyTorch's defaults, and again with the flags and values that give it more state
     * (AMSGrad's running maximum, Nesterov's look-ahead, centered RMSprop with momentum, dampening, weight decay).
     */
    static List<Variant> variants() {
        List<Variant> variants = new ArrayList<>();
        for (OptimizerKind kind : OptimizerKinds.all()) {
            variants.add(new Variant(kind.name(), Map.of()));
        }
        variants.add(new Variant("gd", Map.of("weightDecay", 0.01)));
        variants.add(new Variant("momentum", Map.of("dampening", 0.3, "weightDecay", 0.01)));
        variants.add(new Variant("nesterov", Map.of("momentum", 0.8, "weightDecay", 0.02)));
        variants.add(new Variant("adagrad", Map.of("lrDecay", 0.01, "initialAccumulatorValue", 0.1,
                "weightDecay", 0.01)));
        variants.add(new Variant("rmsprop", Map.of("centered", true, "momentum", 0.5, "weightDecay", 0.01)));
        variants.add(new Variant("adadelta", Map.of("weightDecay", 0.01)));
        variants.add(new Variant("adam", Map.of("amsgrad", true, "weightDecay", 0.01)));
        variants.add(new Variant("adamw", Map.of("amsgrad", true)));
        variants.add(new Variant("adamax", Map.of("weightDecay", 0.01)));
        variants.add(new Variant("nadam", Map.of("weightDecay", 0.01, "momentumDecay", 0.01)));
        variants.add(new Variant("radam", Map.of("weightDecay", 0.01)));
        variants.add(new Variant("rprop", Map.of("etaMinus", 0.4, "etaPlus", 1.3, "maxStepSize", 0.5)));
        // Averaging from step 3 on, so that a resume lands inside the averaged stretch.
        variants.add(new Variant("asgd", Map.of("t0", 3.0, "lambda", 0.01, "weightDecay", 0.01)));
        // A history of 3 that fills and shifts before the resumes, one iteration per step so the run lasts; and the
        // strong Wolfe search.
        variants.add(new Variant("lbfgs", Map.of("maxIter", 1, "historySize", 3, "learningRate", 0.1)));
        variants.add(new Variant("lbfgs", Map.of("maxIter", 2, "historySize", 3, "lineSearchFn", "strong_wolfe")));
        return variants;
    }

    /**
     * The variants that take clipping and mini-batches: all but lbfgs, which the API refuses them (its step
     * evaluates the objective itself, see RunSettings.closureOptimizer).
     */
    static List<Variant> clippableVariants() {
        return variants().stream().filter(v -> !v.kind().equals("lbfgs")).toList();
    }

    /** One optimizer variant with some hyperparameters. */
    record Variant(String kind, Map<String, ?> settings) {
        OptimizerKind.Configured configure() {
            return OptimizerKinds.byName(kind).orElseThrow().configure(settings);
        }

        @Override
        public String toString() {
            return kind + settings;
        }
    }

    /** A schedule with state (reduce-on-plateau) and pure ones (step, cosine with warmup). */
    enum ScheduleCase {
        PLATEAU {
            @Override
            LearningRateSchedule build(double base) {
                return Schedules.reduceOnPlateau(base, 0.5, 3, 1e-3);
            }
        },
        STEP {
            @Override
            LearningRateSchedule build(double base) {
                return Schedules.step(base, 7, 0.7);
            }
        },
        COSINE_WARMUP {
            @Override
            LearningRateSchedule build(double base) {
                return Schedules.warmup(Schedules.cosine(base, 40, 0), 5, 0.2);
            }
        };

        abstract LearningRateSchedule build(double base);
    }

    static Stream<Arguments> expressionCases() {
        return variants().stream().flatMap(v -> Stream.of(ScheduleCase.PLATEAU, ScheduleCase.COSINE_WARMUP)
                .map(s -> Arguments.of(v, s)));
    }

    static Stream<Arguments> regressionCases() {
        return clippableVariants().stream().flatMap(v -> Stream.of(ScheduleCase.PLATEAU, ScheduleCase.STEP)
                .map(s -> Arguments.of(v, s)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("expressionCases")
    @DisplayName("Rosenbrock, every optimizer: resumed anywhere, the same result to the last bit")
    void expression(Variant variant, ScheduleCase schedule) {
        OptimizerKind.Configured configured = variant.configure();
        Supplier<Problem> problem = () -> Problem.of(ExpressionObjective.compile(ROSENBROCK),
                new double[] {-1.2, 1}, configured.optimizer(), schedule.build(configured.learningRate()),
                rules(300));
        assertResumesIdentically(problem, 0, 1, 17, 150, 299, 300);
    }

    static Stream<Arguments> cyclingCases() {
        return variants().stream()
                .filter(v -> v.configure().optimizer().withCycledMomentum(0.9) != null)
                .flatMap(v -> Stream.of("oneCycle", "cyclic").map(s -> Arguments.of(v, s)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cyclingCases")
    @DisplayName("Rosenbrock under a schedule cycling the momentum or beta1: resumed anywhere, the same to the last bit")
    void cyclingMomentum(Variant variant, String type) {
        OptimizerKind.Configured configured = variant.configure();
        ScheduleKind kind = ScheduleKinds.byName(type).orElseThrow();
        Map<String, Object> settings = type.equals("oneCycle")
                ? Map.of("maxLearningRate", configured.learningRate() * 2, "totalSteps", 300)
                : Map.of("maxLearningRate", configured.learningRate() * 3, "stepSizeUp", 11, "mode", "exp_range",
                        "gamma", 0.999);
        Supplier<Problem> problem = () -> Problem.of(ExpressionObjective.compile(ROSENBROCK),
                new double[] {-1.2, 1}, configured.optimizer(),
                ScheduleKinds.configure(kind, configured.learningRate(), settings), rules(300));
        assertThat(problem.get().schedule().cyclesMomentum()).isTrue();
        assertResumesIdentically(problem, 0, 1, 17, 150, 299, 300);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("regressionCases")
    @DisplayName("mini-batch regression with shuffling, every optimizer: resumed inside an epoch or at its end, "
            + "the same result to the last bit")
    void regression(Variant variant, ScheduleCase schedule) {
        OptimizerKind.Configured configured = variant.configure();
        // 103 rows in batches of 10: 11 batches per epoch, the last of 3 rows; 6 epochs.
        Supplier<Problem> problem = () -> Problem.of(regression(103, 10), new double[4], configured.optimizer(),
                schedule.build(configured.learningRate()), StoppingRule.firstOf(List.of(
                        StoppingRule.divergence(1e12), StoppingRule.epochLossTolerance(1e-12),
                        StoppingRule.maxIterations(66))))
                .withClipping(new Clipping.ByNorm(5));
        Result result = assertResumesIdentically(problem, 0, 5, 10, 11, 12, 33, 40, 65, 66);
        assertThat(result.epochCount()).isGreaterThan(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clippableVariants")
    @DisplayName("explained updates 10 to 29 with clipping, every optimizer: resumed before, inside or after the "
            + "range, the same explanation to the last bit as the uninterrupted run's")
    void explained(Variant variant) {
        OptimizerKind.Configured configured = variant.configure();
        Supplier<Problem> problem = () -> Problem.of(ExpressionObjective.compile(ROSENBROCK),
                new double[] {-1.2, 1}, configured.optimizer(), ScheduleCase.PLATEAU.build(configured.learningRate()),
                // No step tolerance: rprop's update after a sign flip is a step of 0, which would end it early.
                StoppingRule.firstOf(List.of(StoppingRule.divergence(1e12), StoppingRule.maxIterations(60))))
                .withClipping(new Clipping.ByNorm(5)).withExplain(new ExplainRange(10, 20));
        Result result = assertResumesIdentically(problem, 0, 8, 9, 10, 11, 20, 28, 29, 30, 60);
        assertThat(result.iterations()).as("the run goes past the range").isGreaterThan(30);
        assertThat(result.explanation().updates()).extracting(Explanation.Update::iteration)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(10, 29).boxed().toList());
    }

    @Test
    @DisplayName("lbfgs with explained updates 5 to 14 (the gradient and the step): resumed anywhere, the same to the "
            + "last bit")
    void lbfgsExplained() {
        OptimizerKind.Configured configured = new Variant("lbfgs", Map.of("maxIter", 1, "historySize", 3,
                "learningRate", 0.1)).configure();
        Supplier<Problem> problem = () -> Problem.of(ExpressionObjective.compile(ROSENBROCK),
                new double[] {-1.2, 1}, configured.optimizer(), LearningRateSchedule.constant(0.1),
                StoppingRule.firstOf(List.of(StoppingRule.divergence(1e12), StoppingRule.maxIterations(40))))
                .withExplain(new ExplainRange(5, 10));
        Result result = assertResumesIdentically(problem, 0, 4, 5, 9, 14, 15, 40);
        assertThat(result.explanation().updates()).hasSize(10);
        // The loop's own quantities only: the gradient and the step (L-BFGS tells nothing of its own).
        Explanation.Update first = result.explanation().updates().get(0);
        assertThat(first.values()[Quantity.GRADIENT.ordinal()]).isNotNull();
        assertThat(first.values()[Quantity.STEP.ordinal()]).isNotNull();
        assertThat(first.values()[Quantity.EFFECTIVE_LEARNING_RATE.ordinal()]).isNull();
    }

    @Test
    @DisplayName("line search with bounds and clipping: the same result to the last bit")
    void lineSearch() {
        Supplier<Problem> problem = () -> Problem.of(ExpressionObjective.compile(ROSENBROCK),
                new double[] {-1.2, 1}, Sgd.plain(0), LearningRateSchedule.constant(1), rules(200))
                .withLineSearch(ArmijoLineSearch.standard())
                .withBounds(new Box(new double[] {-1.5, 0.8}, new double[] {0.9, 2}))
                .withClipping(new Clipping.ByValue(3));
        Result result = assertResumesIdentically(problem, 0, 3, 100, 199, 200);
        // The line search's trial evaluations are counted across the resume too.
        assertThat(result.functionEvaluations()).isGreaterThan(result.gradientEvaluations());
    }

    @Test
    @DisplayName("bounds, clipping by norm and a thinned trajectory (a record limit of 8 over 150 iterates)")
    void thinnedTrajectory() {
        Supplier<Problem> problem = () -> Problem.of(ExpressionObjective.compile(ROSENBROCK),
                new double[] {-1.2, 1}, new Adam(0.9, 0.999, 1e-8, 0, false), LearningRateSchedule.constant(0.05),
                rules(150)).withBounds(new Box(new double[] {-2, -0.5}, new double[] {0.95, 3}))
                .withClipping(new Clipping.ByNorm(10)).withRecordLimit(8);
        Result result = assertResumesIdentically(problem, 0, 7, 8, 9, 16, 63, 64, 65, 149, 150);
        assertThat(result.trajectory().size()).isLessThanOrEqualTo(9);
    }

    @Test
    @DisplayName("suspended (checkpoint, then cancel) and resumed twice: the same result, the elapsed time summed")
    void suspendAndResumeTwice() {
        Supplier<Problem> problem = () -> Problem.of(regression(57, 8), new double[4],
                new Adam(0.9, 0.999, 1e-8, 0, true), Schedules.reduceOnPlateau(0.05, 0.5, 2, 1e-3), rules(100));
        Result uninterrupted = Descent.run(problem.get());

        Suspender first = new Suspender(30);
        Result cancelled = Descent.run(problem.get(), first);
        assertThat(cancelled.stopReason().status()).isEqualTo(Status.CANCELLED);
        assertThat(cancelled.iterations()).isEqualTo(30);

        Suspender second = new Suspender(71);
        Result cancelledAgain = Descent.resume(problem.get(), roundTrip(first.checkpoint), second);
        assertThat(cancelledAgain.stopReason().status()).isEqualTo(Status.CANCELLED);
        Checkpoint last = roundTrip(second.checkpoint);
        assertThat(last.elapsedNanos()).isGreaterThanOrEqualTo(first.checkpoint.elapsedNanos());

        Result resumed = Descent.resume(problem.get(), last);
        assertSameResult(uninterrupted, resumed);
        assertThat(resumed.elapsed().toNanos()).isGreaterThanOrEqualTo(last.elapsedNanos());
    }

    @Test
    @DisplayName("the trajectory rows only grow while the stride stays: a store may append the new rows")
    void trajectoryRowsAppend() {
        Problem problem = Problem.of(ExpressionObjective.compile(ROSENBROCK), new double[] {-1.2, 1},
                new Adam(0.9, 0.999, 1e-8, 0, false), LearningRateSchedule.constant(0.01), rules(200))
                .withRecordLimit(16);
        Collector collector = new Collector(new TreeSet<>(List.of(3, 9, 14, 15, 16, 40, 60, 100, 130)));
        Descent.run(problem, collector);
        List<Checkpoint> taken = new ArrayList<>(collector.taken.values());
        for (int i = 1; i < taken.size(); i++) {
            Checkpoint before = taken.get(i - 1);
            Checkpoint after = taken.get(i);
            if (before.trajectoryStride() == after.trajectoryStride()) {
                double[] prefix = java.util.Arrays.copyOf(after.trajectoryRows(), before.trajectoryRows().length);
                assertThat(prefix).isEqualTo(before.trajectoryRows());
            }
        }
        assertThat(taken.stream().map(Checkpoint::trajectoryStride).distinct().count()).isGreaterThan(2);
    }

    @Nested
    @DisplayName("a checkpoint that does not fit the problem is refused, naming what differs")
    class Mismatch {

        private final Checkpoint rosenbrock = checkpointOf(Problem.of(ExpressionObjective.compile(ROSENBROCK),
                new double[] {-1.2, 1}, new Adam(0.9, 0.999, 1e-8, 0, false), LearningRateSchedule.constant(0.01),
                rules(50)), 10);

        @Test
        @DisplayName("another dimension")
        void dimension() {
            Problem threeD = Problem.of(FunctionCatalog.byName("rosenbrock").orElseThrow().objective(3),
                    new double[3], new Adam(0.9, 0.999, 1e-8, 0, false), LearningRateSchedule.constant(0.01),
                    rules(50));
            assertThatThrownBy(() -> Descent.resume(threeD, rosenbrock))
                    .isInstanceOf(CheckpointMismatchException.class)
                    .hasMessageContaining("variables [x, y]");
        }

        @Test
        @DisplayName("another optimizer, or other hyperparameters")
        void optimizer() {
            Problem sgd = Problem.of(ExpressionObjective.compile(ROSENBROCK), new double[] {-1.2, 1}, Sgd.plain(0),
                    LearningRateSchedule.constant(0.01), rules(50));
            assertThatThrownBy(() -> Descent.resume(sgd, rosenbrock))
                    .isInstanceOf(CheckpointMismatchException.class)
                    .hasMessageContaining("optimizer Adam[");
            Problem amsgrad = Problem.of(ExpressionObjective.compile(ROSENBROCK), new double[] {-1.2, 1},
                    new Adam(0.9, 0.999, 1e-8, 0, true), LearningRateSchedule.constant(0.01), rules(50));
            assertThatThrownBy(() -> Descent.resume(amsgrad, rosenbrock))
                    .isInstanceOf(CheckpointMismatchException.class)
                    .hasMessageContaining("amsgrad=false");
        }

        @Test
        @DisplayName("the other direction: a maximizing run's checkpoint given the same problem minimized, and back")
        void direction() {
            Checkpoint climbing = checkpointOf(maximizing(), 10);
            assertThatThrownBy(() -> Descent.resume(maximizing().withMaximize(false), climbing))
                    .isInstanceOf(CheckpointMismatchException.class)
                    .hasMessageContaining("it was taken of a run that maximizes, the problem minimizes");
            Checkpoint descending = checkpointOf(maximizing().withMaximize(false), 10);
            assertThatThrownBy(() -> Descent.resume(maximizing(), descending))
                    .isInstanceOf(CheckpointMismatchException.class)
                    .hasMessageContaining("it was taken of a run that minimizes, the problem maximizes");
        }

        @Test
        @DisplayName("another data size")
        void dataSize() {
            Supplier<Problem> of = () -> Problem.of(regression(103, 10), new double[4], Sgd.plain(0),
                    LearningRateSchedule.constant(0.01), rules(50));
            Checkpoint checkpoint = checkpointOf(of.get(), 12);
            Problem smaller = Problem.of(regression(90, 10), new double[4], Sgd.plain(0),
                    LearningRateSchedule.constant(0.01), rules(50));
            assertThatThrownBy(() -> Descent.resume(smaller, checkpoint))
                    .isInstanceOf(CheckpointMismatchException.class)
                    .hasMessageContaining("103 rows in 11 batches, the problem has 90 rows in 9 batches");
        }

        @Test
        @DisplayName("a schedule without state given a plateau schedule's")
        void schedule() {
            Checkpoint plateau = checkpointOf(Problem.of(ExpressionObjective.compile(ROSENBROCK),
                    new double[] {-1.2, 1}, Sgd.plain(0), Schedules.reduceOnPlateau(0.001, 0.5, 2, 0), rules(50)), 5);
            Problem constant = Problem.of(ExpressionObjective.compile(ROSENBROCK), new double[] {-1.2, 1},
                    Sgd.plain(0), LearningRateSchedule.constant(0.001), rules(50));
            assertThatThrownBy(() -> Descent.resume(constant, plateau))
                    .isInstanceOf(CheckpointMismatchException.class)
                    .hasMessageContaining("keeps no state");
        }

        @Test
        @DisplayName("other explained updates: explained ones given a problem that explains none, or another range")
        void explained() {
            Supplier<Problem> of = () -> Problem.of(ExpressionObjective.compile(ROSENBROCK), new double[] {-1.2, 1},
                    new Adam(0.9, 0.999, 1e-8, 0, false), LearningRateSchedule.constant(0.01), rules(50));
            Checkpoint explaining = checkpointOf(of.get().withExplain(new ExplainRange(3, 5)), 6);
            assertThat(explaining.explained().updates()).extracting(Explanation.Update::iteration)
                    .containsExactly(3, 4, 5, 6);
            assertThatThrownBy(() -> Descent.resume(of.get(), explaining))
                    .isInstanceOf(CheckpointMismatchException.class)
                    .hasMessageContaining("explained the updates [3, 4, 5, 6] by iteration 6");
            assertThatThrownBy(() -> Descent.resume(of.get().withExplain(new ExplainRange(2, 5)), explaining))
                    .isInstanceOf(CheckpointMismatchException.class);
            // Past the range's start, a checkpoint that explained nothing lacks the updates before it.
            assertThatThrownBy(() -> Descent.resume(of.get().withExplain(ExplainRange.first(3)), rosenbrock))
                    .isInstanceOf(CheckpointMismatchException.class)
                    .hasMessageContaining("explains ExplainRange[from=1, steps=3]");
            // Before it, there is nothing to lack.
            assertSameResult(Descent.run(of.get().withExplain(new ExplainRange(20, 3))),
                    Descent.resume(of.get().withExplain(new ExplainRange(20, 3)), rosenbrock));
        }
    }

    @Test
    @DisplayName("a checkpoint holds no per-row data: a 1,000,000-row regression's is as small as a 1,000-row one's")
    void sizeDoesNotGrowWithRows() {
        Checkpoint small = checkpointOf(Problem.of(regression(1_000, 100), new double[4],
                new Adam(0.9, 0.999, 1e-8, 0, false), LearningRateSchedule.constant(0.01), rules(20)), 15);
        Checkpoint large = checkpointOf(Problem.of(regression(1_000_000, 100_000), new double[4],
                new Adam(0.9, 0.999, 1e-8, 0, false), LearningRateSchedule.constant(0.01), rules(20)), 15);
        // The same dimension, iterations and epochs (10 batches each): the same number of bytes.
        assertThat(large.epochLosses()).hasSize(2);
        assertThat(CheckpointCodec.toBytes(large)).hasSize(CheckpointCodec.toBytes(small).length);
    }

    /**
     * Runs the problem uninterrupted; runs it again taking checkpoints at {@code at} (those the run reaches), and
     * checks that taking them changed nothing; then resumes each, written to bytes and read back, on a fresh
     * problem, and checks that every resumed run ends as the uninterrupted one did. Answers the uninterrupted result.
     */
    static Result assertResumesIdentically(Supplier<Problem> problem, int... at) {
        Result uninterrupted = Descent.run(problem.get());
        TreeSet<Integer> wanted = new TreeSet<>();
        for (int k : at) {
            if (k <= uninterrupted.iterations()) {
                wanted.add(k);
            }
        }
        wanted.add(uninterrupted.iterations());
        Collector collector = new Collector(wanted);
        Result observed = Descent.run(problem.get(), collector);
        assertSameResult(uninterrupted, observed);
        assertThat(collector.taken.keySet()).isEqualTo(wanted);
        for (Checkpoint checkpoint : collector.taken.values()) {
            Checkpoint read = roundTrip(checkpoint);
            assertThat(read).isEqualTo(checkpoint);
            Result resumed = Descent.resume(problem.get(), read);
            assertSameResult(uninterrupted, resumed);
        }
        return uninterrupted;
    }

    /** Every part of two results but the elapsed time, the doubles compared by their raw bits. */
    static void assertSameResult(Result expected, Result actual) {
        assertThat(actual.stopReason()).isEqualTo(expected.stopReason());
        assertThat(actual.iterations()).isEqualTo(expected.iterations());
        assertThat(actual.functionEvaluations()).isEqualTo(expected.functionEvaluations());
        assertThat(actual.gradientEvaluations()).isEqualTo(expected.gradientEvaluations());
        assertThat(actual.behaviour()).isEqualTo(expected.behaviour());
        assertThat(actual.curvature()).isEqualTo(expected.curvature());
        assertThat(actual.explanation()).isEqualTo(expected.explanation());
        assertThat(actual.averagedPoint()).isEqualTo(expected.averagedPoint());
        assertThat(bits(actual.epochLosses())).isEqualTo(bits(expected.epochLosses()));
        assertThat(bits(actual.last().point())).isEqualTo(bits(expected.last().point()));
        assertThat(bits(actual.last().value(), actual.last().gradientNorm(), actual.last().learningRate()))
                .isEqualTo(bits(expected.last().value(), expected.last().gradientNorm(),
                        expected.last().learningRate()));
        assertThat(actual.best().iteration()).isEqualTo(expected.best().iteration());
        assertThat(bits(actual.best().point())).isEqualTo(bits(expected.best().point()));
        assertThat(bits(actual.best().value(), actual.best().gradientNorm(), actual.best().learningRate()))
                .isEqualTo(bits(expected.best().value(), expected.best().gradientNorm(),
                        expected.best().learningRate()));
        Trajectory want = expected.trajectory();
        Trajectory got = actual.trajectory();
        assertThat(got.size()).isEqualTo(want.size());
        int width = Trajectory.rowWidth(want.dimension());
        double[] a = new double[width];
        double[] b = new double[width];
        for (int i = 0; i < want.size(); i++) {
            want.copyRow(i, a, 0);
            got.copyRow(i, b, 0);
            assertEquals(java.util.Arrays.toString(bits(a)), java.util.Arrays.toString(bits(b)), "row " + i);
        }
    }

    /**
     * The bits of each value, every NaN as one: which NaN an operation on NaNs gives is not Java's to say (x86 keeps
     * the first operand's, and the JIT may swap the operands of an addition), and no answer tells NaNs apart.
     * Signed zeros stay apart.
     */
    static long[] bits(double... values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToLongBits(values[i]);
        }
        return bits;
    }

    static Checkpoint roundTrip(Checkpoint checkpoint) {
        byte[] bytes = CheckpointCodec.toBytes(checkpoint);
        assertThat(bytes).hasSize(CheckpointCodec.size(checkpoint));
        try {
            return CheckpointCodec.fromBytes(bytes);
        } catch (CheckpointFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** Adam climbing x*cos(x) + 2*sin(y) - y^2 / 4 (bounded above), 30 updates. */
    static Problem maximizing() {
        return Problem.of(ExpressionObjective.compile("x*cos(x) + 2*sin(y) - y^2/4"), new double[] {0.5, -1},
                new Adam(0.9, 0.999, 1e-8, 0, false), LearningRateSchedule.constant(0.05), rules(30))
                .withMaximize(true);
    }

    static Checkpoint checkpointOf(Problem problem, int iteration) {
        Collector collector = new Collector(new TreeSet<>(List.of(iteration)));
        Descent.run(problem, collector);
        return collector.taken.get(iteration);
    }

    /** Divergence, a tiny step tolerance and an iteration cap, in the mapper's order. */
    static StoppingRule rules(int maxIterations) {
        return StoppingRule.firstOf(List.of(StoppingRule.divergence(1e12), StoppingRule.stepTolerance(1e-14),
                StoppingRule.maxIterations(maxIterations)));
    }

    /** Linear regression on 3 features with an intercept, standardized, shuffled with seed 5. */
    static Objective regression(int rows, int batchSize) {
        Dataset data = SyntheticData.generate(rows, new double[] {2, -1, 0.5}, 1, 0.3, 17, false);
        return new RegressionObjective(data, RegressionObjective.Model.LINEAR, true, 0, 0.01, true, batchSize, true,
                5);
    }

    /** Takes a checkpoint at each wanted iteration, and lets the run go on. */
    static final class Collector implements RunListener {
        final TreeSet<Integer> wanted;
        final java.util.TreeMap<Integer, Checkpoint> taken = new java.util.TreeMap<>();
        int iteration = -1;

        Collector(TreeSet<Integer> wanted) {
            this.wanted = wanted;
        }

        @Override
        public void onIterate(int iteration, double[] point, double value, double gradientNorm, double rate) {
            this.iteration = iteration;
        }

        @Override
        public boolean checkpointWanted() {
            return wanted.contains(iteration) && !taken.containsKey(iteration);
        }

        @Override
        public void onCheckpoint(Checkpoint checkpoint) {
            assertThat(checkpoint.iteration()).isEqualTo(iteration);
            taken.put(iteration, checkpoint);
        }
    }

    /** Takes one checkpoint at an iteration and then cancels the run, as a job suspended at shutdown is. */
    static final class Suspender implements RunListener {
        final int at;
        int iteration = -1;
        Checkpoint checkpoint;

        Suspender(int at) {
            this.at = at;
        }

        @Override
        public void onIterate(int iteration, double[] point, double value, double gradientNorm, double rate) {
            this.iteration = iteration;
        }

        @Override
        public boolean checkpointWanted() {
            return iteration == at && checkpoint == null;
        }

        @Override
        public void onCheckpoint(Checkpoint taken) {
            checkpoint = taken;
        }

        @Override
        public boolean cancelled() {
            return checkpoint != null;
        }
    }
}
