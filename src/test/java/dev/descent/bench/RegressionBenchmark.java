package dev.descent.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.descent.engine.data.Dataset;
import dev.descent.engine.data.SyntheticData;
import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Problem;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.RunListener;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.StoppingRule;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Linear regression by stochastic and mini-batch gradient descent through the whole engine (the regression
 * objective, plain SGD, the stopping rules a request gets, the trajectory recorded as the service records it),
 * in rows × epochs per second. Not a test; run {@link #main} (scripts/bench/regression.sh runs it beside the
 * Python baselines):
 *
 * <pre>
 * ./mvnw -q test-compile
 * java -cp target/test-classes:target/classes:$(./mvnw -q dependency:build-classpath \
 *     -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test) dev.descent.bench.RegressionBenchmark \
 *     [rows [features [epochs [data-file]]]]
 * </pre>
 *
 * The data are {@link SyntheticData} (seed 42, features uniform in [0, 2), coefficients 1 … p / 10, intercept 3,
 * noise 0.5). With a data file, they are first written there as little-endian doubles: rows and features as two
 * doubles, then the features row-major, then the targets, so that the baselines fit the identical numbers. Speed
 * is counted in the process's CPU time (JIT and GC threads included), which a machine shared with other work
 * disturbs far less than the clock; the clock's figure is printed beside it. Each batch size is run three times
 * (the first warms the JIT up); the best of the later runs is reported, and the fitted intercept and first
 * coefficients printed to compare with the baselines'.
 *
 * <p>After each batch size's figure, a line attributes its time per row and epoch to the epoch's start, the batches,
 * the whole-data pass and the descent loop ({@link #parts}).
 *
 * <p>{@code RegressionBenchmark heap [rows [features]]} instead prints the heap in use after a full GC at the
 * start of a run on a data set of that size, in the middle of its second epoch and at its end: what a regression
 * holds (its data, and its epoch's row buffer).
 */
public final class RegressionBenchmark {

    /** The learning rate of per-sample SGD: the step sklearn's eta0 = 2 × this takes on (y - ŷ)² / 2. */
    static final double RATE_STOCHASTIC = 0.0005;

    /** The learning rate of mini-batch SGD (batches of 32). */
    static final double RATE_MINI_BATCH = 0.01;

    private RegressionBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("heap")) {
            heap(args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000, args.length > 2 ? Integer.parseInt(args[2])
                    : 20);
            return;
        }
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int features = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Dataset data = data(rows, features);
        if (args.length > 3) {
            write(data, Path.of(args[3]));
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int batch : new int[] {1, 32}) {
            double best = 0;
            double bestWall = 0;
            Result result = null;
            for (int repeat = 0; repeat < 3; repeat++) {
                long start = System.nanoTime();
                long cpuStart = os.getProcessCpuTime();
                result = Descent.run(problem(data, batch, epochs));
                double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
                double wall = (System.nanoTime() - start) / 1e9;
                if (repeat > 0) {
                    best = Math.max(best, (double) rows * epochs / cpu);
                    bestWall = Math.max(bestWall, (double) rows * epochs / wall);
                }
            }
            double[] theta = result.last().point();
            System.out.printf(Locale.ROOT, "descent batch %d: %.3g rows x epochs / s (CPU time; %.3g by the clock); "
                            + "%s; b %.4f, w1 %.4f, w2 %.4f, w%d %.4f, mse %.5f%n", batch, best, bestWall,
                    result.stopReason().status(), theta[0], theta[1], theta[2], features, theta[features],
                    result.trajectory().last().value());
            parts(data, batch, epochs, 1e9 / best);
        }
    }

    /**
     * Where a run's time per row and epoch goes: the objective driven by a bare loop (the same batches, a plain SGD
     * step written out, nothing recorded), timed in three parts in this thread's CPU time, best of three runs: each
     * epoch's start (its shuffle, and the gather of its rows into the buffer), the batches' evaluations with the
     * bare update, and the whole-data pass at each epoch's end. What the engine's run costs beyond their sum is the
     * descent loop's own work (the stopping rules, the step and gradient norms, the best point, the trajectory).
     */
    private static void parts(Dataset data, int batch, int epochs, double engineNanos) {
        java.lang.management.ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        double rate = batch == 1 ? RATE_STOCHASTIC : RATE_MINI_BATCH;
        double bestStart = Double.MAX_VALUE;
        double bestBatches = Double.MAX_VALUE;
        double bestPass = Double.MAX_VALUE;
        for (int repeat = 0; repeat < 3; repeat++) {
            RegressionObjective objective = objective(data, batch);
            double[] theta = new double[objective.dimension()];
            double[] gradient = new double[theta.length];
            long start = 0;
            long batches = 0;
            long pass = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                long t0 = clock.getCurrentThreadCpuTime();
                objective.selectBatch(epoch, 0);
                objective.valueAndGradient(theta, gradient);
                long t1 = clock.getCurrentThreadCpuTime();
                for (int b = 0; b < objective.batchesPerEpoch(); b++) {
                    objective.selectBatch(epoch, b);
                    objective.valueAndGradient(theta, gradient);
                    for (int k = 0; k < theta.length; k++) {
                        theta[k] -= rate * gradient[k];
                    }
                }
                long t2 = clock.getCurrentThreadCpuTime();
                objective.fullValueAndGradient(theta, gradient);
                long t3 = clock.getCurrentThreadCpuTime();
                start += t1 - t0;
                batches += t2 - t1;
                pass += t3 - t2;
            }
            double cells = (double) data.rows() * epochs;
            bestStart = Math.min(bestStart, start / cells);
            bestBatches = Math.min(bestBatches, batches / cells);
            bestPass = Math.min(bestPass, pass / cells);
        }
        double sum = bestStart + bestBatches + bestPass;
        System.out.printf(Locale.ROOT, "descent batch %d parts, ns per row and epoch: engine run %.1f = epoch start "
                        + "(shuffle, gather) %.1f + batches (evaluation, bare update) %.1f + whole-data pass %.1f + "
                        + "the descent loop's own work %.1f%n", batch, engineNanos, bestStart, bestBatches, bestPass,
                engineNanos - sum);
    }

    /** The benchmark's data set: SyntheticData with seed 42, coefficients 1 … p / 10, intercept 3, noise 0.5. */
    static Dataset data(int rows, int features) {
        double[] coefficients = new double[features];
        for (int j = 0; j < features; j++) {
            coefficients[j] = (j + 1) / 10.0;
        }
        return SyntheticData.generate(rows, coefficients, 3, 0.5, 42, false);
    }

    /**
     * Linear regression with an intercept, shuffled every epoch (seed 0), plain SGD at a constant rate, stopped
     * only by the iteration cap (a request with {@code tolerance: 0}) and divergence, recording as a request with
     * the default trajectory does.
     */
    static Problem problem(Dataset data, int batch, int epochs) {
        RegressionObjective objective = objective(data, batch);
        int iterations = epochs * objective.batchesPerEpoch();
        double[] start = new double[objective.dimension()];
        return Problem.of(objective, start, Sgd.plain(0),
                        LearningRateSchedule.constant(batch == 1 ? RATE_STOCHASTIC : RATE_MINI_BATCH),
                        StoppingRule.firstOf(List.of(StoppingRule.divergence(1e12),
                                StoppingRule.maxIterations(iterations))))
                .withRecordLimit((int) ((8L << 20) / (8L * (objective.dimension() + 4))));
    }

    /** Linear regression with an intercept, unstandardized, in batches of {@code batch}, shuffled with seed 0. */
    static RegressionObjective objective(Dataset data, int batch) {
        return new RegressionObjective(data, RegressionObjective.Model.LINEAR, true, 0, 0, false, batch, true, 0);
    }

    /** Writes rows, features, the features row-major and the targets as little-endian doubles. */
    static void write(Dataset data, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            buffer.putDouble(data.rows()).putDouble(data.columns());
            for (int i = 0; i < data.rows(); i++) {
                for (int j = 0; j < data.columns(); j++) {
                    buffer = put(out, buffer, data.feature(i, j));
                }
            }
            for (int i = 0; i < data.rows(); i++) {
                buffer = put(out, buffer, data.target(i));
            }
            buffer.flip();
            out.write(buffer);
        }
    }

    private static ByteBuffer put(FileChannel out, ByteBuffer buffer, double value) throws IOException {
        if (!buffer.hasRemaining()) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            buffer.clear();
        }
        return buffer.putDouble(value);
    }

    /** The heap in use after a full GC at the start, middle (epoch 2 of 3) and end of a per-sample SGD run. */
    private static void heap(int rows, int features) {
        System.out.printf(Locale.ROOT, "max heap %.0f MiB; data set %d x %d = %.0f MiB as doubles%n",
                Runtime.getRuntime().maxMemory() / 1048576.0, rows, features, 8.0 * rows * (features + 1) / 1048576);
        report("before the data set");
        Dataset data = data(rows, features);
        report("data set made");
        int epochs = 3;
        Problem problem = problem(data, 1, epochs);
        int middle = rows + rows / 2;
        Result result = Descent.run(problem, new RunListener() {
            @Override
            public void onIterate(int iteration, double[] x, double value, double gradientNorm,
                                  double learningRate) {
                if (iteration == middle) {
                    report("mid-run, epoch 2 of " + epochs);
                }
            }
        });
        report("run ended (" + result.stopReason().status() + ", " + result.iterations() + " updates)");
        // The data set stays reachable to the end, so that the last figure counts it as the service would.
        Reference.reachabilityFence(data);
    }

    private static void report(String when) {
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "heap after GC, %s: %.1f MiB%n", when, used / 1048576.0);
    }
}
