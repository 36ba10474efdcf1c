package dev.descent.engine.curvature;

import dev.descent.engine.optim.Asgd;
import dev.descent.engine.optim.Optimizer;
import dev.descent.engine.optim.Sgd;
import java.util.Optional;

/**
 * The learning rates above which gradient descent oscillates and diverges on a quadratic whose Hessian has the
 * largest eigenvalue L &gt; 0: exact for a quadratic, and for any smooth function near a minimum (where it is one
 * to second order), with L the local curvature ({@link Curvature#largest()}).
 *
 * <p><b>Plain gradient descent</b>, x ← x - γ∇f. Along an eigenvector of H with eigenvalue λ the coordinate
 * is multiplied each step by r = 1 - γλ. It shrinks iff |r| &lt; 1, i.e. 0 &lt; γλ &lt; 2, and changes sign
 * (the steps reverse along that direction) iff r &lt; 0, i.e. γλ &gt; 1. The largest λ binds first:
 * <pre>
 *     diverges  iff  γ &gt; 2/L        oscillates  iff  γ &gt; 1/L
 * </pre>
 * (at γ = 2/L the top coordinate flips sign with constant size; at γ = 1/L it reaches 0 in one step). For x²,
 * L = 2: 1.0 and 0.5.
 *
 * <p><b>Heavy-ball momentum</b> as {@code torch.optim.SGD} (dampening τ = 0): b_t = μ b_{t-1} + g_t,
 * x_t = x_{t-1} - γ b_t, b_0 = 0 (PyTorch's first step b_1 = g_1 is the same). Along an eigenvector with
 * eigenvalue λ, g_t = λ x_{t-1}; with h = γλ and c = γb the pair (x, c) evolves by
 * <pre>
 *     c_t = μ c_{t-1} + h x_{t-1}
 *     x_t = (1 - h) x_{t-1} - μ c_{t-1}        M = [[1 - h, -μ], [h, μ]],   tr M = 1 + μ - h,   det M = μ
 * </pre>
 * with characteristic polynomial z² - (1 + μ - h) z + μ. Both roots lie inside the unit circle (Jury's
 * conditions for z² + a₁z + a₀: |a₀| &lt; 1, 1 + a₁ + a₀ &gt; 0, 1 - a₁ + a₀ &gt; 0) iff μ &lt; 1, h &gt; 0 and
 * 2 + 2μ - h &gt; 0. The roots are complex (x spirals: its sign changes every π/arg z steps) iff
 * (1 + μ - h)² &lt; 4μ, i.e. (1 - √μ)² &lt; h &lt; (1 + √μ)²; above (1 + √μ)² they are real and both negative
 * (x changes sign every step). Below (1 - √μ)² both roots are real and positive, and from b_0 = 0 x goes to 0
 * without changing sign. So, for 0 ≤ μ &lt; 1:
 * <pre>
 *     diverges  iff  γ &gt; 2(1 + μ)/L        oscillates  iff  γ &gt; (1 - √μ)²/L
 * </pre>
 *
 * <p><b>Nesterov momentum</b> as {@code torch.optim.SGD(nesterov=True)}: b_t = μ b_{t-1} + g_t,
 * x_t = x_{t-1} - γ(g_t + μ b_t). With h and c as above: c_t = μ c_{t-1} + h x_{t-1} and
 * x_t = x_{t-1} - h x_{t-1} - μ c_t = (1 - h(1 + μ)) x_{t-1} - μ² c_{t-1}, so
 * <pre>
 *     M = [[1 - h(1 + μ), -μ²], [h, μ]],   tr M = (1 + μ)(1 - h),   det M = μ(1 - h)
 * </pre>
 * Jury: 1 - tr + det = h &gt; 0; 1 + tr + det = 2(1 + μ) - h(1 + 2μ) &gt; 0; |μ(1 - h)| &lt; 1, implied by the
 * second for μ &lt; 1. The discriminant tr² - 4 det = (1 - h)((1 + μ)²(1 - h) - 4μ) is negative (complex roots) iff
 * ((1 - μ)/(1 + μ))² &lt; h &lt; 1; at h = 1, M is nilpotent (done in two steps); above 1 one root is negative
 * (det &lt; 0): x changes sign every step. So, for 0 ≤ μ &lt; 1:
 * <pre>
 *     diverges  iff  γ &gt; 2(1 + μ) / ((1 + 2μ) L)        oscillates  iff  γ &gt; ((1 - μ)/(1 + μ))² / L
 * </pre>
 * (μ = 0 gives plain gradient descent's 2/L and 1/L; as μ → 1 the limit falls to 4/(3L), below heavy ball's 4/L).
 *
 * <p><b>Weight decay and dampening.</b> Weight decay λ_wd adds λ_wd to every eigenvalue: use L + λ_wd. Dampening τ
 * scales the gradient entering the buffer after the first step by 1 - τ: the limits are those for γ(1 - τ).
 * {@link #of} applies both.
 *
 * <p><b>Adaptive methods (Adam, RMSprop, Adagrad, …): no such number.</b> Their step along coordinate i is
 * γ·m̂_i/(√v̂_i + ε), an effective learning rate γ/(√v̂_i + ε) per coordinate that changes every step with the
 * gradients seen; the iteration is not linear in x on a quadratic, so no fixed matrix M and no eigenvalue bound
 * exists. What is known: a step's length is about γ per coordinate whatever the curvature (so they oscillate
 * around a minimum at distance ~γ rather than diverge), and linearizing with v frozen gives the gradient-descent
 * limits with the preconditioned curvature, the largest eigenvalue of D^{-1/2} H D^{-1/2} with D = diag(√v̂ + ε),
 * which changes as v̂ does. {@link #of} gives none for them.
 */
