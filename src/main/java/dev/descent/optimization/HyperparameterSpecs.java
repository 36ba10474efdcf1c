package dev.descent.optimization;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the records of {@link OptimizerSpec} and {@link ScheduleSpec} (and {@link ScheduleSpec.Warmup}).
 *
 * <p>Each record's components are its variant's hyperparameters (boxed; {@code null} is the registry's default),
 * then {@code unchecked}: what the JSON had that is not a value of a component's type (an unknown name, a string
 * for a number, {@code 2.5} for a whole number). Reading keeps it rather than failing, so that the engine's
 * validation ({@link dev.descent.engine.param.Parameters}) reports it with every other problem of the request, in
 * the words it always used ("unknown hyperparameter for 'adam'; did you mean learningRate?", "must be a whole
 * number, was 2.5").
 */
final class HyperparameterSpecs {

    static final String UNCHECKED = "unchecked";

    /** The component of a sequential schedule that holds its schedules, as JSON objects. */
    static final String SCHEDULES = "schedules";

    private HyperparameterSpecs() {
    }

    /**
     * The record of {@code type} for the JSON object {@code json} (its {@code type} already taken by Jackson): each
     * value that is of its component's type goes there, everything else to {@code unchecked}.
     */
    static <R extends Record> R read(Class<R> type, Map<String, Object> json) {
        Map<String, Object> rest = new LinkedHashMap<>(json == null ? Map.of() : json);
        rest.remove("type");
        RecordComponent[] components = Shape.of(type).components;
        Object[] arguments = new Object[components.length];
        Map<String, Object> unchecked = new LinkedHashMap<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            if (component.getName().equals(UNCHECKED) || !rest.containsKey(component.getName())) {
                continue;
            }
            Object value = rest.remove(component.getName());
            Object converted = value == null ? null : component.getName().equals(SCHEDULES)
                    ? schedules(value) : convert(component.getType(), value);
            if (value != null && converted == null) {
                unchecked.put(component.getName(), value);
            }
            arguments[i] = converted;
        }
        unchecked.putAll(rest);
        arguments[components.length - 1] = Collections.unmodifiableMap(unchecked);
        return construct(type, arguments);
    }

    /** {@code value} as {@code target}, or null when it is not one (a string for a number, 2.5 for a whole one). */
    private static Object convert(Class<?> target, Object value) {
        if (target == Double.class) {
            return value instanceof Number number ? number.doubleValue() : null;
        }
        if (target == Integer.class) {
            return whole(value);
        }
        if (target == String.class) {
            return value instanceof String ? value : null;
        }
        if (target == Boolean.class) {
            return value instanceof Boolean ? value : null;
        }
        if (target == List.class) {
            if (!(value instanceof List<?> list)) {
                return null;
            }
            List<Integer> wholes = new ArrayList<>();
            for (Object element : list) {
                Integer whole = whole(element);
                if (whole == null) {
                    return null;
                }
                wholes.add(whole);
            }
            return List.copyOf(wholes);
        }
        if (target == ScheduleSpec.Warmup.class) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            Map<String, Object> byName = new LinkedHashMap<>();
            map.forEach((k, v) -> byName.put(String.valueOf(k), v));
            return read(ScheduleSpec.Warmup.class, byName);
        }
        throw new IllegalStateException("no conversion to " + target);
    }

    /** A list of JSON objects (the schedules of a sequential schedule, checked by the engine), else null. */
    private static Object schedules(Object value) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof Map<?, ?> map)) {
                return null;
            }
            Map<String, Object> byName = new LinkedHashMap<>();
            map.forEach((k, v) -> byName.put(String.valueOf(k), v));
            objects.add(Collections.unmodifiableMap(byName));
        }
        return List.copyOf(objects);
    }

    /** A whole number as the engine accepts one (2 and 2.0, within int range), else null. */
    private static Integer whole(Object value) {
        if (!(value instanceof Number number)) {
            return null;
        }
        double d = number.doubleValue();
        return d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE ? (int) d : null;
    }

    /**
     * The engine's map for {@code spec}: every given value by name, in the record's order ({@code null}s dropped:
     * the registry's default applies), a warmup as its own map, then the unchecked values.
     */
    static Map<String, Object> values(Record spec) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<?, ?> unchecked = Map.of();
        Shape shape = Shape.of(spec.getClass());
        for (int i = 0; i < shape.components.length; i++) {
            RecordComponent component = shape.components[i];
            Object value = shape.get(i, spec);
            if (component.getName().equals(UNCHECKED)) {
                unchecked = value == null ? Map.of() : (Map<?, ?>) value;
            } else if (value instanceof ScheduleSpec.Warmup warmup) {
                values.put(component.getName(), values(warmup));
            } else if (value != null) {
                values.put(component.getName(), value);
            }
        }
        unchecked.forEach((name, value) -> values.put(String.valueOf(name), value));
        return values;
    }

    /** A copy of {@code spec} with the component {@code name} set to {@code value} (and no unchecked value of it). */
    static <R extends Record> R with(R spec, String name, Object value) {
        Shape shape = Shape.of(spec.getClass());
        RecordComponent[] components = shape.components;
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            arguments[i] = components[i].getName().equals(name) ? value : shape.get(i, spec);
        }
        Map<String, Object> unchecked = new LinkedHashMap<>();
        ((Map<?, ?>) arguments[components.length - 1]).forEach((k, v) -> unchecked.put(String.valueOf(k), v));
        unchecked.remove(name);
        arguments[components.length - 1] = Collections.unmodifiableMap(unchecked);
        @SuppressWarnings("unchecked")
        Class<R> type = (Class<R>) spec.getClass();
        return construct(type, arguments);
    }

    /** {@code unchecked} as a record keeps it: never null, in its order, unmodifiable. */
    static Map<String, Object> frozen(Map<String, Object> unchecked) {
        return unchecked == null || unchecked.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(unchecked));
    }

    /** The {@code type} of a record, as Jackson writes and reads it ({@link JsonTypeName}). */
    static String typeName(Record spec) {
        return Shape.of(spec.getClass()).typeName;
    }

    /** The record types of a family ({@link OptimizerSpec}, {@link ScheduleSpec}) by {@code type}, in its order. */
    static Map<String, Class<? extends Record>> variants(Class<?> family) {
        return VARIANTS.get(family);
    }

    private static final ClassValue<Map<String, Class<? extends Record>>> VARIANTS = new ClassValue<>() {
        @Override
        protected Map<String, Class<? extends Record>> computeValue(Class<?> family) {
            Map<String, Class<? extends Record>> variants = new LinkedHashMap<>();
            for (JsonSubTypes.Type subtype : family.getAnnotation(JsonSubTypes.class).value()) {
                variants.put(subtype.value().getAnnotation(JsonTypeName.class).value(),
                        subtype.value().asSubclass(Record.class));
            }
            return Collections.unmodifiableMap(variants);
        }
    };

    /** The hyperparameter components of a record type: every component but {@code unchecked}. */
    static List<RecordComponent> hyperparameters(Class<?> type) {
        List<RecordComponent> components = new ArrayList<>(List.of(Shape.of(type).components));
        components.removeIf(c -> c.getName().equals(UNCHECKED) || c.getType() == ScheduleSpec.Warmup.class);
        return components;
    }

    private static <R> R construct(Class<R> type, Object[] arguments) {
        try {
            return type.cast(Shape.of(type).constructor.newInstance(arguments));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    /**
     * What reading and writing a record type needs of reflection, looked up once per type: a request reads and writes
     * its optimizer and schedule records several times, and {@code Class.getRecordComponents()} builds its array anew
     * on every call (as {@code getDeclaredConstructor} and each accessor's lookup do), some microseconds each time.
     * The arrays are never handed out.
     */
    private static final class Shape {

        private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
            @Override
            protected Shape computeValue(Class<?> type) {
                return new Shape(type);
            }
        };

        final RecordComponent[] components;
        private final Method[] accessors;
        final Constructor<?> constructor;
        /** The {@link JsonTypeName} of the type, or null for a record without one ({@link ScheduleSpec.Warmup}). */
        final String typeName;

        private Shape(Class<?> type) {
            components = type.getRecordComponents();
            accessors = new Method[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                types[i] = components[i].getType();
            }
            try {
                constructor = type.getDeclaredConstructor(types);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no canonical constructor in " + type.getSimpleName(), e);
            }
            JsonTypeName name = type.getAnnotation(JsonTypeName.class);
            typeName = name == null ? null : name.value();
        }

        static Shape of(Class<?> type) {
            return SHAPES.get(type);
        }

        Object get(int component, Record spec) {
            try {
                return accessors[component].invoke(spec);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
