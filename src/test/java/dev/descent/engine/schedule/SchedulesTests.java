package dev.descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every schedule against the learning rates torch.optim.lr_scheduler gave, step for step
 * (src/test/resources/golden/schedules.json), and scikit-learn's invscaling against its formula.
 */
class SchedulesTests {

    /** PyTorch computes StepLR, ExponentialLR and CosineAnnealingLR recursively; its rounding drifts by ~1e-15. */
    private static final double RELATIVE = 1e-12;

    @TestFactory
    Stream<DynamicTest> matchesPyTorchStepForStep() throws IOException {
        JsonNode cases;
        try (InputStream in = SchedulesTests.class.getResourceAsStream("/golden/schedules.json")) {
            cases = JsonMapper.builder().build().readTree(in).path("cases");
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            String name = c.path("name").asString();
            JsonNode spec = c.path("schedule");
            // PyTorch's ChainedScheduler applies CosineAnnealingLR's recursive update to the warmed-up rate,
            // so with etaMin > 0 its etaMin term escapes the warmup factor (scripts/golden/README.md). Descent's
            // warmup multiplies the closed form instead, which is what PyTorch gives for every other schedule.
            if (spec.has("warmup") && spec.path("type").asString().equals("cosine")
                    && spec.path("etaMin").asDouble() > 0) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(name, () -> replay(c)));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(15);
        return tests.stream();
    }

    private static void replay(JsonNode c) {
        double base = c.path("baseLearningRate").asDouble();
        JsonNode spec = c.path("schedule");
        LearningRateSchedule schedule = build(base, spec);
        JsonNode expected = c.path("learningRates");
        for (int k = 0; k < expected.size(); k++) {
            double want = expected.get(k).asDouble();
            assertThat(schedule.rate(k)).as("rate at step %d", k)
                    .isCloseTo(want, Offset.offset(RELATIVE * Math.abs(want)));
            if (c.has("metrics")) {
                schedule.observe(k, c.path("metrics").get(k).asDouble());
            }
        }
    }

    private static LearningRateSchedule build(double base, JsonNode spec) {
        LearningRateSchedule inner = switch (spec.path("type").asString()) {
            case "constant" -> LearningRateSchedule.constant(base);
            case "step" -> Schedules.step(base, spec.path("stepSize").asInt(), spec.path("gamma").asDouble());
            case "multiStep" -> {
                int[] milestones = new int[spec.path("milestones").size()];
                for (int i = 0; i < milestones.length; i++) {
                    milestones[i] = spec.path("milestones").get(i).asInt();
                }
                yield Schedules.multiStep(base, milestones, spec.path("gamma").asDouble());
            }
            case "exponential" -> Schedules.exponential(base, spec.path("gamma").asDouble());
            case "cosine" -> Schedules.cosine(base, spec.path("tMax").asInt(), spec.path("etaMin").asDouble());
            case "reduceOnPlateau" -> Schedules.reduceOnPlateau(base, spec.path("factor").asDouble(),
                    spec.path("patience").asInt(), spec.path("threshold").asDouble());
            default -> throw new IllegalArgumentException(spec.toString());
        };
        if (spec.has("warmup")) {
            JsonNode warmup = spec.path("warmup");
            return Schedules.warmup(inner, warmup.path("steps").asInt(), warmup.path("startFactor").asDouble());
        }
        return inner;
    }

    @Test
    @DisplayName("inverseTime is scikit-learn's invscaling: eta0 / t^power with t counted from 1")
    void inverseTime() {
        LearningRateSchedule schedule = Schedules.inverseTime(0.1, 0.25);
        assertThat(schedule.rate(0)).isEqualTo(0.1);
        assertThat(schedule.rate(15)).isCloseTo(0.1 / 2, Offset.offset(1e-17));
        assertThat(schedule.rate(80)).isCloseTo(0.1 / 3, Offset.offset(1e-17));
    }

    @Test
    @DisplayName("rejects settings PyTorch rejects, naming them")
    void validation() {
        assertThatThrownBy(() -> Schedules.step(0.1, 0, 0.5)).hasMessageContaining("stepSize");
        assertThatThrownBy(() -> Schedules.cosine(0.1, 10, -1)).hasMessageContaining("etaMin");
        assertThatThrownBy(() -> Schedules.reduceOnPlateau(0.1, 1.5, 2, 1e-4)).hasMessageContaining("factor");
        assertThatThrownBy(() -> LearningRateSchedule.constant(-1)).hasMessage("Invalid learning rate: -1.0");
    }
}
