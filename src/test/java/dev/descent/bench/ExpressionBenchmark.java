package dev.descent.bench;

import dev.descent.engine.ad.Interpreters;
import dev.descent.engine.ad.Tape;
import dev.descent.engine.expr.Expr;
import dev.descent.engine.expr.Expressions;
import dev.descent.engine.expr.Parser;
import java.util.Collection;
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
 * Value and gradient from the compiled {@link Tape}, run by its generated code ({@code tape}, what
 * {@link Tape#evaluator()} gives) and by its reference interpreter ({@code interpreted}), against hand-written Java for
 * the same function, measured in the same run: Rosenbrock in 2 and in 10 dimensions (the sum form, 9 terms). Not a
 * test; run {@link #main}, which prints the ratios to hand-written Java:
 *
 * <pre>
 * ./mvnw -q test-compile
 * java -cp target/test-classes:target/classes:$(./mvnw -q dependency:build-classpath \
 *     -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test) dev.descent.bench.ExpressionBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExpressionBenchmark {

    static final String ROSENBROCK_2D = "(1-x)^2 + 100*(y-x^2)^2";

    private Tape.Evaluator rosenbrock2;
    private Tape.Evaluator rosenbrock10;
    private Tape.Evaluator interpretedRosenbrock2;
    private Tape.Evaluator interpretedRosenbrock10;
    private final double[] x2 = {-1.2, 1.0};
    private final double[] x10 = {-1.2, 1.0, -1.2, 1.0, -1.2, 1.0, -1.2, 1.0, -1.2, 1.0};
    private final double[] gradient2 = new double[2];
    private final double[] gradient10 = new double[10];

    /** {@code sum_{i=1..n-1} 100*(x(i+1) - xi^2)^2 + (1 - xi)^2}, as the catalog writes it. */
    static String rosenbrock(int n) {
        StringBuilder source = new StringBuilder();
        for (int i = 1; i < n; i++) {
            source.append(i > 1 ? " + " : "")
                    .append("100*(x").append(i + 1).append(" - x").append(i).append("^2)^2 + (1 - x").append(i)
                    .append(")^2");
        }
        return source.toString();
    }

    private static Tape compile(String source) {
        Expr expr = Parser.parse(source);
        return Tape.compile(expr, Expressions.variables(expr));
    }

    @Setup
    public void setUp() {
        Tape tape2 = compile(ROSENBROCK_2D);
        Tape tape10 = compile(rosenbrock(10));
        rosenbrock2 = tape2.evaluator();
        rosenbrock10 = tape10.evaluator();
        interpretedRosenbrock2 = Interpreters.interpreter(tape2);
        interpretedRosenbrock10 = Interpreters.interpreter(tape10);
        // Compare like with like: all three must compute the same value and gradient (the tape's two ways exactly).
        double[] hand = new double[10];
        double[] interpreted = new double[10];
        double value = rosenbrock10.valueAndGradient(x10, gradient10);
        double difference = Math.abs(value - handRosenbrock(x10, hand));
        for (int i = 0; i < 10; i++) {
            difference = Math.max(difference, Math.abs(gradient10[i] - hand[i]));
        }
        if (difference > 1e-9) {
            throw new IllegalStateException("tape and hand-written Rosenbrock differ by " + difference);
        }
        if (value != interpretedRosenbrock10.valueAndGradient(x10, interpreted)
                || !java.util.Arrays.equals(gradient10, interpreted)) {
            throw new IllegalStateException("generated code and interpreter differ");
        }
    }

    @Benchmark
    public double tapeRosenbrock2() {
        return rosenbrock2.valueAndGradient(x2, gradient2) + gradient2[0];
    }

    @Benchmark
    public double interpretedRosenbrock2() {
        return interpretedRosenbrock2.valueAndGradient(x2, gradient2) + gradient2[0];
    }

    @Benchmark
    public double handRosenbrock2() {
        return handRosenbrock(x2, gradient2) + gradient2[0];
    }

    @Benchmark
    public double tapeRosenbrock10() {
        return rosenbrock10.valueAndGradient(x10, gradient10) + gradient10[0];
    }

    @Benchmark
    public double interpretedRosenbrock10() {
        return interpretedRosenbrock10.valueAndGradient(x10, gradient10) + gradient10[0];
    }

    @Benchmark
    public double handRosenbrock10() {
        return handRosenbrock(x10, gradient10) + gradient10[0];
    }

    /** The baseline: value and gradient of the n-dimensional Rosenbrock function written out by hand. */
    static double handRosenbrock(double[] x, double[] gradient) {
        java.util.Arrays.fill(gradient, 0.0);
        double value = 0;
        for (int i = 0; i < x.length - 1; i++) {
            double t = x[i + 1] - x[i] * x[i];
            double u = 1 - x[i];
            value += 100 * (t * t) + u * u;
            gradient[i] += -400 * x[i] * t - 2 * u;
            gradient[i + 1] += 200 * t;
        }
        return value;
    }

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ExpressionBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> nanos = new TreeMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            nanos.put(label.substring(label.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
        }
        System.out.printf("%nvalue + gradient, ns per call, and ratio to hand-written Java:%n");
        for (String size : new String[] {"2", "10"}) {
            double tape = nanos.get("tapeRosenbrock" + size);
            double interpreted = nanos.get("interpretedRosenbrock" + size);
            double hand = nanos.get("handRosenbrock" + size);
            System.out.printf("Rosenbrock %2s-D: hand-written %7.2f ns | generated %7.2f ns, %5.2fx"
                    + " | interpreter %7.2f ns, %5.2fx%n", size, hand, tape, tape / hand, interpreted,
                    interpreted / hand);
        }
    }
}
