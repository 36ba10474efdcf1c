package dev.descent.bench;

import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.optim.Adam;
import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Problem;
import dev.descent.engine.run.Result;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.stop.StoppingRule;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
 * A whole descent through the engine (parsed formula, compiled tape, Adam, stopping rules, the trajectory
 * recorded) against the same 10,000 Adam steps on Rosenbrock written by hand in plain Java with nothing recorded,
 * measured in the same run. The ratio is the price of the engine's generality. Not a test; run {@link #main}:
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
    static final double RATE = 1e-3;

    private Problem problem;

    @Setup
    public void setUp() {
        problem = Problem.of(ExpressionObjective.compile("(1-x)^2 + 100*(y-x^2)^2"), new double[] {-1.5, 2},
                new Adam(0.9, 0.999, 1e-8, 0, false), LearningRateSchedule.constant(RATE),
                StoppingRule.firstOf(List.of(StoppingRule.divergence(1e12), StoppingRule.maxIterations(STEPS))));
        double[] engine = engine().last().point();
        double[] hand = handWritten();
        if (Math.abs(engine[0] - hand[0]) > 1e-12 || Math.abs(engine[1] - hand[1]) > 1e-12) {
            throw new IllegalStateException("engine and hand-written Adam disagree");
        }
    }

    @Benchmark
    public Result engine() {
        return Descent.run(problem);
    }

    /** Adam on Rosenbrock exactly as {@code Adam} computes it, with the gradient written out. */
    @Benchmark
    public double[] handWritten() {
        double x = -1.5;
        double y = 2;
        double mx = 0;
        double my = 0;
        double vx = 0;
        double vy = 0;
        for (int t = 1; t <= STEPS; t++) {
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

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(DescentBenchmark.class.getSimpleName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .build();
        Map<String, Double> scores = new TreeMap<>();
        for (RunResult result : new Runner(options).run()) {
            String name = result.getParams().getBenchmark();
            scores.put(name.substring(name.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
        }
        System.out.printf("%nengine / hand-written, 10,000 Adam steps on Rosenbrock: %.1f%n",
                scores.get("engine") / scores.get("handWritten"));
    }
}
