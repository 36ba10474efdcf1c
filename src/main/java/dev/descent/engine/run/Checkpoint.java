package dev.descent.engine.run;

import dev.descent.engine.optim.OptimizerState;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a descent needs to continue from an iteration boundary, as plain data: taken by the loop when its
 * {@link RunListener#checkpointWanted() listener asks}, given back to {@link Descent#resume}, written and read by
 * {@link CheckpointCodec}. A run resumed from it on the same problem ends with the same {@link Result} as the
 * uninterrupted run, to the last bit (every trajectory row, epoch loss, count, the status, reason and behaviour),
 * on the same JDK build and CPU family; only the elapsed time differs (it is summed: {@code elapsedNanos} here,
 * plus the resumed run's own).
 *
 * <p>What is not here, because it is a function of the problem or of the iteration: the hyperparameters, the
 * stopping rules (pure functions of the run's progress), the line search, clipping and bounds (stateless), the
 * schedules that are functions of the step, and the rows of a mini-batch, which depend on the objective's seed and
 * the position (epoch = iteration / batchesPerEpoch, batch = iteration % batchesPerEpoch) alone.
 *
 * <p>The trajectory rows only ever grow while {@code trajectoryStride} stays the same: rows [0, n) of a checkpoint
 * equal rows [0, n) of any later checkpoint of the same run with the same stride, so a store may append the new
 * rows rather than write them all again.
 *
 * @param variables           the objective's variables, in order (what the problem must have to resume)
 * @param optimizer           the update rule with its hyperparameters, as its {@code toString()} (a record's)
 * @param dataRows            for a batched objective, the rows of its data set; 0 otherwise
 * @param batchesPerEpoch     for a batched objective, its batches per pass over the data; 0 otherwise
 * @param recordLimit         the problem's {@link Problem#recordLimit()}
 * @param iteration           k, the updates made so far; the checkpoint is taken at iterate k, before the stopping
 *                            rule looks at it
 * @param value               f(x_k) (for a mini-batch, on the batch of update k)
 * @param gradientNorm        ‖∇f(x_k)‖
 * @param stepNorm            ‖x_k - x_{k-1}‖; NaN at k = 0
 * @param epochLossChange     the epoch loss change the stopping rules see at k; NaN when k ends no epoch
 * @param x                   x_k
 * @param gradient            ∇f(x_k), the gradient the next update uses
 * @param step                x_k - x_{k-1}, for counting reversals
 * @param lastStep            x_{k-1} - x_{k-2}
 * @param increases           the updates that raised f so far ({@link Behaviour#increases()})
 * @param reversals           the reversals counted so far
 * @param functionEvaluations evaluations of f so far
 * @param gradientEvaluations evaluations of ∇f so far
 * @param elapsedNanos        running time so far, summed over every resume
 * @param epochLosses         the whole-data losses so far (empty for a non-batched objective)
 * @param optimizerState      the update rule's state ({@link dev.descent.engine.optim.Optimizer#save})
 * @param scheduleState       the schedule's state ({@link dev.descent.engine.schedule.LearningRateSchedule#save})
 * @param trajectoryStride    the recorder keeps iterations that are multiples of this (besides the last)
 * @param trajectoryRows      the recorded rows so far, {@link Trajectory#rowWidth} doubles each
 * @param lastRecorded        the row of iterate k, whether the recorder kept it or not
 * @param best                the row of the best iterate so far ({@link Result#best()}); its value NaN when not
 *                            known (a version 1 checkpoint): the next candidate then takes its place
 * @param lastProgress        the iteration of the last progress so far ({@link Behaviour#lastProgress()})
 * @param progressValue       the value at that iteration, which the next progress must beat
 * @param explained           the updates explained so far ({@link Problem#explain()}), among the k made: a run
 *                            resumed inside or after its explained range gathers the rest onto them, so that
 *                            its {@link Result#explanation()} is the uninterrupted run's; {@link Explanation#NONE}
 *                            when the problem explains nothing (or none of its explained updates is made yet)
 * @param sense               1 for a run that minimizes f, -1 for one that maximizes it (descends -f: the value,
 *                            best and progress value above are -f's, the recorded rows f's); 0 when not known (a
 *                            checkpoint of format 3 or older, written before the direction was kept)
 */
public record Checkpoint(List<String> variables, String optimizer, int dataRows, int batchesPerEpoch,
                         int recordLimit, int iteration, double value, double gradientNorm, double stepNorm,
                         double epochLossChange, double[] x, double[] gradient, double[] step, double[] lastStep,
                         int increases, int reversals, long functionEvaluations, long gradientEvaluations,
                         long elapsedNanos, double[] epochLosses, OptimizerState optimizerState,
                         double[] scheduleState, int trajectoryStride, double[] trajectoryRows,
                         double[] lastRecorded, double[] best, int lastProgress, double progressValue,
                         Explanation explained, int sense) {

    /** A checkpoint of a run that minimizes and has explained no update. */
    public Checkpoint(List<String> variables, String optimizer, int dataRows, int batchesPerEpoch,
                      int recordLimit, int iteration, double value, double gradientNorm, double stepNorm,
                      double epochLossChange, double[] x, double[] gradient, double[] step, double[] lastStep,
                      int increases, int reversals, long functionEvaluations, long gradientEvaluations,
                      long elapsedNanos, double[] epochLosses, OptimizerState optimizerState,
                      double[] scheduleState, int trajectoryStride, double[] trajectoryRows,
                      double[] lastRecorded, double[] best, int lastProgress, double progressValue) {
        this(variables, optimizer, dataRows, batchesPerEpoch, recordLimit, iteration, value, gradientNorm, stepNorm,
                epochLossChange, x, gradient, step, lastStep, increases, reversals, functionEvaluations,
                gradientEvaluations, elapsedNanos, epochLosses, optimizerState, scheduleState, trajectoryStride,
                trajectoryRows, lastRecorded, best, lastProgress, progressValue, Explanation.NONE, 1);
    }

    /**
     * @throws IllegalArgumentException when the parts do not fit together (arrays of another length than the
     *                                  variables, negative counts)
     */
    public Checkpoint {
        variables = List.copyOf(variables);
        int n = variables.size();
        if (n == 0) {
            throw new IllegalArgumentException("A checkpoint needs at least one variable");
        }
        for (double[] vector : new double[][] {x, gradient, step, lastStep}) {
            if (vector.length != n) {
                throw new IllegalArgumentException("A checkpoint of " + n + " variables has a vector of "
                        + vector.length);
            }
        }
        int width = Trajectory.rowWidth(n);
        if (lastRecorded.length != width || best.length != width || trajectoryRows.length % width != 0) {
            throw new IllegalArgumentException("A checkpoint of " + n + " variables has trajectory rows of "
                    + lastRecorded.length + " numbers, not " + width);
        }
        if (iteration < 0 || increases < 0 || reversals < 0 || lastProgress < 0 || functionEvaluations < 0 || gradientEvaluations < 0 || elapsedNanos < 0
                || dataRows < 0 || batchesPerEpoch < 0) {
            throw new IllegalArgumentException("A checkpoint with a negative count");
        }
        if (optimizer == null || optimizerState == null) {
            throw new IllegalArgumentException("A checkpoint needs its optimizer and its state");
        }
        if (explained == null) {
            throw new IllegalArgumentException("No explained updates: Explanation.NONE has none");
        }
        if (sense < -1 || sense > 1) {
            throw new IllegalArgumentException("A checkpoint's sense is 1, -1 or 0 (not known), not " + sense);
        }
        for (Explanation.Update update : explained.updates()) {
            if (update.iteration() < 1 || update.iteration() > iteration) {
                throw new IllegalArgumentException("A checkpoint at iteration " + iteration + " explains update "
                        + update.iteration());
            }
            for (double[] values : update.values()) {
                if (values != null && values.length != n) {
                    throw new IllegalArgumentException("A checkpoint of " + n + " variables explains an update with "
                            + values.length + " values of a quantity");
                }
            }
        }
        x = x.clone();
        gradient = gradient.clone();
        step = step.clone();
        lastStep = lastStep.clone();
        epochLosses = epochLosses.clone();
        scheduleState = scheduleState.clone();
        trajectoryRows = trajectoryRows.clone();
        lastRecorded = lastRecorded.clone();
        best = best.clone();
    }

    /**
     * This checkpoint with {@code rows} as its recorded rows: the rows kept apart from it (a store appends them in
     * chunks, and saves the checkpoint without them) put back, or taken out with an empty array.
     */
    public Checkpoint withTrajectoryRows(double[] rows) {
        return new Checkpoint(variables, optimizer, dataRows, batchesPerEpoch, recordLimit, iteration, value,
                gradientNorm, stepNorm, epochLossChange, x, gradient, step, lastStep, increases, reversals,
                functionEvaluations, gradientEvaluations, elapsedNanos, epochLosses, optimizerState, scheduleState,
                trajectoryStride, rows, lastRecorded, best, lastProgress, progressValue, explained, sense);
    }

    /** The number of variables. */
    public int dimension() {
        return variables.size();
    }

    /** The number of trajectory rows recorded so far. */
    public int recordedRows() {
        return trajectoryRows.length / Trajectory.rowWidth(dimension());
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] gradient() {
        return gradient.clone();
    }

    @Override
    public double[] step() {
        return step.clone();
    }

    @Override
    public double[] lastStep() {
        return lastStep.clone();
    }

    @Override
    public double[] epochLosses() {
        return epochLosses.clone();
    }

    @Override
    public double[] scheduleState() {
        return scheduleState.clone();
    }

    @Override
    public double[] trajectoryRows() {
        return trajectoryRows.clone();
    }

    @Override
    public double[] lastRecorded() {
        return lastRecorded.clone();
    }

    @Override
    public double[] best() {
        return best.clone();
    }

    /** Equal when every part is, the doubles by their bits ({@link Arrays#equals(double[], double[])}). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that && variables.equals(that.variables)
                && optimizer.equals(that.optimizer) && dataRows == that.dataRows
                && batchesPerEpoch == that.batchesPerEpoch && recordLimit == that.recordLimit
                && iteration == that.iteration && same(value, that.value) && same(gradientNorm, that.gradientNorm)
                && same(stepNorm, that.stepNorm) && same(epochLossChange, that.epochLossChange)
                && Arrays.equals(x, that.x) && Arrays.equals(gradient, that.gradient)
                && Arrays.equals(step, that.step) && Arrays.equals(lastStep, that.lastStep)
                && increases == that.increases && reversals == that.reversals
                && functionEvaluations == that.functionEvaluations
                && gradientEvaluations == that.gradientEvaluations && elapsedNanos == that.elapsedNanos
                && Arrays.equals(epochLosses, that.epochLosses) && optimizerState.equals(that.optimizerState)
                && Arrays.equals(scheduleState, that.scheduleState) && trajectoryStride == that.trajectoryStride
                && Arrays.equals(trajectoryRows, that.trajectoryRows)
                && Arrays.equals(lastRecorded, that.lastRecorded) && Arrays.equals(best, that.best)
                && lastProgress == that.lastProgress && same(progressValue, that.progressValue)
                && explained.equals(that.explained);
    }

    private static boolean same(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * variables.hashCode() + iteration) + Arrays.hashCode(x);
    }

    @Override
    public String toString() {
        return "Checkpoint[iteration=" + iteration + ", variables=" + variables + ", optimizer=" + optimizer
                + ", recordedRows=" + recordedRows() + "]";
    }
}
