package dev.descent.engine.run;

import dev.descent.engine.objective.BatchedObjective;
import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.objective.Negated;
import dev.descent.engine.objective.Objective;
import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.optim.Clipping;
import dev.descent.engine.optim.ClosureOptimizer;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.Quantity;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.Progress;
import dev.descent.engine.stop.Status;
import dev.descent.engine.stop.StopReason;
import dev.descent.engine.stop.StoppingRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.math3.util.MathArrays;

/**
 * The descent loop: evaluate f and ∇f at x_k, ask the stopping rule, clip the gradient, take one update with the
 * scheduled learning rate (or the step a line search finds), project onto the bounds, repeat. x, the gradient and
 * the optimizer state are updated in place; the trajectory is recorded flat. Each evaluation of the objective in
 * the loop gives value and gradient together; a line search evaluates values only. A {@link BatchedObjective}
 * is given its batch before each evaluation, and at the end of each pass over its data the loop records the loss
 * over the whole data set (epochs).
 *
 * <p>The loop keeps the best iterate it saw, the minimum a run reports: the first with the lowest f, or for a
 * mini-batch run (where each iterate's f is its batch's loss) the lowest loss over the whole data set, judged at the
 * start, at the end of each epoch and at the last iterate. It costs a comparison per iteration: the best point is
 * copied only when the run moves away from it (from {@code previous}, the copy of x_k each update makes anyway).
 *
 * <p>The updates the problem asks to explain ({@link Problem#explain()}) are taken by
 * {@code Optimizer.explainStep}, which tells the quantities of its algorithm box; the loop adds the gradient, the
 * clipped gradient and the step. Every other update is the plain {@code step}, at the cost of one comparison.
 *
 * <p>A problem that maximizes ({@link Problem#maximize()}) runs all of this on -f ({@link Negated}): the update rule
 * descends -f, which is PyTorch 2's {@code maximize} (the gradient negated before anything else of the update), and
 * the best, the increases, the progress and the schedule's plateau are those of -f. What the run reports is f: the
 * recorded iterates, what the listener and the stopping rules' messages see, the best and the last.
 *
 * <p>An update rule whose step evaluates the objective itself ({@link ClosureOptimizer}: L-BFGS) is handed f and ∇f
 * at x_k and a closure for the points it tries; the closure's evaluations are counted with the loop's.
 */
public final class Descent {

    private Descent() {
    }

    /** Runs {@code problem} to its end. */
    public static Result run(Problem problem) {
        return run(problem, RunListener.NONE);
    }

    /**
     * A listener that only cancels ({@link RunListener#cancelledWhen}) is polled at least every this many
     * iterations, every iteration outside the fused loop.
     */
    public static final int CANCEL_POLL = 1024;

    /**
     * What a fused loop that watches its listener asked it at the iterate it stopped at, for the general loop to
     * use rather than ask again: nothing; checkpointWanted() answered true; it answered false (and the screen held,
     * cancelled() not yet asked); it answered false and cancelled() true; both answered false.
     */
    static final int ASKED_NOTHING = 0;
    static final int ASKED_CHECKPOINT = 1;
    static final int ASKED_SCREEN = 2;
    static final int ASKED_CANCELLED = 3;
    static final int ASKED_BOTH = 4;

    /** The iterations every run in this process took in {@code sampleIterations} (counted once per call). */
    static final AtomicLong SAMPLE_ITERATIONS = new AtomicLong();

    /** Runs {@code problem} to its end or until {@code listener} cancels it, showing it every iterate. */
    public static Result run(Problem problem, RunListener listener) {
        return run(problem, listener, true);
    }

    /** {@link #run(Problem, RunListener)}, with or without the fused loop ({@link FusedLoop}) where it applies. */
    static Result run(Problem problem, RunListener listener, boolean fused) {
        Run<?> run = new Run<>(problem, problem.optimizer(), listener, null);
        run.fused = fused;
        return run.execute();
    }

    /**
     * Continues a run of {@code problem} from {@code checkpoint} to its end: the result is the one the run the
     * checkpoint was taken from would have ended with, to the last bit, its elapsed time summed over both. The
     * problem must be built afresh as the first was (same objective and data, optimizer and hyperparameters,
     * schedule, stopping rules, clipping, bounds, line search, record limit and explained range; a fresh objective
     * and schedule, since those keep state). {@code listener} sees the iterates after the checkpoint's, not its own
     * again. The updates the checkpoint explained are the first of the result's explanation, the resumed run's own
     * follow them.
     *
     * @throws CheckpointMismatchException when the checkpoint does not fit the problem (other variables,
     *                                     optimizer, data size, batches, record limit, or other explained updates
     *                                     than the problem's range has by its iteration)
     */
    public static Result resume(Problem problem, Checkpoint checkpoint, RunListener listener) {
        return new Run<>(problem, problem.optimizer(), listener, checkpoint).execute();
    }

    /** {@link #resume(Problem, Checkpoint, RunListener)} without a listener. */
    public static Result resume(Problem problem, Checkpoint checkpoint) {
        return resume(problem, checkpoint, RunListener.NONE);
    }

