package dev.descent.engine.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.engine.expr.Expressions;
import dev.descent.engine.expr.Parser;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TapeTests {

    private static Tape compile(String source, String... variables) {
        return Tape.compile(Parser.parse(source), List.of(variables));
    }

    private static double[] gradient(Tape tape, double... x) {
        double[] gradient = new double[tape.dimension()];
        tape.evaluator().valueAndGradient(x, gradient);
        return gradient;
    }

    @Nested
    class Compiling {

        @Test
        void theVariableListFixesTheOrderOfXAndTheGradient() {
            Tape tape = compile("x - 2*y", "y", "x");
            double[] gradient = new double[2];
            double value = tape.evaluator().valueAndGradient(new double[] {10, 1}, gradient);
            assertEquals(1 - 2 * 10, value);
            assertArrayEquals(new double[] {-2, 1}, gradient);
            assertEquals(List.of("y", "x"), tape.variables());
            assertEquals(2, tape.dimension());
        }

        @Test
        void aListedVariableTheExpressionDoesNotUseHasGradientZero() {
            assertArrayEquals(new double[] {2, 0}, gradient(compile("2*x", "x", "unused"), 5, 7));
        }

        @Test
        void aVariableMissingFromTheListIsRejectedByName() {
            assertThatThrownBy(() -> compile("x + theta", "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Variable 'theta' is not among the variables [x]");
        }

        @Test
        void aVariableListedTwiceIsRejected() {
            assertThatThrownBy(() -> compile("x", "x", "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'x' is listed twice");
        }

        @Test
        void constantSubtreesAreFoldedIntoNoOperations() {
            Tape folded = compile("x + 2^3^2 * sin(pi/6) - -e", "x");
            // Slots: x, the constants 512*sin(pi/6) and -e, then one addition and one subtraction.
            assertEquals(5, folded.size());
            assertEquals(1 + 512 * Math.sin(Math.PI / 6) - -Math.E, folded.evaluator().value(new double[] {1}));
        }

        @Test
        void aConstantExpressionHasAZeroGradient() {
            Tape tape = compile("-2^2", "x");
            double[] gradient = {42};
            assertEquals(-4, tape.evaluator().valueAndGradient(new double[] {3}, gradient));
            assertArrayEquals(new double[] {0}, gradient);
        }

        @Test
        void anExpressionOfNoVariablesHasDimensionZero() {
            Tape tape = compile("sqrt(16)");
            assertEquals(4, tape.evaluator().valueAndGradient(new double[0], new double[0]));
        }

        @Test
        void aBareVariableHasGradientOne() {
            assertArrayEquals(new double[] {0, 1}, gradient(compile("y", "x", "y"), 3, 4));
        }

        @Test
        void theTallestParsableExpressionCompilesAndEvaluates() {
            String source = "x1" + "+x1".repeat(Parser.MAX_HEIGHT - 1);
            Tape tape = Tape.compile(Parser.parse(source), List.of("x1"));
            assertArrayEquals(new double[] {Parser.MAX_HEIGHT}, gradient(tape, 0.5));
        }
    }

    @Nested
    class Evaluating {

        @Test
        void theValueIsThePlainJavaArithmeticBitForBit() {
            Tape.Evaluator rosenbrock = compile("(1-x)^2 + 100*(y-x^2)^2", "x", "y").evaluator();
            Tape.Evaluator gaussian = compile("exp(-x^2-y^2)*sin(x*y)/(1+x^2) + log(1+y^2)", "x", "y").evaluator();
            double[] gradient = new double[2];
            for (double x = -2; x <= 2; x += 0.37) {
                for (double y = -1; y <= 3; y += 0.29) {
                    double[] point = {x, y};
                    assertEquals((1 - x) * (1 - x) + 100 * ((y - x * x) * (y - x * x)),
                            rosenbrock.valueAndGradient(point, gradient));
                    assertEquals(-2 * (1 - x) - 400 * x * (y - x * x), gradient[0], 1e-12 * (1 + Math.abs(gradient[0])));
                    assertEquals(200 * (y - x * x), gradient[1], 1e-12 * (1 + Math.abs(gradient[1])));
                    assertEquals(Math.exp(-(x * x) - y * y) * Math.sin(x * y) / (1 + x * x) + Math.log(1 + y * y),
                            gradient(gaussian, point));
                }
            }
        }

        private double gradient(Tape.Evaluator evaluator, double[] x) {
            return evaluator.valueAndGradient(x, new double[2]);
        }

        @Test
        void theGradientArrayIsOverwrittenNotAccumulated() {
            Tape.Evaluator evaluator = compile("x*y", "x", "y").evaluator();
            double[] gradient = {100, 100};
            evaluator.valueAndGradient(new double[] {2, 3}, gradient);
            evaluator.valueAndGradient(new double[] {2, 3}, gradient);
            assertArrayEquals(new double[] {3, 2}, gradient);
        }

        @Test
        void arraysOfTheWrongLengthAreRejected() {
            Tape.Evaluator evaluator = compile("x*y", "x", "y").evaluator();
            assertThatThrownBy(() -> evaluator.value(new double[3]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("x has length 3, expected 2 for [x, y]");
            assertThatThrownBy(() -> evaluator.valueAndGradient(new double[2], new double[1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("gradient has length 1, expected 2 for [x, y]");
        }
    }

    @Nested
    class AtTheEdgesOfTheDomains {

        @Test
        void absHasDerivativeZeroAtZero() {
            assertArrayEquals(new double[] {0}, gradient(compile("abs(x)", "x"), 0));
            assertArrayEquals(new double[] {-1}, gradient(compile("abs(x)", "x"), -3));
        }

        @Test
        void aConstantIntegerPowerOfANegativeBaseHasTheExactDerivative() {
            assertArrayEquals(new double[] {12}, gradient(compile("x^3", "x"), -2));
            assertArrayEquals(new double[] {-4}, gradient(compile("x^2", "x"), -2));
            assertArrayEquals(new double[] {5 * 16}, gradient(compile("x^5", "x"), -2));
            assertArrayEquals(new double[] {-2.0 / -8}, gradient(compile("x^-2", "x"), -2));
        }

        @Test
        void aConstantPowerAtZeroHasNoNaN() {
            assertArrayEquals(new double[] {0}, gradient(compile("x^2", "x"), 0));
            assertArrayEquals(new double[] {0}, gradient(compile("x^0", "x"), 0));
            assertArrayEquals(new double[] {0}, gradient(compile("x^(1+1)", "x"), 0));
        }

        @Test
        void xToThePowerZeroIsOneWithDerivativeZero() {
            Tape.Evaluator evaluator = compile("x^0", "x").evaluator();
            double[] gradient = new double[1];
            assertEquals(1, evaluator.valueAndGradient(new double[] {Double.NaN}, gradient));
            assertArrayEquals(new double[] {0}, gradient);
        }

        @Test
        void aVariableExponentOfAZeroBaseHasDerivativeZeroNotNaN() {
            Tape tape = compile("x^y", "x", "y");
            double[] gradient = new double[2];
            assertEquals(0, tape.evaluator().valueAndGradient(new double[] {0, 2}, gradient));
            assertArrayEquals(new double[] {0, 0}, gradient);
        }

        @Test
        void aVariableExponentOfANegativeBaseHasANaNExponentDerivative() {
            Tape tape = compile("x^y", "x", "y");
            double[] gradient = new double[2];
            assertEquals(4, tape.evaluator().valueAndGradient(new double[] {-2, 2}, gradient));
            assertEquals(-4, gradient[0]);
            assertThat(gradient[1]).isNaN();
        }

        @Test
        void outsideItsDomainAFunctionGivesNaNNotAnException() {
            Tape.Evaluator evaluator = compile("log(x) + sqrt(x)", "x").evaluator();
            double[] gradient = new double[1];
            assertThat(evaluator.valueAndGradient(new double[] {-1}, gradient)).isNaN();
            assertThat(gradient[0]).isNaN();
        }

        @Test
        void multiplyingByZeroIsNotSimplifiedAway() {
            assertThat(compile("0 * log(x)", "x").evaluator().value(new double[] {-1})).isNaN();
        }
    }

    @Nested
    class Sharing {

        @Test
        void oneTapeServesManyThreadsEachWithItsOwnEvaluator() throws Exception {
            Tape tape = compile("(1-x)^2 + 100*(y-x^2)^2", "x", "y");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<double[]>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    results.add(pool.submit(() -> {
                        Tape.Evaluator evaluator = tape.evaluator();
                        double[] gradient = new double[2];
                        for (int i = 0; i < 20_000; i++) {
                            evaluator.valueAndGradient(new double[] {i % 7 - 3.0, 0.5}, gradient);
                        }
                        evaluator.valueAndGradient(new double[] {-1.2, 1}, gradient);
                        return gradient;
                    }));
                }
                double[] expected = gradient(tape, -1.2, 1);
                for (Future<double[]> result : results) {
                    assertArrayEquals(expected, result.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void evaluationAllocatesNothingInGeneratedCodeOrInTheInterpreter() {
            java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs com.sun.management.ThreadMXBean");
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
            assumeTrue(threads.isThreadAllocatedMemorySupported(), "thread allocation counting unsupported");
            threads.setThreadAllocatedMemoryEnabled(true);

            String source = "exp(-x^2-y^2)*sin(x*y)/(1+z^2) + log(1+x^2) + x^y + abs(z)^2.5";
            Tape tape = Tape.compile(Parser.parse(source), Expressions.variables(Parser.parse(source)));
            assertThat(tape.generated()).as("generated code").isPresent();
            Tape.Evaluator generated = tape.evaluator();
            assertThat(generated.runsGeneratedCode()).isTrue();
            for (Tape.Evaluator evaluator : List.of(generated, tape.interpreter())) {
                double[] x = {0.3, 0.7, -1.1};
                double[] gradient = new double[3];
                double sink = 0;
                for (int i = 0; i < 50_000; i++) {
                    sink += evaluator.valueAndGradient(x, gradient);
                }
                long thread = Thread.currentThread().getId();
                long before = threads.getThreadAllocatedBytes(thread);
                for (int i = 0; i < 10_000; i++) {
                    x[0] = i * 1e-4;
                    sink += evaluator.valueAndGradient(x, gradient) + evaluator.value(x);
                }
                long allocated = threads.getThreadAllocatedBytes(thread) - before;
                assertThat(sink).isFinite();
                // A single boxed double or array per call would be >= 160 kB; allow the measuring call's own noise.
                assertThat(allocated).as("bytes allocated by 20,000 evaluations").isLessThan(1_024);
            }
        }
    }
}
