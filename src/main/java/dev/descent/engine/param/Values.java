package dev.descent.engine.param;

import java.util.List;
import java.util.Map;

/**
 * Complete, checked values (an optional one left out is null) of a set of hyperparameters (defaults filled in), handed to the factory that builds an
 * optimizer or a schedule.
 *
 * @param byName every value by hyperparameter name, in declaration order
 */
public record Values(Map<String, Object> byName) {

    public double real(String name) {
        return ((Number) byName.get(name)).doubleValue();
    }

    public int whole(String name) {
        return ((Number) byName.get(name)).intValue();
    }

    public boolean flag(String name) {
        return (Boolean) byName.get(name);
    }

    /** An optional whole number: null when it was left out. */
    public Integer optionalWhole(String name) {
        Object value = byName.get(name);
        return value == null ? null : ((Number) value).intValue();
    }

    /** A choice, null when it was left out. */
    public String choice(String name) {
        return (String) byName.get(name);
    }

    /** A {@link Hyperparameter.Type#SCHEDULE_LIST}: the schedules as given, unchecked. */
    public List<?> list(String name) {
        return (List<?>) byName.get(name);
    }

    /** A list of whole numbers. */
    public int[] wholeList(String name) {
        return ((List<?>) byName.get(name)).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }
}
