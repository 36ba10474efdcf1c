package dev.descent.engine.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.engine.expr.Expr;
import dev.descent.engine.expr.Expressions;
import dev.descent.engine.expr.Fn;
import dev.descent.engine.expr.Op;
import dev.descent.engine.expr.Parser;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values and gradients of the tape against commons-math3 {@link DerivativeStructure}, an independent forward-mode
 * implementation, at random points of each function's domain.
 */
class TapeGradientTests {

    private static final int POINTS = 500;
    /** Relative tolerance; differences come only from rounding and FastMath versus Math (about 1 ulp each). */
    private static final double RELATIVE = 1e-12;

    /** The oracle: the same formula written with DerivativeStructure, variables in natural order. */
    interface Oracle extends Function<DerivativeStructure[], DerivativeStructure> {
    }

    record Domain(double low, double high) {
    }

    private static final Domain ANY = new Domain(-5, 5);
    private static final Domain POSITIVE = new Domain(0.01, 20);
    private static final Domain INSIDE_UNIT = new Domain(-0.999, 0.999);

    static Stream<Arguments> cases() {
        return Stream.of(
                // operators
                of("-x", ANY, v -> v[0].negate()),
                of("+x", ANY, v -> v[0]),
                of("x + y", ANY, v -> v[0].add(v[1])),
                of("x - y", ANY, v -> v[0].subtract(v[1])),
                of("x * y", ANY, v -> v[0].multiply(v[1])),
                of("x / y", ANY, v -> v[0].divide(v[1])),
                of("x * x", ANY, v -> v[0].multiply(v[0])),
                of("x / (1 + x^2)", ANY, v -> v[0].divide(v[0].pow(2).add(1))),
                // powers: variable exponent, and each constant-exponent fast path, over negative bases too
                of("x ^ y", new Domain(0.05, 4), v -> v[0].pow(v[1])),
                of("2 ^ x", ANY, v -> v[0].multiply(Math.log(2)).exp()),
                of("x ^ x", POSITIVE, v -> v[0].pow(v[0])),
                of("x ^ 2", ANY, v -> v[0].pow(2)),
                of("x ^ 3", ANY, v -> v[0].pow(3)),
                of("x ^ 4", ANY, v -> v[0].pow(4)),
                of("x ^ -1", ANY, v -> v[0].reciprocal()),
                of("x ^ -2", ANY, v -> v[0].pow(-2)),
                of("x ^ -3", ANY, v -> v[0].pow(-3)),
                of("x ^ 0.5", POSITIVE, v -> v[0].sqrt()),
                of("x ^ -0.5", POSITIVE, v -> v[0].sqrt().reciprocal()),
                of("x ^ 2.7", POSITIVE, v -> v[0].pow(2.7)),
                of("x ^ (1/3)", POSITIVE, v -> v[0].pow(1.0 / 3)),
                of("x ^ 1", ANY, v -> v[0]),
                of("x ^ 0", ANY, v -> v[0].pow(0)),
                of("x ^ (2*pi - 6)", POSITIVE, v -> v[0].pow(2 * Math.PI - 6)),
                of("-x^2", ANY, v -> v[0].pow(2).negate()),
                // every function, each in its domain
                of("sin(x)", ANY, v -> v[0].sin()),
                of("cos(x)", ANY, v -> v[0].cos()),
                of("tan(x)", new Domain(-1.5, 1.5), v -> v[0].tan()),
                of("asin(x)", INSIDE_UNIT, v -> v[0].asin()),
                of("acos(x)", INSIDE_UNIT, v -> v[0].acos()),
                of("atan(x)", new Domain(-20, 20), v -> v[0].atan()),
                of("sinh(x)", ANY, v -> v[0].sinh()),
                of("cosh(x)", ANY, v -> v[0].cosh()),
                of("tanh(x)", ANY, v -> v[0].tanh()),
                of("exp(x)", new Domain(-20, 20), v -> v[0].exp()),
                of("log(x)", POSITIVE, v -> v[0].log()),
                of("log10(x)", POSITIVE, v -> v[0].log10()),
                of("sqrt(x)", POSITIVE, v -> v[0].sqrt()),
                of("abs(x)", ANY, v -> v[0].abs()),
                // constants next to variables
                of("pi * x + e", ANY, v -> v[0].multiply(Math.PI).add(Math.E)),
                of("x * sin(pi / 6) + 2^3^2", ANY, v -> v[0].multiply(Math.sin(Math.PI / 6)).add(512)),
                // composites of several variables
                of("(1-x)^2 + 100*(y-x^2)^2", ANY,
                        v -> v[0].negate().add(1).pow(2).add(v[1].subtract(v[0].pow(2)).pow(2).multiply(100))),
                of("x*cos(x)", ANY, v -> v[0].multiply(v[0].cos())),
                of("exp(-x^2-y^2)*sin(x*y)/(1+z^2) + log(1+x^2)", ANY,
                        v -> v[0].pow(2).negate().subtract(v[1].pow(2)).exp()
                                .multiply(v[0].multiply(v[1]).sin())
                                .divide(v[2].pow(2).add(1))
                                .add(v[0].pow(2).add(1).log())),
                of("sqrt(x^2 + y^2) - atan(y / x) + abs(x - y)^3", ANY,
                        v -> v[0].pow(2).add(v[1].pow(2)).sqrt()
                                .subtract(v[1].divide(v[0]).atan())
                                .add(v[0].subtract(v[1]).abs().pow(3))),
                of("tanh(x1 * x2 - x3) / cosh(x10) + sinh(x2)^2 - x10^x2", new Domain(0.1, 2),
                        v -> v[0].multiply(v[1]).subtract(v[2]).tanh().divide(v[3].cosh())
                                .add(v[1].sinh().pow(2))
                                .subtract(v[3].pow(v[1]))));
    }

