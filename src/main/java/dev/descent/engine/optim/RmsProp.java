package dev.descent.engine.optim;

import static dev.descent.engine.optim.Hyperparameters.WEIGHT_DECAY;

import dev.descent.engine.param.Hyperparameter;

/**
 * RMSprop, with optional momentum and centering, exactly as {@code torch.optim.RMSprop} documents it
 * (α smoothing constant, μ momentum):
 * <pre>
 * v_0 = 0, b_0 = 0, g^ave_0 = 0
 * for t = 1, 2, ...
 *     g_t = ∇f(θ_{t-1})
 *     if λ ≠ 0:  g_t = g_t + λ θ_{t-1}
 *     v_t = α v_{t-1} + (1 - α) g_t²
 *     ṽ_t = v_t
 *     if centered:  g^ave_t = α g^ave_{t-1} + (1 - α) g_t;  ṽ_t = v_t - (g^ave_t)²
 *     if μ &gt; 0:    b_t = μ b_{t-1} + g_t / (√ṽ_t + ε);  θ_t = θ_{t-1} - γ b_t
 *     else:        θ_t = θ_{t-1} - γ g_t / (√ṽ_t + ε)
 * </pre>
 * Defaults as PyTorch's: γ = 1e-2, α = 0.99, ε = 1e-8, λ = 0, μ = 0, centered off.
 *
 * <p>Reference: Hinton, Neural Networks for Machine Learning, lecture 6e (2012); Graves, "Generating Sequences
 * With Recurrent Neural Networks", 2013 (the centered form).
 */
public record RmsProp(double alpha, double epsilon, double weightDecay, double momentum, boolean centered)
        implements Optimizer<RmsProp.State> {

    public static final Hyperparameter ALPHA = Hyperparameter.atLeast("alpha", 0.99, 0,
            "α: smoothing constant of the running average of squared gradients.");

    public static final Hyperparameter MOMENTUM = Hyperparameter.atLeast("momentum", 0, 0,
            "μ: momentum factor applied to the normalized step (0: none).");

    public RmsProp {
        ALPHA.check(alpha);
        Hyperparameters.EPSILON.check(epsilon);
        WEIGHT_DECAY.check(weightDecay);
        MOMENTUM.check(momentum);
    }

    /** The averages v (squared gradient), g^ave (gradient, when centered) and the momentum buffer b. */
    public static final class State {
        final double[] squareAverage;
        final double[] gradientAverage;
        final double[] buffer;

        State(int dimension) {
            squareAverage = new double[dimension];
            gradientAverage = new double[dimension];
            buffer = new double[dimension];
        }
    }

    /** With momentum μ = {@code value} (PyTorch's RMSprop has the momentum key even at 0). */
    @Override
    public RmsProp withCycledMomentum(double value) {
        return new RmsProp(alpha, epsilon, weightDecay, value, centered);
    }

    @Override
    public State init(int dimension) {
        return new State(dimension);
    }

    /** No counters; vectors {v, g^ave, b}. */
    @Override
    public OptimizerState save(State state) {
        return OptimizerState.of(new long[0], state.squareAverage, state.gradientAverage, state.buffer);
    }

    @Override
    public State restore(OptimizerState saved, int dimension) {
        saved.expect("RMSprop", 0, 0, 3, dimension);
        State state = new State(dimension);
        saved.copyInto(0, state.squareAverage);
        saved.copyInto(1, state.gradientAverage);
        saved.copyInto(2, state.buffer);
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
        for (int i = 0; i < x.length; i++) {
            double g = gradient[i];
            if (weightDecay != 0) {
                if (explainer != null) {
                    explainer.record(Quantity.WEIGHT_DECAY, i, weightDecay * x[i]);
                }
                g = g + weightDecay * x[i];
            }
            state.squareAverage[i] = state.squareAverage[i] * alpha + (1 - alpha) * g * g;
            double average;
            if (centered) {
                state.gradientAverage[i] = state.gradientAverage[i] * alpha + (1 - alpha) * g;
                average = Math.sqrt(state.squareAverage[i] + -1 * state.gradientAverage[i]
                        * state.gradientAverage[i]);
            } else {
                average = Math.sqrt(state.squareAverage[i]);
            }
            average = average + epsilon;
            if (explainer != null) {
                explainer.record(Quantity.SECOND_MOMENT, i, state.squareAverage[i]);
                if (centered) {
                    explainer.record(Quantity.GRADIENT_AVERAGE, i, state.gradientAverage[i]);
                }
                explainer.record(Quantity.EFFECTIVE_LEARNING_RATE, i, learningRate / average);
            }
            if (momentum > 0) {
                state.buffer[i] = state.buffer[i] * momentum + g / average;
                if (explainer != null) {
                    explainer.record(Quantity.MOMENTUM_BUFFER, i, state.buffer[i]);
                }
                x[i] = x[i] + -learningRate * state.buffer[i];
            } else {
                x[i] = x[i] + -learningRate * g / average;
            }
        }
    }
}