    /**
     * One run's working state. Typed by the optimizer's state, so that state and update rule are checked to
     * belong together; it is also the {@link Progress} the stopping rule reads, so nothing is copied per iteration.
     */
    private static final class Run<S> implements Progress {
        private final long started = System.nanoTime();
        /** The running time of the run before it was resumed here (0 for a fresh run). */
        private final long elapsedBefore;
        private final boolean resumed;
        private final Problem problem;
        private final Optimizer<S> optimizer;
        /** The optimizer when its step evaluates the objective itself (L-BFGS), else null; with its closure. */
        private final ClosureOptimizer<S> evaluating;
        private final ClosureOptimizer.Closure closure;
        private final RunListener listener;
        /** The function descended: the problem's objective, or its negation when the problem maximizes. */
        private final Objective objective;
        /** +1, or -1 when maximizing: f as reported is {@code sense} times the value descended. */
        private final double sense;
        // The problem's parts the loop uses, read once: the loop calls no accessor per iteration (Problem.lineSearch()
        // was a call in each iteration where ArmijoLineSearch had never been loaded, as the JIT does not inline a
        // method whose signature names a class not yet loaded).
        private final StoppingRule stoppingRule;
        /** When the stopping rule may fire: it is asked only then. */
        private final StoppingRule.Screen screen;
        private final LearningRateSchedule schedule;
        /** Whether the schedule sets the rule's momentum (or β1) before each update (OneCycleLR, CyclicLR). */
        private final boolean cyclesMomentum;
        private final ArmijoLineSearch lineSearch;
        private final Clipping clipping;
        private final Box bounds;
        private final BatchedObjective batched;
        private final int batches;
        private final double[] x;
        private final double[] previous;
        private final double[] gradient;
        /** What the update rule sees: the gradient, or a clipped copy of it. */
        private final double[] direction;
        private final double[] trial;
        /** x_k - x_{k-1} and the step before it, swapped every update, for counting reversals. */
        private double[] step;
        private double[] lastStep;
        private int increases;
        private int reversals;
        /** Whether every iterate is a candidate for the best (not a mini-batch run, whose candidates are epochs). */
        private final boolean everyIterate;
        private int bestIteration;
        private double bestValue = Double.NaN;
        private double bestGradientNorm = Double.NaN;
        private double bestLearningRate = Double.NaN;
        /** The best point, when {@link #bestIsCurrent} is false. */
        private final double[] bestPoint;
        /** Whether the best iterate is the current one, x, its point not yet copied to {@link #bestPoint}. */
        private boolean bestIsCurrent;
        private int lastProgress;
        /** The value at {@link #lastProgress}, which the next progress must beat by {@link Behaviour#PROGRESS}. */
        private double progressValue = Double.NaN;
        /** The gradient over the whole data set of a mini-batch run, at its epoch ends; null otherwise. */
        private final double[] fullGradient;
        /** The iteration whose point {@link #fullGradient} and {@link #fullValue} are of (-1: none yet). */
        private int fullIteration = -1;
        /** The loss over the whole data set at {@link #fullIteration}. */
        private double fullValue;
        private final boolean bounded;
        private final S state;
        private final Trajectory.Recorder recorder;
        /** The whole-data loss at the start and after each epoch; grows by doubling. */
        private double[] epochLosses = new double[16];
        private int epochs;
        private final long[] functionEvaluations = {0};
        private long gradientEvaluations;
        private int iteration;
        private double value;
        private double gradientNorm;
        /** ‖x_k - x_{k-1}‖₂ once known; see {@link #stepNorm()}. */
        private double stepNorm = Double.NaN;
        /**
         * Whether {@link #stepNorm} holds the norm of {@link #step}: it is computed only when read (by a step
         * tolerance, or a checkpoint), from {@code step}, by the same sum an update made it with.
         */
        private boolean stepNormKnown = true;
        private double epochLossChange = Double.NaN;
        /**
         * The updates explained, as the iteration before them: those with {@code explainFrom <= iteration <
         * explainEnd} (none when {@code explainEnd} is 0).
         */
        private final int explainFrom;
        private final int explainEnd;
        private final List<Explanation.Update> explained;
        /** The quantities of the update being explained, by {@link Quantity} ordinal; null between them. */
        private double[][] explaining;
        private double clipScale;
        /** What a fused loop asked the listener at the iterate it stopped at ({@link #ASKED_NOTHING} ...). */
        private int asked;
        /** Whether the common iterations may run in a {@link FusedLoop} kernel when the run allows it. */
        private boolean fused = true;