public final class StabilityLimits {

    private StabilityLimits() {
    }

    /**
     * The thresholds of one update rule at one curvature.
     *
     * @param divergence  the learning rate above which the iterates grow without bound (+∞ if none)
     * @param oscillation the learning rate above which they change sign along the top eigenvector
     * @param curvature   the largest eigenvalue the thresholds are computed for (weight decay included)
     */
    public record Limits(double divergence, double oscillation, double curvature) {
    }

    /**
     * The thresholds of {@code optimizer} at largest eigenvalue {@code largest}: for {@link Sgd} (plain, momentum,
     * Nesterov; with its weight decay and dampening) and {@link Asgd} (gradient descent with its decay term and
     * weight decay added to the curvature, on its step η, which starts at the learning rate), empty for every other (adaptive) rule, and empty for a
     * momentum of 1 or more (heavy ball is then never stable; Nesterov has a window of stable rates not starting at
     * 0, no single threshold).
     */
    public static Optional<Limits> of(Optimizer<?> optimizer, double largest) {
        if (optimizer instanceof Asgd asgd) {
            // θ(1 - λη) - η(g + λ_wd θ) = θ - η(g + (λ + λ_wd) θ): gradient descent with step η on the curvature
            // L + λ + λ_wd. η starts at the learning rate and only shrinks, so the limits on it hold for the rate.
            double curvature = largest + asgd.lambda() + asgd.weightDecay();
            return Optional.of(new Limits(gradientDescentDivergence(curvature),
                    gradientDescentOscillation(curvature), curvature));
        }
        if (!(optimizer instanceof Sgd sgd) || sgd.momentum() >= 1) {
            return Optional.empty();
        }
        double curvature = largest + sgd.weightDecay();
        double mu = sgd.momentum();
        double divergence;
        double oscillation;
        if (mu == 0) {
            divergence = gradientDescentDivergence(curvature);
            oscillation = gradientDescentOscillation(curvature);
        } else if (sgd.nesterov()) {
            divergence = nesterovDivergence(curvature, mu);
            oscillation = nesterovOscillation(curvature, mu);
        } else {
            // γ(1 - τ) is the rate that matters after the first step: the limits on γ are those over (1 - τ).
            double scale = 1 - sgd.dampening();
            divergence = heavyBallDivergence(curvature, mu) / scale;
            oscillation = heavyBallOscillation(curvature, mu) / scale;
        }
        return Optional.of(new Limits(divergence, oscillation, curvature));
    }

    /** 2/L: plain gradient descent diverges above it. +∞ for L ≤ 0 (no positive curvature to overshoot). */
    public static double gradientDescentDivergence(double largest) {
        return limit(2, largest);
    }

    /** 1/L: plain gradient descent's steps reverse along the top eigenvector above it. +∞ for L ≤ 0. */
    public static double gradientDescentOscillation(double largest) {
        return limit(1, largest);
    }

    /** 2(1 + μ)/L: heavy-ball momentum μ ∈ [0, 1) diverges above it. */
    public static double heavyBallDivergence(double largest, double momentum) {
        return limit(2 * (1 + checkMomentum(momentum)), largest);
    }

    /** (1 - √μ)²/L: heavy-ball momentum μ ∈ [0, 1) makes the top coordinate change sign above it. */
    public static double heavyBallOscillation(double largest, double momentum) {
        double root = Math.sqrt(checkMomentum(momentum));
        return limit((1 - root) * (1 - root), largest);
    }

    /** 2(1 + μ)/((1 + 2μ) L): Nesterov momentum μ ∈ [0, 1) diverges above it. */
    public static double nesterovDivergence(double largest, double momentum) {
        double mu = checkMomentum(momentum);
        return limit(2 * (1 + mu) / (1 + 2 * mu), largest);
    }

    /** ((1 - μ)/(1 + μ))²/L: Nesterov momentum μ ∈ [0, 1) makes the top coordinate change sign above it. */
    public static double nesterovOscillation(double largest, double momentum) {
        double mu = checkMomentum(momentum);
        double ratio = (1 - mu) / (1 + mu);
        return limit(ratio * ratio, largest);
    }

    /** h/L for L &gt; 0; +∞ for L ≤ 0; NaN for a NaN or infinite L. */
    private static double limit(double h, double largest) {
        if (!Double.isFinite(largest)) {
            return largest == Double.POSITIVE_INFINITY ? 0.0 : Double.NaN;
        }
        return largest > 0 ? h / largest : Double.POSITIVE_INFINITY;
    }

    private static double checkMomentum(double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("Invalid momentum: " + momentum + " (the limits hold for [0, 1))");
        }
        return momentum;
    }
}
