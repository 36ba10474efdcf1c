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

    public static final Hyperparameter EPSILON = Hyperparameter.atLeast("epsilon", 1e-8, 0,
            "Added to the denominator for numerical stability (PyTorch's eps).");
}