        Run(Problem problem, Optimizer<S> optimizer, RunListener listener, Checkpoint checkpoint) {
            this.problem = problem;
            this.optimizer = optimizer;
            this.listener = listener;
            this.objective = problem.maximize() ? new Negated(problem.objective()) : problem.objective();
            this.sense = problem.sense();
            this.evaluating = optimizer instanceof ClosureOptimizer<S> c ? c : null;
            // Each closure call evaluates f and ∇f at a trial point, on the batch of the iterate being updated.
            this.closure = evaluating == null ? null : (point, into) -> {
                functionEvaluations[0]++;
                gradientEvaluations++;
                return objective.valueAndGradient(point, into);
            };
            this.stoppingRule = problem.stoppingRule();
            this.screen = StoppingRule.Screen.of(stoppingRule);
            this.schedule = problem.schedule();
            this.cyclesMomentum = schedule.cyclesMomentum();
            if (cyclesMomentum && optimizer.withCycledMomentum(schedule.momentum(0)) == null) {
                throw new IllegalArgumentException("The schedule cycles the momentum, and " + optimizer
                        + " has neither momentum nor beta1");
            }
            this.lineSearch = problem.lineSearch();
            this.clipping = problem.clipping();
            this.bounds = problem.bounds();
            this.batched = objective instanceof BatchedObjective b ? b : null;
            this.batches = batched == null ? 1 : batched.batchesPerEpoch();
            this.everyIterate = batches == 1;
            int n = objective.dimension();
            this.bestPoint = new double[n];
            this.fullGradient = everyIterate ? null : new double[n];
            this.x = problem.start();
            this.previous = new double[n];
            this.gradient = new double[n];
            this.direction = problem.clipping() instanceof Clipping.None ? gradient : new double[n];
            this.trial = new double[n];
            this.step = new double[n];
            this.lastStep = new double[n];
            this.bounded = !problem.bounds().isUnbounded();
            this.resumed = checkpoint != null;
            ExplainRange explain = problem.explain();
            this.explainFrom = explain.from() - 1;
            this.explainEnd = explain.any() ? explain.from() - 1 + explain.steps() : 0;
            this.explained = explain.any() ? new ArrayList<>(explain.steps()) : new ArrayList<>(0);
            if (checkpoint == null) {
                this.elapsedBefore = 0;
                this.state = optimizer.init(n);
                this.recorder = new Trajectory.Recorder(n, problem.recordLimit());
                return;
            }
            checkFits(checkpoint);
            this.elapsedBefore = checkpoint.elapsedNanos();
            try {
                this.state = optimizer.restore(checkpoint.optimizerState(), n);
                problem.schedule().restore(checkpoint.scheduleState());
                this.recorder = new Trajectory.Recorder(n, problem.recordLimit(), checkpoint.trajectoryStride(),
                        checkpoint.trajectoryRows(), checkpoint.lastRecorded());
            } catch (IllegalArgumentException e) {
                throw new CheckpointMismatchException("The checkpoint does not fit this problem: " + e.getMessage(),
                        e);
            }
            explained.addAll(checkpoint.explained().updates());
            System.arraycopy(checkpoint.x(), 0, x, 0, n);
            System.arraycopy(checkpoint.gradient(), 0, gradient, 0, n);
            System.arraycopy(checkpoint.step(), 0, step, 0, n);
            System.arraycopy(checkpoint.lastStep(), 0, lastStep, 0, n);
            this.increases = checkpoint.increases();
            this.reversals = checkpoint.reversals();
            double[] best = checkpoint.best();
            this.bestIteration = (int) best[0];
            this.bestValue = best[1];
            this.bestGradientNorm = best[2];
            this.bestLearningRate = best[3];
            System.arraycopy(best, 4, bestPoint, 0, n);
            this.lastProgress = checkpoint.lastProgress();
            this.progressValue = checkpoint.progressValue();
            double[] losses = checkpoint.epochLosses();
            this.epochLosses = Arrays.copyOf(losses, Math.max(16, losses.length));
            this.epochs = losses.length;
            this.functionEvaluations[0] = checkpoint.functionEvaluations();
            this.gradientEvaluations = checkpoint.gradientEvaluations();
            this.iteration = checkpoint.iteration();
            this.value = checkpoint.value();
            this.gradientNorm = checkpoint.gradientNorm();
            this.stepNorm = checkpoint.stepNorm();
            this.epochLossChange = checkpoint.epochLossChange();
            if (batched != null) {
                // The whole-data sums run in the current epoch's row order: position the objective as it was.
                batched.selectBatch(iteration / batches, iteration % batches);
            }
        }

        private void checkFits(Checkpoint checkpoint) {
            String problemOptimizer = optimizer.toString();
            String mismatch = null;
            if (!checkpoint.variables().equals(objective.variables())) {
                mismatch = "it has the variables " + checkpoint.variables() + ", the problem "
                        + objective.variables();
            } else if (!checkpoint.optimizer().equals(problemOptimizer)) {
                mismatch = "it was taken with the optimizer " + checkpoint.optimizer() + ", the problem has "
                        + problemOptimizer;
            } else if (checkpoint.dataRows() != (batched == null ? 0 : batched.rows())
                    || checkpoint.batchesPerEpoch() != (batched == null ? 0 : batches)) {
                mismatch = "it was taken on " + checkpoint.dataRows() + " rows in " + checkpoint.batchesPerEpoch()
                        + " batches, the problem has " + (batched == null ? "no data set"
                        : batched.rows() + " rows in " + batches + " batches");
            } else if (checkpoint.sense() != 0 && checkpoint.sense() != sense) {
                mismatch = "it was taken of a run that " + (checkpoint.sense() < 0 ? "maximizes" : "minimizes")
                        + ", the problem " + (sense < 0 ? "maximizes" : "minimizes");
            } else if (checkpoint.recordLimit() != problem.recordLimit()) {
                mismatch = "it records at most " + checkpoint.recordLimit() + " iterates, the problem "
                        + problem.recordLimit();
            } else if (!explainedFits(checkpoint)) {
                mismatch = "it has explained the updates " + checkpoint.explained().updates().stream()
                        .map(Explanation.Update::iteration).toList() + " by iteration " + checkpoint.iteration()
                        + ", the problem explains " + problem.explain();
            }
            if (mismatch != null) {
                throw new CheckpointMismatchException("The checkpoint does not fit this problem: " + mismatch);
            }
        }

