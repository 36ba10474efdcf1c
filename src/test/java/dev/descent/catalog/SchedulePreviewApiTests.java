package dev.descent.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import dev.descent.engine.schedule.ScheduleKinds;
import dev.descent.plot.Svg;
import java.awt.image.BufferedImage;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POST /api/v1/schedules/preview: the rates a run is given, to the last bit, for every schedule that does not
 * depend on the objective; a problem naming the field for all it cannot preview; pictures that parse.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SchedulePreviewApiTests {

    private static final String PROBLEM = "https://descent.dev/problems/";
    private static final String PATH = "/api/v1/schedules/preview";

    @Autowired
    MockMvc mvc;

    private final JsonMapper json = JsonMapper.builder().build();

    private static MockHttpServletRequestBuilder preview(String query, String body) {
        return MockMvcRequestBuilders.post(PATH + query).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private ResultActions perform(MockHttpServletRequestBuilder request) throws Exception {
        return Mvc.perform(mvc, request);
    }

    private JsonNode answer(MockHttpServletRequestBuilder request) throws Exception {
        return json.readTree(perform(request).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getContentAsString());
    }

    private static ResultActions isProblem(ResultActions actions, int status, String type) throws Exception {
        return actions.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEM + type))
                .andExpect(jsonPath("$.title").isString())
                .andExpect(jsonPath("$.detail").isString())
                .andExpect(jsonPath("$.instance").value(PATH));
    }

    /**
     * A schedule of every type the registry has but reduceOnPlateau, with parameters that make its rates move
     * within 60 updates (cosine past its tMax, where it rises again).
     */
    private static final Map<String, String> SCHEDULES = schedules();

    private static Map<String, String> schedules() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("constant", "{\"type\": \"constant\"}");
        all.put("step", "{\"type\": \"step\", \"stepSize\": 7, \"gamma\": 0.5}");
        all.put("multiStep", "{\"type\": \"multiStep\", \"milestones\": [41, 5, 20], \"gamma\": 0.3}");
        all.put("exponential", "{\"type\": \"exponential\", \"gamma\": 0.93}");
        all.put("inverseTime", "{\"type\": \"inverseTime\", \"power\": 0.6}");
        all.put("cosine", "{\"type\": \"cosine\", \"tMax\": 25, \"etaMin\": 0.001}");
        all.put("oneCycle", "{\"type\": \"oneCycle\", \"maxLearningRate\": 0.2, \"totalSteps\": 60, "
                + "\"threePhase\": true}");
        all.put("cyclic", "{\"type\": \"cyclic\", \"maxLearningRate\": 0.3, \"stepSizeUp\": 6, \"stepSizeDown\": 9, "
                + "\"mode\": \"triangular2\"}");
        all.put("cosineWarmRestarts", "{\"type\": \"cosineWarmRestarts\", \"t0\": 5, \"tMult\": 2, \"etaMin\": 0.01}");
        all.put("polynomial", "{\"type\": \"polynomial\", \"totalIters\": 40, \"power\": 1.5}");
        all.put("linear", "{\"type\": \"linear\", \"startFactor\": 1, \"endFactor\": 0.1, \"totalIters\": 30}");
        all.put("sequential", "{\"type\": \"sequential\", \"milestones\": [8, 30], \"schedules\": ["
                + "{\"type\": \"linear\", \"startFactor\": 0.1, \"totalIters\": 8}, {\"type\": \"cosine\", \"tMax\": 22}, "
                + "{\"type\": \"exponential\", \"gamma\": 0.9}]}");
        return all;
    }

    private static final String WARMUP = "\"warmup\": {\"steps\": 7, \"startFactor\": 0.25}";

    static Stream<Arguments> schedulesWithAndWithoutWarmup() {
        List<Arguments> cases = new ArrayList<>();
        SCHEDULES.forEach((type, schedule) -> {
            cases.add(Arguments.of(type, schedule));
            // These set the rate outright at each step: a warmup is a 400 (PyTorch's ChainedScheduler drops it).
            if (!List.of("oneCycle", "cyclic", "cosineWarmRestarts", "sequential").contains(type)) {
                cases.add(Arguments.of(type + " with warmup", schedule.replaceFirst("}$", ", " + WARMUP + "}")));
            }
        });
        return cases.stream();
    }

    @Test
    @DisplayName("the comparison below covers every schedule of the registry but reduceOnPlateau")
    void everyScheduleCovered() {
        List<String> previewable = new ArrayList<>(ScheduleKinds.names());
        previewable.remove("reduceOnPlateau");
        assertThat(SCHEDULES.keySet()).containsExactlyInAnyOrderElementsOf(previewable);
    }

    /** The learning rates of trajectory points 1, 2, ... of a run (point 0, the start, had no update). */
    private List<Double> runRates(String optimizer, String schedule, int steps) throws Exception {
        JsonNode run = answer(MockMvcRequestBuilders.post("/api/v1/optimizations")
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"objective": {"expression": "x^2 + y^2"}, "start": {"x": 1, "y": -2}, "optimizer": %s,
                         "schedule": %s, "maxIterations": %d, "tolerance": 0, "trajectory": {"maxPoints": %d}}"""
                        .formatted(optimizer, schedule, steps, steps + 1)));
        assertThat(run.path("iterations").asInt()).as("the run made every update").isEqualTo(steps);
        List<Double> rates = new ArrayList<>();
        JsonNode points = run.path("trajectory");
        assertThat(points.size()).isEqualTo(steps + 1);
        for (int k = 1; k <= steps; k++) {
            assertThat(points.get(k).path("iteration").asInt()).isEqualTo(k);
            rates.add(points.get(k).path("learningRate").asDouble());
        }
        return rates;
    }

    private static List<Double> rates(JsonNode preview) {
        List<Double> rates = new ArrayList<>();
        preview.path("learningRates").forEach(rate -> rates.add(rate.asDouble()));
        return rates;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedulesWithAndWithoutWarmup")
    @DisplayName("a preview equals the learning rates of a run with the same schedule, point by point, exactly")
    void equalsARun(String name, String schedule) throws Exception {
        int steps = 60;
        JsonNode preview = answer(preview("", """
                {"schedule": %s, "learningRate": 0.1, "steps": %d}""".formatted(schedule, steps)));

        List<Double> run = runRates("{\"type\": \"adam\", \"learningRate\": 0.1}", schedule, steps);

        assertThat(preview.path("steps").asInt()).isEqualTo(steps);
        assertThat(preview.path("learningRate").asDouble()).isEqualTo(0.1);
        assertThat(preview.path("type").asString()).isEqualTo(json.readTree(schedule).path("type").asString());
        // Boxed doubles: equal only when the bits are (no tolerance).
        assertThat(rates(preview)).as(name).hasSize(steps).containsExactlyElementsOf(run);
        assertThat(new java.util.HashSet<>(run)).as("%s: the rates move", name).hasSizeGreaterThan(
                name.equals("constant") ? 0 : 1);
        // oneCycle and cyclic cycle the momentum (Adam's beta1 here) by default; the preview gives it beside.
        assertThat(preview.has("momenta")).as(name).isEqualTo(name.equals("oneCycle") || name.equals("cyclic"));
        if (preview.has("momenta")) {
            assertThat(preview.path("momenta").size()).isEqualTo(steps);
        }
    }

    @Test
    @DisplayName("a preview's rates and momenta equal those PyTorch's OneCycleLR and CyclicLR set (schedules2.json)")
    void momentaArePyTorchs() throws Exception {
        JsonNode cases;
        try (java.io.InputStream in = getClass().getResourceAsStream("/golden/schedules2.json")) {
            cases = json.readTree(in).path("cases");
        }
        int compared = 0;
        for (JsonNode c : cases) {
            if (!c.has("momenta") || c.has("points")) {
                continue;
            }
            JsonNode preview = answer(preview("", "{\"schedule\": " + json.writeValueAsString(c.path("schedule"))
                    + ", \"learningRate\": " + c.path("baseLearningRate").asDouble() + ", \"steps\": "
                    + c.path("learningRates").size() + "}"));
            for (String name : List.of("learningRates", "momenta")) {
                for (int k = 0; k < c.path(name).size(); k++) {
                    double want = c.path(name).get(k).asDouble();
                    assertThat(preview.path(name).get(k).asDouble()).as("%s %s[%d]", c.path("name"), name, k)
                            .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-10 * Math.abs(want)));
                }
            }
            compared++;
        }
        assertThat(compared).isGreaterThanOrEqualTo(5);
    }

    @Test
    @DisplayName("without learningRate, the base rate is that of a run without optimizer (gd's default, 0.001)")
    void defaultRateIsARunsDefault() throws Exception {
        String schedule = "{\"type\": \"exponential\", \"gamma\": 0.9, " + WARMUP + "}";
        JsonNode preview = answer(preview("", "{\"schedule\": " + schedule + ", \"steps\": 12}"));

        assertThat(preview.path("learningRate").asDouble()).isEqualTo(0.001)
                .isEqualTo(SchedulePreviews.DEFAULT_LEARNING_RATE);
        assertThat(rates(preview)).containsExactlyElementsOf(runRates("{\"type\": \"gd\"}", schedule, 12));
    }

    @Test
    @DisplayName("JSON without an Accept header, with */*, and when JSON is preferred to images")
    void jsonByDefault() throws Exception {
        String body = SchedulePreviewExamples.ALL.get("step").json();
        for (String accept : new String[] {null, "*/*", "application/json", "image/png;q=0.5, application/*"}) {
            MockHttpServletRequestBuilder request = preview("", body);
            if (accept != null) {
                request.accept(accept);
            }
            perform(request).andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andExpect(header().string("Vary", containsString("Accept")))
                    .andExpect(jsonPath("$.learningRates.length()").value(100))
                    .andExpect(jsonPath("$.learningRates[0]").value(0.1))
                    .andExpect(jsonPath("$.learningRates[25]").value(0.05));
        }
    }

    @Nested
    @DisplayName("draws")
    class Draws {

        @Test
        @DisplayName("an SVG by Accept: the rate against the update, a dot per update up to 60")
        void svg() throws Exception {
            byte[] body = perform(preview("", SchedulePreviewExamples.ALL.get("cosine-warmup").json())
                    .accept("image/svg+xml"))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType("image/svg+xml"))
                    .andExpect(header().string("Vary", containsString("Accept")))
                    .andReturn().getResponse().getContentAsByteArray();

            Svg svg = Svg.parse(body);
            assertThat(svg.width()).isEqualTo(800);
            assertThat(svg.height()).isEqualTo(600);
            assertThat(svg.texts()).contains("Learning rate of cosine from 0.1", "update", "learning rate",
                    "cosine");
        }

        @Test
        @DisplayName("image/* is an SVG; scale=log labels its axis")
        void logScale() throws Exception {
            byte[] body = perform(preview("?scale=log", SchedulePreviewExamples.ALL.get("exponential").json())
                    .accept("image/*"))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType("image/svg+xml"))
                    .andReturn().getResponse().getContentAsByteArray();

            assertThat(Svg.parse(body).texts()).contains("learning rate (log scale)");
        }

        @Test
        @DisplayName("a PNG by Accept, of the size asked for")
        void png() throws Exception {
            byte[] body = perform(preview("?width=400&height=300", SchedulePreviewExamples.ALL.get("step").json())
                    .accept(MediaType.IMAGE_PNG))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType(MediaType.IMAGE_PNG))
                    .andReturn().getResponse().getContentAsByteArray();

            BufferedImage image = Svg.png(body);
            assertThat(image.getWidth()).isEqualTo(400);
            assertThat(image.getHeight()).isEqualTo(300);
        }

        @Test
        @DisplayName("a single update, and rates of 0 on a log scale (left out), still draw")
        void edgeCases() throws Exception {
            perform(preview("", "{\"schedule\": {\"type\": \"constant\"}, \"steps\": 1}").accept("image/svg+xml"))
                    .andExpect(status().isOk());
            perform(preview("?scale=log", "{\"schedule\": {\"type\": \"constant\"}, \"learningRate\": 0, "
                    + "\"steps\": 5}").accept("image/png")).andExpect(status().isOk());
        }
    }

    @Nested
    @DisplayName("refuses, naming the field")
    class Refuses {

        @Test
        @DisplayName("reduceOnPlateau: its rates need the objective's values (schedule.type)")
        void reduceOnPlateau() throws Exception {
            isProblem(perform(preview("", """
                    {"schedule": {"type": "reduceOnPlateau", "patience": 3}, "learningRate": 0.1, "steps": 10}""")),
                    400, "invalid-request")
                    .andExpect(jsonPath("$.errors.length()").value(1))
                    .andExpect(jsonPath("$.errors[0].field").value("schedule.type"))
                    .andExpect(jsonPath("$.errors[0].message").value(containsString("objective's values")));
        }

        @Test
        @DisplayName("steps: missing, 0, or beyond the service's limit")
        void steps() throws Exception {
            isProblem(perform(preview("", "{\"schedule\": {\"type\": \"constant\"}}")), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("steps"));
            isProblem(perform(preview("", "{\"schedule\": {\"type\": \"constant\"}, \"steps\": 0}")), 400,
                    "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("steps"));
            isProblem(perform(preview("", "{\"schedule\": {\"type\": \"constant\"}, \"steps\": 1000001}")), 400,
                    "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("steps"))
                    .andExpect(jsonPath("$.errors[0].message").value(containsString("at most 1000000")));
            isProblem(perform(preview("", "{\"schedule\": {\"type\": \"oneCycle\", \"maxLearningRate\": 0.1, "
                    + "\"totalSteps\": 20}, \"steps\": 21}")), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("steps"))
                    .andExpect(jsonPath("$.errors[0].message").value(containsString("totalSteps (20)")));
        }

        @Test
        @DisplayName("the schedule's values, the base rate and a missing schedule, all at once")
        void values() throws Exception {
            isProblem(perform(preview("", """
                    {"schedule": {"type": "cosine", "etaMin": -1, "warmup": {"steps": 0}}, "steps": 10}""")),
                    400, "invalid-request")
                    .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                            "schedule.tMax", "schedule.etaMin", "schedule.warmup.steps")));
            isProblem(perform(preview("", "{\"schedule\": {\"type\": \"constant\"}, \"learningRate\": -0.1, "
                    + "\"steps\": 10}")), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("learningRate"));
            isProblem(perform(preview("", "{\"steps\": 10}")), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("schedule"));
            isProblem(perform(preview("", "{\"schedule\": {\"type\": \"linearly\"}, \"steps\": 10}")), 400,
                    "invalid-request");
        }

        @Test
        @DisplayName("a picture's size and scale")
        void pictureParameters() throws Exception {
            isProblem(perform(preview("?width=50&scale=cubic", "{\"schedule\": {\"type\": \"constant\"}, "
                    + "\"steps\": 10}").accept("image/svg+xml")), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                            "width", "scale")));
        }

        @Test
        @DisplayName("an Accept header that allows neither JSON nor an image: 406")
        void notAcceptable() throws Exception {
            isProblem(perform(preview("", "{\"schedule\": {\"type\": \"constant\"}, \"steps\": 10}")
                    .accept("text/csv")), 406, "not-acceptable");
        }

        @Test
        @DisplayName("a picture beyond the synchronous work budget: 422 work-too-large, before anything is drawn")
        void tooCostly() throws Exception {
            isProblem(perform(preview("?width=4000&height=4000", "{\"schedule\": {\"type\": \"constant\"}, "
                    + "\"steps\": 1000000}").accept(MediaType.IMAGE_PNG)), 422, "work-too-large")
                    .andExpect(jsonPath("$.work").isNumber())
                    .andExpect(jsonPath("$.maxWork").value(20000000));
        }
    }
}
