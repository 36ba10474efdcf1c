package dev.descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.engine.param.InvalidHyperparameterException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * oneCycle, cyclic, cosineWarmRestarts, polynomial, linear and sequential, built through the registry from the
 * golden case's parameters, against the rates (and the momentum or beta1, where cycled) torch.optim.lr_scheduler
 * set before each step (src/test/resources/golden/schedules2.json, scripts/golden/README.md).
 */
class CyclingSchedulesTests {

    /** PyTorch's LinearLR, PolynomialLR and SequentialLR's parts are recursive: a few ulps from closed forms. */
    private static final double RELATIVE = 1e-10;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode cases() throws IOException {
        try (InputStream in = CyclingSchedulesTests.class.getResourceAsStream("/golden/schedules2.json")) {
            return JSON.readTree(in).path("cases");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parameters(JsonNode schedule) {
        Map<String, Object> given = new LinkedHashMap<>(JSON.treeToValue(schedule, Map.class));
        given.remove("type");
        return given;
    }

    static void assertClose(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, Offset.offset(RELATIVE * Math.abs(expected)));
    }

    @TestFactory
    @DisplayName("rates and momenta equal PyTorch's step for step")
    Stream<DynamicTest> matchesPyTorch() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.path("name").asString(), () -> {
                JsonNode spec = c.path("schedule");
                double base = c.has("baseLearningRate") ? c.path("baseLearningRate").asDouble()
                        : c.path("optimizer").path("learningRate").asDouble();
                ScheduleKind kind = ScheduleKinds.byName(spec.path("type").asString()).orElseThrow();
                LearningRateSchedule schedule = ScheduleKinds.configure(kind, base, parameters(spec));
                JsonNode rates = c.path("learningRates");
                for (int k = 0; k < rates.size(); k++) {
                    assertClose(schedule.rate(k), rates.get(k).asDouble(), "rate at step " + k);
                }
                assertThat(schedule.cyclesMomentum()).isEqualTo(c.has("momenta"));
                for (int k = 0; k < c.path("momenta").size(); k++) {
                    assertClose(schedule.momentum(k), c.path("momenta").get(k).asDouble(), "momentum at step " + k);
                }
                if (!c.has("momenta")) {
                    assertThat(schedule.momentum(0)).isNaN();
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(25);
        return tests.stream();
    }

    @Test
    @DisplayName("oneCycle serves totalSteps updates; the other schedules are unbounded")
    void oneCycleSteps() {
        assertThat(CyclingSchedules.oneCycle(0.1, 60, 0.3, true, true, 0.85, 0.95, 25, 1e4, false).maxSteps())
                .isEqualTo(60);
        assertThat(CyclingSchedules.cosineWarmRestarts(0.1, 10, 2, 0).maxSteps()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    @DisplayName("cosineWarmRestarts restarts at t0, t0(1 + tMult), ... (the closed form of its restarts)")
    void restarts() {
        LearningRateSchedule schedule = CyclingSchedules.cosineWarmRestarts(0.1, 3, 2, 0);
        for (int restart : new int[] {0, 3, 9, 21, 45, 93}) {
            assertThat(schedule.rate(restart)).as("step %d", restart).isEqualTo(0.1);
        }
        // Halfway through the fourth period (21 steps from 21 on, half is 10.5): the middle of a half cosine.
        assertThat(schedule.rate(21 + 12)).isCloseTo(0.05 * (1 + Math.cos(Math.PI * 12 / 24)), Offset.offset(1e-17));
    }

    @Test
    @DisplayName("refuses what PyTorch cannot run, naming the parameter")
    void validation() {
        ScheduleKind sequential = ScheduleKinds.byName("sequential").orElseThrow();
        Map<String, Object> cosine = Map.of("type", "cosine", "tMax", 10);
        assertThatThrownBy(() -> ScheduleKinds.configure(sequential, 0.1,
                Map.of("schedules", List.of(cosine, cosine), "milestones", List.of(5, 8))))
                .isInstanceOfSatisfying(InvalidHyperparameterException.class, e ->
                        assertThat(e.violations()).extracting(InvalidHyperparameterException.Violation::parameter)
                                .containsExactly("milestones"));
        assertThatThrownBy(() -> ScheduleKinds.configure(sequential, 0.1, Map.of("schedules",
                List.of(cosine, cosine, cosine), "milestones", List.of(8, 5))))
                .hasMessageContaining("increasing");
        assertThatThrownBy(() -> ScheduleKinds.configure(sequential, 0.1, Map.of("schedules",
                List.of(Map.of("type", "oneCycle"), Map.of("type", "cosine")), "milestones", List.of(5))))
                .isInstanceOfSatisfying(InvalidHyperparameterException.class, e ->
                        assertThat(e.violations()).extracting(InvalidHyperparameterException.Violation::parameter)
                                .containsExactly("schedules[0].type", "schedules[1].tMax"));
        ScheduleKind oneCycle = ScheduleKinds.byName("oneCycle").orElseThrow();
        assertThatThrownBy(() -> ScheduleKinds.configure(oneCycle, 0.1, Map.of("maxLearningRate", 0.1,
                "totalSteps", 10, "pctStart", 0.1))).hasMessageContaining("pctStart");
        assertThatThrownBy(() -> ScheduleKinds.configure(oneCycle, 0.1, Map.of("maxLearningRate", 0.1,
                "totalSteps", 10, "annealStrategy", "cosine"))).hasMessageContaining("must be one of \"cos\", \"linear\"");
        assertThatThrownBy(() -> ScheduleKinds.configure(oneCycle, 0.1, Map.of("maxLearningRate", 0.1,
                "totalSteps", 10, "warmup", Map.of("steps", 2)))).hasMessageContaining("takes no warmup");
    }
}
