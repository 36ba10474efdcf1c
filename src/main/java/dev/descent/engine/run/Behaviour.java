package dev.descent.engine.run;

/**
 * How a run went, counted over every iterate as it ran (not only the recorded ones).
 *
 * @param increases    how many updates raised f (f(x_{k+1}) &gt; f(x_k), or not a number; for a mini-batch run,
 *                     the loss of each update's batch)
 * @param reversals    how many steps pointed against the step before them (x_{k+1} - x_k · x_k - x_{k-1} &lt; 0)
 * @param lastProgress the last iteration at which the run made progress: where the value the best point is judged
 *                     by (f, or for a mini-batch run the epoch loss) first fell below the value at the iteration of
 *                     the progress before it by at least {@link #PROGRESS} of its size (0: the start). The run made
 *                     no such progress after it.
 */
public record Behaviour(int increases, int reversals, int lastProgress) {

    /** The relative decrease of f that counts as progress: 1e-4 (0.01 %) of |f|. */
    public static final double PROGRESS = 1e-4;

    public Behaviour {
        if (increases < 0 || reversals < 0 || lastProgress < 0) {
            throw new IllegalArgumentException("Negative counts: " + increases + ", " + reversals + ", "
                    + lastProgress);
        }
    }

    /** Whether f never increased from one iterate to the next. */
    public boolean monotone() {
        return increases == 0;
    }

    /**
     * Whether the steps mostly reversed direction: more than half of the {@code iterations - 1} pairs of
     * consecutive steps: the run zig-zags across a valley.
     */
    public boolean oscillating(int iterations) {
        return iterations >= 2 && reversals * 2L > iterations - 1L;
    }

    /**
     * Whether {@code candidate} is progress over {@code reference}, the value at the last progress: lower by at
     * least {@link #PROGRESS} of |reference| (any finite value is progress over a value that is not a number).
     */
    /** Whether {@code candidate} is a better value than {@code best}: lower, or a number where the best is not one. */
    static boolean better(double candidate, double best) {
        return candidate < best || (Double.isNaN(best) && !Double.isNaN(candidate));
    }

    static boolean isProgress(double candidate, double reference) {
        if (Double.isNaN(reference)) {
            return !Double.isNaN(candidate);
        }
        return candidate < reference && reference - candidate >= PROGRESS * Math.abs(reference);
    }
}
