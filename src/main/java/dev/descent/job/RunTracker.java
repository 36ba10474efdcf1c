package dev.descent.job;

import dev.descent.engine.run.Iterate;
import dev.descent.engine.run.Result;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.RunPlan;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Watches one run of a job on the run's own thread: keeps its progress (a {@link RunStatus}), and copies every
 * {@code stride}-th iterate into a buffer of primitives for the event stream (so a long run streams about
 * {@code trajectory.maxPoints} points, not every iterate). It never stops the run: the runner's own listener does.
 * A tracker of a job that runs elsewhere streams no points: its progress is the one read from the store.
 */
final class RunTracker extends RunStatus {

    final int index;
    final String label;
    final List<String> variables;
    /** The momentum (or β1) of an iteration's update, when the run's schedule cycles it; else null. */
    final IntToDoubleFunction momentum;
    private final int stride;
    /** The streamed points; null when the run's trajectory is not included, and once the job has finished. */
    private volatile Buffer points;

    /** @param streamPoints whether it keeps points for the event streams (the run is here and includes them) */
    RunTracker(int index, String label, RunPlan plan, boolean streamPoints) {
        this.index = index;
        this.label = label;
        this.variables = plan.variables();
        this.momentum = OptimizationMapper.momenta(plan);
        sense(plan.problem().sense());
        this.stride = Math.max(1, (int) Math.ceil((double) plan.maxIterations()
                / plan.trajectory().effectiveMaxPoints()));
        this.points = streamPoints && plan.trajectory().included()
                ? new Buffer(plan.variables().size(), (int) Math.min(plan.retainedPoints() + 1, 64)) : null;
    }

    @Override
    void onIterate(int iteration, double[] point, double f, double gradientNorm, double learningRate) {
        super.onIterate(iteration, point, f, gradientNorm, learningRate);
        Buffer buffer = points;
        if (buffer != null && iteration % stride == 0) {
            buffer.add(iteration, point, f, gradientNorm, learningRate);
        }
    }

    /** Called once the run has ended: its last point is streamed too. */
    void finish(Result result) {
        Iterate last = result.last();
        Buffer buffer = points;
        if (buffer != null && last.iteration() % stride != 0) {
            buffer.add(last.iteration(), last.point(), last.value(), last.gradientNorm(), last.learningRate());
        }
        done = true;
    }

    /** The buffer of streamed points, or null. */
    Buffer points() {
        return points;
    }

    /** Drops the streamed points (the job has finished; its result holds the thinned trajectory). */
    void release() {
        points = null;
    }

    /**
     * Streamed points as flat rows (see {@link Points}), appended by the run's thread only and read by any: a reader
     * reads {@link #size()} first, then {@link #rows()}, and finds every row below that size there (a grown array
     * holds copies of the rows before it, and is published before the size that counts its new row).
     */
    static final class Buffer {
        private final int dimension;
        private final int width;
        private volatile double[] rows;
        private volatile int size;

        Buffer(int dimension, int capacity) {
            this.dimension = dimension;
            this.width = Points.HEAD + dimension;
            this.rows = new double[Math.max(1, capacity) * width];
        }

        void add(int iteration, double[] point, double value, double gradientNorm, double learningRate) {
            int n = size;
            double[] r = rows;
            int at = n * width;
            if (at + width > r.length) {
                r = Arrays.copyOf(r, Math.max(2 * r.length, at + width));
                rows = r;
            }
            r[at] = iteration;
            r[at + 1] = value;
            r[at + 2] = gradientNorm;
            r[at + 3] = learningRate;
            System.arraycopy(point, 0, r, at + Points.HEAD, dimension);
            size = n + 1;
        }

        int size() {
            return size;
        }

        double[] rows() {
            return rows;
        }

        int width() {
            return width;
        }
    }
}
