package dev.descent.engine.schedule;

import dev.descent.engine.param.Hyperparameter;
import dev.descent.engine.param.InvalidHyperparameterException;
import dev.descent.engine.param.Parameters;
import dev.descent.engine.param.Values;
import java.util.List;
import java.util.Map;

/**
 * One learning-rate schedule as data: its name, what it is, its parameters and how to build it from the base
 * learning rate (the optimizer's) and checked values.
 *
 * @param name            the {@code type} in requests, e.g. {@code "cosine"}
 * @param summary         one line for people
 * @param torchEquivalent the PyTorch (or scikit-learn) schedule it matches
 * @param parameters      every parameter it takes
 * @param factory         builds the schedule
 */
public record ScheduleKind(String name, String summary, String torchEquivalent, List<Hyperparameter> parameters,
                           Factory factory) {

    /** Builds a schedule from the base learning rate and complete values. */
    @FunctionalInterface
    public interface Factory {
        LearningRateSchedule create(double baseLearningRate, Values values);
    }

    public ScheduleKind {
        parameters = List.copyOf(parameters);
    }

    /**
     * The schedule for {@code given} values, defaults filling in the rest.
     *
     * @throws InvalidHyperparameterException naming every unknown, missing, mistyped or out-of-range value
     */
    public LearningRateSchedule configure(double baseLearningRate, Map<String, ?> given) {
        return factory.create(baseLearningRate, Parameters.resolve(name, parameters, given));
    }
}
