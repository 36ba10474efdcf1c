package dev.descent.bench;

import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.optim.Adam;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.Powers;
import dev.descent.engine.optim.Sgd;
import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Problem;
import dev.descent.engine.run.Result;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.StoppingRule;
import dev.descent.job.JobPathListener;
import dev.descent.optimization.RunPlan;
import dev.descent.optimization.TrajectoryOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Whole descents through the engine (parsed formula, compiled tape, optimizer, stopping rules, the trajectory
 * recorded as a default request records it: every iterate up to {@code RunPlan.recordLimit()}) against the same
 * steps written by hand in plain Java with nothing recorded, measured in the same run. The ratio (hand-written
 * time / engine time, higher is better) is the price of the engine's generality:
 * <ul>
 *   <li>10,000 Adam steps on Rosenbrock typed as a formula ({@code adam}, {@code adamHandWritten});
 *   <li>10,000 momentum SGD steps on it ({@code momentum}, {@code momentumHandWritten});
 *   <li>10,000 Adam steps on the 10-dimensional Rosenbrock formula ({@code adam10}, {@code adam10HandWritten});
 *   <li>the first two again against loops whose gradient is the tape's own operations written out
 *       ({@code adamSameArithmetic}, {@code momentumSameArithmetic}), which end on the engine's point to the last
 *       bit: what is left is the engine's own cost, the recorded trajectory included (the engine runs both in its
 *       fused loop, {@code FusedLoop}, once the formula is hot);
 *   <li>10,000,000 Adam steps on Rosenbrock through a job's listener ({@link JobPathListener}: what the job
 *       runner's listener does per iterate), timed by {@link #main} in a plain loop after a warm-up, since JMH
 *       iterations of a second or more would make the run long.
 * </ul>
 * Not a test; {@code scripts/bench/engine.sh} compiles and runs {@link #main}, which prints one markdown table row
 * per case ({@code | what | engine | hand-written | ratio |}): the JMH figures, then the same pairs timed again in
 * thread CPU time, alternating, which a shared machine's load disturbs less. By hand:
 *
 * <pre>
 * ./mvnw -q test-compile
 * java -cp target/test-classes:target/classes:$(./mvnw -q dependency:build-classpath \
 *     -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test) dev.descent.bench.DescentBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DescentBenchmark {

    static final int STEPS = 10_000;
    static final int JOB_STEPS = 10_000_000;
    static final double RATE = 1e-3;
    static final double MOMENTUM_RATE = 1e-4;
    static final double MOMENTUM = 0.9;
    static final String ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2";
    static final int DIMENSION = 10;

    /** How the rows against the baselines with the engine's own arithmetic begin. */
    static final String SAME = "against the tape's arithmetic by hand (same bits): ";
    /**
     * How the rows against the same arithmetic with the engine's table of β^t ({@link Powers}) begin: the engine's
     * loop against a hand-written one that does not pay for {@code Math.pow} either.
     */
    static final String POWERS = "against the tape's arithmetic and β^t from the engine's table, by hand (same bits): ";
    static final String POWERS_10 = "against the hand-written loop with β^t from the engine's table: ";

    private Problem adam;
    private Problem momentum;
    private Problem adam10;

    /** The problem a default request (divergence bound, iteration cap, default trajectory) makes. */
    static RunPlan plan(String formula, double[] start, Optimizer<?> optimizer, double rate, int steps) {
        ExpressionObjective objective = ExpressionObjective.compile(formula);
        Problem problem = Problem.of(objective, start, optimizer, LearningRateSchedule.constant(rate),
                StoppingRule.firstOf(List.of(StoppingRule.divergence(1e12), StoppingRule.maxIterations(steps))));
        TrajectoryOptions trajectory = new TrajectoryOptions(null, null);
        RunPlan plan = new RunPlan(problem, formula, objective.variables(), null, trajectory, steps, null, false, null);
        return new RunPlan(problem.withRecordLimit(plan.recordLimit()), formula, objective.variables(), null,
                trajectory, steps, null, false, null);
    }

    static double[] start10() {
        double[] start = new double[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            start[i] = i % 2 == 0 ? -1.2 : 1.0;
        }
        return start;
    }

    @Setup
    public void setUp() {
        adam = plan(ROSENBROCK, new double[] {-1.5, 2}, new Adam(0.9, 0.999, 1e-8, 0, false), RATE, STEPS).problem();
        momentum = plan(ROSENBROCK, new double[] {-1.5, 2}, new Sgd(MOMENTUM, 0, 0, false), MOMENTUM_RATE, STEPS)
                .problem();
        adam10 = plan(ExpressionBenchmark.rosenbrock(DIMENSION), start10(), new Adam(0.9, 0.999, 1e-8, 0, false),
                RATE, STEPS).problem();
        // The tape sums the gradient's terms in another order than the hand-written code: equal to rounding.
        agree("Adam", adam().last().point(), adamHandWritten(), 1e-12);
        agree("momentum SGD", momentum().last().point(), momentumHandWritten(), 1e-12);
        // Written with the tape's own operations: the same bits.
        agree("Adam, the engine's arithmetic", adam().last().point(), adamSameArithmetic(), 0);
        agree("momentum SGD, the engine's arithmetic", momentum().last().point(), momentumSameArithmetic(), 0);
        agree("10-D Adam", adam10().last().point(), adam10HandWritten(), 1e-9);
        agree("Adam, the engine's arithmetic and powers", adam().last().point(), adamSameArithmeticPowers(), 0);
        agree("10-D Adam, powers from the tables", adam10HandWrittenPowers(), adam10HandWritten(), 0);
    }

    static void agree(String what, double[] engine, double[] hand, double tolerance) {
        for (int i = 0; i < engine.length; i++) {
            boolean same = tolerance == 0
                    ? Double.doubleToRawLongBits(engine[i]) == Double.doubleToRawLongBits(hand[i])
                    : Math.abs(engine[i] - hand[i]) <= tolerance;
            if (!same) {
                throw new IllegalStateException("engine and hand-written " + what + " disagree: "
                        + Arrays.toString(engine) + " against " + Arrays.toString(hand));
            }
        }
    }

    @Benchmark
    public Result adam() {
        return Descent.run(adam);
    }

    @Benchmark
    public double[] adamHandWritten() {
        return adamHandWritten(STEPS);
    }

    @Benchmark
    public Result momentum() {
        return Descent.run(momentum);
    }

    @Benchmark
    public double[] momentumHandWritten() {
        double x = -1.5;
        double y = 2;
        double bx = 0;
        double by = 0;
        for (int t = 1; t <= STEPS; t++) {
            double gx = -2 * (1 - x) - 400 * x * (y - x * x);
            double gy = 200 * (y - x * x);
            bx = t > 1 ? MOMENTUM * bx + (1 - 0.0) * gx : gx;
            by = t > 1 ? MOMENTUM * by + (1 - 0.0) * gy : gy;
            x = x - MOMENTUM_RATE * bx;
            y = y - MOMENTUM_RATE * by;
        }
        return new double[] {x, y};
    }

    /**
     * Adam on Rosenbrock with the gradient computed by the operations the engine's tape runs for the formula
     * (reverse mode: a variable's adjoint, the gradient, adds its first contribution to 0.0, an operation's takes it
     * as it is, as the tape's generated code does), so that the loop ends on the engine's point to the last bit.
     * Against {@link #adamHandWritten} (the gradient simplified by hand, fewer dependent operations a step) it shows
     * what the exact differentiation of a typed formula costs by itself.
     */
    @Benchmark
    public double[] adamSameArithmetic() {
        return adamSameArithmetic(false);
    }

    /**
     * {@link #adamSameArithmetic} reading β^t as the engine does, from {@link Powers}' tables (the same doubles as
     * {@code Math.pow}): the engine's loop against the same arithmetic, the same powers included.
     */
    @Benchmark
    public double[] adamSameArithmeticPowers() {
        return adamSameArithmetic(true);
    }

    /** The loop of {@link #adamSameArithmetic}, its powers by {@code Math.pow} or from {@link Powers}' tables. */
    private static double[] adamSameArithmetic(boolean tables) {
        double x = -1.5;
        double y = 2;
        double mx = 0;
        double my = 0;
        double vx = 0;
        double vy = 0;
        for (int t = 1; t <= STEPS; t++) {
            // The tape of (1-x)^2 + 100*(y-x^2)^2, backwards from its sum (the value itself is not needed here).
            double a = 1 - x;
            double d = y - x * x;
            double adjointD = (1.0 * 100) * (2.0 * d);
            double gy = 0.0 + adjointD;
            double gx = (0.0 + (0.0 - adjointD) * (2.0 * x)) - 1.0 * (2.0 * a);
            double stepSize = RATE / (1 - (tables ? Powers.of(0.9, t) : Math.pow(0.9, t)));
            double correction = Math.sqrt(1 - (tables ? Powers.of(0.999, t) : Math.pow(0.999, t)));
            mx = mx * 0.9 + (1 - 0.9) * gx;
            my = my * 0.9 + (1 - 0.9) * gy;
            vx = vx * 0.999 + (1 - 0.999) * gx * gx;
            vy = vy * 0.999 + (1 - 0.999) * gy * gy;
            x = x + -stepSize * mx / (Math.sqrt(vx) / correction + 1e-8);
            y = y + -stepSize * my / (Math.sqrt(vy) / correction + 1e-8);
        }
        return new double[] {x, y};
    }

    /** Momentum SGD with the tape's operations for the gradient, as {@link #adamSameArithmetic}. */
    @Benchmark
    public double[] momentumSameArithmetic() {
        double x = -1.5;
        double y = 2;
        double bx = 0;
        double by = 0;
        for (int t = 1; t <= STEPS; t++) {
            double a = 1 - x;
            double d = y - x * x;
            double adjointD = (1.0 * 100) * (2.0 * d);
            double gy = 0.0 + adjointD;
            double gx = (0.0 + (0.0 - adjointD) * (2.0 * x)) - 1.0 * (2.0 * a);
            bx = t > 1 ? MOMENTUM * bx + (1 - 0.0) * gx : gx;
            by = t > 1 ? MOMENTUM * by + (1 - 0.0) * gy : gy;
            x = x - MOMENTUM_RATE * bx;
            y = y - MOMENTUM_RATE * by;
        }
        return new double[] {x, y};
    }

    @Benchmark
    public Result adam10() {
        return Descent.run(adam10);
    }

    /** Adam on the 10-dimensional Rosenbrock function, its gradient written out. */
    @Benchmark
    public double[] adam10HandWritten() {
        return adam10HandWritten(false);
    }

    /** {@link #adam10HandWritten} reading β^t from {@link Powers}' tables, as the engine does. */
    @Benchmark
    public double[] adam10HandWrittenPowers() {
        return adam10HandWritten(true);
    }

    private static double[] adam10HandWritten(boolean tables) {
        double[] x = start10();
        double[] g = new double[DIMENSION];
        double[] m = new double[DIMENSION];
        double[] v = new double[DIMENSION];
        for (int t = 1; t <= STEPS; t++) {
            Arrays.fill(g, 0);
            for (int i = 0; i < DIMENSION - 1; i++) {
                double d = x[i + 1] - x[i] * x[i];
                g[i] += -400 * x[i] * d - 2 * (1 - x[i]);
                g[i + 1] += 200 * d;
            }
            double stepSize = RATE / (1 - (tables ? Powers.of(0.9, t) : Math.pow(0.9, t)));
            double correction = Math.sqrt(1 - (tables ? Powers.of(0.999, t) : Math.pow(0.999, t)));
            for (int i = 0; i < DIMENSION; i++) {
                m[i] = m[i] * 0.9 + (1 - 0.9) * g[i];
                v[i] = v[i] * 0.999 + (1 - 0.999) * g[i] * g[i];
                x[i] = x[i] + -stepSize * m[i] / (Math.sqrt(v[i]) / correction + 1e-8);
            }
        }
        return x;
    }

    /** Adam on Rosenbrock exactly as {@code Adam} computes it, with the gradient written out. */
    static double[] adamHandWritten(int steps) {
        double x = -1.5;
        double y = 2;
        double mx = 0;
        double my = 0;
        double vx = 0;
        double vy = 0;
        for (int t = 1; t <= steps; t++) {
            double gx = -2 * (1 - x) - 400 * x * (y - x * x);
            double gy = 200 * (y - x * x);
            double stepSize = RATE / (1 - Math.pow(0.9, t));
            double correction = Math.sqrt(1 - Math.pow(0.999, t));
            mx = mx * 0.9 + (1 - 0.9) * gx;
            my = my * 0.9 + (1 - 0.9) * gy;
            vx = vx * 0.999 + (1 - 0.999) * gx * gx;
            vy = vy * 0.999 + (1 - 0.999) * gy * gy;
            x = x + -stepSize * mx / (Math.sqrt(vx) / correction + 1e-8);
            y = y + -stepSize * my / (Math.sqrt(vy) / correction + 1e-8);
        }
        return new double[] {x, y};
    }

    /** Runs the JMH benchmarks, then the job path, and prints a markdown table row for each pair. */
    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(DescentBenchmark.class.getName())
                .forks(1)
                .warmupIterations(4)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .build();
        Map<String, Double> scores = new TreeMap<>();
        for (RunResult result : new Runner(options).run()) {
            String name = result.getParams().getBenchmark();
            scores.put(name.substring(name.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
        }
        DescentBenchmark bench = new DescentBenchmark();
        bench.setUp();
        String[] alternating = {
            alternating("Adam, Rosenbrock formula, 10,000 steps", bench::adam, bench::adamHandWritten),
            alternating("momentum SGD, Rosenbrock formula, 10,000 steps", bench::momentum,
                    bench::momentumHandWritten),
            alternating("Adam, 10-D Rosenbrock formula, 10,000 steps", bench::adam10, bench::adam10HandWritten),
            alternating(SAME + "Adam, Rosenbrock formula, 10,000 steps", bench::adam, bench::adamSameArithmetic),
            alternating(SAME + "momentum SGD, Rosenbrock formula, 10,000 steps", bench::momentum,
                    bench::momentumSameArithmetic),
            alternating(POWERS + "Adam, Rosenbrock formula, 10,000 steps", bench::adam,
                    bench::adamSameArithmeticPowers),
            alternating(POWERS_10 + "Adam, 10-D Rosenbrock formula, 10,000 steps", bench::adam10,
                    bench::adam10HandWrittenPowers),
        };
        String jobPath = jobPath();
        System.out.println();
        System.out.println("| what | engine | hand-written | hand-written / engine |");
        System.out.println("|---|---|---|---|");
        row("Adam, Rosenbrock formula, 10,000 steps", scores.get("adam"), scores.get("adamHandWritten"), "us");
        row("momentum SGD, Rosenbrock formula, 10,000 steps", scores.get("momentum"),
                scores.get("momentumHandWritten"), "us");
        row("Adam, 10-D Rosenbrock formula, 10,000 steps", scores.get("adam10"), scores.get("adam10HandWritten"),
                "us");
        row(SAME + "Adam, Rosenbrock formula, 10,000 steps", scores.get("adam"), scores.get("adamSameArithmetic"),
                "us");
        row(SAME + "momentum SGD, Rosenbrock formula, 10,000 steps", scores.get("momentum"),
                scores.get("momentumSameArithmetic"), "us");
        row(POWERS + "Adam, Rosenbrock formula, 10,000 steps", scores.get("adam"),
                scores.get("adamSameArithmeticPowers"), "us");
        row(POWERS_10 + "Adam, 10-D Rosenbrock formula, 10,000 steps", scores.get("adam10"),
                scores.get("adam10HandWrittenPowers"), "us");
        for (String row : alternating) {
            System.out.println(row);
        }
        System.out.println(jobPath);
    }

    /**
     * The same pair timed in thread CPU time, alternating, so that both see the same load of a shared machine
     * (JMH times one benchmark after the other, in wall-clock time): two seconds of each to warm up, then seven
     * rounds of 200 runs of each; the medians. Returns the table row.
     */
    static String alternating(String what, Supplier<Object> engine, Supplier<Object> hand) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Supplier<Object> warm : List.of(engine, hand)) {
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end) {
                warm.get();
            }
        }
        int runs = 200;
        double[] engineMicros = new double[7];
        double[] handMicros = new double[7];
        for (int round = 0; round < engineMicros.length; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < runs; i++) {
                engine.get();
            }
            long middle = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < runs; i++) {
                hand.get();
            }
            long end = threads.getCurrentThreadCpuTime();
            engineMicros[round] = (middle - start) / 1e3 / runs;
            handMicros[round] = (end - middle) / 1e3 / runs;
        }
        Arrays.sort(engineMicros);
        Arrays.sort(handMicros);
        double e = engineMicros[engineMicros.length / 2];
        double h = handMicros[handMicros.length / 2];
        return String.format(Locale.ROOT, "| %s, CPU time, alternating | %.0f us | %.0f us | %.2fx |", what, e, h,
                h / e);
    }

    private static void row(String what, double engine, double hand, String unit) {
        System.out.println(String.format(Locale.ROOT, "| %s | %.0f %s | %.0f %s | %.2fx |", what, engine, unit, hand,
                unit, hand / engine));
    }

    /**
     * 10,000,000 Adam steps through a job's listener against the hand-written loop: one of each to warm up, then
     * three of each alternating; the medians of the thread's CPU time (on a shared machine, time spent waiting for a
     * core is not counted). Returns the table row.
     */
    static String jobPath() {
        RunPlan plan = plan(ROSENBROCK, new double[] {-1.5, 2}, new Adam(0.9, 0.999, 1e-8, 0, false), RATE,
                JOB_STEPS);
        long[] engine = new long[3];
        long[] hand = new long[3];
        double[] engineEnd = null;
        double[] handEnd = null;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = -1; round < engine.length; round++) {
            long start = threads.getCurrentThreadCpuTime();
            engineEnd = Descent.run(plan.problem(), JobPathListener.of(plan)).last().point();
            long middle = threads.getCurrentThreadCpuTime();
            handEnd = adamHandWritten(JOB_STEPS);
            long end = threads.getCurrentThreadCpuTime();
            if (round >= 0) {
                engine[round] = middle - start;
                hand[round] = end - middle;
            }
            System.out.printf(Locale.ROOT, "job path, 10,000,000 Adam steps: engine %.3f s, hand-written %.3f s of CPU time%s%n",
                    (middle - start) / 1e9, (end - middle) / 1e9, round < 0 ? " (warm-up)" : "");
        }
        // Rounding differences of the gradient, accumulated over 10,000,000 steps.
        agree("Adam through a job", engineEnd, handEnd, 1e-6);
        Arrays.sort(engine);
        Arrays.sort(hand);
        double e = engine[1] / 1e9;
        double h = hand[1] / 1e9;
        return String.format(Locale.ROOT,
                "| Adam, Rosenbrock formula, 10,000,000 steps through a job's listener | %.3f s | %.3f s | %.2fx |",
                e, h, h / e);
    }
}
