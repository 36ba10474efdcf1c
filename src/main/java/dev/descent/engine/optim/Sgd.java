package dev.descent.engine.optim;

import static dev.descent.engine.optim.Hyperparameters.WEIGHT_DECAY;

import dev.descent.engine.param.Hyperparameter;
import dev.descent.engine.param.InvalidHyperparameterException;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight decay, exactly as
 * {@code torch.optim.SGD} documents it (γ learning rate, θ parameters, λ weight decay, μ momentum, τ dampening):
 * <pre>
 * for t = 1, 2, ...
 *     g_t = ∇f(θ_{t-1})
 *     if λ ≠ 0:  g_t = g_t + λ θ_{t-1}
 *     if μ ≠ 0:
 *         if t > 1:  b_t = μ b_{t-1} + (1 - τ) g_t
 *         else:      b_t = g_t
 *         if nesterov:  g_t = g_t + μ b_t
 *         else:         g_t = b_t
 *     θ_t = θ_{t-1} - γ g_t
 * </pre>
 * The service's {@code gd}, {@code momentum} and {@code nesterov} are this rule with μ = 0, μ &gt; 0 and
 * nesterov = true. Defaults as PyTorch's: μ = 0, τ = 0, λ = 0.
 *
 * <p>Reference: Sutskever et al., "On the importance of initialization and momentum in deep learning", ICML 2013.
 *
 * @param momentum    μ, at least 0
 * @param dampening   τ, in [0, 1]
 * @param weightDecay λ, at least 0
 * @param nesterov    use Nesterov momentum; needs μ &gt; 0 and τ = 0
 */
public record Sgd(double momentum, double dampening, double weightDecay, boolean nesterov)
        implements Optimizer<Sgd.State> {

    public static final Hyperparameter MOMENTUM = Hyperparameter.atLeast("momentum", 0, 0,
            "Momentum factor μ: how much of the previous update direction is kept.");

    public static final Hyperparameter DAMPENING = Hyperparameter.inClosed("dampening", 0, 0, 1,
            "Dampening τ for momentum: the new gradient enters the buffer scaled by (1 - τ).");

    public Sgd {
        MOMENTUM.check(momentum);
        DAMPENING.check(dampening);
        WEIGHT_DECAY.check(weightDecay);
        if (nesterov && momentum <= 0) {
            throw new InvalidHyperparameterException(MOMENTUM.name(),
                    "Nesterov momentum requires a momentum greater than 0, was " + momentum);
        }
        if (nesterov && dampening != 0) {
            throw new InvalidHyperparameterException(DAMPENING.name(),
                    "Nesterov momentum requires zero dampening, was " + dampening);
        }
    }

    /** Plain gradient descent: θ_t = θ_{t-1} - γ (∇f + λ θ_{t-1}). */
    public static Sgd plain(double weightDecay) {
        return new Sgd(0, 0, weightDecay, false);
    }

    /** The momentum buffer b and whether it has been started (PyTorch's {@code momentum_buffer is None}). */
    public static final class State {
        final double[] buffer;
        boolean started;

        State(int dimension) {
            buffer = new double[dimension];
        }

        /** b itself, not a copy: for a loop that makes the updates itself (a fused descent loop). */
        public double[] buffer() {
            return buffer;
        }

        /** Whether b has been started (by a first update with momentum). */
        public boolean started() {
            return started;
        }

        /** Marks b started, after a loop of its own made updates with {@link #buffer()}. */
        public void markStarted() {
            started = true;
        }
    }

    /**
     * With momentum μ = {@code value}; null for plain gradient descent ({@code gd}: torch's SGD(momentum=0) would
     * turn into heavy-ball SGD, which is the type {@code momentum}).
     */
    @Override
    public Sgd withCycledMomentum(double value) {
        return momentum == 0 ? null : new Sgd(value, dampening, weightDecay, nesterov);
    }

    @Override
    public State init(int dimension) {
        return new State(dimension);
    }

    /** Counters {1 once the buffer is started, else 0}; vectors {b}. */
    @Override
    public OptimizerState save(State state) {
        return OptimizerState.of(new long[] {state.started ? 1 : 0}, state.buffer);
    }

    @Override
    public State restore(OptimizerState saved, int dimension) {
        saved.expect("SGD", 1, 0, 1, dimension);
        State state = new State(dimension);
        state.started = saved.counters()[0] != 0;
        saved.copyInto(0, state.buffer);
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
        double[] b = state.buffer;
        for (int i = 0; i < x.length; i++) {
            double g = gradient[i];
            if (weightDecay != 0) {
                if (explainer != null) {
                    explainer.record(Quantity.WEIGHT_DECAY, i, weightDecay * x[i]);
                }
                g = g + weightDecay * x[i];
            }
            if (momentum != 0) {
                b[i] = state.started ? momentum * b[i] + (1 - dampening) * g : g;
                if (explainer != null) {
                    explainer.record(Quantity.MOMENTUM_BUFFER, i, b[i]);
                }
                g = nesterov ? g + momentum * b[i] : b[i];
            }
            x[i] = x[i] - learningRate * g;
        }
        state.started = true;
    }
}
