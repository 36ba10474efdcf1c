package dev.descent.engine.run;

import dev.descent.engine.objective.BatchedObjective;
import dev.descent.engine.objective.Objective;
import dev.descent.engine.optim.Clipping;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.stop.Progress;
import dev.descent.engine.stop.Status;
import dev.descent.engine.stop.StopReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The descent loop: evaluate f and ∇f at x_k, ask the stopping rule, clip the gradient, take one update with the
 * scheduled learning rate (or the step a line search finds), project onto the bounds, repeat. x, the gradient and
 * the optimizer state are updated in place; the trajectory is recorded flat. Each evaluation of the objective in
 * the loop gives value and gradient together; a line search evaluates values only. A {@link BatchedObjective}
 * is given its batch before each evaluation, and at the end of each pass over its data the loop records the loss
 * over the whole data set (epochs).
 */
public final class Descent {

    private Descent() {
    }

    /** Runs {@code problem} to its end. */
    public static Result run(Problem problem) {
        return run(problem, RunListener.NONE);
    }

    /** Runs {@code problem} to its end or until {@code listener} cancels it, showing it every iterate. */
    public static Result run(Problem problem, RunListener listener) {
        return runWith(problem, problem.optimizer(), listener);
    }

    // Captures the optimizer's state type, so that state and update rule are checked to belong together.
    private static <S> Result runWith(Problem problem, Optimizer<S> optimizer, RunListener listener) {
        long started = System.nanoTime();
        Objective objective = problem.objective();
        int n = objective.dimension();
        double[] x = problem.start();
        double[] previous = new double[n];
        double[] gradient = new double[n];
        boolean clipped = !(problem.clipping() instanceof Clipping.None);
        double[] direction = clipped ? new double[n] : gradient;
        double[] trial = new double[n];
        boolean bounded = !problem.bounds().isUnbounded();
        S state = optimizer.init(n);
        Trajectory.Recorder recorder = new Trajectory.Recorder(n, 1024);
        LoopProgress progress = new LoopProgress();
        long[] functionEvaluations = {1};
        long gradientEvaluations = 1;
        BatchedObjective batched = objective instanceof BatchedObjective b ? b : null;
        int batches = batched == null ? 1 : batched.batchesPerEpoch();
        List<Double> epochLosses = new ArrayList<>();

        if (batched != null) {
            batched.selectBatch(0, 0);
        }
        progress.value = objective.valueAndGradient(x, gradient);
        progress.gradientNorm = norm(gradient);
        progress.stepNorm = Double.NaN;
        progress.epochLossChange = Double.NaN;
        if (batched != null) {
            epochLosses.add(batches == 1 ? progress.value : batched.fullValue(x));
            functionEvaluations[0] += batches == 1 ? 0 : 1;
        }
        recorder.add(x, progress.value, progress.gradientNorm, Double.NaN);
        boolean listening = listener != RunListener.NONE;
        if (listening) {
            listener.onIterate(recorder.last());
        }

        Optional<StopReason> reason;
        while ((reason = problem.stoppingRule().check(progress)).isEmpty()) {
            if (listener.cancelled()) {
                reason = Optional.of(new StopReason(Status.CANCELLED, "cancelled at iteration "
                        + progress.iteration));
                break;
            }
            if (clipped) {
                System.arraycopy(gradient, 0, direction, 0, n);
                problem.clipping().apply(direction);
            }
            double learningRate;
            if (problem.lineSearch() != null) {
                learningRate = problem.lineSearch().search(objective, x, progress.value, gradient, direction,
                        problem.bounds(), trial, functionEvaluations);
                if (learningRate == 0) {
                    reason = Optional.of(new StopReason(Status.CONVERGED, "the line search found no decrease "
                            + "along the gradient at iteration " + progress.iteration));
                    break;
                }
            } else {
                learningRate = problem.schedule().rate(progress.iteration);
            }
            System.arraycopy(x, 0, previous, 0, n);
            optimizer.step(x, direction, state, learningRate);
            if (bounded) {
                problem.bounds().project(x);
            }
            progress.iteration++;
            progress.stepNorm = distance(x, previous);
            if (batched != null) {
                batched.selectBatch(progress.iteration / batches, progress.iteration % batches);
            }
            progress.value = objective.valueAndGradient(x, gradient);
            progress.gradientNorm = norm(gradient);
            functionEvaluations[0]++;
            gradientEvaluations++;
            progress.epochLossChange = Double.NaN;
            if (batched != null && progress.iteration % batches == 0) {
                // An epoch ended: the loss over the whole data set (for full batch, the value just computed).
                double epochLoss = batches == 1 ? progress.value : batched.fullValue(x);
                functionEvaluations[0] += batches == 1 ? 0 : 1;
                progress.epochLossChange = Math.abs(epochLoss - epochLosses.get(epochLosses.size() - 1));
                epochLosses.add(epochLoss);
            }
            problem.schedule().observe(progress.iteration - 1, progress.value);
            recorder.add(x, progress.value, progress.gradientNorm, learningRate);
            if (listening) {
                listener.onIterate(recorder.last());
            }
        }
        if (batched != null && batches > 1) {
            // Mini-batch iterates carry the loss of the batch of their update; the last one, which the run reports
            // as its minimum, carries the loss and gradient over the whole data set.
            double value = batched.fullValueAndGradient(x, gradient);
            functionEvaluations[0]++;
            gradientEvaluations++;
            recorder.replaceLast(value, norm(gradient));
        }
        Trajectory trajectory = recorder.build();
        return new Result(reason.get(), progress.iteration, trajectory.last(), trajectory, functionEvaluations[0],
                gradientEvaluations, Duration.ofNanos(System.nanoTime() - started), epochLosses);
    }

    private static double norm(double[] v) {
        double sum = 0;
        for (double c : v) {
            sum += c * c;
        }
        return Math.sqrt(sum);
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** The loop's own counters, shown to the stopping rule without a copy per iteration. */
    private static final class LoopProgress implements Progress {
        int iteration;
        double value;
        double gradientNorm;
        double stepNorm;
        double epochLossChange;

        @Override
        public double epochLossChange() {
            return epochLossChange;
        }

        @Override
        public int iteration() {
            return iteration;
        }

        @Override
        public double value() {
            return value;
        }

        @Override
        public double gradientNorm() {
            return gradientNorm;
        }

        @Override
        public double stepNorm() {
            return stepNorm;
        }
    }
}
