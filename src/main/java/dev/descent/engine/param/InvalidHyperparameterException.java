package dev.descent.engine.param;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Hyperparameter values the update rule cannot use. Names each offending parameter so that callers can point at
 * it; {@link OptimizerKind#configure} reports every offending value at once.
 */
public class InvalidHyperparameterException extends IllegalArgumentException {

    /**
     * One offending value.
     *
     * @param parameter the hyperparameter's name, as in {@link Hyperparameter#name()}
     * @param reason    what is wrong, e.g. "must be in [0, 1), was 1.0"
     */
    public record Violation(String parameter, String reason) {
    }

    private final List<Violation> violations;

    public InvalidHyperparameterException(String parameter, String reason) {
        this(List.of(new Violation(parameter, reason)));
    }

    public InvalidHyperparameterException(List<Violation> violations) {
        super(violations.stream().map(v -> v.parameter() + ": " + v.reason()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    /** Every offending value, at least one. */
    public List<Violation> violations() {
        return violations;
    }
}
