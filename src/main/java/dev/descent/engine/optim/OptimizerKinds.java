package dev.descent.engine.optim;

import static dev.descent.engine.optim.Hyperparameters.BETA1;
import static dev.descent.engine.optim.Hyperparameters.BETA2;
import static dev.descent.engine.optim.Hyperparameters.DECOUPLED_WEIGHT_DECAY;
import static dev.descent.engine.optim.Hyperparameters.EPSILON;
import static dev.descent.engine.optim.Hyperparameters.LEARNING_RATE;
import static dev.descent.engine.optim.Hyperparameters.MAXIMIZE;
import static dev.descent.engine.optim.Hyperparameters.WEIGHT_DECAY;

import dev.descent.engine.param.Hyperparameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of optimizer variants: the one table that the request mapper, the OpenAPI schema,
 * {@code GET /api/v1/optimizers} and the tests over every variant all read.
 *
 * <p>{@code maximize} is in the list of every variant whose PyTorch 2 class has it (all of these; not L-BFGS): the
 * factory does not read it, the run does ({@link OptimizerKind.Configured#maximize()}).
 */
public final class OptimizerKinds {

    private static final Hyperparameter AMSGRAD = Hyperparameter.flag("amsgrad", false,
            "Use the AMSGrad variant: divide by the running maximum of the second moment.");

    private static final Hyperparameter CENTERED = Hyperparameter.flag("centered", false,
            "Normalize by an estimate of the gradient's variance (subtract the squared running mean).");

    /**
     * The momentum of the {@code momentum} and {@code nesterov} variants. PyTorch's SGD defaults momentum to 0,
     * which is plain {@code gd}; a variant named for momentum defaults to the customary 0.9 instead.
     */
    private static final Hyperparameter SGD_MOMENTUM = Sgd.MOMENTUM.withDefault(0.9);

    private static final Map<String, OptimizerKind> KINDS = index(List.of(
            new OptimizerKind("gd", "Plain gradient descent: x <- x - learningRate * gradient.",
                    "torch.optim.SGD(momentum=0)",
                    List.of(LEARNING_RATE, WEIGHT_DECAY, MAXIMIZE),
                    v -> Sgd.plain(v.real("weightDecay"))),
            new OptimizerKind("momentum", "Gradient descent with (heavy-ball) momentum and optional dampening.",
                    "torch.optim.SGD(momentum>0)",
                    List.of(LEARNING_RATE, SGD_MOMENTUM, Sgd.DAMPENING, WEIGHT_DECAY, MAXIMIZE),
                    v -> new Sgd(v.real("momentum"), v.real("dampening"), v.real("weightDecay"), false)),
            new OptimizerKind("nesterov", "Gradient descent with Nesterov momentum (look-ahead along the buffer).",
                    "torch.optim.SGD(momentum>0, nesterov=True)",
                    List.of(LEARNING_RATE, SGD_MOMENTUM, WEIGHT_DECAY, MAXIMIZE),
                    v -> new Sgd(v.real("momentum"), 0, v.real("weightDecay"), true)),
            new OptimizerKind("adagrad", "Adagrad: per-coordinate rates shrinking with the sum of squared gradients.",
                    "torch.optim.Adagrad",
                    List.of(LEARNING_RATE.withDefault(1e-2), Adagrad.LR_DECAY, WEIGHT_DECAY,
                            Adagrad.INITIAL_ACCUMULATOR_VALUE, Adagrad.EPSILON, MAXIMIZE),
                    v -> new Adagrad(v.real("lrDecay"), v.real("weightDecay"), v.real("initialAccumulatorValue"),
                            v.real("epsilon"))),
            new OptimizerKind("rmsprop", "RMSprop: divide by a running root mean square of the gradient.",
                    "torch.optim.RMSprop",
                    List.of(LEARNING_RATE.withDefault(1e-2), RmsProp.ALPHA, EPSILON, WEIGHT_DECAY, RmsProp.MOMENTUM,
                            CENTERED, MAXIMIZE),
                    v -> new RmsProp(v.real("alpha"), v.real("epsilon"), v.real("weightDecay"), v.real("momentum"),
                            v.flag("centered"))),
            new OptimizerKind("adadelta", "Adadelta: steps scaled by running averages of past steps and gradients.",
                    "torch.optim.Adadelta",
                    List.of(LEARNING_RATE.withDefault(1.0), Adadelta.RHO, Adadelta.EPSILON, WEIGHT_DECAY, MAXIMIZE),
                    v -> new Adadelta(v.real("rho"), v.real("epsilon"), v.real("weightDecay"))),
            new OptimizerKind("adam", "Adam: bias-corrected running averages of the gradient and its square.",
                    "torch.optim.Adam",
                    List.of(LEARNING_RATE, BETA1, BETA2, EPSILON, WEIGHT_DECAY, AMSGRAD, MAXIMIZE),
                    v -> new Adam(v.real("beta1"), v.real("beta2"), v.real("epsilon"), v.real("weightDecay"),
                            v.flag("amsgrad"), false)),
            new OptimizerKind("adamw", "AdamW: Adam with the weight decay applied to x directly (decoupled).",
                    "torch.optim.AdamW",
                    List.of(LEARNING_RATE, BETA1, BETA2, EPSILON, WEIGHT_DECAY.withDefault(1e-2), AMSGRAD, MAXIMIZE),
                    v -> new Adam(v.real("beta1"), v.real("beta2"), v.real("epsilon"), v.real("weightDecay"),
                            v.flag("amsgrad"), true)),
            new OptimizerKind("adamax", "Adamax: Adam with the infinity norm in place of the second moment.",
                    "torch.optim.Adamax",
                    List.of(LEARNING_RATE.withDefault(2e-3), BETA1, BETA2, EPSILON, WEIGHT_DECAY, MAXIMIZE),
                    v -> new Adamax(v.real("beta1"), v.real("beta2"), v.real("epsilon"), v.real("weightDecay"))),
            new OptimizerKind("nadam", "NAdam: Adam with Nesterov momentum and a momentum schedule.",
                    "torch.optim.NAdam",
                    List.of(LEARNING_RATE.withDefault(2e-3), BETA1, BETA2, EPSILON, WEIGHT_DECAY,
                            NAdam.MOMENTUM_DECAY, DECOUPLED_WEIGHT_DECAY, MAXIMIZE),
                    v -> new NAdam(v.real("beta1"), v.real("beta2"), v.real("epsilon"), v.real("weightDecay"),
                            v.real("momentumDecay"), v.flag("decoupledWeightDecay"))),
            new OptimizerKind("radam", "RAdam: Adam whose adaptive rate is switched on once its variance is "
                    + "tractable.",
                    "torch.optim.RAdam",
                    List.of(LEARNING_RATE, BETA1, BETA2, EPSILON, WEIGHT_DECAY, DECOUPLED_WEIGHT_DECAY, MAXIMIZE),
                    v -> new RAdam(v.real("beta1"), v.real("beta2"), v.real("epsilon"), v.real("weightDecay"),
                            v.flag("decoupledWeightDecay"))),
            new OptimizerKind("rprop", "Rprop: per-coordinate step sizes that grow while the gradient's sign holds "
                    + "and shrink when it flips; only the signs move x (the learning rate is the first step size).",
                    "torch.optim.Rprop",
                    List.of(LEARNING_RATE.withDefault(1e-2), Rprop.ETA_MINUS, Rprop.ETA_PLUS, Rprop.MIN_STEP_SIZE,
                            Rprop.MAX_STEP_SIZE, MAXIMIZE),
                    v -> new Rprop(v.real("etaMinus"), v.real("etaPlus"), v.real("minStepSize"),
                            v.real("maxStepSize"))),
            new OptimizerKind("asgd", "ASGD: gradient descent with a decaying step and the running average of the "
                    + "iterates from step t0 on.",
                    "torch.optim.ASGD",
                    List.of(LEARNING_RATE.withDefault(1e-2), Asgd.LAMBDA, Asgd.ALPHA, Asgd.T0, WEIGHT_DECAY, MAXIMIZE),
                    v -> new Asgd(v.real("lambda"), v.real("alpha"), v.real("t0"), v.real("weightDecay"))),
            new OptimizerKind("lbfgs", "L-BFGS: each step runs up to maxIter quasi-Newton iterations, evaluating "
                    + "the objective itself, with a fixed step or a strong Wolfe line search.",
                    "torch.optim.LBFGS",
                    List.of(LEARNING_RATE.withDefault(1.0), Lbfgs.MAX_ITER, Lbfgs.MAX_EVAL, Lbfgs.TOLERANCE_GRAD,
                            Lbfgs.TOLERANCE_CHANGE, Lbfgs.HISTORY_SIZE, Lbfgs.LINE_SEARCH_FN),
                    v -> new Lbfgs(v.whole("maxIter"), v.optionalWhole("maxEval") == null
                            ? Lbfgs.defaultMaxEval(v.whole("maxIter")) : v.optionalWhole("maxEval"),
                            v.real("toleranceGrad"), v.real("toleranceChange"), v.whole("historySize"),
                            Lbfgs.STRONG_WOLFE.equals(v.choice("lineSearchFn"))))));

    private OptimizerKinds() {
    }

    /** Every variant, in the order the API lists them. */
    public static List<OptimizerKind> all() {
        return List.copyOf(KINDS.values());
    }

    /** The variant called {@code name}, if there is one. */
    public static Optional<OptimizerKind> byName(String name) {
        return Optional.ofNullable(KINDS.get(name));
    }

    /** The variant names, in the order the API lists them. */
    public static List<String> names() {
        return List.copyOf(KINDS.keySet());
    }

    private static Map<String, OptimizerKind> index(List<OptimizerKind> kinds) {
        Map<String, OptimizerKind> byName = new LinkedHashMap<>();
        kinds.forEach(kind -> byName.put(kind.name(), kind));
        return byName;
    }
}
