package dev.descent.engine.run;

/**
 * Which updates a run explains ({@link Explanation}): {@code steps} updates from update {@code from} on, counted
 * as the algorithm boxes count t (the first update is 1). Explaining costs nothing but for those updates, whose
 * quantities are copied out; the others run as if nothing were asked.
 *
 * @param from  the first update explained, at least 1
 * @param steps how many updates, at least 0 (0: none), at most {@link #MAX_STEPS}
 */
public record ExplainRange(int from, int steps) {

    /** The most updates one run explains: each holds up to a score of numbers per variable. */
    public static final int MAX_STEPS = 100;

    /** Explains nothing. */
    public static final ExplainRange NONE = new ExplainRange(1, 0);

    public ExplainRange {
        if (from < 1) {
            throw new IllegalArgumentException("Invalid first update to explain: " + from + " (must be >= 1)");
        }
        if (steps < 0 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("Invalid number of updates to explain: " + steps + " (must be in [0, "
                    + MAX_STEPS + "])");
        }
    }

    /** The first {@code steps} updates. */
    public static ExplainRange first(int steps) {
        return new ExplainRange(1, steps);
    }

    /** Whether any update is explained. */
    public boolean any() {
        return steps > 0;
    }
}