        /**
         * Whether the checkpoint's explained updates are those this problem's run would have explained by its
         * iteration: every update of the range up to it, in order (none when the problem explains nothing).
         */
        private boolean explainedFits(Checkpoint checkpoint) {
            List<Explanation.Update> updates = checkpoint.explained().updates();
            int made = Math.max(0, Math.min(checkpoint.iteration(), explainEnd) - explainFrom);
            if (updates.size() != made) {
                return false;
            }
            for (int i = 0; i < made; i++) {
                if (updates.get(i).iteration() != explainFrom + 1 + i) {
                    return false;
                }
            }
            return true;
        }

        /** Everything needed to continue from here, copied: only when the listener asks. */
        private Checkpoint checkpoint() {
            return new Checkpoint(objective.variables(), optimizer.toString(),
                    batched == null ? 0 : batched.rows(), batched == null ? 0 : batches, problem.recordLimit(),
                    iteration, value, gradientNorm, stepNorm(), epochLossChange, x, gradient, step, lastStep,
                    increases, reversals, functionEvaluations[0], gradientEvaluations, elapsedNanos(),
                    Arrays.copyOf(epochLosses, epochs), optimizer.save(state), problem.schedule().save(),
                    recorder.stride(), recorder.rows(), recorder.latest(), bestRow(), lastProgress, progressValue,
                    explained.isEmpty() ? Explanation.NONE : new Explanation(explained), (int) sense);
        }

        /** The best iterate as a trajectory row. */
        private double[] bestRow() {
            double[] row = new double[Trajectory.rowWidth(x.length)];
            row[0] = bestIteration;
            row[1] = bestValue;
            row[2] = bestGradientNorm;
            row[3] = bestLearningRate;
            System.arraycopy(bestIsCurrent ? x : bestPoint, 0, row, 4, x.length);
            return row;
        }

        private long elapsedNanos() {
            return elapsedBefore + (System.nanoTime() - started);
        }

        Result execute() {
            if (!resumed) {
                evaluate();
                if (everyIterate) {
                    if (batched != null) {
                        addEpochLoss(value);
                    }
                    takeBest(value, gradientNorm, Double.NaN, false);
                } else {
                    double full = fullValueAndGradient();
                    addEpochLoss(full);
                    takeBest(full, norm(fullGradient), Double.NaN, true);
                }
                lastProgress = 0;
                progressValue = bestValue;
                record(Double.NaN);
            }
            StopReason reason = descend();
            if (batches > 1) {
                // Mini-batch iterates carry the loss of the batch of their update; the last one, which the run
                // reports as its minimum, carries the loss and gradient over the whole data set: those of the
                // epoch's end when the run stopped there (the same sums at the same point: a pass of 13-17 ns a row
                // less), else a pass of its own. Counted as an evaluation either way: a run resumed at that epoch's
                // end makes the pass, and its counts are the uninterrupted run's.
                double full;
                if (fullIteration == iteration) {
                    full = fullValue;
                    System.arraycopy(fullGradient, 0, gradient, 0, gradient.length);
                } else {
                    full = batched.fullValueAndGradient(x, gradient);
                }
                functionEvaluations[0]++;
                gradientEvaluations++;
                double fullNorm = norm(gradient);
                recorder.replaceLast(full, fullNorm);
                if (iteration % batches != 0) {
                    consider(full, fullNorm, recorder.latest()[3]);
                }
            }
            if (batched != null) {
                batched.release();
            }
            Trajectory trajectory = recorder.build();
            Iterate best = new Iterate(bestIteration, bestIsCurrent ? x : bestPoint, sense * bestValue,
                    bestGradientNorm, bestLearningRate);
            return new Result(reason, iteration, trajectory.last(), best, trajectory, functionEvaluations[0],
                    gradientEvaluations, Duration.ofNanos(elapsedNanos()),
                    Arrays.copyOf(epochLosses, epochs), new Behaviour(increases, reversals, lastProgress),
                    RunCurvature.UNKNOWN, explained.isEmpty() ? Explanation.NONE : new Explanation(explained),
                    optimizer.averagedPoint(state));
        }

