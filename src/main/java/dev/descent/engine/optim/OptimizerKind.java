package dev.descent.engine.optim;

import dev.descent.engine.param.Hyperparameter;
import dev.descent.engine.param.InvalidHyperparameterException;
import dev.descent.engine.param.Parameters;
import dev.descent.engine.param.Values;
import java.util.List;
import java.util.Map;
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
        Values values = Parameters.resolve(name, parameters, given);
        Optimizer<?> optimizer = factory.apply(values);
        return new Configured(this, optimizer, values.real(Hyperparameters.LEARNING_RATE.name()),
                values.withDerived(optimizer.derivedHyperparameters()));
    }

    /**
     * A ready update rule with the learning rate it starts from.
     *
     * @param kind         the variant
     * @param optimizer    the update rule
     * @param learningRate the base learning rate γ
     * @param values       every hyperparameter's value, defaults included, and those the rule derived for optional
     *                     ones left out (what the run actually used; null only for what it goes without)
     */
    public record Configured(OptimizerKind kind, Optimizer<?> optimizer, double learningRate, Values values) {

        /**
         * Whether the run climbs f ({@link Hyperparameters#MAXIMIZE}): false for a variant without the flag. Not a
         * part of the update rule: the run descends -f with the rule as it is, which is PyTorch 2's
         * {@code grad = -grad} first thing in every update.
         */
        public boolean maximize() {
            return values.byName().get(Hyperparameters.MAXIMIZE.name()) instanceof Boolean flag && flag;
        }
    }
}
