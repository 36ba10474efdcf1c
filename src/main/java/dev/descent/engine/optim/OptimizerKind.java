package dev.descent.engine.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One optimizer variant as data: its name, what it is, its hyperparameters, and how to build it from values.
 * Variants that are one rule with other settings (optax's {@code nadam = partial(adam, nesterov=True)}) are
 * separate kinds sharing a class.
 *
 * @param name            the {@code type} in requests, e.g. {@code "adam"}
 * @param summary         one line for people
 * @param torchEquivalent the PyTorch call it matches
 * @param parameters      every hyperparameter it takes, learning rate first
 * @param factory         builds the update rule from complete values (learning rate excluded: it goes to each step)
 */
public record OptimizerKind(String name, String summary, String torchEquivalent, List<Hyperparameter> parameters,
                            Function<Values, Optimizer<?>> factory) {

    public OptimizerKind {
        parameters = List.copyOf(parameters);
    }

    /**
     * Builds the optimizer from the given values, PyTorch's defaults filling in the rest.
     *
     * @param given hyperparameter values by name: {@code Number} for reals, {@code Boolean} for flags
     * @throws InvalidHyperparameterException naming every unknown, mistyped or out-of-range value
     */
    public Configured configure(Map<String, ?> given) {
        List<InvalidHyperparameterException.Violation> violations = new ArrayList<>();
        Set<String> known = new TreeSet<>(parameterNames());
        for (String key : given.keySet()) {
            if (!known.contains(key)) {
                violations.add(new InvalidHyperparameterException.Violation(key,
                        "unknown hyperparameter for '" + name + "'; known: " + String.join(", ", parameterNames())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Hyperparameter p : parameters) {
            Object value = given.containsKey(p.name()) ? given.get(p.name()) : p.defaultValue();
            try {
                values.put(p.name(), check(p, value));
            } catch (InvalidHyperparameterException e) {
                violations.addAll(e.violations());
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidHyperparameterException(violations);
        }
        Values complete = new Values(Collections.unmodifiableMap(values));
        return new Configured(this, factory.apply(complete), complete.real(Hyperparameters.LEARNING_RATE.name()),
                complete);
    }

    private static Object check(Hyperparameter p, Object value) {
        return switch (p.type()) {
            case REAL -> {
                if (!(value instanceof Number number)) {
                    throw new InvalidHyperparameterException(p.name(), "must be a number, was " + describe(value));
                }
                yield p.check(number.doubleValue());
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    throw new InvalidHyperparameterException(p.name(), "must be true or false, was "
                            + describe(value));
                }
                yield value;
            }
        };
    }

    /** The hyperparameter names, in declaration order. */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        parameters.forEach(p -> names.add(p.name()));
        return names;
    }

    private static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    /** Complete, checked hyperparameter values, handed to a factory. */
    public record Values(Map<String, Object> byName) {

        public double real(String name) {
            return ((Number) byName.get(name)).doubleValue();
        }

        public boolean flag(String name) {
            return (Boolean) byName.get(name);
        }
    }

    /**
     * A ready update rule with the learning rate it starts from.
     *
     * @param kind         the variant
     * @param optimizer    the update rule
     * @param learningRate the base learning rate γ
     * @param values       every hyperparameter's value, defaults included (what the run actually used)
     */
    public record Configured(OptimizerKind kind, Optimizer<?> optimizer, double learningRate, Values values) {
    }
}
