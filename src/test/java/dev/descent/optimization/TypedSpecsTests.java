package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.OptimizerKinds;
import dev.descent.engine.param.Hyperparameter;
import dev.descent.engine.schedule.ScheduleKind;
import dev.descent.engine.schedule.ScheduleKinds;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.exc.InvalidTypeIdException;

/**
 * {@link OptimizerSpec} and {@link ScheduleSpec}: one record per registry entry with the registry's hyperparameters
 * (so a registry entry without a record, or a drifted field, fails here), and the JSON they read and write.
 */
class TypedSpecsTests {

    private final JsonMapper json = JsonMapper.builder().build();

    /** The Java type a record component must have for a hyperparameter of {@code type}. */
    private static Type javaType(Hyperparameter.Type type) {
        return switch (type) {
            case REAL -> Double.class;
            case INTEGER -> Integer.class;
            case BOOLEAN -> Boolean.class;
            case INTEGER_LIST, SCHEDULE_LIST -> List.class;
            case CHOICE -> String.class;
        };
    }

    private static void assertMatches(Class<? extends Record> record, String type, List<Hyperparameter> parameters) {
        List<String> names = HyperparameterSpecs.hyperparameters(record).stream().map(RecordComponent::getName)
                .toList();
        assertThat(names).as("%s's components", type)
                .containsExactlyElementsOf(parameters.stream().map(Hyperparameter::name).toList());
        for (RecordComponent component : HyperparameterSpecs.hyperparameters(record)) {
            Hyperparameter p = parameters.stream().filter(h -> h.name().equals(component.getName())).findFirst()
                    .orElseThrow();
            assertThat(component.getType()).as("%s.%s", type, p.name()).isEqualTo(javaType(p.type()));
            if (p.type() == Hyperparameter.Type.INTEGER_LIST) {
                Type element = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
                assertThat(element).as("%s.%s elements", type, p.name()).isEqualTo(Integer.class);
            }
            if (p.type() == Hyperparameter.Type.SCHEDULE_LIST) {
                Type element = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
                assertThat(element.getTypeName()).as("%s.%s elements", type, p.name())
                        .isEqualTo("java.util.Map<java.lang.String, java.lang.Object>");
            }
        }
    }

    @Nested
    @DisplayName("equal the registries")
    class Registry {

        @Test
        @DisplayName("one optimizer record per variant, in the registry's order, with its hyperparameters")
        void optimizers() {
            Map<String, Class<? extends Record>> records = HyperparameterSpecs.variants(OptimizerSpec.class);
            assertThat(records.keySet()).containsExactlyElementsOf(OptimizerKinds.names());
            assertThat(OptimizerSpec.class.getPermittedSubclasses()).containsExactlyInAnyOrderElementsOf(
                    records.values());
            for (OptimizerKind kind : OptimizerKinds.all()) {
                assertMatches(records.get(kind.name()), kind.name(), kind.parameters());
            }
        }

        @Test
        @DisplayName("one schedule record per schedule, each with its parameters, and a warmup where the schedule "
                + "takes one (not oneCycle, cyclic, cosineWarmRestarts, sequential)")
        void schedules() {
            Map<String, Class<? extends Record>> records = HyperparameterSpecs.variants(ScheduleSpec.class);
            assertThat(records.keySet()).containsExactlyElementsOf(ScheduleKinds.names());
            assertThat(ScheduleSpec.class.getPermittedSubclasses()).containsExactlyInAnyOrderElementsOf(
                    records.values());
            for (ScheduleKind kind : ScheduleKinds.all()) {
                Class<? extends Record> record = records.get(kind.name());
                assertMatches(record, kind.name(), kind.parameters());
                List<Class<?>> warmup = Stream.of(record.getRecordComponents())
                        .filter(c -> c.getName().equals("warmup")).<Class<?>>map(RecordComponent::getType).toList();
                if (ScheduleKinds.takesWarmup(kind)) {
                    assertThat(warmup).as(kind.name()).containsExactly(ScheduleSpec.Warmup.class);
                } else {
                    assertThat(warmup).as(kind.name()).isEmpty();
                }
            }
            assertMatches(ScheduleSpec.Warmup.class, "warmup", ScheduleKinds.WARMUP);
        }
    }

