package dev.descent.engine.param;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Checks given values against a list of hyperparameters, as requests give them (JSON numbers, booleans, arrays). */
public final class Parameters {

    private Parameters() {
    }

    /**
     * The complete values: the given ones, checked, and the defaults for the rest.
     *
     * @param owner      what the parameters belong to, for messages ({@code 'adam'})
     * @param parameters the allowed hyperparameters
     * @param given      values by name: {@code Number}, {@code Boolean} or a {@code List} of numbers
     * @throws InvalidHyperparameterException naming every unknown, missing, mistyped or out-of-range value; an
     *         unknown name that is PyTorch's spelling of a known one says which ({@link TorchNames})
     */
    public static Values resolve(String owner, List<Hyperparameter> parameters, Map<String, ?> given) {
        List<InvalidHyperparameterException.Violation> violations = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        List<String> names = new ArrayList<>();
        for (Hyperparameter p : parameters) {
            known.add(p.name());
            names.add(p.name());
        }
        for (String key : given.keySet()) {
            if (!known.contains(key)) {
                violations.add(new InvalidHyperparameterException.Violation(key, TorchNames.unknown(
                        "unknown hyperparameter for '" + owner + "'", TorchNames.hyperparameter(owner, key, names),
                        names)));
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
        return new Values(Collections.unmodifiableMap(values));
    }

    private static Object check(Hyperparameter p, Object value) {
        if (value == null) {
            if (p.optional()) {
                return null;
            }
            throw new InvalidHyperparameterException(p.name(), "is required");
        }
        return switch (p.type()) {
            case REAL -> p.check(number(p, value).doubleValue());
            case INTEGER -> whole(p, value);
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    throw new InvalidHyperparameterException(p.name(), "must be true or false, was "
                            + describe(value));
                }
                yield value;
            }
            case CHOICE -> {
                if (!(value instanceof String s) || !p.choices().contains(s)) {
                    String quoted = p.choices().stream().map(c -> "\"" + c + "\"")
                            .collect(Collectors.joining(", "));
                    throw new InvalidHyperparameterException(p.name(), "must be " + (p.optional() ? "null or " : "")
                            + (p.choices().size() == 1 ? quoted : "one of " + quoted) + ", was " + describe(value));
                }
                yield s;
            }
            case INTEGER_LIST -> {
                if (!(value instanceof List<?> list) || list.isEmpty()) {
                    throw new InvalidHyperparameterException(p.name(), "must be a non-empty array of whole numbers, "
                            + "was " + describe(value));
                }
                List<Integer> checked = new ArrayList<>();
                for (Object element : list) {
                    checked.add(whole(p, element));
                }
                yield List.copyOf(checked);
            }
            case SCHEDULE_LIST -> {
                if (!(value instanceof List<?> list) || list.isEmpty()) {
                    throw new InvalidHyperparameterException(p.name(), "must be a non-empty array of schedules, "
                            + "was " + describe(value));
                }
                yield Collections.unmodifiableList(new ArrayList<>(list));
            }
        };
    }

    private static Number number(Hyperparameter p, Object value) {
        if (!(value instanceof Number number)) {
            throw new InvalidHyperparameterException(p.name(), "must be a number, was " + describe(value));
        }
        return number;
    }

    private static int whole(Hyperparameter p, Object value) {
        double number = number(p, value).doubleValue();
        if (number != Math.rint(number) || Math.abs(number) > Integer.MAX_VALUE) {
            throw new InvalidHyperparameterException(p.name(), "must be a whole number, was " + describe(value));
        }
        return (int) p.check(number);
    }

    /** A value quoted in a message, at most 100 characters of it: a message stays short whatever was given. */
    private static String describe(Object value) {
        String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}
