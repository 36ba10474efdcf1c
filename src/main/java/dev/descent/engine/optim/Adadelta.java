package dev.descent.engine.optim;

import static dev.descent.engine.optim.Hyperparameters.WEIGHT_DECAY;

import dev.descent.engine.param.Hyperparameter;

/**
 * Adadelta, exactly as {@code torch.optim.Adadelta} documents it (ρ decay):
 * <pre>
 * v_0 = 0, u_0 = 0
 * for t = 1, 2, ...
 *     g_t = ∇f(θ_{t-1})
 *     if λ ≠ 0:  g_t = g_t + λ θ_{t-1}
 *     v_t = ρ v_{t-1} + (1 - ρ) g_t²
 *     Δx_t = √(u_{t-1} + ε) / √(v_t + ε) · g_t
 *     u_t = ρ u_{t-1} + (1 - ρ) Δx_t²
 *     θ_t = θ_{t-1} - γ Δx_t
 * </pre>
 * Defaults as PyTorch's: γ = 1.0 (the method sets its own scale; γ only rescales it), ρ = 0.9, ε = 1e-6, λ = 0.
 *
 * <p>Reference: Zeiler, "ADADELTA: An Adaptive Learning Rate Method", 2012.
 */
public record Adadelta(double rho, double epsilon, double weightDecay) implements Optimizer<Adadelta.State> {

    public static final Hyperparameter RHO = Hyperparameter.inClosed("rho", 0.9, 0, 1,
            "ρ: decay rate of the running averages of squared gradients and squared updates.");

    public static final Hyperparameter EPSILON = Hyperparameters.EPSILON.withDefault(1e-6);

    public Adadelta {
        RHO.check(rho);
        EPSILON.check(epsilon);
        WEIGHT_DECAY.check(weightDecay);
    }

    /** The running averages v (squared gradients) and u (squared updates). */
    public static final class State {
        final double[] squareAverage;
        final double[] deltaAverage;

        State(int dimension) {
            squareAverage = new double[dimension];
            deltaAverage = new double[dimension];
        }
    }

    @Override
    public State init(int dimension) {
        return new State(dimension);
    }

    /** No counters; vectors {v, u}. */
    @Override
    public OptimizerState save(State state) {
        return OptimizerState.of(new long[0], state.squareAverage, state.deltaAverage);
    }

    @Override
    public State restore(OptimizerState saved, int dimension) {
        saved.expect("Adadelta", 0, 0, 2, dimension);
        State state = new State(dimension);
        saved.copyInto(0, state.squareAverage);
        saved.copyInto(1, state.deltaAverage);
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
            state.squareAverage[i] = state.squareAverage[i] * rho + (1 - rho) * g * g;
            double std = Math.sqrt(state.squareAverage[i] + epsilon);
            if (explainer != null) {
                explainer.record(Quantity.EFFECTIVE_LEARNING_RATE, i,
                        learningRate * (Math.sqrt(state.deltaAverage[i] + epsilon) / std));
            }
            double delta = Math.sqrt(state.deltaAverage[i] + epsilon) / std * g;
            state.deltaAverage[i] = state.deltaAverage[i] * rho + (1 - rho) * delta * delta;
            if (explainer != null) {
                explainer.record(Quantity.SECOND_MOMENT, i, state.squareAverage[i]);
                explainer.record(Quantity.DELTA, i, delta);
                explainer.record(Quantity.UPDATE_AVERAGE, i, state.deltaAverage[i]);
            }
            x[i] = x[i] + -learningRate * delta;
        }
    }
}