    /** Every hyperparameter of {@code parameters} with a value of its type that is not its default. */
    private static Map<String, Object> sample(List<Hyperparameter> parameters) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Hyperparameter p : parameters) {
            values.put(p.name(), switch (p.type()) {
                case REAL -> p.maximum() != null ? p.maximum() / 2 : 0.25 + (p.minimum() == null ? 0 : p.minimum());
                case INTEGER -> 3;
                case BOOLEAN -> !Boolean.TRUE.equals(p.defaultValue());
                case INTEGER_LIST -> List.of(2, 5);
                case CHOICE -> p.choices().get(p.choices().size() - 1);
                case SCHEDULE_LIST -> List.of(Map.of("type", "cosine", "tMax", 20));
            });
        }
        return values;
    }

    static Stream<Arguments> variants() {
        List<Arguments> variants = new ArrayList<>();
        for (OptimizerKind kind : OptimizerKinds.all()) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("type", kind.name());
            object.putAll(sample(kind.parameters()));
            variants.add(Arguments.of(OptimizerSpec.class, object));
        }
        for (ScheduleKind kind : ScheduleKinds.all()) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("type", kind.name());
            object.putAll(sample(kind.parameters()));
            if (ScheduleKinds.takesWarmup(kind)) {
                object.put("warmup", Map.of("steps", 4, "startFactor", 0.5));
            }
            variants.add(Arguments.of(ScheduleSpec.class, object));
        }
        return variants.stream();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("variants")
    @DisplayName("every variant reads into its record and writes back the same JSON")
    void roundTrip(Class<?> family, Map<String, Object> object) {
        String text = json.writeValueAsString(object);
        Object spec = json.readValue(text, family);
        assertThat(spec.getClass().getSimpleName()).isNotEmpty();
        assertThat(family.isInstance(spec)).isTrue();
        assertThat(json.readTree(json.writeValueAsString(spec))).isEqualTo(json.readTree(text));
        Map<String, Object> values = spec instanceof OptimizerSpec optimizer ? optimizer.hyperparameters()
                : ((ScheduleSpec) spec).parameters();
        Map<String, Object> expected = new LinkedHashMap<>(object);
        expected.remove("type");
        assertThat(json.readTree(json.writeValueAsString(values))).as("the engine's map")
                .isEqualTo(json.readTree(json.writeValueAsString(expected)));
    }

    @Test
    @DisplayName("absent and null hyperparameters are left to the registry's default, and not written")
    void nullsAreDefaults() {
        OptimizerSpec adam = json.readValue("{\"type\": \"adam\", \"beta1\": null, \"learningRate\": 0.5}",
                OptimizerSpec.class);
        assertThat(adam).isEqualTo(new OptimizerSpec.Adam(0.5, null, null, null, null, null));
        assertThat(adam.hyperparameters()).containsExactly(Map.entry("learningRate", 0.5));
        assertThat(json.writeValueAsString(adam)).isEqualTo("{\"type\":\"adam\",\"learningRate\":0.5}");
        assertThat(json.writeValueAsString(OptimizerSpec.DEFAULT)).isEqualTo("{\"type\":\"gd\"}");
    }

    @Test
    @DisplayName("what is not of a component's type is kept as given, for the registry to name")
    void uncheckedValuesAreKept() {
        OptimizerSpec adam = json.readValue("""
                {"lr": 0.1, "type": "adam", "amsgrad": "yes", "beta1": 1e999, "learningRate": "NaN"}""",
                OptimizerSpec.class);
        assertThat(adam).isInstanceOf(OptimizerSpec.Adam.class);
        OptimizerSpec.Adam typed = (OptimizerSpec.Adam) adam;
        assertThat(typed.beta1()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(typed.learningRate()).isNull();
        assertThat(typed.amsgrad()).isNull();
        assertThat(adam.hyperparameters()).containsExactly(Map.entry("beta1", Double.POSITIVE_INFINITY),
                Map.entry("learningRate", "NaN"), Map.entry("amsgrad", "yes"), Map.entry("lr", 0.1));
        ScheduleSpec step = json.readValue("""
                {"type": "multiStep", "milestones": [10, 2.5], "warmup": {"steps": 2.0, "start": 1}}""",
                ScheduleSpec.class);
        assertThat(((ScheduleSpec.MultiStep) step).milestones()).isNull();
        assertThat(((ScheduleSpec.MultiStep) step).warmup().steps()).isEqualTo(2);
        assertThat(step.parameters()).containsExactly(
                Map.entry("warmup", Map.of("steps", 2, "start", 1)), Map.entry("milestones", List.of(10, 2.5)));
    }

    @Test
    @DisplayName("a learning-rate sweep replaces the rate, given or not")
    void withLearningRate() {
        OptimizerSpec given = json.readValue("{\"type\": \"nadam\", \"learningRate\": \"fast\", \"beta2\": 0.9}",
                OptimizerSpec.class);
        assertThat(given.withLearningRate(0.25).hyperparameters())
                .containsExactly(Map.entry("learningRate", 0.25), Map.entry("beta2", 0.9));
        assertThat(OptimizerSpec.DEFAULT.withLearningRate(0.5)).isEqualTo(new OptimizerSpec.Gd(0.5, null));
    }

    @Test
    @DisplayName("a missing or unknown type is Jackson's InvalidTypeIdException, which the problem advice maps")
    void typeIds() {
        assertThatThrownBy(() -> json.readValue("{\"learningRate\": 0.1}", OptimizerSpec.class))
                .isInstanceOf(InvalidTypeIdException.class)
                .satisfies(e -> assertThat(((InvalidTypeIdException) e).getTypeId()).isNull());
        assertThatThrownBy(() -> json.readValue("{\"type\": \"SGD\"}", OptimizerSpec.class))
                .isInstanceOf(InvalidTypeIdException.class)
                .satisfies(e -> assertThat(((InvalidTypeIdException) e).getTypeId()).isEqualTo("SGD"));
        JsonNode tree = json.readTree("{\"type\": \"cosine\", \"tMax\": 10}");
        assertThat(json.treeToValue(tree, ScheduleSpec.class)).isEqualTo(new ScheduleSpec.Cosine(10, null, null));
    }
}