        /**
         * Updates and evaluates until a stopping rule fires or the listener cancels: answers why the run ended.
         * The work of an iteration is inline here and the rare cases (explained updates, a cycled momentum, L-BFGS,
         * a line search, clipping, bounds, epochs) are behind one test each, so that the JIT compiles the common
         * iteration as one piece.
         */
        private StopReason descend() {
            // The epoch of the iterate and where it began, kept by counting: a division per iteration (an integer
            // division's latency, some 10 ns) was a tenth of a per-sample regression's iteration.
            int epoch = iteration / batches;
            int epochStart = epoch * batches;
            // The kernel, once the formula is hot: asked for at the start and every CANCEL_POLL iterations until then.
            ExpressionObjective formula = fused ? fusable() : null;
            RegressionObjective samples = fused ? sampled() : null;
            FusedLoop.Kernel kernel = null;
            FusedLoop.Frame frame = null;
            int askAt = iteration;
            while (true) {
                // The iteration boundary: iterate k is evaluated and recorded, nothing of update k + 1 is done. A fused
                // loop that stopped here may have asked the listener already: its answers stand.
                int answered = asked;
                asked = ASKED_NOTHING;
                if (answered == ASKED_NOTHING ? listener.checkpointWanted() : answered == ASKED_CHECKPOINT) {
                    listener.onCheckpoint(checkpoint());
                }
                if (screen.holds(iteration, value, gradientNorm, this)) {
                    Optional<StopReason> reason = stoppingRule.check(this);
                    if (reason.isPresent()) {
                        return reason.get();
                    }
                }
                if (answered <= ASKED_SCREEN ? listener.cancelled() : answered == ASKED_CANCELLED) {
                    return cancelled();
                }
                if (samples != null && sampleIterations(samples, epochStart)) {
                    continue;
                }
                if (formula != null) {
                    if (kernel == null && iteration >= askAt) {
                        kernel = FusedLoop.kernel(formula.tape(), optimizer,
                                screen.step() != Double.NEGATIVE_INFINITY, listener.watchesIterates());
                        frame = kernel == null ? null : new FusedLoop.Frame();
                        askAt = iteration + CANCEL_POLL;
                    }
                    if (kernel != null && fusedIterations(kernel, frame)) {
                        continue;
                    }
                }
                if (direction != gradient) {
                    clip();
                }
                double learningRate;
                if (lineSearch == null) {
                    learningRate = schedule.rate(iteration);
                } else {
                    learningRate = lineSearch.search(objective, x, value, gradient, direction, bounds, trial,
                            functionEvaluations);
                    if (learningRate == 0) {
                        return new StopReason(Status.CONVERGED, "the line search found no decrease along the "
                                + "gradient at iteration " + iteration);
                    }
                }
                // A loop, not System.arraycopy: for a few coordinates the copy costs less than the call to its stub.
                for (int i = 0; i < x.length; i++) {
                    previous[i] = x[i];
                }
                if (cyclesMomentum || evaluating != null || (iteration < explainEnd && iteration >= explainFrom)) {
                    specialUpdate(learningRate);
                } else {
                    optimizer.step(x, direction, state, learningRate);
                }
                if (bounded) {
                    bounds.project(x);
                }
                iteration++;
                double before = value;
                // evaluate(), inline: as a call it was not inlined here (compiled on its own, too big to be).
                if (iteration - epochStart == batches) {
                    epoch++;
                    epochStart = iteration;
                }
                if (batched != null) {
                    batched.selectBatch(epoch, iteration - epochStart);
                }
                value = objective.valueAndGradient(x, gradient);
                takeStepAndGradientNorm();
                if (explaining != null) {
                    explained(learningRate);
                }
                functionEvaluations[0]++;
                gradientEvaluations++;
                if (!(value <= before)) {
                    increases++;
                }
                epochLossChange = Double.NaN;
                if (everyIterate) {
                    considerCurrent(learningRate);
                    if (batched != null) {
                        endEpoch(value);
                    }
                } else if (iteration == epochStart) {
                    endEpochOfBatches(learningRate);
                }
                schedule.observe(iteration - 1, value);
                record(learningRate);
            }
        }

        /**
         * The formula of this run if a {@link FusedLoop} kernel may run it (once the formula is hot), or null when it
         * needs anything the kernel does not do: a data set, -f, clipping, bounds, a line search, explained
         * updates, a schedule other than a constant rate, a stopping rule the screen does not know, an update rule
         * no kernel is written for.
         */
        private ExpressionObjective fusable() {
            return batched == null && plainIterations() && FusedLoop.writtenFor(optimizer, x.length)
                    && problem.objective() instanceof ExpressionObjective formula ? formula : null;
        }

        /**
         * The regression of this run if {@link #sampleIterations} may run it: per-sample SGD (in any form) on a
         * regression without penalties, with what {@link #plainIterations} asks.
         */
        private RegressionObjective sampled() {
            return !everyIterate && optimizer instanceof Sgd && plainIterations()
                    && batched instanceof RegressionObjective regression && regression.evaluatesSamples()
                    ? regression : null;
        }

        /**
         * Whether an iteration of this run is nothing but an update, an evaluation, the loop's counts and the
         * trajectory's row: f itself descended (not -f), no clipping, bounds, line search, explained updates or
         * cycled momentum, a constant rate and stopping rules the loop screens. The fused loops make the calls of a
         * listener that watches the run as the general loop would ({@link RunListener#watchesIterates}).
         */
        private boolean plainIterations() {
            return sense > 0 && direction == gradient && lineSearch == null && !bounded && !cyclesMomentum
                    && evaluating == null && explainEnd == 0 && !screen.always()
                    && schedule instanceof LearningRateSchedule.Constant;
        }

