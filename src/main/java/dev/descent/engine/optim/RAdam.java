package dev.descent.engine.optim;

import static dev.descent.engine.optim.Hyperparameters.BETA1;
import static dev.descent.engine.optim.Hyperparameters.BETA2;
import static dev.descent.engine.optim.Hyperparameters.EPSILON;
import static dev.descent.engine.optim.Hyperparameters.WEIGHT_DECAY;

/**
 * RAdam, Adam with the variance of the adaptive rate rectified, exactly as {@code torch.optim.RAdam} documents it:
 * <pre>
 * m_0 = 0, v_0 = 0, ρ_∞ = 2 / (1 - β2) - 1
 * for t = 1, 2, ...
 *     g_t = ∇f(θ_{t-1})
 *     if λ ≠ 0 and decoupled:  θ_{t-1} = θ_{t-1} (1 - γ λ)      (PyTorch 2's decoupled_weight_decay)
 *     elif λ ≠ 0:              g_t = g_t + λ θ_{t-1}
 *     m_t = β1 m_{t-1} + (1 - β1) g_t
 *     v_t = β2 v_{t-1} + (1 - β2) g_t²
 *     m̂_t = m_t / (1 - β1^t)
 *     ρ_t = ρ_∞ - 2 t β2^t / (1 - β2^t)
 *     if ρ_t &gt; 5:
 *         l_t = √(1 - β2^t) / (√v_t + ε)
 *         r_t = √((ρ_t - 4)(ρ_t - 2) ρ_∞ / ((ρ_∞ - 4)(ρ_∞ - 2) ρ_t))
 *         θ_t = θ_{t-1} - γ m̂_t l_t r_t
 *     else:
 *         θ_t = θ_{t-1} - γ m̂_t              (the variance is not yet tractable: plain momentum)
 * </pre>
 * Defaults as PyTorch's: γ = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.
 *
 * <p>PyTorch 1.13 has no {@code decoupled_weight_decay}; this class follows PyTorch 2's documented rule, the
 * decay applied to θ before the moments as AdamW applies it.
 *
 * <p>Reference: Liu et al., "On the Variance of the Adaptive Learning Rate and Beyond", ICLR 2020.
 */
public record RAdam(double beta1, double beta2, double epsilon, double weightDecay, boolean decoupledWeightDecay)
        implements Optimizer<Moments> {

    /** RAdam with its weight decay added to the gradient, as PyTorch 1.13 has it. */
    public RAdam(double beta1, double beta2, double epsilon, double weightDecay) {
        this(beta1, beta2, epsilon, weightDecay, false);
    }

    public RAdam {
        BETA1.check(beta1);
        BETA2.check(beta2);
        EPSILON.check(epsilon);
        WEIGHT_DECAY.check(weightDecay);
    }

    /** With β1 = {@code value} (torch 2.x's CyclicLR and OneCycleLR set betas[0]). */
    @Override
    public RAdam withCycledMomentum(double value) {
        return new RAdam(value, beta2, epsilon, weightDecay);
    }

    @Override
    public Moments init(int dimension) {
        return new Moments(dimension);
    }

    /** Counters {t}; vectors {m, v}. */
    @Override
    public OptimizerState save(Moments state) {
        return state.save(new double[0]);
    }

    @Override
    public Moments restore(OptimizerState saved, int dimension) {
        saved.expect("RAdam", 1, 0, 2, dimension);
        Moments state = new Moments(dimension);
        state.restore(saved);
        return state;
    }

    @Override
    public void step(double[] x, double[] gradient, Moments state, double learningRate) {
        update(x, gradient, state, learningRate, null);
    }

    @Override
    public void explainStep(double[] x, double[] gradient, Moments state, double learningRate, Explainer explainer) {
        update(x, gradient, state, learningRate, explainer);
    }

    /** The box, line by line; {@code explainer} null but for an explained update. */
    private void update(double[] x, double[] gradient, Moments state, double learningRate, Explainer explainer) {
        int t = ++state.step;
        double biasCorrection1 = 1 - Powers.of(beta1, t);
        double biasCorrection2 = 1 - Powers.of(beta2, t);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rhoInf - 2 * t * Powers.of(beta2, t) / biasCorrection2;
        boolean rectified = rhoT > 5.;
        double rect = rectified
                ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
                : 0;
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
            double mHat = state.m[i] / biasCorrection1;
            if (explainer != null) {
                explainer.record(Quantity.FIRST_MOMENT, i, state.m[i]);
                explainer.record(Quantity.SECOND_MOMENT, i, state.v[i]);
                explainer.record(Quantity.BIAS_CORRECTION1, i, biasCorrection1);
                explainer.record(Quantity.BIAS_CORRECTION2, i, biasCorrection2);
                if (rectified) {
                    explainer.record(Quantity.RECTIFICATION, i, rect);
                }
                explainer.record(Quantity.EFFECTIVE_LEARNING_RATE, i, rectified
                        ? learningRate * (Math.sqrt(biasCorrection2) / (Math.sqrt(state.v[i]) + epsilon)) * rect
                        : learningRate);
            }
            if (rectified) {
                double adaptive = Math.sqrt(biasCorrection2) / (Math.sqrt(state.v[i]) + epsilon);
                x[i] = x[i] + -1.0 * (mHat * learningRate * adaptive * rect);
            } else {
                x[i] = x[i] + -1.0 * (mHat * learningRate);
            }
        }
    }
}
