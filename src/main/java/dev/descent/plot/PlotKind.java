package dev.descent.plot;

import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a plot shows: the runs' paths on the objective, the objective value against the iteration, or a
 * learning-rate range test's loss against the learning rate.
 */
public enum PlotKind {
    /** The objective (a curve in 1-D, a contour map in 2-D) with each run's iterates on it. */
    PATH,
    /** f against the iteration, one line per run; any dimension. */
    CONVERGENCE,
    /** A range test's loss and smoothed loss against the learning rate, the suggested rate marked; any dimension. */
    RANGE_TEST;

    /** The name in query strings: {@code path}, {@code convergence}, {@code rangeTest}. */
    public String wireName() {
        return this == RANGE_TEST ? "rangeTest" : name().toLowerCase(Locale.ROOT);
    }

    /** The kind of this wire name, in any case. */
    static Optional<PlotKind> byName(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName().equalsIgnoreCase(name.trim())).findFirst();
    }

    /** The wire names, for messages. */
    static String names() {
        return Arrays.stream(values()).map(PlotKind::wireName).collect(Collectors.joining(", "));
    }

    /** Throws the problem {@code plot-not-drawable} when this kind cannot show an objective of this dimension. */
    public void checkDrawable(int dimension) {
        if (this == PATH && dimension > 2) {
            throw new ProblemException(ProblemType.PLOT_NOT_DRAWABLE, "A path picture draws the objective over "
                    + "its variables, which takes 1 or 2; this objective has " + dimension + ". Ask for "
                    + "kind=convergence to see f against the iteration.")
                    .with("dimension", dimension);
        }
    }
}
