package dev.descent.engine.objective;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The catalog of standard test functions (as in Surjanovic and Bingham's Virtual Library of Simulation
 * Experiments, and Jamil and Yang, "A literature survey of benchmark functions for global optimization problems",
 * 2013), with their known global minima.
 */
public final class FunctionCatalog {

    /** The largest dimension offered for n-dimensional functions. */
    public static final int MAX_DIMENSION = 10_000;

    /** Styblinski-Tang's minimizer per coordinate: the smallest root of 4x³ - 32x + 5 = 0. */
    static final double STYBLINSKI_TANG_ARGMIN = -2.903534027771177;

    /** Styblinski-Tang's minimum value per coordinate. */
    static final double STYBLINSKI_TANG_MIN = -39.16616570377142;

    private static final Map<String, CatalogFunction> FUNCTIONS = index(List.of(
            nDimensional("sphere", "Sum of squares: convex, the easiest bowl.", 1, 2, -5.12, 5.12,
                    n -> sum(n, i -> x(i) + "^2"),
                    n -> List.of(new KnownMinimum(fill(n, 0), 0)),
                    n -> alternate(n, 3, -2)),
            nDimensional("rosenbrock", "The banana valley: easy to find, hard to follow to (1, …, 1).", 2, 2,
                    -5, 10,
                    n -> sum(n - 1, i -> "100*(" + x(i + 1) + " - " + x(i) + "^2)^2 + (1 - " + x(i) + ")^2"),
                    n -> List.of(new KnownMinimum(fill(n, 1), 0)),
                    n -> alternate(n, -1.2, 1)),
            fixed("himmelblau", "Four global minima of value 0, one per quadrant.", -5, 5,
                    "(x1^2 + x2 - 11)^2 + (x1 + x2^2 - 7)^2",
                    List.of(new KnownMinimum(new double[] {3, 2}, 0),
                            new KnownMinimum(new double[] {-2.805118086952745, 3.131312518250573}, 0),
                            new KnownMinimum(new double[] {-3.779310253377747, -3.283185991286170}, 0),
                            new KnownMinimum(new double[] {3.584428340330492, -1.848126526964404}, 0)),
                    new double[] {0, 0}),
            fixed("beale", "Sharp ridges and flat plateaus; minimum at (3, 0.5).", -4.5, 4.5,
                    "(1.5 - x1 + x1*x2)^2 + (2.25 - x1 + x1*x2^2)^2 + (2.625 - x1 + x1*x2^3)^2",
                    List.of(new KnownMinimum(new double[] {3, 0.5}, 0)),
                    new double[] {1, 1}),
            fixed("booth", "A convex quadratic; minimum at (1, 3).", -10, 10,
                    "(x1 + 2*x2 - 7)^2 + (2*x1 + x2 - 5)^2",
                    List.of(new KnownMinimum(new double[] {1, 3}, 0)),
                    new double[] {0, 0}),
            fixed("matyas", "A flat, ill-conditioned quadratic plate; minimum at the origin.", -10, 10,
                    "0.26*(x1^2 + x2^2) - 0.48*x1*x2",
                    List.of(new KnownMinimum(new double[] {0, 0}, 0)),
                    new double[] {6, -4}),
            fixed("three-hump-camel", "Three local minima; the global one at the origin.", -5, 5,
                    "2*x1^2 - 1.05*x1^4 + x1^6/6 + x1*x2 + x2^2",
                    List.of(new KnownMinimum(new double[] {0, 0}, 0)),
                    new double[] {0.8, -0.6}),
            nDimensional("rastrigin", "A bowl covered in ripples: local minima near every integer point.", 1, 2,
                    -5.12, 5.12,
                    n -> 10 * n + " + " + sum(n, i -> "(" + x(i) + "^2 - 10*cos(2*pi*" + x(i) + "))"),
                    n -> List.of(new KnownMinimum(fill(n, 0), 0)),
                    n -> alternate(n, 0.3, -0.2)),
            fixed("ackley", "A nearly flat outer region and a deep cone at the origin.", -5, 5,
                    "-20*exp(-0.2*sqrt(0.5*(x1^2 + x2^2))) - exp(0.5*(cos(2*pi*x1) + cos(2*pi*x2))) + e + 20",
                    List.of(new KnownMinimum(new double[] {0, 0}, 0)),
                    new double[] {0.3, -0.2}),
            nDimensional("styblinski-tang", "Separable quartic; minimum near (-2.9035, …, -2.9035).", 1, 2, -5, 5,
                    n -> "0.5*(" + sum(n, i -> "(" + x(i) + "^4 - 16*" + x(i) + "^2 + 5*" + x(i) + ")") + ")",
                    n -> List.of(new KnownMinimum(fill(n, STYBLINSKI_TANG_ARGMIN), STYBLINSKI_TANG_MIN * n)),
                    n -> fill(n, -1))));

