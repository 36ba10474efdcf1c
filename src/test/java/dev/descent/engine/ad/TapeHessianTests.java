package dev.descent.engine.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.engine.ad.TapeGradientTests.Domain;
import dev.descent.engine.ad.TapeGradientTests.Oracle;
import dev.descent.engine.expr.Expr;
import dev.descent.engine.expr.Expressions;
import dev.descent.engine.expr.Parser;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hessian-vector products of the tape (forward-over-reverse) against three independent references: Hessians
 * written out by hand, commons-math3 {@link DerivativeStructure} at second order (forward mode, another
 * implementation) over TapeGradientTests' table of every operator and function and over random expressions, and
 * central differences of the tape's exact gradients, Richardson-extrapolated.
 */
@DisplayName("Hessian-vector products of the tape")
class TapeHessianTests {

    /** Relative to the largest entry of the Hessian: rounding only (each entry is a few operations). */
    private static final double RELATIVE = 1e-12;
    private static final int POINTS = 200;
    /** Richardson-extrapolated central differences agree to this, relative to the product's size. */
    private static final double DIFFERENCES = 1e-8;

    /** A formula, points, and its Hessian written by hand. */
    private record ClosedForm(String formula, double[][] points, Function<double[], double[][]> hessian) {
        @Override
        public String toString() {
            return formula;
        }
    }

