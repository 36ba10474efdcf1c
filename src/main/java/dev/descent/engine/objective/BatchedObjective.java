package dev.descent.engine.objective;

/**
 * An objective that is a mean over a data set, evaluated one batch of rows at a time: full-batch, mini-batch or
 * stochastic gradient descent. The descent loop selects the batch before each update; {@link #value} and
 * {@link #valueAndGradient} then cover that batch only, and the {@code full…} methods the whole data set (summed
 * in the current epoch's row order: select a batch before the first evaluation).
 */
public interface BatchedObjective extends Objective {

    /** The number of batches in one pass over the data (1 for full batch). */
    int batchesPerEpoch();

    /** The number of rows in the data set. */
    int rows();

    /**
     * Selects batch {@code batch} (0-based) of epoch {@code epoch} for the following evaluations. The rows of a
     * batch, and their order, depend on (epoch, batch) alone, not on the batches selected before: a run resumed
     * from a checkpoint selects the batch it stopped at first, and must see the rows the uninterrupted run saw.
     * An implementation that shuffles derives each epoch's permutation from its seed and the epoch.
     */
    void selectBatch(int epoch, int batch);

    /** The loss over the whole data set. */
    double fullValue(double[] x);

    /** The loss and its gradient over the whole data set. */
    double fullValueAndGradient(double[] x, double[] gradient);

    /**
     * {@inheritDoc} This default takes the central differences over the whole data set
     * ({@link #fullValueAndGradient}), whatever batch is selected.
     */
    @Override
    default void hessianVectorProduct(double[] x, double[] v, double[] out) {
        HessianVectorProducts.centralDifference(this::fullValueAndGradient, x, v, out);
    }

    /**
     * The run is over: let go of the scratch memory kept for its passes over the data (a later evaluation builds it
     * again), so that an objective kept for its metrics, or the next run's objective, does not hold it meanwhile.
     */
    default void release() {
    }
}
