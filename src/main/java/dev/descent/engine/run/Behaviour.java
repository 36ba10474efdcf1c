package dev.descent.engine.run;

/**
 * How a run went, counted over every iterate as it ran (not only the recorded ones).
 *
 * @param monotone  whether f never increased from one iterate to the next (for a mini-batch run, the loss of each
 *                  update's batch)
 * @param reversals how many steps pointed against the step before them (x_{k+1} - x_k · x_k - x_{k-1} &lt; 0)
 */
public record Behaviour(boolean monotone, int reversals) {

    /**
     * Whether the steps mostly reversed direction: more than half of the {@code iterations - 1} pairs of
     * consecutive steps: the run zig-zags across a valley.
     */
    public boolean oscillating(int iterations) {
        return iterations >= 2 && reversals * 2L > iterations - 1L;
    }
}