        /**
         * Runs the per-sample iterations of {@code samples} from this iteration on, within its epoch (the iteration
         * that ends it is the general loop's, with its whole-data pass), up to the iteration cap, the last iteration
         * the trajectory's current chunk takes, {@value #CANCEL_POLL} iterations for a listener that only cancels,
         * or an iterate the screen holds at: answers false when it could not take a single one. Each iteration is the
         * general loop's, operation by operation (the update by the rule's own {@code step}, the row's value and
         * gradient by the objective), with the run's state in locals and no call through an interface: the same
         * bits (SampleLoopTests compares whole results, and a watching listener's calls, with the general loop's).
         */
        private boolean sampleIterations(RegressionObjective samples, int epochStart) {
            long segment = listener instanceof RunListener.Cancelling ? CANCEL_POLL : Integer.MAX_VALUE;
            long last = Math.min(Math.min(iteration + segment, screen.cap()), epochStart + batches - 1L);
            int end = (int) Math.min(last, recorder.fusedEnd(iteration));
            if (end <= iteration) {
                return false;
            }
            Sgd sgd = (Sgd) optimizer;
            Sgd.State sgdState = (Sgd.State) state;
            double rate = schedule.rate(iteration);
            double[] rows = recorder.fusedRows();
            int at = recorder.fusedOffset();
            int mask = recorder.strideMask();
            double bound = screen.bound();
            double gradientTolerance = screen.gradient();
            double stepTolerance = screen.step();
            boolean stepScreened = stepTolerance != Double.NEGATIVE_INFINITY;
            double[] point = x;
            double[] g = gradient;
            double[] before = previous;
            double[] d = step;
            double[] lastD = lastStep;
            int n = point.length;
            int k = iteration;
            int kept = 0;
            int reversalCount = reversals;
            int increaseCount = increases;
            boolean watched = listener.watchesIterates();
            int answer = ASKED_NOTHING;
            double f = value;
            double norm = gradientNorm;
            // Plain SGD (no momentum, no weight decay) is written out with the row's evaluation, in two passes over
            // the coordinates (RegressionObjective.stepAndSample): x_k is not copied first, and the step's dot product
            // and the gradient's length are summed as the loops of the other forms sum them.
            boolean plain = sgd.momentum() == 0 && sgd.weightDecay() == 0;
            double[] sums = new double[2];
            while (true) {
                double[] swap = lastD;
                lastD = d;
                d = swap;
                double dot;
                double previousValue = f;
                k++;
                if (plain) {
                    f = samples.stepAndSample(point, g, rate, d, lastD, k - epochStart, sums);
                    dot = sums[0];
                    norm = norm(g, sums[1]);
                } else {
                    for (int i = 0; i < n; i++) {
                        before[i] = point[i];
                    }
                    sgd.step(point, g, sgdState, rate);
                    dot = 0;
                    for (int i = 0; i < n; i++) {
                        double di = point[i] - before[i];
                        d[i] = di;
                        dot += di * lastD[i];
                    }
                    f = samples.sampleValueAndGradient(point, g, k - epochStart);
                    norm = norm(g);
                }
                if (k > 1 && dot < 0) {
                    reversalCount++;
                }
                if (!(f <= previousValue)) {
                    increaseCount++;
                }
                if ((k & mask) == 0) {
                    Trajectory.Recorder.putRow(rows, at, k, point, f, norm, rate);
                    at += Trajectory.WIDTH + n;
                    kept++;
                }
                // The general loop's calls after the row and at the boundary, when the listener watches the run.
                if (watched) {
                    listener.onIterate(k, point, f, norm, rate);
                    if (listener.checkpointWanted()) {
                        answer = ASKED_CHECKPOINT;
                        break;
                    }
                    answer = ASKED_SCREEN;
                }
                // k == end covers the iteration cap (end <= cap), which the general loop's screen then sees.
                if (k == end || !(Math.abs(f) <= bound) || !Double.isFinite(norm) || norm < gradientTolerance
                        || stepScreened && lengthOf(d) < stepTolerance) {
                    break;
                }
                if (watched && listener.cancelled()) {
                    answer = ASKED_CANCELLED;
                    break;
                }
            }
            asked = answer;
            sgdState.markStarted();
            int steps = k - iteration;
            step = d;
            lastStep = lastD;
            iteration = k;
            value = f;
            gradientNorm = norm;
            reversals = reversalCount;
            increases = increaseCount;
            functionEvaluations[0] += steps;
            gradientEvaluations += steps;
            stepNormKnown = false;
            epochLossChange = Double.NaN;
            recorder.fusedAdded(kept, k, point, f, norm, rate);
            SAMPLE_ITERATIONS.addAndGet(steps);
            return true;
        }

