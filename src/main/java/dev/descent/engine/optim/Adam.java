package dev.descent.engine.optim;

import static dev.descent.engine.optim.Hyperparameters.BETA1;
import static dev.descent.engine.optim.Hyperparameters.BETA2;
import static dev.descent.engine.optim.Hyperparameters.EPSILON;
import static dev.descent.engine.optim.Hyperparameters.WEIGHT_DECAY;

/**
 * Adam and AdamW, with optional AMSGrad, exactly as {@code torch.optim.Adam} and {@code torch.optim.AdamW}
 * document them (γ learning rate, β1 β2 decay rates, ε, λ weight decay):
 * <pre>
 * m_0 = 0, v_0 = 0, v_0^max = 0
 * for t = 1, 2, ...
 *     g_t = ∇f(θ_{t-1})
 *     if decoupled:  θ_{t-1} = θ_{t-1} - γ λ θ_{t-1}      (AdamW)
 *     elif λ ≠ 0:    g_t = g_t + λ θ_{t-1}                (Adam's L2 penalty)
 *     m_t = β1 m_{t-1} + (1 - β1) g_t
 *     v_t = β2 v_{t-1} + (1 - β2) g_t²
 *     m̂_t = m_t / (1 - β1^t)
 *     if amsgrad:  v_t^max = max(v_{t-1}^max, v_t);  v̂_t = v_t^max / (1 - β2^t)
 *     else:        v̂_t = v_t / (1 - β2^t)
 *     θ_t = θ_{t-1} - γ m̂_t / (√v̂_t + ε)
 * </pre>
 * The arithmetic follows PyTorch's single-tensor implementation operation by operation (the bias corrections
 * folded into the step size and into the square root of the denominator), so that trajectories agree with
 * PyTorch's to rounding rather than merely to the algebra.
 * Defaults as PyTorch's: γ = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, amsgrad off; λ = 0 for Adam, 1e-2 for AdamW.
 *
 * <p>References: Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015; Reddi et al., "On the
 * Convergence of Adam and Beyond", ICLR 2018 (AMSGrad); Loshchilov and Hutter, "Decoupled Weight Decay
 * Regularization", ICLR 2019 (AdamW).
 *
 * @param decoupled apply the weight decay to θ directly (AdamW) instead of adding it to the gradient (Adam)
 */
public record Adam(double beta1, double beta2, double epsilon, double weightDecay, boolean amsgrad,
                   boolean decoupled) implements Optimizer<Adam.State> {

    /** Adam with its L2 penalty added to the gradient. */
    public Adam(double beta1, double beta2, double epsilon, double weightDecay, boolean amsgrad) {
        this(beta1, beta2, epsilon, weightDecay, amsgrad, false);
    }

    public Adam {
        BETA1.check(beta1);
        BETA2.check(beta2);
        EPSILON.check(epsilon);
        WEIGHT_DECAY.check(weightDecay);
    }

    /** Step count t and the moment estimates m, v (and the running maximum of v for AMSGrad). */
    public static final class State extends Moments {
        final double[] vMax;

        State(int dimension) {
            super(dimension);
            vMax = new double[dimension];
        }
    }

    /** With β1 = {@code value} (torch 2.x's CyclicLR and OneCycleLR set betas[0]). */
    @Override
    public Adam withCycledMomentum(double value) {
        return new Adam(value, beta2, epsilon, weightDecay, amsgrad, decoupled);
    }

    @Override
    public State init(int dimension) {
        return new State(dimension);
    }

    /** Counters {t}; vectors {m, v, v^max}. */
    @Override
    public OptimizerState save(State state) {
        return state.save(new double[0], state.vMax);
    }

    @Override
    public State restore(OptimizerState saved, int dimension) {
        saved.expect("Adam", 1, 0, 3, dimension);
        State state = new State(dimension);
        state.restore(saved);
        saved.copyInto(2, state.vMax);
        return state;
    }

    /**
     * {@link #update} without an explainer; plain Adam (no weight decay, no AMSGrad) by a loop of its own, the same
     * operations in the same order, small enough for the JIT to inline into the descent loop ({@code update} is
     * not: too big).
     */
    @Override
    public void step(double[] x, double[] gradient, State state, double learningRate) {
        if (decoupled || weightDecay != 0 || amsgrad) {
            update(x, gradient, state, learningRate, null);
            return;
        }
        int t = ++state.step;
        double stepSize = learningRate / (1 - Powers.of(beta1, t));
        double biasCorrection2Sqrt = Math.sqrt(1 - Powers.of(beta2, t));
        double[] m = state.m;
        double[] v = state.v;
        for (int i = 0; i < x.length; i++) {
            double g = gradient[i];
            m[i] = m[i] * beta1 + (1 - beta1) * g; // Moments.update
            v[i] = v[i] * beta2 + (1 - beta2) * g * g;
            double denominator = Math.sqrt(v[i]) / biasCorrection2Sqrt + epsilon;
            x[i] = x[i] + -stepSize * m[i] / denominator;
        }
    }

    @Override
    public void explainStep(double[] x, double[] gradient, State state, double learningRate, Explainer explainer) {
        update(x, gradient, state, learningRate, explainer);
    }

    /** The box, line by line; {@code explainer} null but for an explained update. */
    private void update(double[] x, double[] gradient, State state, double learningRate, Explainer explainer) {
        int t = ++state.step;
        double stepSize = learningRate / (1 - Powers.of(beta1, t));
        double biasCorrection2Sqrt = Math.sqrt(1 - Powers.of(beta2, t));
        for (int i = 0; i < x.length; i++) {
            double g = gradient[i];
            if (decoupled) {
                if (explainer != null) {
                    explainer.record(Quantity.DECOUPLED_WEIGHT_DECAY, i, learningRate * weightDecay * x[i]);
                }
                x[i] = x[i] * (1 - learningRate * weightDecay);
            } else if (weightDecay != 0) {
                if (explainer != null) {
                    explainer.record(Quantity.WEIGHT_DECAY, i, weightDecay * x[i]);
                }
                g = g + weightDecay * x[i];
            }
            state.update(i, g, beta1, beta2);
            double v = state.v[i];
            if (amsgrad) {
                state.vMax[i] = Math.max(state.vMax[i], v);
                v = state.vMax[i];
            }
            double denominator = Math.sqrt(v) / biasCorrection2Sqrt + epsilon;
            if (explainer != null) {
                explainer.record(Quantity.FIRST_MOMENT, i, state.m[i]);
                explainer.record(Quantity.SECOND_MOMENT, i, state.v[i]);
                if (amsgrad) {
                    explainer.record(Quantity.MAX_SECOND_MOMENT, i, state.vMax[i]);
                }
                explainer.record(Quantity.BIAS_CORRECTION1, i, 1 - Powers.of(beta1, t));
                explainer.record(Quantity.BIAS_CORRECTION2, i, 1 - Powers.of(beta2, t));
                explainer.record(Quantity.EFFECTIVE_LEARNING_RATE, i, learningRate / denominator);
            }
            x[i] = x[i] + -stepSize * state.m[i] / denominator; // addcdiv_(m, denom, value=-stepSize)
        }
    }
}
