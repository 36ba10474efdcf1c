package dev.descent.engine.optim;

import static dev.descent.engine.optim.Hyperparameters.WEIGHT_DECAY;

import dev.descent.engine.param.Hyperparameter;

/**
 * Averaged stochastic gradient descent, exactly as {@code torch.optim.ASGD} computes it:
 * <pre>
 * η_0 = γ, μ_0 = 1, ax_0 = 0
 * for t = 1, 2, ...
 *     g_t = ∇f(θ_{t-1})
 *     if λ_wd ≠ 0:  g_t = g_t + λ_wd θ_{t-1}
 *     θ_t = θ_{t-1} (1 - λ η_{t-1})                         (decay)
 *     θ_t = θ_t - η_{t-1} g_t
 *     ax_t = ax_{t-1} + μ_{t-1} (θ_t - ax_{t-1})   if μ_{t-1} ≠ 1,   else ax_t = θ_t
 *     η_t = γ_t / (1 + λ γ_t t)^α                            (γ_t: the learning rate of step t)
 *     μ_t = 1 / max(1, t - t0)
 * </pre>
 * The averaged point ax is the running mean of the iterates from step t0 on (before that it is the iterate
 * itself); it is kept in the state ({@link #averagedPoint}). η, the step actually taken, is computed at the end of
 * each step from that step's learning rate and used by the next: the first step takes the learning rate itself.
 *
 * <p>Defaults as PyTorch's: γ = 1e-2, λ = 1e-4 (its {@code lambd}), α = 0.75, t0 = 1e6, λ_wd = 0.
 *
 * <p>Reference: Polyak and Juditsky, "Acceleration of Stochastic Approximation by Averaging", SIAM J. Control and
 * Optimization 30(4), 1992.
 */
public record Asgd(double lambda, double alpha, double t0, double weightDecay) implements Optimizer<Asgd.State> {

    public static final Hyperparameter LAMBDA = Hyperparameter.atLeast("lambda", 1e-4, 0,
            "λ: the decay term; θ is scaled by 1 - λη each step and η shrinks as (1 + λγt)^-α (PyTorch's lambd).");

    public static final Hyperparameter ALPHA = Hyperparameter.atLeast("alpha", 0.75, 0,
            "α: the power of the step size's decay η = γ / (1 + λγt)^α.");

    public static final Hyperparameter T0 = Hyperparameter.atLeast("t0", 1e6, 0,
            "The step from which the iterates are averaged (PyTorch's t0).");

    public Asgd {
        LAMBDA.check(lambda);
        ALPHA.check(alpha);
        T0.check(t0);
        WEIGHT_DECAY.check(weightDecay);
    }

    /** The step count t, the step size η and averaging factor μ for the next step, the averaged point ax. */
    public static final class State {
        int step;
        double eta = Double.NaN;
        double mu = 1;
        final double[] average;

        State(int dimension) {
            average = new double[dimension];
        }
    }

    @Override
    public State init(int dimension) {
        return new State(dimension);
    }

    /** The averaged point ax of {@code state}: a copy (the iterate itself until step t0 + 2). */
    @Override
    public double[] averagedPoint(State state) {
        return state.average.clone();
    }

    /** Counters {t}; scalars {η, μ}; vectors {ax}. */
    @Override
    public OptimizerState save(State state) {
        return new OptimizerState(new long[] {state.step}, new double[] {state.eta, state.mu},
                new double[][] {state.average});
    }

    @Override
    public State restore(OptimizerState saved, int dimension) {
        saved.expect("ASGD", 1, 2, 1, dimension);
        State state = new State(dimension);
        state.step = saved.count(0);
        double[] scalars = saved.scalars();
        state.eta = scalars[0];
        state.mu = scalars[1];
        saved.copyInto(0, state.average);
        return state;
    }

    @Override
    public void step(double[] x, double[] gradient, State state, double learningRate) {
        update(x, gradient, state, learningRate, null);
    }

    @Override
    public void explainStep(double[] x, double[] gradient, State state, double learningRate, Explainer explainer) {
        update(x, gradient, state, learningRate, explainer);
    }

    /** The box, line by line; {@code explainer} null but for an explained update. */
    private void update(double[] x, double[] gradient, State state, double learningRate, Explainer explainer) {
        int t = ++state.step;
        double eta = t == 1 ? learningRate : state.eta;
        double mu = state.mu;
        double decay = 1 - lambda * eta;
        for (int i = 0; i < x.length; i++) {
            double g = gradient[i];
            if (weightDecay != 0) {
                if (explainer != null) {
                    explainer.record(Quantity.WEIGHT_DECAY, i, weightDecay * x[i]);
                }
                g = g + weightDecay * x[i];
            }
            x[i] = x[i] * decay;
            x[i] = x[i] + -eta * g;
            state.average[i] = mu != 1 ? state.average[i] + (x[i] - state.average[i]) * mu : x[i];
            if (explainer != null) {
                explainer.record(Quantity.EFFECTIVE_LEARNING_RATE, i, eta);
            }
        }
        state.eta = learningRate / Math.pow(1 + lambda * learningRate * t, alpha);
        state.mu = 1 / Math.max(1, t - t0);
    }
}
