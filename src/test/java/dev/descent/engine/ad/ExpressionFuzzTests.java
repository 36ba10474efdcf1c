package dev.descent.engine.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.engine.expr.Constant;
import dev.descent.engine.expr.Expr;
import dev.descent.engine.expr.Expr.Binary;
import dev.descent.engine.expr.Expr.Call;
import dev.descent.engine.expr.Expr.Const;
import dev.descent.engine.expr.Expr.Neg;
import dev.descent.engine.expr.Expr.Num;
import dev.descent.engine.expr.Expr.Var;
import dev.descent.engine.expr.Expressions;
import dev.descent.engine.expr.Fn;
import dev.descent.engine.expr.Op;
import dev.descent.engine.expr.ParseException;
import dev.descent.engine.expr.Parser;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The random complement of ParserTests, TapeGradientTests and TapeCodeTests, whose tables hold the cases someone
 * thought of: seeded random expression trees over every operator, function, constant and number form, and random
 * strings made by mangling their sources. Three claims:
 * <ol>
 *   <li>no string, however mangled, long or deep, makes the parser throw anything but a {@link ParseException} with
 *       a column inside the input (what parses compiles into a tape and evaluates);
 *   <li>every tree, printed with random spacing, number forms and redundant parentheses, and printed in the fully
 *       parenthesized form, parses back to the same tree;
 *   <li>the value and gradient of each tree's tape, interpreted and as generated code, equal commons-math3's
 *       {@link DerivativeStructure} (forward mode, an independent implementation) at random points.
 * </ol>
 * Each parameter is the seed of one batch; a failure names the seed and the source, which reproduce it.
 */
@DisplayName("random expressions and strings")
class ExpressionFuzzTests {

    /** The first batch's seed; batch {@code i} uses {@code SEED + i}. */
    private static final long SEED = 20_250_009L;
    private static final int BATCHES = 16;
    /** Mangled strings per batch (4,800 in all). */
    private static final int STRINGS_PER_BATCH = 300;
    /** Trees per batch, printed and parsed back (4,000 in all, each printed three ways). */
    private static final int TREES_PER_BATCH = 250;
    /** Trees per batch whose gradient is compared (1,600 in all), at this many random points each. */
    private static final int GRADIENT_TREES_PER_BATCH = 100;
    private static final int POINTS_PER_TREE = 5;

    /** Relative tolerance where rounding cannot be amplified, as in TapeGradientTests. */
    private static final double RELATIVE = 1e-12;
    /**
     * Relative size of the rounding noise put on every operation's result (value and derivatives) to estimate how
     * much rounding moves the result at a point: 2^-50, four ulps, more than the tape (Math) and DerivativeStructure
     * (FastMath, division as multiplication by the reciprocal) differ by in one operation.
     */
    private static final double NOISE = 0x1p-50;
    /** Noisy evaluations per point, and how far beyond their spread a result may lie. */
    private static final int NOISY_RUNS = 3;
    private static final double SPREAD_MARGIN = 16;
    /**
     * Points where an intermediate value is larger than this, or smaller than its inverse but not 0, are skipped:
     * reverse mode (the tape) multiplies adjoints there that underflow or overflow where forward mode (the oracle)
     * does not, so neither says much of the other. E.g. d/dx of {@code (x^319)^y} at x = 2.9, y = -1.2: the adjoint
     * of {@code x^319} (1e148) is {@code y * (1e148)^(y-1)}, about 1e-330, which is 0 in double.
     */
    private static final double EXTREME = 1e30;

