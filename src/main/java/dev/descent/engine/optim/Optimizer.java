package dev.descent.engine.optim;

import java.util.Map;

/**
 * An update rule, split as optax splits a {@code GradientTransformation}: {@link #init} makes the per-run state,
 * {@link #step} applies one update to the parameters in place, as {@code torch.optim} does.
 *
 * <p>An optimizer instance holds only its (immutable) hyperparameters and may be shared between runs; everything
 * that changes from step to step lives in the state {@code S}. The learning rate is passed to each step, so that a
 * schedule can change it without the optimizer knowing.
 *
 * <p>Every update rule is a record, whose {@code toString()} names it and its hyperparameters: a checkpoint keeps
 * it, and a run resumes only under the same rule with the same values.
 *
 * @param <S> the mutable per-run state (moment estimates, step count, ...)
 */
public interface Optimizer<S> {

    /** A fresh state for a run over {@code dimension} parameters, as before the first step. */
    S init(int dimension);

    /**
     * The values this rule derived for optional hyperparameters that may be left out, by name (L-BFGS's maxEval from
     * maxIter, as PyTorch derives it): none for most rules.
     */
    default Map<String, Object> derivedHyperparameters() {
        return Map.of();
    }

    /**
     * One update: overwrites {@code x} with the new parameters and advances {@code state}.
     *
     * @param x            the current parameters, updated in place
     * @param gradient     the gradient of the objective at {@code x}; read only
     * @param state        this run's state, from {@link #init}
     * @param learningRate the learning rate for this step (PyTorch's {@code lr}), at least 0
     */
    void step(double[] x, double[] gradient, S state, double learningRate);

    /**
     * {@link #step}, telling {@code explainer} the quantities of the algorithm box as it computes them: the same
     * arithmetic in the same order, so that x and the state after it are those of {@link #step} to the last bit. For
     * the updates a run explains, and only those; the default tells nothing.
     */
    default void explainStep(double[] x, double[] gradient, S state, double learningRate, Explainer explainer) {
        step(x, gradient, state, learningRate);
    }

    /**
     * Whether every update moves a point whose gradient is not zero. Rprop does not: after a coordinate's gradient
     * changes sign it skips that coordinate's update, so a step of 0 there is no sign of convergence, and a step
     * tolerance must not read it as one.
     */
    default boolean movesEveryUpdate() {
        return true;
    }

    /**
     * A point this update rule reports beside the iterate, computed from {@code state} (a copy): ASGD's average of the
     * iterates; null for the rules that have none.
     */
    default double[] averagedPoint(S state) {
        return null;
    }

    /**
     * This rule with its momentum (SGD's and RMSprop's μ) or β1 (Adam, Adamax, NAdam, RAdam) replaced by
     * {@code value}, for one update under a schedule that cycles it, as PyTorch's {@code OneCycleLR} and
     * {@code CyclicLR} set {@code group['momentum']} or {@code group['betas'][0]} before each step (so Adam's bias
     * correction uses the current β1, as torch's does); null for the rules that have neither, where PyTorch raises.
     */
    default Optimizer<S> withCycledMomentum(double value) {
        return null;
    }

    /**
     * A copy of {@code state} as plain data, for a checkpoint: everything {@link #step} reads from it, so that
     * {@link #restore} gives a state from which the following steps are the same to the last bit.
     */
    OptimizerState save(S state);

    /**
     * A state holding what {@link #save} gave, for a run over {@code dimension} parameters.
     *
     * @throws IllegalArgumentException when {@code saved} is not this rule's layout or not of that dimension
     */
    S restore(OptimizerState saved, int dimension);
}
