package dev.descent.engine.optim;

import static dev.descent.engine.optim.Hyperparameters.BETA1;
import static dev.descent.engine.optim.Hyperparameters.BETA2;
import static dev.descent.engine.optim.Hyperparameters.EPSILON;
import static dev.descent.engine.optim.Hyperparameters.WEIGHT_DECAY;

/**
 * Adamax, Adam with the infinity norm, exactly as {@code torch.optim.Adamax} documents it:
 * <pre>
 * m_0 = 0, u_0 = 0
 * for t = 1, 2, ...
 *     g_t = ∇f(θ_{t-1})
 *     if λ ≠ 0:  g_t = g_t + λ θ_{t-1}
 *     m_t = β1 m_{t-1} + (1 - β1) g_t
 *     u_t = max(β2 u_{t-1}, |g_t| + ε)
 *     θ_t = θ_{t-1} - γ m_t / ((1 - β1^t) u_t)
 * </pre>
 * Defaults as PyTorch's: γ = 2e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.
 *
 * <p>Reference: Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, section 7.
 */
public record Adamax(double beta1, double beta2, double epsilon, double weightDecay)
        implements Optimizer<Adamax.State> {

    public Adamax {
        BETA1.check(beta1);
        BETA2.check(beta2);
        EPSILON.check(epsilon);
        WEIGHT_DECAY.check(weightDecay);
    }

    /** Step count t, the first moment m and the exponentially weighted infinity norm u. */
    public static final class State {
        int step;
        final double[] m;
        final double[] u;

        State(int dimension) {
            m = new double[dimension];
            u = new double[dimension];
        }
    }

    /** With β1 = {@code value} (torch 2.x's CyclicLR and OneCycleLR set betas[0]). */
    @Override
    public Adamax withCycledMomentum(double value) {
        return new Adamax(value, beta2, epsilon, weightDecay);
    }

    @Override
    public State init(int dimension) {
        return new State(dimension);
    }

    /** Counters {t}; vectors {m, u}. */
    @Override
    public OptimizerState save(State state) {
        return OptimizerState.of(new long[] {state.step}, state.m, state.u);
    }

    @Override
    public State restore(OptimizerState saved, int dimension) {
        saved.expect("Adamax", 1, 0, 2, dimension);
        State state = new State(dimension);
        state.step = saved.count(0);
        saved.copyInto(0, state.m);
        saved.copyInto(1, state.u);
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
        double clr = learningRate / (1 - Powers.of(beta1, t));
        for (int i = 0; i < x.length; i++) {
            double g = gradient[i];
            if (weightDecay != 0) {
                if (explainer != null) {
                    explainer.record(Quantity.WEIGHT_DECAY, i, weightDecay * x[i]);
                }
                g = g + weightDecay * x[i];
            }
            state.m[i] = state.m[i] * beta1 + (1 - beta1) * g;
            state.u[i] = Math.max(state.u[i] * beta2, Math.abs(g) + epsilon);
            if (explainer != null) {
                explainer.record(Quantity.FIRST_MOMENT, i, state.m[i]);
                explainer.record(Quantity.INFINITY_NORM, i, state.u[i]);
                explainer.record(Quantity.BIAS_CORRECTION1, i, 1 - Powers.of(beta1, t));
                explainer.record(Quantity.EFFECTIVE_LEARNING_RATE, i, clr / state.u[i]);
            }
            x[i] = x[i] + -clr * state.m[i] / state.u[i];
        }
    }
}