        /**
         * Runs {@code kernel} from this iteration on, up to the iteration cap, the last iteration the trajectory's
         * current chunk takes, {@value #CANCEL_POLL} iterations for a listener that only cancels (fewer while the
         * kernel is cold), or an iterate the screen holds at: answers false when it could not take a single one.
         */
        private boolean fusedIterations(FusedLoop.Kernel kernel, FusedLoop.Frame frame) {
            long segment = !kernel.warm() ? FusedLoop.COLD_SEGMENT
                    : listener instanceof RunListener.Cancelling ? CANCEL_POLL : Integer.MAX_VALUE;
            int end = (int) Math.min(Math.min(iteration + segment, screen.cap()), recorder.fusedEnd(iteration));
            if (end <= iteration) {
                return false;
            }
            double rate = schedule.rate(iteration);
            frame.x = x;
            frame.gradient = gradient;
            frame.previous = previous;
            frame.step = step;
            frame.lastStep = lastStep;
            frame.bestPoint = bestPoint;
            frame.listener = listener;
            FusedLoop.load(frame, optimizer, state);
            frame.rows = recorder.fusedRows();
            frame.at = recorder.fusedOffset();
            frame.mask = recorder.strideMask();
            frame.iteration = iteration;
            frame.end = end;
            frame.increases = increases;
            frame.reversals = reversals;
            frame.bestIteration = bestIteration;
            frame.lastProgress = lastProgress;
            frame.bestIsCurrent = bestIsCurrent;
            frame.value = value;
            frame.gradientNorm = gradientNorm;
            frame.learningRate = rate;
            frame.bestValue = bestValue;
            frame.bestGradientNorm = bestGradientNorm;
            frame.bestLearningRate = bestLearningRate;
            frame.progressValue = progressValue;
            frame.bound = screen.bound();
            frame.gradientTolerance = screen.gradient();
            frame.stepTolerance = screen.step();
            frame.asked = ASKED_NOTHING;
            kernel.run(frame);
            asked = frame.asked;
            int steps = frame.iteration - iteration;
            FusedLoop.store(frame, state);
            iteration = frame.iteration;
            increases = frame.increases;
            reversals = frame.reversals;
            bestIteration = frame.bestIteration;
            lastProgress = frame.lastProgress;
            bestIsCurrent = frame.bestIsCurrent;
            value = frame.value;
            gradientNorm = frame.gradientNorm;
            bestValue = frame.bestValue;
            bestGradientNorm = frame.bestGradientNorm;
            bestLearningRate = frame.bestLearningRate;
            progressValue = frame.progressValue;
            functionEvaluations[0] += steps;
            gradientEvaluations += steps;
            stepNormKnown = false;
            epochLossChange = Double.NaN;
            recorder.fusedAdded(frame.kept, iteration, x, value, gradientNorm, rate);
            kernel.ran(steps);
            return true;
        }

        /** Why the run stops when the listener cancels it. */
        private StopReason cancelled() {
            return listener.timeUp()
                    ? new StopReason(Status.TIME_LIMIT, "the time budget ran out at iteration " + iteration)
                    : new StopReason(Status.CANCELLED, "cancelled at iteration " + iteration);
        }

        /** The clipped gradient into {@link #direction}. */
        private void clip() {
            System.arraycopy(gradient, 0, direction, 0, gradient.length);
            clipping.apply(direction);
        }

        /** An update that is explained, has its momentum cycled by the schedule, or is L-BFGS's. */
        private void specialUpdate(double learningRate) {
            Optimizer<S> rule = cyclesMomentum ? optimizer.withCycledMomentum(schedule.momentum(iteration))
                    : optimizer;
            if (iteration < explainEnd && iteration >= explainFrom) {
                explainStep(rule, learningRate);
            } else if (evaluating != null) {
                evaluating.step(x, value, direction, state, learningRate, closure);
            } else {
                rule.step(x, direction, state, learningRate);
            }
        }

        /** The explained update just made joins the explanation, with its step. */
        private void explained(double learningRate) {
            explaining[Quantity.STEP.ordinal()] = step.clone();
            explained.add(new Explanation.Update(iteration, learningRate, clipScale, explaining));
            explaining = null;
        }

        /** Iterate k of a mini-batch run ends an epoch: its loss over the whole data set is the candidate. */
        private void endEpochOfBatches(double learningRate) {
            double epochLoss = fullValueAndGradient();
            endEpoch(epochLoss);
            consider(epochLoss, norm(fullGradient), learningRate);
        }

        /**
         * The update {@code optimizer.step} would make, by {@code explainStep}, keeping its quantities in
         * {@link #explaining} with the gradient and, when clipping is on, the clipped gradient and its scale.
         */
        private void explainStep(Optimizer<S> rule, double learningRate) {
            int n = x.length;
            double[][] values = new double[Quantity.values().length][];
            // The gradient of f as typed (torch's p.grad), also when the run descends -f.
            values[Quantity.GRADIENT.ordinal()] = signed(gradient);
            clipScale = Double.NaN;
            if (direction != gradient) {
                values[Quantity.CLIPPED_GRADIENT.ordinal()] = signed(direction);
                double gradientLength = norm(gradient);
                clipScale = gradientLength == 0 ? 1 : norm(direction) / gradientLength;
            }
            if (evaluating != null) {
                // L-BFGS tells nothing of its own: the gradient and the step are what an explained update shows.
                evaluating.step(x, value, direction, state, learningRate, closure);
                explaining = values;
                return;
            }
            rule.explainStep(x, direction, state, learningRate, (quantity, coordinate, value) -> {
                double[] row = values[quantity.ordinal()];
                if (row == null) {
                    row = new double[n];
                    values[quantity.ordinal()] = row;
                }
                row[coordinate] = value;
            });
            explaining = values;
        }

        /** A copy of {@code v} times {@link #sense}: a gradient of the function descended as one of f. */
        private double[] signed(double[] v) {
            double[] copy = v.clone();
            if (sense < 0) {
                for (int i = 0; i < copy.length; i++) {
                    copy[i] = -copy[i];
                }
            }
            return copy;
        }

