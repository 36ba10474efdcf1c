package dev.descent.engine.param;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How PyTorch's spellings map to Descent's, for a "did you mean" when a client writes the PyTorch name: the
 * hyperparameter {@code lr} is {@code learningRate}, {@code betas} are {@code beta1} and {@code beta2}, the
 * optimizer {@code SGD} is {@code gd} (or {@code momentum} / {@code nesterov}). The tables are the README's
 * "Names" table; a suggestion is only made when its target is known where the name was written.
 */
public final class TorchNames {

    /** A PyTorch (or scikit-learn) hyperparameter name, and the Descent names it stands for. */
    private static final Map<String, List<String>> HYPERPARAMETERS = new LinkedHashMap<>();

    /**
     * A PyTorch argument that picks another Descent type rather than setting a hyperparameter, by the types it is
     * written on: {@code SGD(momentum=0.9)} is the type {@code momentum}, {@code SGD(nesterov=True)} the type
     * {@code nesterov}, {@code Adam(decoupled_weight_decay=True)} the type {@code adamw}.
     */
    private static final Map<String, Map<String, String>> TYPE_ARGUMENTS = Map.of(
            "momentum", Map.of("gd", "momentum"),
            "dampening", Map.of("gd", "momentum"),
            "nesterov", Map.of("gd", "nesterov", "momentum", "nesterov"),
            "decoupled_weight_decay", Map.of("adam", "adamw"),
            "decoupledWeightDecay", Map.of("adam", "adamw"));

    /** A PyTorch class name, and the Descent type (the first element) and any hint after it. */
    private static final Map<String, List<String>> TYPES = new LinkedHashMap<>();

    static {
        hyperparameter("lr", "learningRate");
        hyperparameter("betas", "beta1", "beta2");
        hyperparameter("eps", "epsilon");
        hyperparameter("weight_decay", "weightDecay");
        hyperparameter("lr_decay", "lrDecay");
        hyperparameter("initial_accumulator_value", "initialAccumulatorValue");
        hyperparameter("momentum_decay", "momentumDecay");
        hyperparameter("etas", "etaMinus", "etaPlus");
        hyperparameter("step_sizes", "minStepSize", "maxStepSize");
        hyperparameter("lambd", "lambda");
        hyperparameter("step_size", "stepSize");
        hyperparameter("T_max", "tMax");
        hyperparameter("eta_min", "etaMin");
        hyperparameter("power_t", "power");
        hyperparameter("start_factor", "startFactor");
        hyperparameter("total_iters", "steps");
        // Issue 14's schedules (total_iters, step_size_up, ... are their snake_case spelled in camelCase).
        hyperparameter("T_0", "t0");
        hyperparameter("T_mult", "tMult");
        hyperparameter("max_lr", "maxLearningRate");

        type("SGD", "gd", "(or momentum / nesterov with momentum > 0)");
        type("Adagrad", "adagrad");
        type("RMSprop", "rmsprop");
        type("Adadelta", "adadelta");
        type("Adam", "adam");
        type("AdamW", "adamw");
        type("Adamax", "adamax");
        type("NAdam", "nadam");
        type("RAdam", "radam");
        type("Rprop", "rprop");
        type("ASGD", "asgd");
        type("LBFGS", "lbfgs");
        type("StepLR", "step");
        type("MultiStepLR", "multiStep");
        type("ExponentialLR", "exponential");
        type("CosineAnnealingLR", "cosine");
        type("ReduceLROnPlateau", "reduceOnPlateau");
        type("OneCycleLR", "oneCycle");
        type("CyclicLR", "cyclic");
        type("CosineAnnealingWarmRestarts", "cosineWarmRestarts");
        type("PolynomialLR", "polynomial");
        type("LinearLR", "linear");
        type("SequentialLR", "sequential");
    }

    private TorchNames() {
    }

    private static void hyperparameter(String torch, String... descent) {
        HYPERPARAMETERS.put(torch, List.of(descent));
    }

    private static void type(String torch, String descent, String... hint) {
        List<String> entry = new java.util.ArrayList<>(List.of(descent));
        entry.addAll(List.of(hint));
        TYPES.put(torch, List.copyOf(entry));
    }

    /** The PyTorch hyperparameter names this table knows, with the Descent names each stands for. */
    public static Map<String, List<String>> hyperparameters() {
        return java.util.Collections.unmodifiableMap(HYPERPARAMETERS);
    }

    /** The PyTorch class names this table knows, with the Descent type each stands for. */
    public static Map<String, String> types() {
        Map<String, String> types = new LinkedHashMap<>();
        TYPES.forEach((torch, entry) -> types.put(torch, entry.get(0)));
        return types;
    }

    /**
     * The Descent name(s) meant by an unknown hyperparameter name, if they are among {@code known}: PyTorch's
     * spelling ({@code lr}: "learningRate", {@code betas}: "beta1 and beta2"), else snake_case written in
     * camelCase ({@code weight_decay}: "weightDecay"), else the same name in another case ({@code LearningRate}).
     * A PyTorch argument that is a Descent type on {@code owner} answers "type ..." ({@code nesterov} on
     * {@code gd}: "type nesterov").
     *
     * @param owner the type the name was written on ({@code "adam"}), or another owner ({@code "warmup"})
     */
    public static Optional<String> hyperparameter(String owner, String given, Collection<String> known) {
        String otherType = TYPE_ARGUMENTS.getOrDefault(given, Map.of()).get(owner);
        if (otherType != null) {
            return Optional.of("type " + otherType);
        }
        return name(given, known);
    }

    /**
     * As {@link #hyperparameter} for a name not written on a type (a request field, a CSV setting): PyTorch's
     * spelling, snake_case written in camelCase, or the same name in another case, if among {@code known}.
     */
    public static Optional<String> name(String given, Collection<String> known) {
        List<String> meant = HYPERPARAMETERS.get(given);
        if (meant != null && known.containsAll(meant)) {
            return Optional.of(String.join(" and ", meant));
        }
        String camel = camelCase(given);
        for (String name : known) {
            if (name.equals(camel) || name.equalsIgnoreCase(given)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /**
     * The Descent type meant by an unknown {@code type}, if it is among {@code known}: PyTorch's class name in any case
     * ({@code SGD} or {@code sgd}: "gd (or momentum / nesterov with momentum > 0)", {@code StepLR}: "step"), else the
     * same name in another case ({@code ADAM}).
     */
    public static Optional<String> type(String given, Collection<String> known) {
        List<String> meant = TYPES.get(given);
        if (meant == null) {
            for (Map.Entry<String, List<String>> entry : TYPES.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(given)) {
                    meant = entry.getValue();
                    break;
                }
            }
        }
        if (meant != null && known.contains(meant.get(0))) {
            return Optional.of(String.join(" ", meant));
        }
        for (String name : known) {
            if (name.equalsIgnoreCase(given)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /**
     * The message for an unknown name: {@code "<what>; did you mean <suggestion>? (known: a, b)"} when there is a
     * suggestion, else {@code "<what>; known: a, b"}.
     */
    public static String unknown(String what, Optional<String> suggestion, Collection<String> known) {
        String names = String.join(", ", known);
        return suggestion.map(s -> what + "; did you mean " + s + "? (known: " + names + ")")
                .orElse(what + "; known: " + names);
    }

    /** {@code weight_decay} as {@code weightDecay}; a name without underscores as it is. */
    static String camelCase(String snake) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = camel.length() > 0;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : camel.length() == 0 ? Character.toLowerCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }
}
