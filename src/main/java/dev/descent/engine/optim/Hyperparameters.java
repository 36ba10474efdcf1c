package dev.descent.engine.optim;

import dev.descent.engine.param.Hyperparameter;

/**
 * The hyperparameters several update rules share, with PyTorch's checks. Defaults here are the most common ones;
 * an optimizer whose PyTorch default differs says so with {@link Hyperparameter#withDefault}.
 */
public final class Hyperparameters {

    private Hyperparameters() {
    }

    public static final Hyperparameter LEARNING_RATE = Hyperparameter.atLeast("learningRate", 1e-3, 0,
            "Step size (PyTorch's lr); the base rate a learning-rate schedule scales.");

    public static final Hyperparameter WEIGHT_DECAY = Hyperparameter.atLeast("weightDecay", 0, 0,
            "L2 penalty: weightDecay * x is added to the gradient before the update.");

    public static final Hyperparameter BETA1 = Hyperparameter.inHalfOpen("beta1", 0.9, 0, 1,
            "Decay rate of the running average of the gradient (PyTorch's betas[0]).");

    public static final Hyperparameter BETA2 = Hyperparameter.inHalfOpen("beta2", 0.999, 0, 1,
            "Decay rate of the running average of the squared gradient (PyTorch's betas[1]).");

    /**
     * Climb f instead of descending it (PyTorch 2's {@code maximize}): every update rule that has it in PyTorch 2
     * lists it; the run descends -f (the gradient negated first thing in each update, as PyTorch 2 does) and
     * reports f as typed.
     */
    public static final Hyperparameter MAXIMIZE = Hyperparameter.flag("maximize", false,
            "Maximize f instead of minimizing it (PyTorch 2's maximize): the gradient is negated before the update; "
                    + "values are reported as f, and the best point is the highest.");

    /** NAdam's and RAdam's {@code decoupled_weight_decay} (PyTorch 2): AdamW's decay in place of the L2 penalty. */
    public static final Hyperparameter DECOUPLED_WEIGHT_DECAY = Hyperparameter.flag("decoupledWeightDecay", false,
            "Apply the weight decay to x directly, x <- x (1 - learningRate * weightDecay), as AdamW does, instead "
                    + "of adding weightDecay * x to the gradient (PyTorch 2's decoupled_weight_decay).");

    public static final Hyperparameter EPSILON = Hyperparameter.atLeast("epsilon", 1e-8, 0,
            "Added to the denominator for numerical stability (PyTorch's eps).");
}