    private FunctionCatalog() {
    }

    /** Every catalog function, in the order the API lists them. */
    public static List<CatalogFunction> all() {
        return List.copyOf(FUNCTIONS.values());
    }

    /** The function called {@code name}, if there is one. */
    public static Optional<CatalogFunction> byName(String name) {
        return Optional.ofNullable(FUNCTIONS.get(name));
    }

    /** The catalog names. */
    public static List<String> names() {
        return List.copyOf(FUNCTIONS.keySet());
    }

    private static CatalogFunction nDimensional(String name, String description, int minDimension,
            int defaultDimension, double lower, double upper, IntFunction<String> formula,
            IntFunction<List<KnownMinimum>> minima, IntFunction<double[]> start) {
        return new CatalogFunction(name, description, minDimension, MAX_DIMENSION, defaultDimension, lower, upper,
                formula, minima, start);
    }

    private static CatalogFunction fixed(String name, String description, double lower, double upper,
            String formula, List<KnownMinimum> minima, double[] start) {
        return new CatalogFunction(name, description, 2, 2, 2, lower, upper, n -> formula, n -> minima,
                n -> start);
    }

    private static String x(int index) {
        return "x" + (index + 1);
    }

    /** Terms a sum adds one after another before it groups them: see {@link #sum}. */
    static final int SUM_BLOCK = 500;

    /**
     * {@code term(0) + term(1) + ...}, added left to right. A sum of more than {@value #SUM_BLOCK} terms is written as
     * a sum of parenthesized blocks of that many, so that its expression tree stays within the parser's height
     * limit (a left-to-right sum of n terms is n nodes high); up to {@value #SUM_BLOCK} terms, the order of the
     * additions, and so every bit of the value, is that of the plain sum.
     */
    private static String sum(int terms, IntFunction<String> term) {
        if (terms <= SUM_BLOCK) {
            return IntStream.range(0, terms).mapToObj(term).collect(Collectors.joining(" + "));
        }
        return IntStream.range(0, (terms + SUM_BLOCK - 1) / SUM_BLOCK)
                .mapToObj(block -> "(" + IntStream.range(block * SUM_BLOCK, Math.min(terms, (block + 1) * SUM_BLOCK))
                        .mapToObj(term).collect(Collectors.joining(" + ")) + ")")
                .collect(Collectors.joining(" + "));
    }

    private static double[] fill(int n, double value) {
        double[] point = new double[n];
        Arrays.fill(point, value);
        return point;
    }

    /** a, b, a, b, … */
    private static double[] alternate(int n, double a, double b) {
        double[] point = new double[n];
        for (int i = 0; i < n; i++) {
            point[i] = i % 2 == 0 ? a : b;
        }
        return point;
    }

    private static Map<String, CatalogFunction> index(List<CatalogFunction> functions) {
        Map<String, CatalogFunction> byName = new LinkedHashMap<>();
        functions.forEach(f -> byName.put(f.name(), f));
        return byName;
    }
}
