package dev.descent.engine.objective;

/**
 * An objective that is a mean over a data set, evaluated one batch of rows at a time: full-batch, mini-batch or
 * stochastic gradient descent. The descent loop selects the batch before each update; {@link #value} and
 * {@link #valueAndGradient} then cover that batch only, and the {@code full…} methods the whole data set.
 */
public interface BatchedObjective extends Objective {

    /** The number of batches in one pass over the data (1 for full batch). */
    int batchesPerEpoch();

    /**
     * Selects batch {@code batch} (0-based) of epoch {@code epoch} for the following evaluations. Batches are
     * selected in order, each epoch starting from batch 0; an implementation that shuffles does so then.
     */
    void selectBatch(int epoch, int batch);

    /** The loss over the whole data set. */
    double fullValue(double[] x);

    /** The loss and its gradient over the whole data set. */
    double fullValueAndGradient(double[] x, double[] gradient);
}