        /**
         * Records the step x_k - x_{k-1}, counts a reversal when it points against the step before it, and sets
         * {@link #gradientNorm} to ‖∇f(x_k)‖ ({@link #norm}, the same sum): one pass, so that the two serial sums
         * (the dot product with the step before, the gradient's squares) run side by side. The step's length is
         * left to {@link #stepNorm()}, which only a step tolerance and a checkpoint read.
         */
        private void takeStepAndGradientNorm() {
            double[] swap = lastStep;
            lastStep = step;
            step = swap;
            double dot = 0;
            double squares = 0;
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - previous[i];
                step[i] = d;
                dot += d * lastStep[i];
                double g = gradient[i];
                squares += g * g;
            }
            if (iteration > 1 && dot < 0) {
                reversals++;
            }
            stepNormKnown = false;
            gradientNorm = Double.isInfinite(squares) ? MathArrays.safeNorm(gradient) : Math.sqrt(squares);
        }

        /** f and ∇f at x, on the batch of update {@code iteration} for a batched objective. */
        private void evaluate() {
            if (batched != null) {
                batched.selectBatch(iteration / batches, iteration % batches);
            }
            value = objective.valueAndGradient(x, gradient);
            gradientNorm = norm(gradient);
            functionEvaluations[0]++;
            gradientEvaluations++;
        }

        /** A pass over the data ended: record its loss over the whole data set (for full batch, f itself). */
        private void endEpoch(double epochLoss) {
            epochLossChange = Math.abs(epochLoss - epochLosses[epochs - 1]);
            addEpochLoss(epochLoss);
        }

        /**
         * Iterate k (x, evaluated) as a candidate for the best, when every iterate is one. When it is not better and
         * the best was iterate k - 1, that point is copied now, from {@code previous}.
         */
        private void considerCurrent(double learningRate) {
            if (Behaviour.better(value, bestValue)) {
                takeBest(value, gradientNorm, learningRate, false);
            } else if (bestIsCurrent) {
                System.arraycopy(previous, 0, bestPoint, 0, x.length);
                bestIsCurrent = false;
            }
            progress(value);
        }

        /** x, judged by {@code candidate} (an epoch loss, or the last iterate's loss over the whole data set). */
        private void consider(double candidate, double candidateGradientNorm, double learningRate) {
            if (Behaviour.better(candidate, bestValue)) {
                takeBest(candidate, candidateGradientNorm, learningRate, true);
            }
            progress(candidate);
        }

        private void takeBest(double candidate, double candidateGradientNorm, double learningRate, boolean copy) {
            bestIteration = iteration;
            bestValue = candidate;
            bestGradientNorm = candidateGradientNorm;
            bestLearningRate = learningRate;
            bestIsCurrent = !copy;
            if (copy) {
                System.arraycopy(x, 0, bestPoint, 0, x.length);
            }
        }

        private void progress(double candidate) {
            if (Behaviour.isProgress(candidate, progressValue)) {
                progressValue = candidate;
                lastProgress = iteration;
            }
        }

        private void addEpochLoss(double loss) {
            if (epochs == epochLosses.length) {
                epochLosses = Arrays.copyOf(epochLosses, 2 * epochs);
            }
            epochLosses[epochs++] = loss;
        }

        /** The loss and gradient (into {@link #fullGradient}) over the whole data set, at x. */
        private double fullValueAndGradient() {
            functionEvaluations[0]++;
            gradientEvaluations++;
            fullValue = batched.fullValueAndGradient(x, fullGradient);
            fullIteration = iteration;
            return fullValue;
        }

        private void record(double learningRate) {
            recorder.add(iteration, x, sense * value, gradientNorm, learningRate);
            if (listener != RunListener.NONE) {
                listener.onIterate(iteration, x, sense * value, gradientNorm, learningRate);
            }
        }

        @Override
        public int iteration() {
            return iteration;
        }

        /** f as typed (the stopping rules read |f| and whether it is finite, and name it). */
        @Override
        public double value() {
            return sense * value;
        }

        @Override
        public double gradientNorm() {
            return gradientNorm;
        }

        /**
         * ‖x_k - x_{k-1}‖₂, from {@link #step} when first asked since the update: the same sum, in the same order, as
         * commons-math3's {@code MathArrays.distance} (and as the loop made it when it computed it every update).
         */
        @Override
        public double stepNorm() {
            if (!stepNormKnown) {
                stepNorm = lengthOf(step);
                stepNormKnown = true;
            }
            return stepNorm;
        }

        @Override
        public double epochLossChange() {
            return epochLossChange;
        }
    }

    /** ‖step‖₂ as a step tolerance reads it: the plain sum of squares, in order (commons-math3's distance). */
    private static double lengthOf(double[] step) {
        double sum = 0;
        for (double d : step) {
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** ‖v‖₂: the plain sum of squares, or commons-math3's overflow-safe norm when that sum overflows. */
    private static double norm(double[] v) {
        double sum = 0;
        for (double c : v) {
            sum += c * c;
        }
        return norm(v, sum);
    }

    /** ‖v‖₂ from {@code squares}, Σ v_i² summed from v_0 up: its root, or MathArrays.safeNorm when it overflowed. */
    private static double norm(double[] v, double squares) {
        return Double.isInfinite(squares) ? MathArrays.safeNorm(v) : Math.sqrt(squares);
    }
}
