package dev.descent.engine.param;

import java.util.List;
import java.util.Locale;

/**
 * One named hyperparameter of an update rule or a schedule: its type, default, allowed range and meaning. The same
 * object validates a value (in the optimizer's constructor, so the engine is safe when called directly) and
 * describes it (to the registries, the API's schema and {@code GET /api/v1/optimizers}).
 *
 * <p>Names are PyTorch's in camelCase ({@code lr} is {@code learningRate}, {@code eps} is {@code epsilon},
 * {@code betas} are {@code beta1} and {@code beta2}).
 *
 * @param name         camelCase name, as in requests
 * @param type         value type
 * @param defaultValue PyTorch's default ({@code Double}, {@code Integer}, {@code Boolean}, {@code List<Integer>}),
 *                     or {@code null} when the value is required
 * @param minimum      lower bound for a number (each element of a list), or {@code null} for none
 * @param minimumInclusive whether the lower bound itself is allowed
 * @param maximum      upper bound for a real, or {@code null} for none
 * @param maximumInclusive whether the upper bound itself is allowed
 * @param description  what it does, for people
 * @param optional     whether it may be left out without a default: its value is then null, for the update rule to
 *                     derive (L-BFGS's {@code maxEval} from {@code maxIter}) or to go without ({@code lineSearchFn})
 * @param choices      the strings a {@link Type#CHOICE} takes; empty for the other types
 */
public record Hyperparameter(String name, Type type, Object defaultValue, Double minimum, boolean minimumInclusive,
                             Double maximum, boolean maximumInclusive, String description, boolean optional,
                             List<String> choices) {

    /**
     * The value types a hyperparameter can have: a {@code CHOICE} is one of a few strings (torch's
     * {@code line_search_fn}, {@code anneal_strategy}, ...), a {@code SCHEDULE_LIST} a non-empty array of schedule
     * objects (checked by the schedule that takes them).
     */
    public enum Type { REAL, INTEGER, BOOLEAN, INTEGER_LIST, CHOICE, SCHEDULE_LIST }

    public Hyperparameter {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** A required or defaulted hyperparameter (not optional), of any type but a choice. */
    public Hyperparameter(String name, Type type, Object defaultValue, Double minimum, boolean minimumInclusive,
                          Double maximum, boolean maximumInclusive, String description) {
        this(name, type, defaultValue, minimum, minimumInclusive, maximum, maximumInclusive, description, false,
                List.of());
    }

    /** Whether a request must give it: it has neither a default nor leave to be absent. */
    public boolean required() {
        return defaultValue == null && !optional;
    }

    /** One of {@code choices} (PyTorch's strings), {@code defaultValue} when absent. */
    public static Hyperparameter choice(String name, String defaultValue, List<String> choices, String description) {
        return new Hyperparameter(name, Type.CHOICE, defaultValue, null, false, null, false, description, false,
                choices);
    }

    /** A non-empty list of schedules, each a JSON object with its {@code type}. */
    public static Hyperparameter scheduleList(String name, String description) {
        return new Hyperparameter(name, Type.SCHEDULE_LIST, null, null, false, null, false, description, false,
                List.of());
    }

    /** A real hyperparameter in [minimum, +inf). */
    public static Hyperparameter atLeast(String name, double defaultValue, double minimum, String description) {
        return new Hyperparameter(name, Type.REAL, defaultValue, minimum, true, null, false, description);
    }

    /** A real hyperparameter in [minimum, maximum) (the shape of PyTorch's beta checks). */
    public static Hyperparameter inHalfOpen(String name, double defaultValue, double minimum, double maximum,
                                            String description) {
        return new Hyperparameter(name, Type.REAL, defaultValue, minimum, true, maximum, false, description);
    }

    /** A real hyperparameter in [minimum, maximum]. */
    public static Hyperparameter inClosed(String name, double defaultValue, double minimum, double maximum,
                                          String description) {
        return new Hyperparameter(name, Type.REAL, defaultValue, minimum, true, maximum, true, description);
    }

    /** A whole number in [minimum, +inf). */
    public static Hyperparameter wholeAtLeast(String name, Integer defaultValue, int minimum, String description) {
        return new Hyperparameter(name, Type.INTEGER, defaultValue, (double) minimum, true, null, false,
                description);
    }

    /** A list of whole numbers, each at least {@code minimum}. */
    public static Hyperparameter wholeListAtLeast(String name, int minimum, String description) {
        return new Hyperparameter(name, Type.INTEGER_LIST, null, (double) minimum, true, null, false, description);
    }

    /** An optional whole number in [minimum, +inf): absent, it is null, for the update rule to derive. */
    public static Hyperparameter optionalWholeAtLeast(String name, int minimum, String description) {
        return new Hyperparameter(name, Type.INTEGER, null, (double) minimum, true, null, false, description, true,
                List.of());
    }

    /** An optional choice among {@code choices}: absent (or null), it is null, meaning none of them. */
    public static Hyperparameter optionalChoice(String name, List<String> choices, String description) {
        return new Hyperparameter(name, Type.CHOICE, null, null, false, null, false, description, true, choices);
    }

    /** A boolean flag. */
    public static Hyperparameter flag(String name, boolean defaultValue, String description) {
        return new Hyperparameter(name, Type.BOOLEAN, defaultValue, null, false, null, false, description);
    }

    /** The same hyperparameter with another default (PyTorch's learning-rate default differs per optimizer). */
    public Hyperparameter withDefault(Object newDefault) {
        return new Hyperparameter(name, type, newDefault, minimum, minimumInclusive, maximum, maximumInclusive,
                description, optional, choices);
    }

    /** Returns {@code value} if it is finite and in range, else throws naming this parameter and the value. */
    public double check(double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidHyperparameterException(name, "must be a finite number, was " + value);
        }
        boolean belowMinimum = minimum != null && (minimumInclusive ? value < minimum : value <= minimum);
        boolean aboveMaximum = maximum != null && (maximumInclusive ? value > maximum : value >= maximum);
        if (belowMinimum || aboveMaximum) {
            throw new InvalidHyperparameterException(name, "must be in " + range() + ", was " + value);
        }
        return value;
    }

    /** The allowed range in interval notation, e.g. {@code [0, 1)}; empty for flags and choices. */
    public String range() {
        if (type == Type.BOOLEAN || type == Type.CHOICE || type == Type.SCHEDULE_LIST) {
            return "";
        }
        if (type == Type.CHOICE) {
            return String.join(", ", choices);
        }
        return (minimum == null ? "(-inf" : (minimumInclusive ? "[" : "(") + format(minimum)) + ", "
                + (maximum == null ? "+inf)" : format(maximum) + (maximumInclusive ? "]" : ")"));
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15
                ? String.format(Locale.ROOT, "%d", (long) bound)
                : Double.toString(bound);
    }
}
