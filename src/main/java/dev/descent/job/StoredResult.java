package dev.descent.job;

import dev.descent.engine.run.Iterate;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.Trajectory;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link StoredJobRunner} stores as a finished job's result (as JSON): each run's result, every double as its
 * raw IEEE 754 bits ({@link Double#doubleToRawLongBits}) so that the stored result is exact and two results compare bit
 * for bit. Not yet the shape the job endpoints answer: those are made from the plans and these results
 * ({@code OptimizationMapper.toResponse}, {@code ComparisonMapper.toResponse}) once the runner serves them.
 *
 * @param kind {@code optimization} or {@code comparison}
 * @param runs the runs, in the request's order
 */
record StoredResult(String kind, List<StoredRun> runs) {

    StoredResult {
        runs = List.copyOf(runs);
    }

    /**
     * One run's result. A row is iteration, value, gradient norm, learning rate and the point
     * ({@link Trajectory#rowWidth} doubles), each as its raw bits. Its elapsed time is left out: it is the one part
     * of a result that differs between runs of the same problem.
     *
     * @param label               the run's label
     * @param status              how it ended ({@code StopReason.Status})
     * @param reason              the rule that ended it, in words
     * @param iterations          the updates made
     * @param functionEvaluations evaluations of f
     * @param gradientEvaluations evaluations of ∇f
     * @param last                the row of the iterate it ended on
     * @param trajectory          the rows kept (thinned to the request's {@code trajectory.maxPoints}), one after
     *                            another
     * @param epochLosses         the whole-data losses of a batched objective; empty otherwise
     */
    record StoredRun(String label, String status, String reason, int iterations, long functionEvaluations,
                     long gradientEvaluations, long[] last, long[] trajectory, long[] epochLosses) {

        static StoredRun of(String label, Result result) {
            Iterate last = result.last();
            int width = Trajectory.rowWidth(last.point().length);
            double[] lastRow = new double[width];
            lastRow[0] = last.iteration();
            lastRow[1] = last.value();
            lastRow[2] = last.gradientNorm();
            lastRow[3] = last.learningRate();
            System.arraycopy(last.point(), 0, lastRow, 4, last.point().length);
            Trajectory trajectory = result.trajectory();
            double[] rows = new double[trajectory.size() * width];
            for (int i = 0; i < trajectory.size(); i++) {
                trajectory.copyRow(i, rows, i * width);
            }
            return new StoredRun(label, result.stopReason().status().name(), result.stopReason().description(),
                    result.iterations(), result.functionEvaluations(), result.gradientEvaluations(), bits(lastRow),
                    bits(rows), bits(result.epochLosses()));
        }

        private static long[] bits(double[] values) {
            long[] bits = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                bits[i] = Double.doubleToRawLongBits(values[i]);
            }
            return bits;
        }
    }

    /** The stored result of runs that ended with {@code results}, labelled in order. */
    static StoredResult of(String kind, List<String> labels, List<Result> results) {
        List<StoredRun> runs = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            runs.add(StoredRun.of(labels.get(i), results.get(i)));
        }
        return new StoredResult(kind, runs);
    }
}
