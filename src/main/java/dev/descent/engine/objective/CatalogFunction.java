package dev.descent.engine.objective;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * A standard test function: its formula in the expression language (so its gradient is exact, by the same
 * automatic differentiation as any user formula), the dimensions it is defined for, its usual domain, its known
 * global minima and a default start. Variables are {@code x1 … xn}.
 *
 * @param name             the catalog name used in requests, e.g. {@code "rosenbrock"}
 * @param description      one line for people
 * @param minDimension     the smallest dimension it is defined for
 * @param maxDimension     the largest (equal to {@code minDimension} for fixed-dimension functions)
 * @param defaultDimension the dimension when a request gives none
 * @param domainLower      lower bound of the usual search domain, per variable
 * @param domainUpper      upper bound of the usual search domain, per variable
 * @param formula          the formula for a dimension
 * @param minima           the known global minima for a dimension
 * @param defaultStart     a start for a dimension, inside the basin of a global minimum
 */
public record CatalogFunction(String name, String description, int minDimension, int maxDimension,
                              int defaultDimension, double domainLower, double domainUpper,
                              IntFunction<String> formula, IntFunction<List<KnownMinimum>> minima,
                              IntFunction<double[]> defaultStart) {

    /** Compiled catalog functions by name and dimension: at most one per (function, dimension) in use. */
    private static final Map<String, ExpressionObjective> COMPILED = new ConcurrentHashMap<>();

    /** Whether the function is defined for every dimension from {@code minDimension} up. */
    public boolean anyDimension() {
        return maxDimension > minDimension;
    }

    /** The dimension a request asks for: {@code requested}, or {@code defaultDimension} when it gives none. */
    public int dimension(Integer requested) {
        return requested == null ? defaultDimension : requested;
    }

    /** Whether the function is defined in {@code dimension} variables. */
    public boolean definedIn(int dimension) {
        return dimension >= minDimension && dimension <= maxDimension;
    }

    /** Throws unless the function is defined in {@code dimension} variables. */
    public int checkDimension(int dimension) {
        if (!definedIn(dimension)) {
            throw new IllegalArgumentException(name + " is defined for " + (anyDimension()
                    ? "dimensions " + minDimension + " and up" : "dimension " + minDimension + " only")
                    + ", not " + dimension);
        }
        return dimension;
    }

    /** The formula in {@code dimension} variables. */
    public String formula(int dimension) {
        return formula.apply(checkDimension(dimension));
    }

    /** The known global minima in {@code dimension} variables. */
    public List<KnownMinimum> minima(int dimension) {
        return minima.apply(checkDimension(dimension));
    }

    /** The default start in {@code dimension} variables. */
    public double[] defaultStart(int dimension) {
        return defaultStart.apply(checkDimension(dimension)).clone();
    }

    /**
     * The function as an objective with exact gradients, for one run. Each (function, dimension) is parsed and
     * compiled once per process and every run gets a fork of it, so its generated code, once made and compiled by
     * the JIT, serves every later run from its first evaluation.
     */
    public ExpressionObjective objective(int dimension) {
        checkDimension(dimension);
        return COMPILED.computeIfAbsent(name + "/" + dimension, key -> ExpressionObjective.compile(formula(dimension)))
                .fork();
    }
}
