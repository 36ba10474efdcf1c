package dev.descent.engine.optim;

import static dev.descent.engine.optim.Hyperparameters.WEIGHT_DECAY;

import dev.descent.engine.param.Hyperparameter;

/**
 * Adagrad, exactly as {@code torch.optim.Adagrad} documents it (η learning-rate decay, τ initial accumulator):
 * <pre>
 * s_0 = τ
 * for t = 1, 2, ...
 *     g_t = ∇f(θ_{t-1})
 *     γ̃ = γ / (1 + (t - 1) η)
 *     if λ ≠ 0:  g_t = g_t + λ θ_{t-1}
 *     s_t = s_{t-1} + g_t²
 *     θ_t = θ_{t-1} - γ̃ g_t / (√s_t + ε)
 * </pre>
 * Defaults as PyTorch's: γ = 1e-2, η = 0, λ = 0, τ = 0, ε = 1e-10.
 *
 * <p>Reference: Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic
 * Optimization", JMLR 2011.
 */
public record Adagrad(double lrDecay, double weightDecay, double initialAccumulatorValue, double epsilon)
        implements Optimizer<Adagrad.State> {

    public static final Hyperparameter LR_DECAY = Hyperparameter.atLeast("lrDecay", 0, 0,
            "η: the learning rate at step t is learningRate / (1 + (t - 1) η).");

    public static final Hyperparameter INITIAL_ACCUMULATOR_VALUE = Hyperparameter.atLeast(
            "initialAccumulatorValue", 0, 0, "τ: the starting value of the sum of squared gradients.");

    public static final Hyperparameter EPSILON = Hyperparameters.EPSILON.withDefault(1e-10);

    public Adagrad {
        LR_DECAY.check(lrDecay);
        WEIGHT_DECAY.check(weightDecay);
        INITIAL_ACCUMULATOR_VALUE.check(initialAccumulatorValue);
        EPSILON.check(epsilon);
    }

    /** Step count t and the sum s of squared gradients. */
    public static final class State {
        int step;
        final double[] sum;

        State(int dimension, double initial) {
            sum = new double[dimension];
            java.util.Arrays.fill(sum, initial);
        }
    }

    @Override
    public State init(int dimension) {
        return new State(dimension, initialAccumulatorValue);
    }

    /** Counters {t}; vectors {s}. */
    @Override
    public OptimizerState save(State state) {
        return OptimizerState.of(new long[] {state.step}, state.sum);
    }

    @Override
    public State restore(OptimizerState saved, int dimension) {
        saved.expect("Adagrad", 1, 0, 1, dimension);
        State state = new State(dimension, 0);
        state.step = saved.count(0);
        saved.copyInto(0, state.sum);
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
        double clr = learningRate / (1 + (t - 1) * lrDecay);
        for (int i = 0; i < x.length; i++) {
            double g = gradient[i];
            if (weightDecay != 0) {
                if (explainer != null) {
                    explainer.record(Quantity.WEIGHT_DECAY, i, weightDecay * x[i]);
                }
                g = g + weightDecay * x[i];
            }
            state.sum[i] = state.sum[i] + 1 * g * g;
            if (explainer != null) {
                explainer.record(Quantity.SUM_OF_SQUARES, i, state.sum[i]);
                explainer.record(Quantity.EFFECTIVE_LEARNING_RATE, i, clr / (Math.sqrt(state.sum[i]) + epsilon));
            }
            x[i] = x[i] + -clr * g / (Math.sqrt(state.sum[i]) + epsilon);
        }
    }
}
