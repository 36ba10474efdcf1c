package dev.descent.engine.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.engine.expr.Constant;
import dev.descent.engine.expr.Expr;
import dev.descent.engine.expr.Expressions;
import dev.descent.engine.expr.Fn;
import dev.descent.engine.expr.Op;
import dev.descent.engine.expr.Parser;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated code against the interpreter, its reference: the same value and gradient bit for bit
 * ({@link Double#doubleToLongBits}, so every NaN is one NaN), including outside the functions' domains, at signed
 * zeros, infinities and NaN.
 */
class TapeCodeTests {

    /** Points where the rules' special cases live, beside random ones. */
    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -1e-300, Double.MIN_VALUE};

    /** Compiles {@code expr}, asserts it got generated code, and compares it with the interpreter at many points. */
    private static void assertSameAsInterpreter(Expr expr, List<String> variables, long seed, int points) {
        Tape tape = Tape.compile(expr, variables);
        assertThat(tape.generated()).as("generated code for %s", expr.parenthesized()).isPresent();
        Tape.Evaluator generated = tape.evaluator();
        assertThat(generated.runsGeneratedCode()).isTrue();
        Tape.Evaluator interpreter = tape.interpreter();
        Random random = new Random(seed);
        int n = tape.dimension();
        double[] x = new double[n];
        double[] expected = new double[n];
        double[] actual = new double[n];
        for (int point = 0; point < points; point++) {
            for (int i = 0; i < n; i++) {
                x[i] = random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)]
                        : (random.nextDouble() - 0.5) * 6;
            }
            Arrays.fill(actual, 42.0); // the gradient is overwritten, whatever was there
            double value = interpreter.valueAndGradient(x, expected);
            boolean same = sameBits(value, generated.valueAndGradient(x, actual))
                    && sameBits(value, generated.value(x));
            for (int i = 0; i < n; i++) {
                same &= sameBits(expected[i], actual[i]);
            }
            if (!same) {
                fail(expr.parenthesized() + " at " + Arrays.toString(x) + ": interpreter " + value + ", "
                        + Arrays.toString(expected) + " but generated " + generated.valueAndGradient(x, actual) + ", "
                        + Arrays.toString(actual) + " (value() " + generated.value(x) + ")");
            }
        }
    }

    private static boolean sameBits(double expected, double actual) {
        return Double.doubleToLongBits(expected) == Double.doubleToLongBits(actual);
    }

    /** The sources of {@link TapeGradientTests#cases()}. */
    static Stream<String> gradientCases() {
        return TapeGradientTests.cases().map(arguments -> (String) arguments.get()[0]);
    }

    @Nested
    class MatchTheInterpreterBitForBit {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.descent.engine.ad.TapeCodeTests#gradientCases")
        void onEveryCaseOfTheGradientTests(String source) {
            Expr expr = Parser.parse(source);
            assertSameAsInterpreter(expr, Expressions.variables(expr), source.hashCode(), 500);
        }

        @Test
        void onRandomExpressionsOfEveryOperatorAndFunction() {
            RandomExpressions expressions = new RandomExpressions(20_240_601L);
            Set<Fn> functions = EnumSet.noneOf(Fn.class);
            Set<Op> operators = EnumSet.noneOf(Op.class);
            for (int i = 0; i < 500; i++) {
                Expr expr = expressions.next(6);
                expressions.collect(expr, functions, operators);
                // An unused variable too: its gradient is 0.
                assertSameAsInterpreter(expr, List.of("x", "y", "z", "unused"), i, 40);
            }
            assertEquals(EnumSet.allOf(Fn.class), functions);
            assertEquals(EnumSet.allOf(Op.class), operators);
        }

        @Test
        void onEveryFastPathOfAConstantExponent() {
            // Each exponent picks a case of powConstant for the value, and another for the derivative (k - 1).
            for (double k : new double[] {2, 1, 0, -0.0, 3, -1, -2, 0.5, -0.5, 1.5, 4, -3, 2.7, 1e-300}) {
                Expr power = new Expr.Binary(Op.POWER, new Expr.Var("x"), new Expr.Num(k));
                assertSameAsInterpreter(power, List.of("x"), 7, 200);
                assertSameAsInterpreter(new Expr.Neg(power), List.of("x"), 8, 200);
            }
        }

        @Test
        void onExpressionsThatAreAVariableOrAConstant() {
            assertSameAsInterpreter(new Expr.Var("y"), List.of("x", "y"), 1, 20);
            assertSameAsInterpreter(new Expr.Num(-0.0), List.of("x"), 1, 20);
            assertSameAsInterpreter(new Expr.Const(Constant.PI), List.of(), 1, 1);
        }

        @Test
        void onceTheJitHasCompiledBothOfThem() {
            // Enough calls for C2 to compile the interpreter loop and the generated methods alike.
            Expr expr = Parser.parse("sin(x)*cos(y) - tan(x/3) + asin(x/9) * acos(y/9) + atan(x*y) + sinh(x) / cosh(y)"
                    + " + tanh(x - y) + exp(-x^2) * log(1 + y^2) - log10(abs(x) + 1) + sqrt(x^2 + y^2)"
                    + " + x^y + 2^x + (x - y)^3 + x^-2 + abs(y)^0.5 + abs(x)^2.7");
            assertSameAsInterpreter(expr, List.of("x", "y"), 3, 200_000);
        }
    }

    @Nested
    class TooLongForOneMethod {

        @Test
        void aSumOf20000TermsIsInterpreted() {
            // Built as a balanced tree of records: a chain this long is beyond the parser's height limit.
            int terms = 20_000;
            List<String> variables = List.of("a", "b", "c", "d");
            Expr sum = balancedSum(terms, i -> new Expr.Binary(Op.MULTIPLY, new Expr.Num(i % 7 + 1),
                    new Expr.Var(variables.get(i % 4))));
            Tape tape = Tape.compile(sum, variables);
            assertThat(tape.generated()).isEmpty();
            double[] gradient = new double[4];
            double value = tape.evaluator().valueAndGradient(new double[] {1, 2, 3, 4}, gradient);
            // Each coefficient sum is an integer, exact in double.
            double[] expected = new double[4];
            for (int i = 0; i < terms; i++) {
                expected[i % 4] += i % 7 + 1;
            }
            assertArrayEquals(expected, gradient);
            assertEquals(expected[0] + 2 * expected[1] + 3 * expected[2] + 4 * expected[3], value);
        }

        @Test
        void aTapeWhoseMethodWouldBeTooLongForTheJitIsInterpreted() {
            // Few enough operations to try, too many bytes once generated.
            int terms = TapeCodeGenerator.MAX_OPERATIONS / 4;
            Expr sum = balancedSum(terms, i -> new Expr.Call(Fn.SIN, new Expr.Var("x" + i % 50)));
            List<String> variables = Expressions.variables(sum);
            Tape tape = Tape.compile(sum, variables);
            Tape.Evaluator evaluator = tape.evaluator();
            double[] gradient = new double[50];
            for (int i = 0; i <= Tape.INTERPRETED_EVALUATIONS; i++) {
                assertEquals(0.0, evaluator.valueAndGradient(new double[50], gradient));
            }
            assertThat(tape.generated()).isEmpty();
            assertThat(evaluator.runsGeneratedCode()).isFalse();
            assertThat(gradient).containsOnly((double) terms / 50);
        }

        @Test
        void theTenDimensionalRosenbrockFunctionIsGenerated() {
            StringBuilder source = new StringBuilder("0");
            for (int i = 1; i < 10; i++) {
                source.append(" + 100*(x").append(i + 1).append(" - x").append(i).append("^2)^2 + (1 - x")
                        .append(i).append(")^2");
            }
            Expr expr = Parser.parse(source.toString());
            assertThat(Tape.compile(expr, Expressions.variables(expr)).generated()).isPresent();
        }

        private static Expr balancedSum(int terms, IntFunction<Expr> term) {
            List<Expr> level = new ArrayList<>(IntStream.range(0, terms).mapToObj(term).toList());
            while (level.size() > 1) {
                List<Expr> next = new ArrayList<>();
                for (int i = 0; i + 1 < level.size(); i += 2) {
                    next.add(new Expr.Binary(Op.ADD, level.get(i), level.get(i + 1)));
                }
                if (level.size() % 2 == 1) {
                    next.add(level.get(level.size() - 1));
                }
                level = next;
            }
            return level.get(0);
        }
    }

    @Nested
    class Switching {

        private final Tape tape = Tape.compile(Parser.parse("sin(x)*y^2.5 - x/y"), List.of("x", "y"));
        private final double[] x = {0.7, 1.3};

        @Test
        void anEvaluatorInterpretsItsFirstEvaluationsThenRunsTheGeneratedCodeWithTheSameResults() {
            Tape.Evaluator evaluator = tape.evaluator();
            double[] interpreted = new double[2];
            double value = evaluator.valueAndGradient(x, interpreted);
            for (int i = 2; i < Tape.INTERPRETED_EVALUATIONS; i++) {
                evaluator.value(x);
            }
            assertThat(evaluator.runsGeneratedCode()).isFalse();
            evaluator.value(x);
            assertThat(evaluator.runsGeneratedCode()).isTrue();
            double[] generated = new double[2];
            assertEquals(value, evaluator.valueAndGradient(x, generated));
            assertArrayEquals(interpreted, generated);
        }

        @Test
        void shortRunsOfOneSharedTapeAddUpToTheSwitch() {
            // Five evaluators of 2,000 evaluations each, as five short runs of one catalog function would be.
            for (int run = 0; run < 5; run++) {
                Tape.Evaluator evaluator = tape.evaluator();
                assertThat(evaluator.runsGeneratedCode()).as("run %d: fewer than 10,000 so far", run).isFalse();
                for (int i = 0; i < Tape.INTERPRETED_EVALUATIONS / 5; i++) {
                    evaluator.value(x);
                }
            }
            assertThat(tape.generated()).isPresent();
            assertThat(tape.evaluator().runsGeneratedCode()).isTrue();
        }

        @Test
        void anEvaluatorSwitchesOnceAnotherHadTheCodeMade() {
            Tape.Evaluator early = tape.evaluator();
            tape.generated();
            for (int i = 0; i < Tape.COUNTING_BATCH; i++) {
                early.value(x);
            }
            assertThat(early.runsGeneratedCode()).isTrue();
        }

        @Test
        void aNewEvaluatorOfATapeWithGeneratedCodeRunsItAtOnce() {
            assertThat(tape.evaluator().runsGeneratedCode()).isFalse();
            tape.generated();
            assertThat(tape.evaluator().runsGeneratedCode()).isTrue();
        }

        @Test
        void theReferenceInterpreterNeverSwitches() {
            Tape.Evaluator interpreter = tape.interpreter();
            for (int i = 0; i <= Tape.INTERPRETED_EVALUATIONS; i++) {
                interpreter.value(x);
            }
            assertThat(interpreter.runsGeneratedCode()).isFalse();
        }
    }

    @Nested
    class Sharing {

        @Test
        void aTapeGeneratesItsCodeOnceForAllItsEvaluators() {
            Tape tape = Tape.compile(Parser.parse("x*y"), List.of("x", "y"));
            TapeCode code = tape.generated().orElseThrow();
            tape.evaluator();
            tape.evaluator();
            assertThat(tape.generated().orElseThrow()).isSameAs(code);
        }

        @Test
        void concurrentFirstCallsGetOneGeneratedCode() throws Exception {
            Tape tape = Tape.compile(Parser.parse("(1-x)^2 + 100*(y-x^2)^2"), List.of("x", "y"));
            List<Thread> threads = new ArrayList<>();
            TapeCode[] seen = new TapeCode[8];
            for (int t = 0; t < seen.length; t++) {
                int index = t;
                threads.add(new Thread(() -> seen[index] = tape.generated().orElseThrow()));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(seen).containsOnly(seen[0]);
        }

        @Test
        void theGeneratedClassIsUnloadedWithItsTape() throws InterruptedException {
            WeakReference<Class<?>> generated = generateAndDrop();
            for (int i = 0; i < 50 && generated.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertThat(generated.get()).as("the hidden class after its tape became unreachable").isNull();
        }

        private WeakReference<Class<?>> generateAndDrop() {
            Tape tape = Tape.compile(Parser.parse("x^3 - y"), List.of("x", "y"));
            Class<?> type = tape.generated().orElseThrow().getClass();
            assertThat(type.isHidden()).isTrue();
            return new WeakReference<>(type);
        }
    }

    /**
     * Seeded random expressions over every operator and function, of variables {@code x}, {@code y}, {@code z} and
     * numbers chosen to hit the special cases (constant exponents with fast paths, signed zeros, pi and e).
     */
    private static final class RandomExpressions {

        private static final double[] NUMBERS = {0.0, -0.0, 1, 2, 3, -1, -2, 0.5, -0.5, 1.5, 2.7, 10, 1e-3};
        private static final Fn[] FUNCTIONS = Fn.values();
        private static final Op[] OPERATORS = Op.values();

        private final Random random;

        RandomExpressions(long seed) {
            this.random = new Random(seed);
        }

        Expr next(int height) {
            int choice = random.nextInt(height <= 1 ? 3 : 10);
            return switch (choice) {
                case 0 -> new Expr.Var(List.of("x", "y", "z").get(random.nextInt(3)));
                case 1 -> random.nextBoolean() ? new Expr.Num(NUMBERS[random.nextInt(NUMBERS.length)])
                        : new Expr.Num(random.nextDouble() * 4 - 2);
                case 2 -> random.nextInt(4) == 0 ? new Expr.Const(Constant.values()[random.nextInt(2)])
                        : new Expr.Var(List.of("x", "y", "z").get(random.nextInt(3)));
                case 3 -> new Expr.Neg(next(height - 1));
                case 4, 5 -> new Expr.Call(FUNCTIONS[random.nextInt(FUNCTIONS.length)], next(height - 1));
                case 6 -> new Expr.Binary(Op.POWER, next(height - 1), // often a constant exponent
                        new Expr.Num(NUMBERS[random.nextInt(NUMBERS.length)]));
                default -> new Expr.Binary(OPERATORS[random.nextInt(OPERATORS.length)], next(height - 1),
                        next(height - 1));
            };
        }

        void collect(Expr expr, Set<Fn> functions, Set<Op> operators) {
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
}
