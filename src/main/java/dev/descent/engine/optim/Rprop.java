package dev.descent.engine.optim;

import dev.descent.engine.param.Hyperparameter;
import dev.descent.engine.param.InvalidHyperparameterException;
import java.util.Arrays;

/**
 * Rprop, resilient backpropagation, exactly as {@code torch.optim.Rprop} computes it (the documented box, with the
 * clamp applied on every step as PyTorch's code does):
 * <pre>
 * g_prev = 0, η_0 = γ (the learning rate of the first step, in every coordinate)
 * for t = 1, 2, ...
 *     g_t = ∇f(θ_{t-1})
 *     for each coordinate i:
 *         if g_prev^i g_t^i &gt; 0:   η_t^i = min(max(η_{t-1}^i η+, Γmin), Γmax)
 *         elif g_prev^i g_t^i &lt; 0: η_t^i = min(max(η_{t-1}^i η-, Γmin), Γmax),  g_t^i = 0
 *         else:                     η_t^i = min(max(η_{t-1}^i, Γmin), Γmax)
 *     θ_t = θ_{t-1} - η_t sign(g_t)
 *     g_prev = g_t
 * </pre>
 * Only the signs of the gradient move θ; each coordinate's step size grows by η+ while its sign holds and shrinks
 * by η- when it flips (and that coordinate then waits one step). The learning rate only sets the first step size:
 * as in PyTorch, a schedule that changes it later changes nothing.
 *
 * <p>Defaults as PyTorch's: γ = 1e-2, (η-, η+) = (0.5, 1.2) (its {@code etas}), (Γmin, Γmax) = (1e-6, 50) (its
 * {@code step_sizes}); 0 &lt; η- &lt; 1 &lt; η+ as PyTorch checks, and Γmin ≤ Γmax here (PyTorch would clamp
 * every step size to Γmax).
 *
 * <p>Reference: Riedmiller and Braun, "A Direct Adaptive Method for Faster Backpropagation Learning: The RPROP
 * Algorithm", IEEE ICNN 1993.
 */
public record Rprop(double etaMinus, double etaPlus, double minStepSize, double maxStepSize)
        implements Optimizer<Rprop.State> {

    public static final Hyperparameter ETA_MINUS = new Hyperparameter("etaMinus", Hyperparameter.Type.REAL, 0.5,
            0.0, false, 1.0, false, "η-: the factor a step size shrinks by when its gradient's sign flips "
            + "(PyTorch's etas[0]); in (0, 1).");

    public static final Hyperparameter ETA_PLUS = new Hyperparameter("etaPlus", Hyperparameter.Type.REAL, 1.2,
            1.0, false, null, false, "η+: the factor a step size grows by while its gradient keeps its sign "
            + "(PyTorch's etas[1]); above 1.");

    public static final Hyperparameter MIN_STEP_SIZE = Hyperparameter.atLeast("minStepSize", 1e-6, 0,
            "Γmin: the smallest step size (PyTorch's step_sizes[0]).");

    public static final Hyperparameter MAX_STEP_SIZE = Hyperparameter.atLeast("maxStepSize", 50, 0,
            "Γmax: the largest step size (PyTorch's step_sizes[1]); at least minStepSize.");

    public Rprop {
        ETA_MINUS.check(etaMinus);
        ETA_PLUS.check(etaPlus);
        MIN_STEP_SIZE.check(minStepSize);
        MAX_STEP_SIZE.check(maxStepSize);
        if (maxStepSize < minStepSize) {
            throw new InvalidHyperparameterException("maxStepSize", "must be at least minStepSize ("
                    + minStepSize + "), was " + maxStepSize);
        }
    }

    /** The step count t, the previous (masked) gradient and the step sizes η (set at the first step). */
    public static final class State {
        int step;
        final double[] previous;
        final double[] stepSize;

        State(int dimension) {
            previous = new double[dimension];
            stepSize = new double[dimension];
        }
    }

    /** No: the update after a sign flip leaves that coordinate where it is. */
    @Override
    public boolean movesEveryUpdate() {
        return false;
    }

    @Override
    public State init(int dimension) {
        return new State(dimension);
    }

    /** Counters {t}; vectors {g_prev, η}. */
    @Override
    public OptimizerState save(State state) {
        return OptimizerState.of(new long[] {state.step}, state.previous, state.stepSize);
    }

    @Override
    public State restore(OptimizerState saved, int dimension) {
        saved.expect("Rprop", 1, 0, 2, dimension);
        State state = new State(dimension);
        state.step = saved.count(0);
        saved.copyInto(0, state.previous);
        saved.copyInto(1, state.stepSize);
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
        if (state.step++ == 0) {
            Arrays.fill(state.stepSize, learningRate);
        }
        double[] previous = state.previous;
        double[] stepSize = state.stepSize;
        for (int i = 0; i < x.length; i++) {
            double g = gradient[i];
            double product = g * previous[i];
            // PyTorch's sign(g_prev g_t) replaced by η+, η- or 1 (a NaN product stays NaN, as there).
            double factor = product > 0 ? etaPlus : product < 0 ? etaMinus : product == 0 ? 1 : Double.NaN;
            stepSize[i] = Math.min(Math.max(stepSize[i] * factor, minStepSize), maxStepSize);
            if (factor == etaMinus) {
                g = 0;
            }
            if (explainer != null) {
                explainer.record(Quantity.EFFECTIVE_LEARNING_RATE, i, stepSize[i]);
            }
            x[i] = x[i] - Math.signum(g) * stepSize[i];
            previous[i] = g;
        }
    }
}