    static Stream<ClosedForm> closedForms() {
        double[][] plane = {{1, 1}, {-1.2, 1}, {0.3, -0.7}, {2, 3}, {-0.5, 0.25}, {0, 0}};
        double[][] positive = {{1, 1}, {0.5, 2}, {3, 0.7}, {1.7, 2.9}};
        return Stream.of(
                new ClosedForm("100*(y - x^2)^2 + (1 - x)^2", plane, p -> new double[][] {
                        {1200 * p[0] * p[0] - 400 * p[1] + 2, -400 * p[0]}, {-400 * p[0], 200}}),
                new ClosedForm("x^2 - y^2", plane, p -> new double[][] {{2, 0}, {0, -2}}),
                new ClosedForm("sin(x)*exp(y)", plane, p -> new double[][] {
                        {-Math.sin(p[0]) * Math.exp(p[1]), Math.cos(p[0]) * Math.exp(p[1])},
                        {Math.cos(p[0]) * Math.exp(p[1]), Math.sin(p[0]) * Math.exp(p[1])}}),
                new ClosedForm("x/y", positive, p -> new double[][] {
                        {0, -1 / (p[1] * p[1])}, {-1 / (p[1] * p[1]), 2 * p[0] / (p[1] * p[1] * p[1])}}),
                new ClosedForm("sqrt(x^2 + y^2)", positive, p -> {
                    double r = Math.hypot(p[0], p[1]);
                    double r3 = r * r * r;
                    return new double[][] {{p[1] * p[1] / r3, -p[0] * p[1] / r3},
                            {-p[0] * p[1] / r3, p[0] * p[0] / r3}};
                }),
                new ClosedForm("log(x) + log10(y) + sqrt(x*y)", positive, p -> {
                    double s = Math.sqrt(p[0] * p[1]);
                    return new double[][] {
                            {-1 / (p[0] * p[0]) - p[1] * p[1] / (4 * s * s * s), 1 / (4 * s)},
                            {1 / (4 * s), -1 / (p[1] * p[1] * Math.log(10)) - p[0] * p[0] / (4 * s * s * s)}};
                }),
                new ClosedForm("x^y", positive, p -> {
                    double x = p[0];
                    double y = p[1];
                    double mixed = Math.pow(x, y - 1) * (1 + y * Math.log(x));
                    return new double[][] {{y * (y - 1) * Math.pow(x, y - 2), mixed},
                            {mixed, Math.pow(x, y) * Math.log(x) * Math.log(x)}};
                }),
                new ClosedForm("tanh(x*y)", plane, p -> {
                    double t = Math.tanh(p[0] * p[1]);
                    double s = 1 - t * t;
                    double mixed = s - 2 * p[0] * p[1] * t * s;
                    return new double[][] {{-2 * p[1] * p[1] * t * s, mixed}, {mixed, -2 * p[0] * p[0] * t * s}};
                }),
                new ClosedForm("x^3 + x^-2 + x^1.5 + abs(x) - cos(x)", new double[][] {{0.5}, {1}, {2.5}}, p -> {
                    double x = p[0];
                    return new double[][] {{6 * x + 6 / (x * x * x * x) + 0.75 / Math.sqrt(x) + Math.cos(x)}};
                }),
                new ClosedForm("tan(x) + asin(y) + atan(x*y)", new double[][] {{0.3, 0.5}, {-1.1, -0.2}}, p -> {
                    double x = p[0];
                    double y = p[1];
                    double t = Math.tan(x);
                    double q = 1 + x * x * y * y;
                    double mixed = (1 - x * x * y * y) / (q * q);
                    return new double[][] {{2 * t * (1 + t * t) - 2 * x * y * y * y / (q * q), mixed},
                            {mixed, y / Math.pow(1 - y * y, 1.5) - 2 * x * x * x * y / (q * q)}};
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closedForms")
    @DisplayName("equal the Hessian written by hand")
    void equalClosedForms(ClosedForm form) {
        Tape tape = compile(form.formula());
        int n = tape.dimension();
        RandomGenerator random = new Well19937c(7);
        for (double[] x : form.points()) {
            double[][] h = form.hessian().apply(x);
            for (int trial = 0; trial <= n; trial++) {
                // Each unit vector (the columns of H), then a random direction.
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = trial < n ? (i == trial ? 1 : 0) : random.nextGaussian();
                }
                double[] hv = product(tape, x, v);
                double scale = maxAbs(h) * maxAbs(v);
                for (int i = 0; i < n; i++) {
                    double expected = 0;
                    for (int j = 0; j < n; j++) {
                        expected += h[i][j] * v[j];
                    }
                    assertClose(expected, hv[i], RELATIVE * scale, form.formula() + " at " + Arrays.toString(x)
                            + ", v = " + Arrays.toString(v) + ", component " + i);
                }
            }
        }
    }

    static Stream<Arguments> everyOperation() {
        return TapeGradientTests.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOperation")
    @DisplayName("equal DerivativeStructure's second derivatives, for every operator and function")
    void equalDerivativeStructure(String source, Domain domain, Oracle oracle) {
        Tape tape = compile(source);
        int n = tape.dimension();
        RandomGenerator random = new Well19937c(source.hashCode());
        double[] x = new double[n];
        for (int point = 0; point < POINTS; point++) {
            DerivativeStructure[] inputs = new DerivativeStructure[n];
            for (int i = 0; i < n; i++) {
                x[i] = domain.low() + (domain.high() - domain.low()) * random.nextDouble();
                inputs[i] = new DerivativeStructure(n, 2, i, x[i]);
            }
            double[][] h = hessian(oracle.apply(inputs), n);
            double scale = maxAbs(h);
            for (int j = 0; j < n; j++) {
                double[] hv = product(tape, x, unit(n, j));
                for (int i = 0; i < n; i++) {
                    assertClose(h[i][j], hv[i], RELATIVE * scale,
                            "d²/d" + i + "d" + j + " of " + source + " at " + Arrays.toString(x));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOperation")
    @DisplayName("equal central differences of exact gradients, Richardson-extrapolated, to 1e-8")
    void equalDifferencesOfGradients(String source, Domain domain, Oracle oracle) {
        Tape tape = compile(source);
        Tape.Evaluator evaluator = tape.interpreter();
        int n = tape.dimension();
        RandomGenerator random = new Well19937c(source.hashCode() + 1L);
        double[] x = new double[n];
        double[] v = new double[n];
        for (int point = 0; point < POINTS / 4; point++) {
            // The middle half of the domain: near its edges (tan near π/2) the higher derivatives the differences
            // neglect grow without bound.
            double middle = (domain.low() + domain.high()) / 2;
            double half = (domain.high() - domain.low()) / 4;
            for (int i = 0; i < n; i++) {
                x[i] = middle + half * (2 * random.nextDouble() - 1);
                v[i] = random.nextGaussian();
            }
            double[] hv = product(tape, x, v);
            double[] reference = richardson(evaluator, x, v);
            double scale = Math.max(1, maxAbs(hv));
            for (int i = 0; i < n; i++) {
                assertClose(reference[i], hv[i], DIFFERENCES * scale,
                        source + " at " + Arrays.toString(x) + " along " + Arrays.toString(v) + ", component " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOperation")
    @DisplayName("give the same value and gradient as valueAndGradient, to the bit")
    void sameValueAndGradient(String source, Domain domain, Oracle oracle) {
        Tape tape = compile(source);
        int n = tape.dimension();
        RandomGenerator random = new Well19937c(source.hashCode() + 2L);
        List<Tape.Evaluator> evaluators = List.of(tape.interpreter(), generated(tape));
        for (int point = 0; point < 50; point++) {
            double[] x = new double[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = domain.low() + (domain.high() - domain.low()) * random.nextDouble();
                v[i] = random.nextGaussian();
            }
            for (Tape.Evaluator evaluator : evaluators) {
                double[] gradient = new double[n];
                double value = evaluator.valueAndGradient(x, gradient);
                double[] fromProduct = new double[n];
                double valueFromProduct = evaluator.hessianVector(x, v, fromProduct, new double[n]);
                assertThat(valueFromProduct).isEqualTo(value);
                assertThat(fromProduct).isEqualTo(gradient);
            }
        }
    }

    @Test
    @DisplayName("are exact where the Hessian is constant, 0 for a zero direction, and NaN outside the domain")
    void edgeCases() {
        Tape quadratic = compile("3*x^2 - 2*x*y + 5*y^2 - 7*x + 1");
        assertThat(product(quadratic, new double[] {1e6, -3}, new double[] {1, 2}))
                .containsExactly(6 * 1 - 2 * 2, -2 * 1 + 10 * 2);
        assertThat(product(quadratic, new double[] {1, 2}, new double[] {0, 0})).containsExactly(0, 0);
        assertThat(product(compile("abs(x) * 3 + x"), new double[] {-2}, new double[] {1})).containsExactly(0);
        // Outside the domain the rules apply as written, as for the gradient: sqrt(-1) is NaN and so is all that
        // follows from it; log(x)'s rules 1/x and -1/x² never read log(x) itself, and stay finite, as its gradient.
        assertThat(product(compile("sqrt(x)"), new double[] {-1}, new double[] {1})[0]).isNaN();
        assertThat(product(compile("log(x)"), new double[] {-2}, new double[] {1})).containsExactly(-0.25);
        // sqrt(x) at 0 has an infinite derivative: the gradient's x component is infinite, and so the product's is
        // not a number, but the y component, which never meets it, is exact.
        double[] atZero = product(compile("sqrt(x) + y^2"), new double[] {0, 1}, new double[] {0, 1});
        assertThat(atZero[0]).isNaN();
        assertThat(atZero[1]).isEqualTo(2);
        // A constant and a bare variable: no operations on the tape.
        assertThat(product(compile("x"), new double[] {3}, new double[] {1})).containsExactly(0);
        Tape.Evaluator evaluator = compile("x*y").interpreter();
        double[] out = new double[2];
        assertThat(evaluator.hessianVector(new double[] {2, 3}, new double[] {1, 1}, null, out)).isEqualTo(6);
        assertThat(out).containsExactly(1, 1);
    }

    /** Trees per seed, points per tree, as in ExpressionFuzzTests. */
    private static final int TREES = 60;
    private static final int TREE_POINTS = 4;

    static LongStream seeds() {
        return LongStream.range(20_251_202L, 20_251_210L);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("equal DerivativeStructure's Hessian on random expressions")
    void randomExpressions(long seed) {
        Random random = new Random(seed);
        ExpressionFuzzTests.RandomTrees trees = new ExpressionFuzzTests.RandomTrees(random);
        int compared = 0;
        for (int t = 0; t < TREES; t++) {
            Expr expr = trees.tree(2 + random.nextInt(5));
            List<String> variables = Expressions.variables(expr);
            Tape tape = Tape.compile(expr, variables);
            int n = variables.size();
            for (int p = 0; p < TREE_POINTS; p++) {
                double[] x = new double[n];
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = random.nextBoolean() ? 6 * random.nextDouble() - 3 : 0.05 + 3 * random.nextDouble();
                    v[i] = random.nextGaussian();
                }
                SecondOrderOracle oracle = new SecondOrderOracle(variables, x);
                double[] expected = oracle.hessianVector(expr, v, null);
                // As in ExpressionFuzzTests: skipped where the oracle is not finite (the conventions differ by
                // design there) or an intermediate value is extreme (reverse and forward mode under- and
                // overflow at different places).
                if (expected == null || oracle.extreme()) {
                    continue;
                }
                double[] spread = new double[n];
                Random noise = new Random(random.nextLong());
                boolean noisyFinite = true;
                for (int run = 0; run < 3 && noisyFinite; run++) {
                    double[] noisy = new SecondOrderOracle(variables, x).hessianVector(expr, v, noise);
                    noisyFinite = noisy != null;
                    for (int i = 0; noisyFinite && i < n; i++) {
                        spread[i] = Math.max(spread[i], Math.abs(noisy[i] - expected[i]));
                    }
                }
                if (!noisyFinite) {
                    continue;
                }
                double[] hv = product(tape, x, v);
                for (int i = 0; i < n; i++) {
                    assertClose(expected[i], hv[i], RELATIVE * Math.abs(expected[i]) + 16 * spread[i],
                            "seed " + seed + ", tree " + t + ": " + expr.parenthesized() + " at " + variables
                                    + " = " + Arrays.toString(x) + " along " + Arrays.toString(v) + ", component "
                                    + i);
                }
                compared++;
            }
        }
        assertThat(compared).as("points compared").isGreaterThan(TREES * TREE_POINTS / 3);
    }

    /** {@code expr} with second-order DerivativeStructures ({@link ExpressionFuzzTests.Oracle} of order 2). */
    private static final class SecondOrderOracle {

        private final ExpressionFuzzTests.Oracle oracle;
        private final List<String> variables;

        SecondOrderOracle(List<String> variables, double[] x) {
            this.variables = variables;
            this.oracle = new ExpressionFuzzTests.Oracle(variables, x, 2);
        }

        boolean extreme() {
            return oracle.extreme;
        }

        /** H·v, or null if the value or a first or second derivative is not finite. */
        double[] hessianVector(Expr expr, double[] v, Random noise) {
            DerivativeStructure result = oracle.walk(expr, noise);
            for (double d : result.getAllDerivatives()) {
                if (!Double.isFinite(d)) {
                    return null;
                }
            }
            int n = variables.size();
            double[][] h = hessian(result, n);
            double[] hv = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    hv[i] += h[i][j] * v[j];
                }
            }
            return hv;
        }
    }

    private static Tape compile(String source) {
        Expr expr = Parser.parse(source);
        return Tape.compile(expr, Expressions.variables(expr));
    }

    /** An evaluator that runs generated code: HVPs are interpreted whatever the evaluator runs otherwise. */
    private static Tape.Evaluator generated(Tape tape) {
        tape.generated();
        return tape.evaluator();
    }

    private static double[] product(Tape tape, double[] x, double[] v) {
        double[] out = new double[x.length];
        tape.interpreter().hessianVector(x, v, new double[x.length], out);
        return out;
    }

    /**
     * Central differences of the exact gradient along v, Richardson-extrapolated: (4 D(h/2) - D(h)) / 3 with
     * D(h) = (∇f(x + hv) - ∇f(x - hv)) / 2h, whose error is O(h⁴). h·v is 1e-4 of the smallest non-zero |x_i|
     * (at most 1e-4): 1/x at 0.025 changes by 1e-4 relative over the step, so the error is some (1e-4)⁴ relative,
     * and rounding about ε·|∇f| / h, both well below 1e-8.
     */
    private static double[] richardson(Tape.Evaluator evaluator, double[] x, double[] v) {
        double smallest = 1;
        for (double coordinate : x) {
            if (coordinate != 0) {
                smallest = Math.min(smallest, Math.abs(coordinate));
            }
        }
        double h = 1e-4 * smallest / maxAbs(v);
        double[] coarse = centralDifference(evaluator, x, v, h);
        double[] fine = centralDifference(evaluator, x, v, h / 2);
        double[] extrapolated = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            extrapolated[i] = (4 * fine[i] - coarse[i]) / 3;
        }
        return extrapolated;
    }

    private static double[] centralDifference(Tape.Evaluator evaluator, double[] x, double[] v, double h) {
        int n = x.length;
        double[] plus = new double[n];
        double[] minus = new double[n];
        for (int i = 0; i < n; i++) {
            plus[i] = x[i] + h * v[i];
            minus[i] = x[i] - h * v[i];
        }
        double[] gradientPlus = new double[n];
        double[] gradientMinus = new double[n];
        evaluator.valueAndGradient(plus, gradientPlus);
        evaluator.valueAndGradient(minus, gradientMinus);
        double[] difference = new double[n];
        for (int i = 0; i < n; i++) {
            difference[i] = (gradientPlus[i] - gradientMinus[i]) / (2 * h);
        }
        return difference;
    }

    private static double[][] hessian(DerivativeStructure f, int n) {
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int[] orders = new int[n];
                orders[i]++;
                orders[j]++;
                h[i][j] = f.getPartialDerivative(orders);
            }
        }
        return h;
    }

    private static double[] unit(int n, int i) {
        double[] e = new double[n];
        e[i] = 1;
        return e;
    }

    private static double maxAbs(double[] a) {
        double max = 0;
        for (double value : a) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    private static double maxAbs(double[][] a) {
        double max = 0;
        for (double[] row : a) {
            max = Math.max(max, maxAbs(row));
        }
        return max;
    }

    private static void assertClose(double expected, double actual, double tolerance, String what) {
        if (!(Math.abs(expected - actual) <= Math.max(tolerance, Double.MIN_NORMAL))) {
            fail(what + ": expected " + expected + " but was " + actual + " (tolerance " + tolerance + ")");
        }
    }
}
