package dev.descent.engine.optim;

/**
 * The state the Adam family shares: the step count t and the running averages m of the gradient and v of its
 * square. Mutable, one per run.
 */
public class Moments {
    int step;
    final double[] m;
    final double[] v;

    Moments(int dimension) {
        m = new double[dimension];
        v = new double[dimension];
    }

    /** The step count t: the updates made so far. */
    public int step() {
        return step;
    }

    /** Sets t, after a loop of its own made updates with {@link #m()} and {@link #v()}. */
    public void step(int t) {
        step = t;
    }

    /** m itself, not a copy: for a loop that makes the updates itself (a fused descent loop). */
    public double[] m() {
        return m;
    }

    /** v itself, not a copy: for a loop that makes the updates itself (a fused descent loop). */
    public double[] v() {
        return v;
    }

    /** Saved as counters {t} and vectors {m, v, extra...}. */
    OptimizerState save(double[] scalars, double[]... extra) {
        double[][] vectors = new double[2 + extra.length][];
        vectors[0] = m;
        vectors[1] = v;
        System.arraycopy(extra, 0, vectors, 2, extra.length);
        return new OptimizerState(new long[] {step}, scalars, vectors);
    }

    /** Restores t, m and v from a state {@link #save} wrote. */
    void restore(OptimizerState saved) {
        step = saved.count(0);
        saved.copyInto(0, m);
        saved.copyInto(1, v);
    }

    /**
     * m_i ← β1 m_i + (1 - β1) g and v_i ← β2 v_i + (1 - β2) g², in PyTorch's order of operations
     * ({@code exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)}, {@code exp_avg_sq.mul_(beta2).addcmul_(grad, grad,
     * value=1 - beta2)}).
     */
    void update(int i, double g, double beta1, double beta2) {
        m[i] = m[i] * beta1 + (1 - beta1) * g;
        v[i] = v[i] * beta2 + (1 - beta2) * g * g;
    }
}
