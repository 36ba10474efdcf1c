package dev.descent.engine.param;

import java.util.Collections;
import java.util.LinkedHashMap;
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

    /**
     * These values with those an update rule derived ({@code derived}, by name) in place of the optional ones left
     * out: what the rule uses (L-BFGS's maxEval, maxIter * 5 / 4 when not given).
     */
    public Values withDerived(Map<String, ?> derived) {
        if (derived.isEmpty()) {
            return this;
        }
        Map<String, Object> all = new LinkedHashMap<>(byName);
        derived.forEach((name, value) -> {
            if (all.containsKey(name) && all.get(name) == null) {
                all.put(name, value);
            }
        });
        return new Values(Collections.unmodifiableMap(all));
    }

    /** A list of whole numbers. */
    public int[] wholeList(String name) {
        return ((List<?>) byName.get(name)).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }
}
