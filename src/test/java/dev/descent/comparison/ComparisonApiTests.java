package dev.descent.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** POST /api/v1/comparisons: multi-start searches, learning-rate sweeps, optimizer comparisons, and their errors. */
@SpringBootTest
@AutoConfigureMockMvc
class ComparisonApiTests {

    private static final String PROBLEM = "https://descent.dev/problems/";

    @Autowired
    MockMvc mvc;

    private final JsonMapper json = JsonMapper.builder().build();

    private ResultActions post(String path, String body) throws Exception {
        return Mvc.perform(mvc, MockMvcRequestBuilders.post(path).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private JsonNode compare(String body) throws Exception {
        return json.readTree(post("/api/v1/comparisons", body).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    @Nested
    @DisplayName("a multi-start search on x*cos(x) over [-10, 10]")
    class MultiStart {

        // f = x cos x, f' = cos x - x sin x, f'' = -2 sin x - x cos x.
        private static double f(double x) {
            return x * Math.cos(x);
        }

        private static double f2(double x) {
            return -2 * Math.sin(x) - x * Math.cos(x);
        }

        /** The roots of f' in [from, to] by BrentSolver, bracketed on a fine grid, in increasing order. */
        private static List<Double> criticalPoints(double from, double to) {
            BrentSolver solver = new BrentSolver(1e-14);
            List<Double> roots = new ArrayList<>();
            double step = 1e-2;
            for (double a = from; a < to; a += step) {
                double b = a + step;
                if (Math.signum(Math.cos(a) - a * Math.sin(a)) != Math.signum(Math.cos(b) - b * Math.sin(b))) {
                    roots.add(solver.solve(1000, x -> Math.cos(x) - x * Math.sin(x), a, b));
                }
            }
            return roots;
        }

        @Test
        @DisplayName("finds the distinct local minima, each with the starts whose runs fell into it")
        void findsTheLocalMinima() throws Exception {
            // Starts near ±10 may roll out of the box to the next minimum (about -12.6), a true local minimum too:
            // the reference covers [-20, 20].
            List<Double> critical = criticalPoints(-20, 20);
            List<Double> minima = critical.stream().filter(x -> f2(x) > 0).toList();
            List<Double> maxima = critical.stream().filter(x -> f2(x) < 0).toList();
            List<Double> inBox = minima.stream().filter(x -> x >= -10 && x <= 10).toList();
            assertThat(inBox).hasSize(4);

            JsonNode response = compare(ComparisonExamples.MULTI_START);
            JsonNode runs = response.path("runs");
            JsonNode found = response.path("summary").path("minima");
            assertThat(runs).hasSize(40);

            Set<Integer> assigned = new HashSet<>();
            List<Double> foundPoints = new ArrayList<>();
            double previousValue = Double.NEGATIVE_INFINITY;
            for (JsonNode minimum : found) {
                double x = minimum.path("point").path("x").asDouble();
                double reference = minima.stream().min((a, b) -> Double.compare(Math.abs(a - x), Math.abs(b - x)))
                        .orElseThrow();
                assertThat(x).as("a found minimum is a root of f' with f'' > 0").isCloseTo(reference, within(1e-6));
                assertThat(minimum.path("value").asDouble()).isCloseTo(f(reference), within(1e-10));
                assertThat(minimum.path("value").asDouble()).isGreaterThanOrEqualTo(previousValue);
                previousValue = minimum.path("value").asDouble();
                foundPoints.add(reference);
                // Gradient descent with a small rate stays in the basin it starts in: between the maxima around it.
                double left = maxima.stream().filter(m -> m < reference).mapToDouble(m -> m).max().orElse(-20);
                double right = maxima.stream().filter(m -> m > reference).mapToDouble(m -> m).min().orElse(20);
                assertThat(minimum.path("starts")).isNotEmpty();
                for (JsonNode start : minimum.path("starts")) {
                    int run = start.path("run").asInt();
                    assertThat(assigned.add(run)).as("start %d is in one minimum only", run).isTrue();
                    double x0 = start.path("start").path("x").asDouble();
                    assertThat(x0).isEqualTo(runs.get(run).path("start").path("x").asDouble()).isBetween(left, right);
                    assertThat(runs.get(run).path("result").path("minimum").path("point").path("x").asDouble())
                            .as("run %d ended on its minimum", run).isCloseTo(reference, within(1e-6));
                }
            }
            assertThat(foundPoints).as("distinct").doesNotHaveDuplicates();
            assertThat(foundPoints).containsAll(inBox);
            assertThat(assigned).hasSize(40);
            assertThat(found.get(0).path("best").asBoolean()).isTrue();
            for (int i = 1; i < found.size(); i++) {
                assertThat(found.get(i).path("best").asBoolean()).isFalse();
            }
        }

        @Test
        @DisplayName("draws the same random starts from the same seed, inside the box")
        void reproducibleStarts() throws Exception {
            String request = """
                    {"objective": {"expression": "x*cos(x)"}, "optimizer": {"type": "gd", "learningRate": 0.05},
                     "maxIterations": 10, "trajectory": {"include": false},
                     "randomStarts": {"count": 5, "seed": 7, "bounds": {"x": [-10, 10]}}}""";
            JsonNode first = compare(request).path("runs");
            JsonNode second = compare(request).path("runs");
            for (int i = 0; i < 5; i++) {
                assertThat(first.get(i).path("start")).isEqualTo(second.get(i).path("start"));
                assertThat(first.get(i).path("start").path("x").asDouble()).isBetween(-10.0, 10.0);
            }
            assertThat(first.get(0).path("start")).isNotEqualTo(first.get(1).path("start"));
        }

        @Test
        @DisplayName("random starts on a catalog function default to its domain: Himmelblau's [-5, 5]^2 (the "
                + "catalog's), the same starts as that box given, all four minima found")
        void catalogDomainByDefault() throws Exception {
            String request = """
                    {"objective": {"function": "himmelblau"}, "optimizer": {"type": "gd", "learningRate": 0.01},
                     "maxIterations": 2000, "tolerance": 1e-10, "trajectory": {"include": false},
                     "randomStarts": {"count": 24, "seed": 3%s}}""";
            JsonNode byDefault = compare(request.formatted(""));
            JsonNode given = compare(request.formatted(", \"bounds\": {\"x1\": [-5, 5], \"x2\": [-5, 5]}"));
            JsonNode runs = byDefault.path("runs");
            assertThat(runs).hasSize(24);
            for (int i = 0; i < runs.size(); i++) {
                JsonNode start = runs.get(i).path("start");
                assertThat(start).isEqualTo(given.path("runs").get(i).path("start"));
                assertThat(start.path("x1").asDouble()).isBetween(-5.0, 5.0);
                assertThat(start.path("x2").asDouble()).isBetween(-5.0, 5.0);
            }
            JsonNode minima = byDefault.path("summary").path("minima");
            assertThat(minima).hasSize(4);
            List<double[]> known = List.of(new double[] {3, 2}, new double[] {-2.805118, 3.131312},
                    new double[] {-3.779310, -3.283186}, new double[] {3.584428, -1.848126});
            for (double[] k : known) {
                assertThat(minima).anySatisfy(minimum -> {
                    assertThat(minimum.path("point").path("x1").asDouble()).isCloseTo(k[0], within(1e-5));
                    assertThat(minimum.path("point").path("x2").asDouble()).isCloseTo(k[1], within(1e-5));
                });
            }
        }

        @Test
        @DisplayName("explicit starts on Himmelblau reach its four minima")
        void explicitStarts() throws Exception {
            JsonNode minima = compare(ComparisonExamples.STARTS).path("summary").path("minima");
            assertThat(minima).hasSize(4);
            List<double[]> known = List.of(new double[] {3, 2}, new double[] {-2.805118, 3.131312},
                    new double[] {-3.779310, -3.283186}, new double[] {3.584428, -1.848126});
            for (JsonNode minimum : minima) {
                double x1 = minimum.path("point").path("x1").asDouble();
                double x2 = minimum.path("point").path("x2").asDouble();
                assertThat(minimum.path("value").asDouble()).isCloseTo(0, within(1e-9));
                assertThat(known).anySatisfy(k -> {
                    assertThat(x1).isCloseTo(k[0], within(1e-5));
                    assertThat(x2).isCloseTo(k[1], within(1e-5));
                });
            }
        }
    }

    @Test
    @DisplayName("the learning-rate sweep 0.01 / 0.1 / 0.9 / 1.1 on x^2 from 3: slow, fast, oscillating, diverged")
    void learningRateSweep() throws Exception {
        JsonNode response = compare(ComparisonExamples.SWEEP);
        double[] rates = {0.01, 0.1, 0.9, 1.1};
        JsonNode runs = response.path("runs");
        JsonNode ranking = response.path("summary").path("ranking");
        for (int i = 0; i < 4; i++) {
            // x_k = 3 r^k with r = 1 - 2 lr; converged at the first k whose step |x_k - x_(k-1)| < 1e-6.
            double r = 1 - 2 * rates[i];
            JsonNode result = runs.get(i).path("result");
            for (JsonNode point : result.path("trajectory")) {
                int k = point.path("iteration").asInt();
                double expected = 3 * Math.pow(r, k);
                assertThat(point.path("point").path("x").asDouble())
                        .isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
            }
            if (i < 3) {
                int k = 1;
                while (Math.abs(3 * Math.pow(r, k) - 3 * Math.pow(r, k - 1)) >= 1e-6) {
                    k++;
                }
                assertThat(result.path("status").asString()).isEqualTo("CONVERGED");
                assertThat(result.path("iterations").asInt()).isEqualTo(k);
            }
        }
        JsonNode byRun = json.createArrayNode();
        List<JsonNode> ranked = new ArrayList<>();
        ranking.forEach(ranked::add);
        ranked.sort((a, b) -> Integer.compare(a.path("run").asInt(), b.path("run").asInt()));
        ranked.forEach(((tools.jackson.databind.node.ArrayNode) byRun)::add);

        assertThat(byRun.get(0).path("monotone").asBoolean()).isTrue();
        assertThat(byRun.get(0).path("oscillating").asBoolean()).isFalse();
        assertThat(byRun.get(0).path("iterationsToTolerance").asInt())
                .isGreaterThan(5 * byRun.get(1).path("iterationsToTolerance").asInt());
        assertThat(byRun.get(1).path("monotone").asBoolean()).isTrue();
        assertThat(byRun.get(1).path("oscillating").asBoolean()).isFalse();
        assertThat(byRun.get(2).path("monotone").asBoolean()).isTrue();
        assertThat(byRun.get(2).path("oscillating").asBoolean()).isTrue();
        assertThat(byRun.get(3).path("status").asString()).isEqualTo("DIVERGED");
        assertThat(byRun.get(3).path("oscillating").asBoolean()).isTrue();
        assertThat(byRun.get(3).path("monotone").asBoolean()).isFalse();
        assertThat(byRun.get(3).has("iterationsToTolerance")).isFalse();
        // f_k = 9 * 1.44^k first passes the divergence bound 1e12 at k = 70.
        assertThat(runs.get(3).path("result").path("iterations").asInt()).isEqualTo(70);
        assertThat(response.path("summary").path("diverged")).containsExactly(json.getNodeFactory().numberNode(3));
        assertThat(ranking.get(3).path("run").asInt()).as("the diverged run ranks last").isEqualTo(3);
        assertThat(response.path("summary").has("minima")).isFalse();
    }

    @Test
    @DisplayName("gd, momentum and Adam on Rosenbrock are ranked by final value, each as its own optimization gives")
    void optimizersOnRosenbrock() throws Exception {
        JsonNode response = compare(ComparisonExamples.OPTIMIZERS);
        JsonNode runs = response.path("runs");
        List<String> optimizers = List.of(
                "{\"type\": \"gd\", \"learningRate\": 0.001}",
                "{\"type\": \"momentum\", \"learningRate\": 0.001, \"momentum\": 0.9}",
                "{\"type\": \"adam\", \"learningRate\": 0.01}");
        double[] values = new double[3];
        for (int i = 0; i < 3; i++) {
            JsonNode alone = json.readTree(post("/api/v1/optimizations", "{\"objective\": {\"function\": "
                    + "\"rosenbrock\"}, \"maxIterations\": 5000, \"tolerance\": 0, \"optimizer\": "
                    + optimizers.get(i) + "}").andExpect(status().isOk()).andReturn().getResponse()
                    .getContentAsString());
            values[i] = alone.path("minimum").path("value").asDouble();
            assertThat(runs.get(i).path("result").path("minimum").path("value").asDouble()).isEqualTo(values[i]);
        }
        JsonNode ranking = response.path("summary").path("ranking");
        assertThat(ranking).hasSize(3);
        for (int place = 0; place < 3; place++) {
            JsonNode entry = ranking.get(place);
            assertThat(entry.path("rank").asInt()).isEqualTo(place + 1);
            assertThat(entry.path("finalValue").asDouble()).isEqualTo(values[entry.path("run").asInt()]);
            if (place > 0) {
                assertThat(entry.path("finalValue").asDouble())
                        .isGreaterThanOrEqualTo(ranking.get(place - 1).path("finalValue").asDouble());
            }
        }
        int best = 0;
        for (int i = 1; i < 3; i++) {
            best = values[i] < values[best] ? i : best;
        }
        assertThat(response.path("summary").path("best").asInt()).isEqualTo(best);
        assertThat(runs.get(2).path("label").asString()).isEqualTo("adam");
        assertThat(runs.get(2).path("result").path("optimizer").path("beta1").asDouble()).isEqualTo(0.9);
    }

    @Nested
    @DisplayName("a client error")
    class ClientErrors {

        private ResultActions isProblem(String body, int status, String type) throws Exception {
            return post("/api/v1/comparisons", body).andExpect(status().is(status))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(PROBLEM + type))
                    .andExpect(jsonPath("$.instance").value("/api/v1/comparisons"));
        }

        @Test
        @DisplayName("names an invalid field of a run with its full path, and a shared one once")
        void fullPaths() throws Exception {
            isProblem("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}, "maxIterations": 100000000,
                     "runs": [{"optimizer": {"type": "gd"}},
                              {"optimizer": {"type": "adam", "learningRate": -1}, "start": {"y": 2}}]}""",
                    400, "invalid-request")
                    .andExpect(jsonPath("$.errors.length()").value(4))
                    .andExpect(jsonPath("$.errors[*].field",
                            org.hamcrest.Matchers.containsInAnyOrder("maxIterations", "runs[1].optimizer.learningRate",
                                    "runs[1].start.y", "runs[1].start.x")));
        }

        @Test
        @DisplayName("names the rate of a sweep and the start of a multi-start")
        void sweepAndStarts() throws Exception {
            isProblem("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1},
                     "optimizer": {"type": "adam", "beta1": 2}, "learningRates": [0.1, -0.5]}""",
                    400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("learningRates[1]"));
            isProblem("""
                    {"objective": {"expression": "x^2 + y"}, "starts": [{"x": 1, "y": 1}, {"x": 1}]}""",
                    400, "invalid-request")
                    .andExpect(jsonPath("$.errors.length()").value(1))
                    .andExpect(jsonPath("$.errors[0].field").value("starts[1].y"));
            isProblem("""
                    {"objective": {"expression": "x^2 + y"},
                     "randomStarts": {"count": 3, "bounds": {"x": [1, -1]}}}""", 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("randomStarts.bounds.x"));
            // An expression has no domain to draw from: the box is required.
            isProblem("""
                    {"objective": {"expression": "x^2 + y"}, "randomStarts": {"count": 3}}""", 400,
                    "invalid-request")
                    .andExpect(jsonPath("$.errors.length()").value(1))
                    .andExpect(jsonPath("$.errors[0].field").value("randomStarts.bounds"))
                    .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.startsWith(
                            "is required unless the objective is a catalog function")));
            // A catalog function's own errors are named as without random starts.
            isProblem("""
                    {"objective": {"function": "himmelblau", "dimension": 3}, "randomStarts": {"count": 3}}""",
                    400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("objective.dimension"));
            isProblem("""
                    {"objective": {"function": "himmelblow"}, "randomStarts": {"count": 3}}""", 400,
                    "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("objective.function"));
        }

        @Test
        @DisplayName("asks for exactly one of runs, learningRates, starts and randomStarts")
        void oneMode() throws Exception {
            isProblem("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}}""", 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("body"));
            isProblem("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}, "learningRates": [0.1],
                     "starts": [{"x": 2}]}""", 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].message", org.hamcrest.Matchers.containsString(
                            "got learningRates, starts")));
            isProblem("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1},
                     "randomStarts": {"count": 1000000, "bounds": {"x": [0, 1]}}}""", 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("randomStarts.count"));
        }

        @Test
        @DisplayName("refuses more work than a synchronous request may take, pointing to /api/v1/jobs")
        void workTooLarge() throws Exception {
            isProblem("""
                    {"objective": {"function": "rosenbrock", "dimension": 50}, "maxIterations": 1000000,
                     "learningRates": [0.001, 0.0001]}""", 422, "work-too-large")
                    .andExpect(jsonPath("$.jobs").value("/api/v1/jobs"))
                    .andExpect(jsonPath("$.work").value(2L * 1_000_000 * 53))
                    .andExpect(jsonPath("$.detail", org.hamcrest.Matchers.containsString("/api/v1/jobs")));
            post("/api/v1/optimizations", """
                    {"objective": {"function": "rosenbrock", "dimension": 100}, "maxIterations": 1000000}""")
                    .andExpect(status().is(422))
                    .andExpect(jsonPath("$.type").value(PROBLEM + "work-too-large"))
                    .andExpect(jsonPath("$.jobs").value("/api/v1/jobs"));
        }
    }
}