    static LongStream seeds() {
        return LongStream.range(SEED, SEED + BATCHES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("mangled strings raise nothing but a ParseException at a column inside them")
    void mangledStringsRaiseOnlyParseExceptions(long seed) {
        Random random = new Random(seed);
        RandomTrees trees = new RandomTrees(random);
        Printer printer = new Printer(random);
        Mangler mangler = new Mangler(random);
        int parsed = 0;
        for (int i = 0; i < STRINGS_PER_BATCH; i++) {
            String source = mangler.mangle(printer.print(trees.tree(1 + random.nextInt(6))));
            Throwable thrown = null;
            try {
                Expr expr = Parser.parse(source);
                // What the parser accepts, the service compiles and evaluates: that must not throw either.
                Tape tape = Tape.compile(expr, Expressions.variables(expr));
                double[] x = new double[tape.dimension()];
                Arrays.fill(x, 0.5);
                tape.interpreter().valueAndGradient(x, new double[x.length]);
                parsed++;
            } catch (ParseException e) {
                if (e.column() < 1 || e.column() > source.length() + 1
                        // The column ends the message, or a hint after it does, set off by its own punctuation.
                        || !e.getMessage().matches("(?s).* at column " + e.column() + "([:.] .*)?")
                        || e.expected().isBlank()) {
                    fail("seed " + seed + ", string " + i + ": " + literal(source) + " gave column " + e.column()
                            + " (length " + source.length() + "), message \"" + e.getMessage() + "\", expected \""
                            + e.expected() + "\"");
                }
            } catch (Throwable e) { // StackOverflowError included: that is the point
                thrown = e;
            }
            if (thrown != null) {
                fail("seed " + seed + ", string " + i + ": " + literal(source) + " threw " + thrown, thrown);
            }
        }
        // Mangling leaves some strings valid: both outcomes are exercised.
        assertThat(parsed).as("strings that still parsed").isBetween(1, STRINGS_PER_BATCH - 1);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("every tree prints, freely spaced and in the fully parenthesized form, and parses back to itself")
    void treesPrintAndParseBack(long seed) {
        Random random = new Random(seed);
        RandomTrees trees = new RandomTrees(random);
        Printer printer = new Printer(random);
        for (int i = 0; i < TREES_PER_BATCH; i++) {
            Expr tree = trees.tree(1 + random.nextInt(8));
            for (String source : List.of(printer.print(tree), printer.print(tree), tree.parenthesized())) {
                Expr parsed;
                try {
                    parsed = Parser.parse(source);
                } catch (ParseException e) {
                    throw new AssertionError("seed " + seed + ", tree " + i + ": " + literal(source)
                            + " (printed from " + tree.parenthesized() + ") did not parse: " + e.getMessage(), e);
                }
                if (!parsed.equals(tree)) {
                    fail("seed " + seed + ", tree " + i + ": " + literal(source) + " parsed to "
                            + parsed.parenthesized() + ", printed from " + tree.parenthesized());
                }
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("the tape's gradient, interpreted and generated, equals DerivativeStructure's at random points")
    void gradientsAgreeWithDerivativeStructure(long seed) {
        Random random = new Random(seed);
        RandomTrees trees = new RandomTrees(random);
        int compared = 0;
        int skippedExtreme = 0;
        int skippedNotFinite = 0;
        for (int t = 0; t < GRADIENT_TREES_PER_BATCH; t++) {
            Expr expr = trees.tree(2 + random.nextInt(5));
            List<String> variables = Expressions.variables(expr);
            Tape tape = Tape.compile(expr, variables);
            assertThat(tape.generated()).as("generated code for %s", expr.parenthesized()).isPresent();
            Tape.Evaluator generated = tape.evaluator();
            assertThat(generated.runsGeneratedCode()).isTrue();
            List<Tape.Evaluator> evaluators = List.of(tape.interpreter(), generated);
            int n = variables.size();
            double[] x = new double[n];
            double[] gradient = new double[n];
            for (int p = 0; p < POINTS_PER_TREE; p++) {
                for (int i = 0; i < n; i++) {
                    // Half the coordinates positive, so that log, sqrt and powers of a variable are often defined.
                    x[i] = random.nextBoolean() ? 6 * random.nextDouble() - 3 : 0.05 + 3 * random.nextDouble();
                }
                Oracle oracle = new Oracle(variables, x);
                double[] expected = oracle.evaluate(expr, null);
                // Skipped where the oracle's value or a derivative is not finite: there the two implementations
                // take different conventions by design, and neither is wrong. The tape follows PyTorch (d/db of a^b
                // is 0 at a = 0, abs'(0) = 0, a^b for a < 0 and integral b is finite); DerivativeStructure takes a^b
                // as exp(b log a) (NaN for a <= 0) and divides by multiplying with the reciprocal (which overflows
                // sooner); and an infinity or NaN has no relative error to compare. TapeCodeTests holds the
                // interpreter and the generated code to the same bits there.
                if (!allFinite(expected)) {
                    skippedNotFinite++;
                    continue;
                }
                if (oracle.extreme) {
                    skippedExtreme++;
                    continue;
                }
                double[] tolerance = tolerance(oracle, expr, expected, new Random(random.nextLong()));
                if (tolerance == null) {
                    continue; // on the edge of overflow: a few ulps of noise make the oracle infinite
                }
                for (Tape.Evaluator evaluator : evaluators) {
                    Arrays.fill(gradient, 42.0);
                    double value = evaluator.valueAndGradient(x, gradient);
                    String where = (evaluator.runsGeneratedCode() ? "generated code" : "interpreter") + ", seed "
                            + seed + ", tree " + t + ": " + expr.parenthesized() + " at " + variables + " = "
                            + Arrays.toString(x);
                    assertClose(expected[0], value, tolerance[0], "value, " + where);
                    for (int i = 0; i < n; i++) {
                        assertClose(expected[i + 1], gradient[i], tolerance[i + 1],
                                "d/d" + variables.get(i) + ", " + where);
                    }
                }
                compared++;
            }
        }
        // Random compositions overflow or leave a domain often; most points must still be compared.
        assertThat(compared).as("points compared (others: %d not finite, %d extreme)", skippedNotFinite,
                skippedExtreme).isGreaterThan(GRADIENT_TREES_PER_BATCH * POINTS_PER_TREE / 2);
    }

    @Test
    @DisplayName("the generator makes every operator, function and constant, and unary minus")
    void theGeneratorCoversTheLanguage() {
        RandomTrees trees = new RandomTrees(new Random(SEED));
        Set<Op> operators = EnumSet.noneOf(Op.class);
        Set<Fn> functions = EnumSet.noneOf(Fn.class);
        Set<Constant> constants = EnumSet.noneOf(Constant.class);
        Set<Class<?>> kinds = new java.util.HashSet<>();
        for (int i = 0; i < TREES_PER_BATCH; i++) {
            collect(trees.tree(1 + i % 8), operators, functions, constants, kinds);
        }
        assertThat(operators).containsExactlyInAnyOrder(Op.values());
        assertThat(functions).containsExactlyInAnyOrder(Fn.values());
        assertThat(constants).containsExactlyInAnyOrder(Constant.values());
        assertThat(kinds).contains(Neg.class, Num.class, Var.class);
    }

    private static void collect(Expr expr, Set<Op> operators, Set<Fn> functions, Set<Constant> constants,
            Set<Class<?>> kinds) {
        kinds.add(expr.getClass());
        if (expr instanceof Binary b) {
            operators.add(b.op());
            collect(b.left(), operators, functions, constants, kinds);
            collect(b.right(), operators, functions, constants, kinds);
        } else if (expr instanceof Call c) {
            functions.add(c.fn());
            collect(c.argument(), operators, functions, constants, kinds);
        } else if (expr instanceof Neg n) {
            collect(n.operand(), operators, functions, constants, kinds);
        } else if (expr instanceof Const c) {
            constants.add(c.constant());
        }
    }

    /**
     * How far the tape may lie from the oracle at this point, per component (value, then each derivative), or null
     * if a noisy evaluation is not finite. Random compositions cancel ({@code x*x - x^2}, {@code sin(x)^2 +
     * cos(x)^2 - 1}), and cancellation turns the ulps in which the two implementations differ into any relative
     * error; a fixed tolerance would be too tight there and needlessly loose elsewhere. So the oracle is run again
     * with a few ulps of random noise on every operation (stochastic arithmetic, as CESTAC does), and the spread of
     * those runs says how much rounding can move each result: well-conditioned results keep {@link #RELATIVE}.
     */
    private static double[] tolerance(Oracle oracle, Expr expr, double[] expected, Random noise) {
        double[] spread = new double[expected.length];
        for (int run = 0; run < NOISY_RUNS; run++) {
            double[] noisy = oracle.evaluate(expr, noise);
            if (!allFinite(noisy)) {
                return null;
            }
            for (int i = 0; i < expected.length; i++) {
                spread[i] = Math.max(spread[i], Math.abs(noisy[i] - expected[i]));
            }
        }
        double[] tolerance = new double[expected.length];
        for (int i = 0; i < expected.length; i++) {
            tolerance[i] = RELATIVE * Math.abs(expected[i]) + SPREAD_MARGIN * spread[i];
        }
        return tolerance;
    }

    private static void assertClose(double expected, double actual, double tolerance, String what) {
        if (!(Math.abs(expected - actual) <= tolerance)) {
            fail(what + ": expected " + expected + " but was " + actual + " (tolerance " + tolerance + ")");
        }
    }

    private static boolean allFinite(double[] values) {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    /** A string as a Java literal (control and non-ASCII characters escaped), shortened if very long. */
    private static String literal(String source) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(source.length(), 300);
        for (int i = 0; i < shown; i++) {
            char c = source.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('"');
        if (shown < source.length()) {
            out.append("... (").append(source.length()).append(" characters)");
        }
        return out.toString();
    }

    /**
     * The expression evaluated with {@link DerivativeStructure}: a walk over the tree in forward mode, one structure
     * per variable, of the given order (1 here; {@code TapeHessianTests} takes 2). A power whose exponent has no
     * variable is {@code a^k} with a constant {@code k} (derivative {@code k a^(k-1)}), as the tape has it;
     * otherwise the general {@code a^b}.
     */
    static final class Oracle {

        private final List<String> variables;
        private final int order;
        private final DerivativeStructure[] inputs;
        /** Whether some operation's value was beyond {@link #EXTREME} or, not 0, below its inverse. */
        boolean extreme;

        Oracle(List<String> variables, double[] x) {
            this(variables, x, 1);
        }

        Oracle(List<String> variables, double[] x, int order) {
            this.variables = variables;
            this.order = order;
            inputs = new DerivativeStructure[x.length];
            for (int i = 0; i < x.length; i++) {
                inputs[i] = new DerivativeStructure(x.length, order, i, x[i]);
            }
        }

        /** Value, then the derivative by each variable; with noise on every operation if {@code noise} is given. */
        double[] evaluate(Expr expr, Random noise) {
            DerivativeStructure result = walk(expr, noise);
            double[] out = new double[variables.size() + 1];
            out[0] = result.getValue();
            for (int i = 0; i < variables.size(); i++) {
                int[] orders = new int[variables.size()];
                orders[i] = 1;
                out[i + 1] = result.getPartialDerivative(orders);
            }
            return out;
        }

        DerivativeStructure walk(Expr expr, Random noise) {
            // Leaves get noise too, each occurrence its own: an operation's rounding error is relative to its
            // operands' terms (x/x cancels in its derivative, 1/x - x/x^2), not only to its result.
            if (expr instanceof Num n) {
                return maybeNoisy(constant(n.value()), noise);
            }
            if (expr instanceof Const c) {
                return maybeNoisy(constant(c.constant().value()), noise);
            }
            if (expr instanceof Var v) {
                return maybeNoisy(inputs[variables.indexOf(v.name())], noise);
            }
            DerivativeStructure result;
            if (expr instanceof Neg n) {
                result = walk(n.operand(), noise).negate();
            } else if (expr instanceof Call c) {
                DerivativeStructure a = walk(c.argument(), noise);
                result = switch (c.fn()) {
                    case SIN -> a.sin();
                    case COS -> a.cos();
                    case TAN -> a.tan();
                    case ASIN -> a.asin();
                    case ACOS -> a.acos();
                    case ATAN -> a.atan();
                    case SINH -> a.sinh();
                    case COSH -> a.cosh();
                    case TANH -> a.tanh();
                    case EXP -> a.exp();
                    case LOG -> a.log();
                    case LOG10 -> a.log10();
                    case SQRT -> a.sqrt();
                    case ABS -> a.abs();
                };
            } else {
                Binary b = (Binary) expr;
                DerivativeStructure a = walk(b.left(), noise);
                DerivativeStructure c = walk(b.right(), noise);
                result = switch (b.op()) {
                    case ADD -> a.add(c);
                    case SUBTRACT -> a.subtract(c);
                    case MULTIPLY -> a.multiply(c);
                    case DIVIDE -> a.divide(c);
                    case POWER -> Expressions.variables(b.right()).isEmpty() ? a.pow(c.getValue()) : a.pow(c);
                };
            }
            double value = result.getValue();
            if (Math.abs(value) > EXTREME || (value != 0 && Math.abs(value) < 1 / EXTREME)) {
                extreme = true;
            }
            return maybeNoisy(result, noise);
        }

        private DerivativeStructure maybeNoisy(DerivativeStructure exact, Random noise) {
            return noise == null ? exact : noisy(exact, noise);
        }

        private DerivativeStructure constant(double value) {
            return new DerivativeStructure(variables.size(), order, value);
        }

        private DerivativeStructure noisy(DerivativeStructure exact, Random noise) {
            double[] all = exact.getAllDerivatives();
            for (int i = 0; i < all.length; i++) {
                all[i] *= 1 + NOISE * (2 * noise.nextDouble() - 1);
            }
            return new DerivativeStructure(variables.size(), order, all);
        }
    }

    /**
     * Seeded random trees of the shapes the parser builds: numbers are never negative (a minus sign is a
     * {@link Neg}), and there is no node for unary plus.
     */
    static final class RandomTrees {

        private static final String[] VARIABLES = {"x", "y", "x2", "x10", "theta"};
        private static final double[] NUMBERS = {0, 1, 2, 3, 10, 100, 0.5, 0.25, 0.1, 1e-3, 1.5e-10, 2.5e4, 1e20};
        /** Constant exponents, with every fast path of the tape (negative ones as unary minus of a number). */
        private static final double[] EXPONENTS = {2, 3, 1, 0, 0.5, 1.5, 2.7, 4};
        private static final Fn[] FUNCTIONS = Fn.values();
        private static final Op[] ARITHMETIC = {Op.ADD, Op.SUBTRACT, Op.MULTIPLY, Op.DIVIDE};

        private final Random random;

        RandomTrees(Random random) {
            this.random = random;
        }

        /** A tree at most {@code height} nodes high. */
        Expr tree(int height) {
            if (height <= 1 || random.nextInt(6) == 0) {
                return leaf();
            }
            return switch (random.nextInt(10)) {
                case 0 -> new Neg(tree(height - 1));
                case 1, 2, 3 -> new Call(FUNCTIONS[random.nextInt(FUNCTIONS.length)], tree(height - 1));
                case 4 -> new Binary(Op.POWER, tree(height - 1), exponent());
                case 5 -> new Binary(Op.POWER, tree(height - 1), tree(Math.min(height - 1, 3)));
                default -> new Binary(ARITHMETIC[random.nextInt(ARITHMETIC.length)], tree(height - 1),
                        tree(height - 1));
            };
        }

        private Expr exponent() {
            Expr k = new Num(EXPONENTS[random.nextInt(EXPONENTS.length)]);
            return random.nextInt(3) == 0 ? new Neg(k) : k;
        }

        private Expr leaf() {
            int choice = random.nextInt(10);
            if (choice < 5) {
                return new Var(VARIABLES[random.nextInt(VARIABLES.length)]);
            }
            if (choice < 8) {
                return new Num(number());
            }
            return new Const(Constant.values()[random.nextInt(Constant.values().length)]);
        }

        private double number() {
            return switch (random.nextInt(4)) {
                case 0, 1 -> NUMBERS[random.nextInt(NUMBERS.length)];
                case 2 -> random.nextInt(1000);
                default -> Math.abs(random.nextGaussian()) * Math.pow(10, random.nextInt(13) - 6);
            };
        }
    }

    /**
     * Prints trees as source the parser must read back to the same tree: random whitespace between tokens, numbers
     * in any form the lexer takes ({@code 3}, {@code 3.}, {@code .5}, {@code 5e-1}, {@code 2.5E+4}), redundant
     * parentheses and unary plus here and there, and the parentheses the grammar needs.
     */
    private static final class Printer {

        // Binding levels, loosest first: a form may stand where a context asks for at least its level.
        private static final int SUM = 1;
        private static final int PRODUCT = 2;
        private static final int PREFIX = 3;
        private static final int POWER = 4;
        private static final int ATOM = 5;
        private static final String[] SPACES = {" ", " ", "  ", "\t", "\n", " \r\n ", "\f"};

        private final Random random;

        Printer(Random random) {
            this.random = random;
        }

        String print(Expr expr) {
            StringBuilder out = new StringBuilder();
            space(out);
            print(expr, 0, out);
            space(out);
            return out.toString();
        }

        private void print(Expr expr, int context, StringBuilder out) {
            boolean parenthesized = level(expr) < context || random.nextInt(12) == 0;
            if (parenthesized) {
                out.append('(');
                space(out);
            } else if (context <= PREFIX && random.nextInt(25) == 0) {
                out.append('+'); // unary plus leaves no node, and binds as unary minus does
                space(out);
                if (level(expr) < PREFIX) {
                    print(expr, PREFIX, out);
                    return;
                }
            }
            if (expr instanceof Num n) {
                out.append(number(n.value()));
            } else if (expr instanceof Const c) {
                out.append(c.constant().constantName());
            } else if (expr instanceof Var v) {
                out.append(v.name());
            } else if (expr instanceof Neg n) {
                out.append('-');
                space(out);
                print(n.operand(), PREFIX, out);
            } else if (expr instanceof Call c) {
                out.append(c.fn().functionName());
                space(out);
                out.append('(');
                space(out);
                print(c.argument(), 0, out);
                space(out);
                out.append(')');
            } else {
                Binary b = (Binary) expr;
                // Left-associative operators need their right operand one level tighter; '^' is right-associative
                // (its right operand may be another '^' or a unary minus), and its left operand must be an atom:
                // -x^2 is -(x^2).
                int left = switch (b.op()) {
                    case ADD, SUBTRACT -> SUM;
                    case MULTIPLY, DIVIDE -> PRODUCT;
                    case POWER -> ATOM;
                };
                int right = switch (b.op()) {
                    case ADD, SUBTRACT -> PRODUCT;
                    case MULTIPLY, DIVIDE, POWER -> PREFIX;
                };
                print(b.left(), left, out);
                space(out);
                out.append(b.op().symbol());
                space(out);
                print(b.right(), right, out);
            }
            if (parenthesized) {
                space(out);
                out.append(')');
            }
        }

        private static int level(Expr expr) {
            if (expr instanceof Binary b) {
                return switch (b.op()) {
                    case ADD, SUBTRACT -> SUM;
                    case MULTIPLY, DIVIDE -> PRODUCT;
                    case POWER -> POWER;
                };
            }
            return expr instanceof Neg ? PREFIX : ATOM;
        }

        /** {@code value} in a random form that reads back to the same double (the same decimal, written anew). */
        private String number(double value) {
            String shortest = Double.toString(value);
            BigDecimal decimal = new BigDecimal(shortest);
            return switch (random.nextInt(5)) {
                case 0 -> shortest;
                case 1 -> decimal.toPlainString();
                case 2 -> decimal.toPlainString().startsWith("0.") ? decimal.toPlainString().substring(1) : shortest;
                case 3 -> {
                    int exponent = -decimal.scale();
                    yield decimal.unscaledValue() + (random.nextBoolean() ? "e" : "E")
                            + (exponent >= 0 && random.nextBoolean() ? "+" : "") + exponent;
                }
                default -> value == Math.rint(value) && value < 1e15
                        ? (long) value + (random.nextBoolean() ? "." : "") : shortest;
            };
        }

        private void space(StringBuilder out) {
            if (random.nextInt(3) == 0) {
                out.append(SPACES[random.nextInt(SPACES.length)]);
            }
        }
    }

    /**
     * Mangles valid sources: deleted, inserted, replaced, swapped and duplicated characters, tokens that look
     * almost right, random characters of the whole of UTF-16 (lone surrogates included), truncation; and inputs
     * built to be long or deep around and far beyond the parser's limits.
     */
    private static final class Mangler {

        private static final String[] TOKENS = {"(", ")", "((", "))", "(((", ",", "^", "^^", "**", "--", "+-", "-+",
            ".", "..5", "1.2.3", "1e", "1e+", "1e999", "4e-999", "0x1F", "1_000", "NaN", "Infinity", "e", "pi",
            "pi(", "x(", "sin", "sin(", "Sin(", "foo(", "log10(", "sqrt()", "3x", "2e", "$", ";", "[", "]", "{",
            "é", "\u2212", "\u221e", "\u0000", "\ud800", "\udc00", "\u00a0", "\t", "\n", " "};
        private static final String ALPHABET = "()+-*/^.,eE0123456789xyz_ \t";

        private final Random random;

        Mangler(Random random) {
            this.random = random;
        }

        String mangle(String valid) {
            // Long and deep inputs are few: parsing and compiling 20,000 characters takes milliseconds.
            return switch (random.nextInt(40)) {
                case 0, 1, 2, 3 -> randomCharacters(random.nextInt(60));
                case 4 -> deep();
                case 5 -> longer(valid);
                default -> {
                    StringBuilder source = new StringBuilder(valid);
                    for (int i = 1 + random.nextInt(4); i > 0; i--) {
                        mutate(source);
                    }
                    yield source.toString();
                }
            };
        }

        private void mutate(StringBuilder source) {
            int at = random.nextInt(source.length() + 1);
            switch (random.nextInt(8)) {
                case 0 -> {
                    if (at < source.length()) {
                        source.delete(at, Math.min(source.length(), at + 1 + random.nextInt(3)));
                    }
                }
                case 1 -> source.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> source.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 3 -> source.insert(at, (char) random.nextInt(0x10000));
                case 4 -> {
                    if (at + 1 < source.length()) {
                        char c = source.charAt(at);
                        source.setCharAt(at, source.charAt(at + 1));
                        source.setCharAt(at + 1, c);
                    }
                }
                case 5 -> {
                    if (at < source.length()) {
                        source.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    }
                }
                case 6 -> source.setLength(at); // truncated
                default -> {
                    int from = random.nextInt(source.length() + 1);
                    source.insert(at, source.substring(Math.min(from, at), Math.max(from, at)));
                }
            }
        }

        private String randomCharacters(int length) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < length; i++) {
                out.append(random.nextBoolean() ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
                        : (char) random.nextInt(0x10000));
            }
            return out.toString();
        }

        /** Nesting around the limits (200 levels, 2,000 high) and far past them. */
        private String deep() {
            int n = random.nextBoolean() ? Parser.MAX_DEPTH - 5 + random.nextInt(10) : 1 + random.nextInt(6_000);
            return switch (random.nextInt(9)) {
                case 0 -> "(".repeat(n) + "x" + ")".repeat(random.nextBoolean() ? n : random.nextInt(n + 1));
                case 1 -> "-".repeat(n) + "x";
                case 2 -> "+".repeat(n) + "x";
                case 3 -> "x^".repeat(n) + "x";
                case 4 -> "2^-".repeat(n) + "x";
                case 5 -> "sin(".repeat(n) + "x" + ")".repeat(n);
                case 6 -> "x" + "+x".repeat(Parser.MAX_HEIGHT - 5 + random.nextInt(10));
                case 7 -> "x" + "*(x".repeat(n) + ")".repeat(n);
                default -> ")".repeat(n) + "(".repeat(n);
            };
        }

        /** A valid source repeated into a sum around the length limit, or far past it. */
        private String longer(String valid) {
            int target = random.nextBoolean() ? Parser.MAX_LENGTH - 100 + random.nextInt(200)
                    : random.nextInt(3 * Parser.MAX_LENGTH);
            StringBuilder source = new StringBuilder(valid);
            while (source.length() < target) {
                source.append(random.nextBoolean() ? "+" : " * ").append(valid);
            }
            return source.toString();
        }
    }
}