    private static Arguments of(String source, Domain domain, Oracle oracle) {
        return Arguments.of(source, domain, oracle);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void valueAndGradientAgreeWithDerivativeStructure(String source, Domain domain, Oracle oracle) {
        Expr expr = Parser.parse(source);
        List<String> variables = Expressions.variables(expr);
        int n = variables.size();
        Tape.Evaluator evaluator = Tape.compile(expr, variables).evaluator();
        RandomGenerator random = new Well19937c(source.hashCode());
        double[] x = new double[n];
        double[] gradient = new double[n];
        for (int point = 0; point < POINTS; point++) {
            DerivativeStructure[] ds = new DerivativeStructure[n];
            for (int i = 0; i < n; i++) {
                x[i] = domain.low() + (domain.high() - domain.low()) * random.nextDouble();
                ds[i] = new DerivativeStructure(n, 1, i, x[i]);
            }
            DerivativeStructure expected = oracle.apply(ds);
            double value = evaluator.valueAndGradient(x, gradient);
            String where = source + " at " + java.util.Arrays.toString(x);
            assertClose(expected.getValue(), value, "value of " + where);
            assertEquals(value, evaluator.value(x), "value() and valueAndGradient() agree");
            for (int i = 0; i < n; i++) {
                int[] orders = new int[n];
                orders[i] = 1;
                assertClose(expected.getPartialDerivative(orders), gradient[i],
                        "d/d" + variables.get(i) + " of " + where);
            }
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        double tolerance = RELATIVE * Math.max(Math.abs(expected), 1e-300);
        if (!(Math.abs(expected - actual) <= tolerance)) {
            fail(what + ": expected " + expected + " but was " + actual
                    + " (relative error " + Math.abs(expected - actual) / Math.abs(expected) + ")");
        }
    }

    @Test
    void theCasesCoverEveryFunctionAndOperator() {
        Set<Fn> functions = EnumSet.noneOf(Fn.class);
        Set<Op> operators = EnumSet.noneOf(Op.class);
        cases().map(arguments -> Parser.parse((String) arguments.get()[0]))
                .forEach(expr -> collect(expr, functions, operators));
        assertEquals(EnumSet.allOf(Fn.class), functions);
        assertEquals(EnumSet.allOf(Op.class), operators);
    }

    private static void collect(Expr expr, Set<Fn> functions, Set<Op> operators) {
        if (expr instanceof Expr.Call c) {
            functions.add(c.fn());
            collect(c.argument(), functions, operators);
        } else if (expr instanceof Expr.Binary b) {
            operators.add(b.op());
            collect(b.left(), functions, operators);
            collect(b.right(), functions, operators);
        } else if (expr instanceof Expr.Neg n) {
            collect(n.operand(), functions, operators);
        }
    }
}
