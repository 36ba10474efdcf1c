package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * oneCycle, cyclic, cosineWarmRestarts, polynomial, linear and sequential through POST /api/v1/optimizations
 * against torch.optim (src/test/resources/golden/schedules2.json): every trajectory point's learning rate, and for
 * the run cases the iterates and values of momentum SGD, RMSprop, Adam, Adamax, NAdam and RAdam whose momentum or
 * beta1 the schedule cycles; and the 400s of what PyTorch refuses.
 */
@SpringBootTest
@AutoConfigureMockMvc
class CyclingSchedulesApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final double RELATIVE = 1e-10;

    @Autowired
    MockMvc mvc;

    private ResultActions send(String json) throws Exception {
        return Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private JsonNode run(ObjectNode request) throws Exception {
        return JSON.readTree(send(JSON.writeValueAsString(request)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    private static void assertClose(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, Offset.offset(RELATIVE * Math.abs(expected)));
    }

    @TestFactory
    @DisplayName("every trajectory point's learning rate, and each run's iterates, equal PyTorch's")
    Stream<DynamicTest> matchesPyTorch() throws Exception {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/golden/schedules2.json")) {
            cases = JSON.readTree(in).path("cases");
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.path("name").asString(), () -> {
                JsonNode rates = c.path("learningRates");
                ObjectNode request = JSON.createObjectNode();
                if (c.has("points")) {
                    request.putObject("objective").put("expression", c.path("objective").asString());
                    request.set("start", c.path("start"));
                    request.set("optimizer", c.path("optimizer"));
                } else {
                    request.putObject("objective").put("expression", "x^2");
                    request.putObject("start").put("x", 1.0);
                    // The golden's SGD has momentum 0.9: the key PyTorch cycles.
                    ObjectNode optimizer = request.putObject("optimizer")
                            .put("learningRate", c.path("baseLearningRate").asDouble());
                    if (c.has("momenta")) {
                        optimizer.put("type", "momentum").put("momentum", 0.9);
                    } else {
                        optimizer.put("type", "gd");
                    }
                }
                request.set("schedule", c.path("schedule"));
                request.put("maxIterations", rates.size());
                request.put("tolerance", 0);
                request.put("divergenceBound", 1e300);
                JsonNode answer = run(request);
                JsonNode trajectory = answer.path("trajectory");
                assertThat(trajectory.size()).isEqualTo(rates.size() + 1);
                for (int k = 0; k < rates.size(); k++) {
                    assertClose(trajectory.get(k + 1).path("learningRate").asDouble(), rates.get(k).asDouble(),
                            "rate of update " + k);
                }
                // Each point carries the momentum (or beta1) of the update that led to it, torch's, when the schedule
                // cycles it; the start, and every point of a run that cycles nothing, carry none.
                JsonNode momenta = c.path("momenta");
                assertThat(trajectory.get(0).has("momentum")).isFalse();
                for (int k = 0; k < rates.size(); k++) {
                    JsonNode point = trajectory.get(k + 1);
                    if (c.has("momenta")) {
                        assertClose(point.path("momentum").asDouble(), momenta.get(k).asDouble(),
                                "momentum of update " + k);
                    } else {
                        assertThat(point.has("momentum")).as("point %d", k + 1).isFalse();
                    }
                }
                int last = answer.path("last").path("iteration").asInt();
                assertThat(answer.path("last").path("momentum").isMissingNode()).isEqualTo(!c.has("momenta"));
                if (c.has("momenta")) {
                    assertClose(answer.path("last").path("momentum").asDouble(), momenta.get(last - 1).asDouble(),
                            "the last point's momentum");
                }
                if (c.has("points")) {
                    JsonNode variables = c.path("variables");
                    for (int k = 0; k < trajectory.size(); k++) {
                        JsonNode point = trajectory.get(k);
                        assertClose(point.path("value").asDouble(), c.path("values").get(k).asDouble(), "f at " + k);
                        for (int i = 0; i < variables.size(); i++) {
                            assertClose(point.path("point").path(variables.get(i).asString()).asDouble(),
                                    c.path("points").get(k).get(i).asDouble(), variables.get(i) + " at " + k);
                        }
                    }
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(30);
        return tests.stream();
    }

    @Test
    @DisplayName("the columns layout, CSV and NDJSON carry the momentum of each point: the numbers of the rows layout; "
            + "a CSV without the points still has the column")
    void momentumInEveryLayout() throws Exception {
        String request = """
                {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
                 "optimizer": {"type": "adam", "learningRate": 0.01},
                 "schedule": {"type": "oneCycle", "maxLearningRate": 0.05, "totalSteps": 60},
                 "maxIterations": 60, "tolerance": 0, "trajectory": {"maxPoints": 61, "layout": "%s"}}""";
        JsonNode rows = run((ObjectNode) JSON.readTree(request.formatted("rows"))).path("trajectory");
        JsonNode columns = run((ObjectNode) JSON.readTree(request.formatted("columns"))).path("trajectory");
        String[] lines = Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                .accept("text/csv").content(request.formatted("rows"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString().split("\n");
        String[] ndjson = Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                .accept("application/x-ndjson").content(request.formatted("rows"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString().split("\n");
        assertThat(rows.size()).isEqualTo(61);
        assertThat(lines[0]).isEqualTo("iteration,x,y,value,gradientNorm,learningRate,momentum");
        assertThat(lines).hasSize(62);
        assertThat(columns.path("momentum").get(0).isNull()).isTrue();
        assertThat(lines[1]).endsWith(",");
        assertThat(JSON.readTree(ndjson[0]).path("momentum").isNull()).isTrue();
        for (int k = 1; k < 61; k++) {
            double momentum = rows.get(k).path("momentum").asDouble();
            assertThat(momentum).as("beta1 of update %d", k).isBetween(0.85, 0.95);
            assertThat(columns.path("momentum").get(k).asDouble()).isEqualTo(momentum);
            String[] fields = lines[k + 1].split(",");
            assertThat(Double.parseDouble(fields[fields.length - 1])).isEqualTo(momentum);
            assertThat(JSON.readTree(ndjson[k]).path("momentum").asDouble()).isEqualTo(momentum);
        }
        // Without the trajectory in the answer, the CSV is its header: the same columns, momentum included; a
        // schedule that does not cycle the momentum has no such column.
        String withoutPoints = request.formatted("rows").replace("\"layout\": \"rows\"", "\"include\": false");
        assertThat(Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                .accept("text/csv").content(withoutPoints)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).isEqualTo(lines[0] + "\n");
        String constant = withoutPoints.replaceFirst("\"schedule\": \\{[^}]*},", "");
        assertThat(constant).doesNotContain("oneCycle");
        assertThat(Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                .accept("text/csv").content(constant)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString())
                .isEqualTo("iteration,x,y,value,gradientNorm,learningRate\n");
        // Before any update (maxIterations 0) the columns are the same: those of the run's schedule, not of its last
        // point (the start, which has no momentum).
        String noUpdate = withoutPoints.replace("\"maxIterations\": 60", "\"maxIterations\": 0");
        assertThat(noUpdate).isNotEqualTo(withoutPoints);
        assertThat(Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                .accept("text/csv").content(noUpdate)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).isEqualTo(lines[0] + "\n");
        assertThat(Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                .accept("text/csv").content(noUpdate.replace("\"include\": false", "\"layout\": \"rows\"")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString())
                .startsWith(lines[0] + "\n");
    }

    @Test
    @DisplayName("oneCycle: more updates than totalSteps is a 400 on maxIterations (PyTorch refuses to step past)")
    void pastTotalSteps() throws Exception {
        String request = """
                {"objective": {"expression": "x^2"}, "start": {"x": 1}, "optimizer": {"type": "momentum", "momentum": 0.9},
                 "schedule": {"type": "oneCycle", "maxLearningRate": 0.1, "totalSteps": 50}, "maxIterations": %d}""";
        send(request.formatted(51)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("maxIterations"))
                .andExpect(jsonPath("$.errors[0].message", containsString("totalSteps (50)")));
        send(request.formatted(50)).andExpect(status().isOk()).andExpect(jsonPath("$.iterations").value(50));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\": \"oneCycle\", \"maxLearningRate\": 0.1, \"totalSteps\": 10",
            "{\"type\": \"cyclic\", \"maxLearningRate\": 0.1", "{\"type\": \"cosineWarmRestarts\", \"t0\": 5",
            "{\"type\": \"sequential\", \"milestones\": [5], \"schedules\": [{\"type\": \"constant\"}, "
                    + "{\"type\": \"cosine\", \"tMax\": 5}]"})
    @DisplayName("a warmup on a schedule that sets the rate outright is a 400 on schedule.warmup, which says what to "
            + "do instead; the typed schema offers no warmup there")
    void noWarmup(String schedule) throws Exception {
        send("""
                {"objective": {"expression": "x^2"}, "start": {"x": 1}, "optimizer": {"type": "momentum"},
                 "maxIterations": 10, "schedule": %s, "warmup": {"steps": 2}}}""".formatted(schedule))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("schedule.warmup"))
                .andExpect(jsonPath("$.errors[0].message", containsString("use sequential with a linear schedule")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gd", "adagrad", "adadelta", "rprop", "asgd"})
    @DisplayName("cycling the momentum of an optimizer without momentum or beta1 is a 400 on schedule.cycleMomentum")
    void noMomentumToCycle(String type) throws Exception {
        for (String schedule : List.of("{\"type\": \"oneCycle\", \"maxLearningRate\": 0.1, \"totalSteps\": 10}",
                "{\"type\": \"cyclic\", \"maxLearningRate\": 0.1, \"stepSizeUp\": 4}")) {
            String request = """
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}, "optimizer": {"type": "%s"},
                     "schedule": %s, "maxIterations": 10}""".formatted(type, schedule);
            send(request).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("schedule.cycleMomentum"))
                    .andExpect(jsonPath("$.errors[0].message", containsString("'" + type + "' has no momentum")));
            send(request.replace("\"maxLearningRate\"", "\"cycleMomentum\": false, \"maxLearningRate\""))
                    .andExpect(status().isOk());
        }
    }

    @Test
    @DisplayName("a cycled momentum the optimizer refuses (Nesterov at 0) is a 400 on schedule.baseMomentum")
    void nesterovAtZero() throws Exception {
        send("""
                {"objective": {"expression": "x^2"}, "start": {"x": 1}, "optimizer": {"type": "nesterov", "momentum": 0.9},
                 "schedule": {"type": "oneCycle", "maxLearningRate": 0.1, "totalSteps": 20, "baseMomentum": 0},
                 "maxIterations": 20}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("schedule.baseMomentum"))
                .andExpect(jsonPath("$.errors[0].message", containsString("Nesterov momentum requires")));
    }

    @Test
    @DisplayName("bad parameters are 400s naming each field, nested ones of sequential by index")
    void badParameters() throws Exception {
        send("""
                {"objective": {"expression": "x^2"}, "start": {"x": 1}, "optimizer": {"type": "adam"},
                 "schedule": {"type": "oneCycle", "totalSteps": 0, "pctStart": 1.5, "annealStrategy": "cosine",
                              "baseMomentum": 1, "divFactor": 0}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains(
                        "schedule.maxLearningRate", "schedule.totalSteps", "schedule.pctStart",
                        "schedule.annealStrategy", "schedule.baseMomentum", "schedule.divFactor")));
        send("""
                {"objective": {"expression": "x^2"}, "start": {"x": 1}, "optimizer": {"type": "adam"},
                 "schedule": {"type": "cyclic", "maxLearningRate": 0.1, "mode": "triangle", "stepSizeUp": 0}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains(
                        "schedule.stepSizeUp", "schedule.stepSizeDown", "schedule.mode")))
                .andExpect(jsonPath("$.errors[2].message").value(
                        "must be one of \"triangular\", \"triangular2\", \"exp_range\", was \"triangle\""));
        send("""
                {"objective": {"expression": "x^2"}, "start": {"x": 1},
                 "schedule": {"type": "cosineWarmRestarts", "tMult": 0, "etaMin": -1}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains(
                        "schedule.t0", "schedule.tMult", "schedule.etaMin")));
        send("""
                {"objective": {"expression": "x^2"}, "start": {"x": 1},
                 "schedule": {"type": "sequential", "milestones": [10],
                              "schedules": [{"type": "linear", "startFactor": 0}, {"type": "cyclic"}]}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains(
                        "schedule.schedules[0].startFactor", "schedule.schedules[1].type")));
    }

    @Test
    @DisplayName("sequential: milestones one fewer than the schedules, increasing")
    void sequentialMilestones() throws Exception {
        String request = """
                {"objective": {"expression": "x^2"}, "start": {"x": 1},
                 "schedule": {"type": "sequential", "milestones": %s,
                              "schedules": [{"type": "linear"}, {"type": "cosine", "tMax": 5}, {"type": "constant"}]}}""";
        send(request.formatted("[10]")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("schedule.milestones"))
                .andExpect(jsonPath("$.errors[0].message").value("must have one fewer element than schedules (2), "
                        + "had 1"));
        send(request.formatted("[10, 10]")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("schedule.milestones"))
                .andExpect(jsonPath("$.errors[0].message", containsString("increasing")));
        send(request.formatted("[5, 10]")).andExpect(status().isOk());
    }
}
