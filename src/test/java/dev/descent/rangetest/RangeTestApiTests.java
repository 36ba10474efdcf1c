package dev.descent.rangetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.descent.Mvc;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POST /api/v1/learning-rate-range-tests: the curve's shape on a regression on mini-batches and on Rosenbrock, the
 * smoothing, and the suggestion run as a plain descent with a constant rate.
 */
@SpringBootTest
@AutoConfigureMockMvc
class RangeTestApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The synthetic data of the regression example: y = 4 + 3 x1 - 2 x2 + N(0, 0.5²), 200 rows, seed 7. */
    private static final String DATA = """
            {"regression": {"model": "linear", "synthetic": {"samples": 200, "coefficients": [3, -2], "intercept": 4,
             "noise": 0.5, "seed": 7}}}""";

    @Autowired
    MockMvc mvc;

    private MockHttpServletResponse send(String path, String body) throws Exception {
        return Mvc.perform(mvc, post(path).contentType(MediaType.APPLICATION_JSON).content(body)).andReturn()
                .getResponse();
    }

    private JsonNode ok(String path, String body) throws Exception {
        MockHttpServletResponse response = send(path, body);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return JSON.readTree(response.getContentAsString());
    }

    private JsonNode rangeTest(String body) throws Exception {
        return ok("/api/v1/learning-rate-range-tests", body);
    }

    private static double[] column(JsonNode answer, String field) {
        JsonNode curve = answer.path("curve");
        double[] values = new double[curve.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = curve.get(i).path(field).asDouble();
        }
        return values;
    }

    /**
     * The shape of a range test that found its rate: the smoothed loss falls over a sustained stretch (the 20 points
     * before its lowest, each below the one before) to well below where it started, then blows up (above 4 × that
     * lowest value) and the sweep stops there, before its last step.
     */
    private static void fallsThenBlowsUp(JsonNode answer, int steps) {
        double[] smoothed = column(answer, "smoothedLoss");
        int lowest = 0;
        for (int i = 1; i < smoothed.length; i++) {
            if (smoothed[i] < smoothed[lowest]) {
                lowest = i;
            }
        }
        assertThat(lowest).as("the point of the lowest smoothed loss").isGreaterThanOrEqualTo(20);
        for (int i = lowest - 20; i < lowest; i++) {
            assertThat(smoothed[i + 1]).as("smoothed loss at point %d", i + 1).isLessThan(smoothed[i]);
        }
        assertThat(smoothed[lowest]).isLessThan(0.7 * smoothed[0]);
        assertThat(answer.path("status").asString()).isEqualTo("DIVERGED");
        assertThat(answer.path("stopReason").asString()).contains("exceeded 4 × its best");
        assertThat(smoothed.length).isLessThan(steps);
        assertThat(smoothed[smoothed.length - 1]).isGreaterThan(4 * smoothed[lowest]);
        assertThat(smoothed[smoothed.length - 2]).isLessThanOrEqualTo(4 * smoothed[lowest]);
    }

    /** The learning rates are min·(max/min)^(i/(steps-1)); the smoothed losses fastai's, recomputed here. */
    private static void curveAsFastai(JsonNode answer, double min, double max, int steps) {
        double[] rates = column(answer, "learningRate");
        double[] losses = column(answer, "loss");
        double[] smoothed = column(answer, "smoothedLoss");
        double average = 0;
        for (int i = 0; i < rates.length; i++) {
            assertThat(rates[i]).isCloseTo(min * Math.pow(max / min, (double) i / (steps - 1)),
                    within(1e-12 * rates[i]));
            average = 0.98 * average + 0.02 * losses[i];
            assertThat(smoothed[i]).as("smoothed loss %d", i)
                    .isCloseTo(average / (1 - Math.pow(0.98, i + 1)), within(1e-12 * smoothed[i]));
        }
    }

    @Nested
    @DisplayName("on Rosenbrock (an expression), plain gradient descent")
    class Rosenbrock {

        @Test
        @DisplayName("the curve falls then blows up, smoothed as fastai smooths it, and the suggestion is its "
                + "steepest fall")
        void curve() throws Exception {
            JsonNode answer = rangeTest(RangeTestExamples.ROSENBROCK);
            fallsThenBlowsUp(answer, 100);
            curveAsFastai(answer, 1e-7, 1, 100);
            assertThat(answer.at("/curve/0/loss").asDouble()).isEqualTo(12.5);
            assertThat(answer.path("rule").asString()).isEqualTo("STEEPEST");
            assertThat(answer.path("suggestedLearningRate").asDouble()).isEqualTo(answer.path("steepest").asDouble());
            double[] rates = column(answer, "learningRate");
            double[] smoothed = column(answer, "smoothedLoss");
            // The window: from steps/10 = 10 to 5 before the end.
            assertThat(answer.path("window").get(0).asInt()).isEqualTo(10);
            assertThat(answer.path("window").get(1).asInt()).isEqualTo(rates.length - 5);
            int lowest = 10;
            for (int i = 10; i < rates.length - 5; i++) {
                lowest = smoothed[i] < smoothed[lowest] ? i : lowest;
            }
            assertThat(answer.path("minimumOverTen").asDouble()).isEqualTo(rates[lowest] / 10);
            assertThat(answer.path("objective").path("variables").toString()).isEqualTo("[\"x\",\"y\"]");
        }

        @Test
        @DisplayName("the suggested rate, run as a plain descent with a constant rate, converges")
        void suggestionConverges() throws Exception {
            double rate = rangeTest(RangeTestExamples.ROSENBROCK).path("suggestedLearningRate").asDouble();
            JsonNode run = ok("/api/v1/optimizations", """
                    {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
                     "optimizer": {"type": "gd", "learningRate": %s}, "maxIterations": 150000,
                     "trajectory": {"include": false}}""".formatted(rate));
            assertThat(run.path("status").asString()).isEqualTo("CONVERGED");
            // From f = 12.5 to the valley's floor near (1, 1).
            assertThat(run.at("/minimum/value").asDouble()).isLessThan(1e-3);
            assertThat(run.at("/minimum/point/x").asDouble()).isCloseTo(1, within(0.05));
        }

        @Test
        @DisplayName("Adam on the catalog's Rosenbrock blows up too, its last point past 4 × the best")
        void adam() throws Exception {
            fallsThenBlowsUp(rangeTest(RangeTestExamples.ADAM), 300);
        }
    }

    @Nested
    @DisplayName("on a linear regression on mini-batches of 20 rows")
    class Regression {

        @Test
        @DisplayName("the curve of the batch losses falls then blows up, smoothed as fastai smooths it")
        void curve() throws Exception {
            JsonNode answer = rangeTest(RangeTestExamples.REGRESSION);
            fallsThenBlowsUp(answer, 100);
            curveAsFastai(answer, 1e-5, 10, 100);
            assertThat(answer.path("rule").asString()).isEqualTo("STEEPEST");
            // Each point is one batch's loss: the same request answers the same curve, to the last bit.
            assertThat(rangeTest(RangeTestExamples.REGRESSION).path("curve")).isEqualTo(answer.path("curve"));
        }

        @Test
        @DisplayName("the suggested rate, run as a plain mini-batch descent with a constant rate, converges to the "
                + "data's model")
        void suggestionConverges() throws Exception {
            double rate = rangeTest(RangeTestExamples.REGRESSION).path("suggestedLearningRate").asDouble();
            String fit = """
                    {"objective": %s, "optimizer": {"type": "gd", "learningRate": %s}, "batchSize": 20, "seed": 42,
                     "epochs": %d, "trajectory": {"include": false}}""";
            JsonNode run = ok("/api/v1/optimizations", fit.formatted(DATA, rate, 300));
            assertThat(run.path("status").asString()).isEqualTo("CONVERGED");
            double start = run.at("/epochLosses/0").asDouble();
            double end = run.at("/minimum/value").asDouble();
            assertThat(end).isLessThan(start / 50);
            assertThat(run.at("/model/intercept").asDouble()).isCloseTo(4, within(0.3));
            assertThat(run.at("/model/coefficients/x1").asDouble()).isCloseTo(3, within(0.3));
            assertThat(run.at("/model/coefficients/x2").asDouble()).isCloseTo(-2, within(0.3));
        }
    }

    @Test
    @DisplayName("a range swept without a blow-up ends at its last point, range.max, status MAX_ITERATIONS")
    void wholeRange() throws Exception {
        JsonNode answer = rangeTest("""
                {"objective": {"expression": "x^2"}, "start": {"x": 3}, "range": {"min": 1e-4, "max": 0.1,
                 "steps": 30}}""");
        assertThat(answer.path("status").asString()).isEqualTo("MAX_ITERATIONS");
        assertThat(answer.path("stopReason").asString()).contains("without a blow-up");
        assertThat(answer.path("curve").size()).isEqualTo(30);
        assertThat(answer.at("/curve/29/learningRate").asDouble()).isEqualTo(0.1);
        curveAsFastai(answer, 1e-4, 0.1, 30);
    }

    @Test
    @DisplayName("without a range, fastai's defaults: 1e-7 to 10 in 100 points")
    void defaults() throws Exception {
        JsonNode answer = rangeTest("""
                {"objective": {"function": "sphere", "dimension": 3}, "optimizer": {"type": "momentum"}}""");
        assertThat(answer.at("/curve/0/learningRate").asDouble()).isEqualTo(1e-7);
        assertThat(answer.path("curve").size()).isLessThanOrEqualTo(100);
        curveAsFastai(answer, 1e-7, 10, 100);
    }

    @Nested
    @DisplayName("400 problems")
    class Invalid {

        private JsonNode problem(String body) throws Exception {
            MockHttpServletResponse response = send("/api/v1/learning-rate-range-tests", body);
            assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
            assertThat(response.getContentType()).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(response.getContentAsString());
            assertThat(problem.path("type").asString()).isEqualTo("https://descent.dev/problems/invalid-request");
            assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/learning-rate-range-tests");
            return problem;
        }

        private List<String> fields(JsonNode problem) {
            List<String> fields = new ArrayList<>();
            problem.path("errors").forEach(error -> fields.add(error.path("field").asString() + ": "
                    + error.path("message").asString()));
            return fields;
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                min = max                | {"min": 0.1, "max": 0.1, "steps": 10}     | range.max: 0.1 must be above range.min 0.1
                min > max                | {"min": 1, "max": 0.01, "steps": 10}      | range.max: 0.01 must be above range.min 1.0
                max below the default min | {"max": 1e-8}                            | range.max: 1.0E-8 must be above range.min 1.0E-7
                zero min                 | {"min": 0, "max": 1}                      | range.min: must be greater than 0
                negative max             | {"min": 1e-3, "max": -1}                  | range.max: must be greater than 0
                one step                 | {"steps": 1}                              | range.steps: must be greater than or equal to 2
                over the limit           | {"steps": 10001}                          | range.steps: must be less than or equal to 10000
                """)
        void badRanges(String name, String range, String error) throws Exception {
            JsonNode problem = problem("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 3}, "range": %s}""".formatted(range));
            assertThat(fields(problem)).containsExactly(error);
        }

        @Test
        @DisplayName("a schedule or a line search is refused: the range test sets the rate; other fields' errors too")
        void setsTheRate() throws Exception {
            JsonNode problem = problem("""
                    {"objective": {"expression": "x^2"}, "start": {"y": 3},
                     "schedule": {"type": "exponential", "gamma": 0.9}, "lineSearch": {},
                     "range": {"min": 1, "max": 0.5}}""");
            assertThat(fields(problem)).contains(
                    "schedule: is not taken: the range test sets the learning rate itself: it sweeps it from "
                            + "range.min to range.max",
                    "lineSearch: is not taken: the range test sets the learning rate itself: it sweeps it from "
                            + "range.min to range.max",
                    "range.max: 0.5 must be above range.min 1.0")
                    .anyMatch(field -> field.startsWith("start.y: is not a variable"));
        }

        @Test
        @DisplayName("rprop is refused: it reads the learning rate once, as its first step size")
        void rprop() throws Exception {
            JsonNode problem = problem("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 3}, "optimizer": {"type": "rprop"}}""");
            assertThat(fields(problem)).singleElement().asString().startsWith("optimizer.type: rprop takes the "
                    + "learning rate only as its first step size");
        }

        @Test
        @DisplayName("lbfgs is refused: one of its steps is up to maxIter iterations of its own lengths")
        void lbfgs() throws Exception {
            JsonNode problem = problem("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 3}, "optimizer": {"type": "lbfgs"}}""");
            assertThat(fields(problem)).singleElement().asString().startsWith("optimizer.type: lbfgs makes up to "
                    + "maxIter iterations per step");
        }

        @Test
        @DisplayName("an optimization's stopping fields are unknown here")
        void optimizationOnlyFields() throws Exception {
            MockHttpServletResponse response = send("/api/v1/learning-rate-range-tests", """
                    {"objective": {"expression": "x^2"}, "start": {"x": 3}, "maxIterations": 10}""");
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.getContentAsString()).contains("Unknown field 'maxIterations'");
        }
    }
}
