package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import dev.descent.engine.optim.OptimizerKinds;
import dev.descent.engine.schedule.ScheduleKinds;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Schedules, line search, clipping and bounds through the API, and the catalog of variants and schedules. */
@SpringBootTest
@AutoConfigureMockMvc
class OptimizationControlsApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    private ResultActions send(String json) throws Exception {
        return Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    @TestFactory
    @DisplayName("every trajectory point reports the learning rate PyTorch's scheduler gave for that step")
    Stream<DynamicTest> schedulesMatchPyTorch() throws Exception {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/golden/schedules.json")) {
            cases = JSON.readTree(in).path("cases");
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            JsonNode spec = c.path("schedule");
            // Plateau schedules react to the objective, not to a recorded metric; the engine test feeds those.
            // Warmup + cosine with etaMin > 0 is not a product in PyTorch's ChainedScheduler (see SchedulesTests).
            boolean chainedCosine = spec.has("warmup") && spec.path("type").asString().equals("cosine")
                    && spec.path("etaMin").asDouble() > 0;
            if (c.has("metrics") || chainedCosine) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(c.path("name").asString(), () -> {
                JsonNode rates = c.path("learningRates");
                ObjectNode request = JSON.createObjectNode();
                request.putObject("objective").put("expression", "x^2");
                request.putObject("start").put("x", 1.0);
                request.putObject("optimizer").put("type", "gd").put("learningRate",
                        c.path("baseLearningRate").asDouble());
                request.set("schedule", spec);
                request.put("maxIterations", rates.size());
                request.put("tolerance", 0);
                String body = send(JSON.writeValueAsString(request)).andExpect(status().isOk())
                        .andReturn().getResponse().getContentAsString();
                JsonNode trajectory = JSON.readTree(body).path("trajectory");
                for (int k = 0; k < rates.size(); k++) {
                    double want = rates.get(k).asDouble();
                    assertThat(trajectory.get(k + 1).path("learningRate").asDouble()).as("step %d", k)
                            .isCloseTo(want, Offset.offset(1e-12 * want));
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(12);
        return tests.stream();
    }

    @Test
    @DisplayName("schedule errors name the field")
    void scheduleErrors() throws Exception {
        send("""
                {"objective": {"expression": "x^2"}, "start": {"x": 1}, "schedule": {"type": "linearly"}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("schedule.type"))
                .andExpect(jsonPath("$.errors[0].message", containsString(String.join(", ", ScheduleKinds.names()))));
        send("""
                {"objective": {"expression": "x^2"}, "start": {"x": 1},
                 "schedule": {"type": "step", "gamma": 2.5, "warmup": {"steps": 0, "startFactor": 1.5}}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", contains("schedule.stepSize", "schedule.warmup.steps",
                        "schedule.warmup.startFactor")))
                .andExpect(jsonPath("$.errors[0].message").value("is required"));
        send("""
                {"objective": {"expression": "x^2"}, "start": {"x": 1},
                 "schedule": {"type": "multiStep", "milestones": [10, 2.5]}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("schedule.milestones"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a whole number, was 2.5"));
    }

    @Test
    @DisplayName("a line search needs no learning rate and refuses other optimizers")
    void lineSearch() throws Exception {
        send(OptimizationExamples.LINE_SEARCH)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CONVERGED"))
                .andExpect(jsonPath("$.minimum.point.x").value(closeTo(-2, 1e-9), Double.class));
        send("""
                {"objective": {"expression": "x^2"}, "start": {"x": 1}, "optimizer": {"type": "nesterov"},
                 "lineSearch": {"c1": 2}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", contains("lineSearch.c1")));
        send("""
                {"objective": {"expression": "x^2"}, "start": {"x": 1}, "optimizer": {"type": "nesterov"},
                 "lineSearch": {}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lineSearch"));
    }

    @Test
    @DisplayName("clipping and bounds: the example stays in its box; bad settings name their fields")
    void clippingAndBounds() throws Exception {
        String body = send(OptimizationExamples.CLIPPING_AND_BOUNDS).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        for (JsonNode iterate : JSON.readTree(body).path("trajectory")) {
            assertThat(iterate.path("point").path("x").asDouble()).isBetween(-2.0, 0.5);
            assertThat(iterate.path("point").path("y").asDouble()).isBetween(-1.0, 3.0);
        }
        send("""
                {"objective": {"expression": "x^2 + y^2"}, "start": {"x": 3, "y": 0},
                 "clipping": {"maxNorm": 1, "maxValue": 1}, "bounds": {"x": [-2, 2], "y": [1, -1], "z": [0, 1]}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field",
                        containsInAnyOrder("start.x", "bounds.y", "bounds.z", "clipping")));
        send("""
                {"objective": {"expression": "x^2"}, "start": {"x": 1}, "bounds": {"x": [0]},
                 "clipping": {"maxNorm": -1}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("bounds.x", "clipping.maxNorm")));
    }

    @Test
    @DisplayName("GET /api/v1/optimizers and /api/v1/schedules list every variant with its parameters")
    void catalog() throws Exception {
        Mvc.perform(mvc, get("/api/v1/optimizers"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].type").value(contains(OptimizerKinds.names().toArray())))
                .andExpect(jsonPath("$[?(@.type == 'adadelta')].hyperparameters[0].defaultValue").value(contains(1.0)))
                .andExpect(jsonPath("$[?(@.type == 'adam')].hyperparameters[?(@.name == 'beta1')].range")
                        .value(contains("[0, 1)")));
        Mvc.perform(mvc, get("/api/v1/schedules"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].type").value(contains(ScheduleKinds.names().toArray())))
                .andExpect(jsonPath("$[?(@.type == 'step')].hyperparameters[0].required").value(contains(true)));
    }
}
