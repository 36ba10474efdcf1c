package dev.descent.engine.optim;

import static dev.descent.engine.optim.Hyperparameters.BETA1;
import static dev.descent.engine.optim.Hyperparameters.BETA2;
import static dev.descent.engine.optim.Hyperparameters.EPSILON;
import static dev.descent.engine.optim.Hyperparameters.WEIGHT_DECAY;

import dev.descent.engine.param.Hyperparameter;

/**
 * NAdam, Adam with Nesterov momentum and a momentum schedule, exactly as {@code torch.optim.NAdam} documents it
 * (ψ momentum decay):
 * <pre>
 * m_0 = 0, v_0 = 0
 * for t = 1, 2, ...
 *     g_t = ∇f(θ_{t-1})
 *     if λ ≠ 0 and decoupled:  θ_{t-1} = θ_{t-1} (1 - γ λ)      (PyTorch 2's decoupled_weight_decay)
 *     elif λ ≠ 0:              g_t = g_t + λ θ_{t-1}
 *     μ_t     = β1 (1 - ½ 0.96^{t ψ})
 *     μ_{t+1} = β1 (1 - ½ 0.96^{(t+1) ψ})
 *     m_t = β1 m_{t-1} + (1 - β1) g_t
 *     v_t = β2 v_{t-1} + (1 - β2) g_t²
 *     v̂_t = v_t / (1 - β2^t)
 *     θ_t = θ_{t-1} - γ (1 - μ_t) g_t / ((1 - ∏_{i≤t} μ_i)(√v̂_t + ε))
 *                   - γ μ_{t+1} m_t / ((1 - ∏_{i≤t+1} μ_i)(√v̂_t + ε))
 * </pre>
 * Defaults as PyTorch's: γ = 2e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0, ψ = 4e-3.
 *
 * <p>PyTorch 1.13's implementation multiplied μ_t into the next product twice ({@code mu_product * mu * mu_next});
 * PyTorch 2 fixed it to the documented ∏_{i≤t+1} μ_i, which is what this class computes.
 *
 * <p>PyTorch 1.13 has no {@code decoupled_weight_decay}; this class follows PyTorch 2's documented rule, the
 * decay applied to θ before the moments as AdamW applies it.
 *
 * <p>Reference: Dozat, "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop.
 */
public record NAdam(double beta1, double beta2, double epsilon, double weightDecay, double momentumDecay,
                    boolean decoupledWeightDecay) implements Optimizer<NAdam.State> {

    /** NAdam with its weight decay added to the gradient, as PyTorch 1.13 has it. */
    public NAdam(double beta1, double beta2, double epsilon, double weightDecay, double momentumDecay) {
        this(beta1, beta2, epsilon, weightDecay, momentumDecay, false);
    }

    public static final Hyperparameter MOMENTUM_DECAY = Hyperparameter.atLeast("momentumDecay", 4e-3, 0,
            "ψ: how fast the momentum schedule μ_t rises towards β1.");

    public NAdam {
        BETA1.check(beta1);
        BETA2.check(beta2);
        EPSILON.check(epsilon);
        WEIGHT_DECAY.check(weightDecay);
        MOMENTUM_DECAY.check(momentumDecay);
    }

    /** Step count t, the product ∏ μ_i so far, and the moments m, v. */
    public static final class State extends Moments {
        double muProduct = 1;

        State(int dimension) {
            super(dimension);
        }
    }

    /** With β1 = {@code value} (torch 2.x's CyclicLR and OneCycleLR set betas[0]). */
    @Override
    public NAdam withCycledMomentum(double value) {
        return new NAdam(value, beta2, epsilon, weightDecay, momentumDecay);
    }

    @Override
    public State init(int dimension) {
        return new State(dimension);
    }

    /** Counters {t}; scalars {∏ μ_i}; vectors {m, v}. */
    @Override
    public OptimizerState save(State state) {
        return state.save(new double[] {state.muProduct});
    }

    @Override
    public State restore(OptimizerState saved, int dimension) {
        saved.expect("NAdam", 1, 1, 2, dimension);
        State state = new State(dimension);
        state.restore(saved);
        state.muProduct = saved.scalars()[0];
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
        double biasCorrection2 = 1 - Powers.of(beta2, t);
        double mu = beta1 * (1. - 0.5 * Math.pow(0.96, t * momentumDecay));
        double muNext = beta1 * (1. - 0.5 * Math.pow(0.96, (t + 1) * momentumDecay));
        state.muProduct *= mu;
        double muProductNext = state.muProduct * muNext;
        double gradientScale = -learningRate * (1. - mu) / (1. - state.muProduct);
        double momentumScale = -learningRate * muNext / (1. - muProductNext);
        for (int i = 0; i < x.length; i++) {
            double g = gradient[i];
            if (weightDecay != 0 && decoupledWeightDecay) {
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
            double denominator = Math.sqrt(state.v[i] / biasCorrection2) + epsilon;
            if (explainer != null) {
                explainer.record(Quantity.FIRST_MOMENT, i, state.m[i]);
                explainer.record(Quantity.SECOND_MOMENT, i, state.v[i]);
                explainer.record(Quantity.MOMENTUM_FACTOR, i, mu);
                explainer.record(Quantity.BIAS_CORRECTION2, i, biasCorrection2);
                explainer.record(Quantity.EFFECTIVE_LEARNING_RATE, i, learningRate / denominator);
            }
            x[i] = x[i] + gradientScale * g / denominator;
            x[i] = x[i] + momentumScale * state.m[i] / denominator;
        }
    }
}
