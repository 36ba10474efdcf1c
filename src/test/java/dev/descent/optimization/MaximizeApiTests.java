package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code maximize} through the API: the run climbs f, reports f as typed, and every reading of the run (best point,
 * diagnosis, curvature, divergence, a comparison's ranking, a multi-start's distinct points) is the one of a
 * climb. The update itself is matched to PyTorch by {@link MaximizeGoldenTests}.
 */
@SpringBootTest
@AutoConfigureMockMvc
class MaximizeApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PARABOLOID = "-(x-3)^2 - (y+1)^2 + 5";

    @Autowired
    MockMvc mvc;

    private JsonNode postOk(String path, String json) throws Exception {
        return JSON.readTree(Mvc.perform(mvc, post(path).contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    private JsonNode postBadRequest(String path, String json) throws Exception {
        return JSON.readTree(Mvc.perform(mvc, post(path).contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString());
    }

    @Test
    @DisplayName("gd maximizing a concave paraboloid climbs to its maximum (3, -1), f = 5, along the closed form")
    void concaveMaximum() throws Exception {
        JsonNode answer = postOk("/api/v1/optimizations", """
                {"objective": {"expression": "%s"}, "start": {"x": 0, "y": 0},
                 "optimizer": {"type": "gd", "learningRate": 0.1, "maximize": true}, "tolerance": 1e-10,
                 "maxIterations": 1000}""".formatted(PARABOLOID));
        assertThat(answer.path("status").asString()).isEqualTo("CONVERGED");
        JsonNode last = answer.path("last");
        assertThat(last.path("point").path("x").asDouble()).isCloseTo(3, within(1e-9));
        assertThat(last.path("point").path("y").asDouble()).isCloseTo(-1, within(1e-9));
        // The best point is the first iterate with the highest f: where f = 5 - d² rounds to 5, d about 1e-8.
        JsonNode best = answer.path("minimum");
        assertThat(best.path("point").path("x").asDouble()).isCloseTo(3, within(1e-7));
        assertThat(best.path("point").path("y").asDouble()).isCloseTo(-1, within(1e-7));
        assertThat(best.path("value").asDouble()).isEqualTo(5);
        // Gradient ascent x <- x + 0.1 ∇f: x_k - 3 = 0.8^k (0 - 3), y_k + 1 = 0.8^k (0 + 1); f as typed.
        JsonNode third = answer.path("trajectory").get(3);
        double shrink = Math.pow(0.8, 3);
        assertThat(third.path("point").path("x").asDouble()).isCloseTo(3 - 3 * shrink, within(1e-14));
        assertThat(third.path("point").path("y").asDouble()).isCloseTo(-1 + shrink, within(1e-14));
        assertThat(third.path("value").asDouble()).isCloseTo(5 - 10 * shrink * shrink, within(1e-13));
        // The best point is the highest: no iterate is above it.
        for (JsonNode iterate : answer.path("trajectory")) {
            assertThat(iterate.path("value").asDouble()).isLessThanOrEqualTo(best.path("value").asDouble());
        }
        JsonNode diagnosis = answer.path("diagnosis");
        assertThat(diagnosis.path("kind").asString()).isEqualTo("MONOTONE");
        assertThat(diagnosis.path("sentence").asString()).startsWith("Monotone: f rose at every update, from -5 to 5");
        assertThat(diagnosis.path("increases").asInt()).isZero();
        // The run descends -f, whose Hessian is 2I: gradient ascent diverges above 2/2 and oscillates above 1/2.
        JsonNode curvature = answer.path("curvature");
        assertThat(curvature.path("largest").asDouble()).isCloseTo(2, within(1e-9));
        assertThat(curvature.path("criticalLearningRate").asDouble()).isCloseTo(1, within(1e-9));
        assertThat(curvature.path("oscillationThreshold").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(curvature.path("sentence").asString()).startsWith("Maximizing f, the run descends -f");
        assertThat(answer.path("optimizer").path("maximize").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("an explained update shows the gradient of f as typed, and the step goes along it")
    void explainedGradientIsOfF() throws Exception {
        JsonNode answer = postOk("/api/v1/optimizations", """
                {"objective": {"expression": "%s"}, "start": {"x": 0, "y": 0},
                 "optimizer": {"type": "gd", "learningRate": 0.1, "maximize": true}, "maxIterations": 2,
                 "explain": {"steps": 1}}""".formatted(PARABOLOID));
        JsonNode first = answer.path("explanation").get(0);
        // ∇f(0, 0) = (-2(0-3), -2(0+1)) = (6, -2); the step is +0.1 ∇f.
        String json = first.toString();
        assertThat(json).contains("\"gradient\"");
        JsonNode x = findVariable(first, "x");
        assertThat(x.path("gradient").asDouble()).as(json).isCloseTo(6, within(1e-15));
        assertThat(x.path("step").asDouble()).as(json).isCloseTo(0.6, within(1e-15));
    }

    @Test
    @DisplayName("nadam with decoupledWeightDecay explains the decay as γλθ, applied to x, not added to the gradient")
    void decoupledWeightDecayExplained() throws Exception {
        JsonNode answer = postOk("/api/v1/optimizations", """
                {"objective": {"expression": "x^2"}, "start": {"x": 2},
                 "optimizer": {"type": "nadam", "learningRate": 0.1, "weightDecay": 0.5, "decoupledWeightDecay": true},
                 "maxIterations": 1, "explain": {"steps": 1}}""");
        JsonNode x = findVariable(answer.path("explanation").get(0), "x");
        // γλθ = 0.1 · 0.5 · 2; the first moment is (1 - β1) g with g = ∇f = 4 alone (no λθ in it).
        assertThat(x.path("decoupledWeightDecay").asDouble()).as(x.toString()).isCloseTo(0.1, within(1e-16));
        assertThat(x.has("weightDecay")).isFalse();
        assertThat(x.path("firstMoment").asDouble()).isCloseTo(0.1 * 4, within(1e-15));
    }

    @Test
    @DisplayName("a range test of a maximizing run reads -f as its loss, and climbs")
    void rangeTestOnMinusF() throws Exception {
        JsonNode answer = postOk("/api/v1/learning-rate-range-tests", """
                {"objective": {"expression": "%s"}, "start": {"x": 0, "y": 0},
                 "optimizer": {"type": "gd", "maximize": true}, "range": {"min": 1e-4, "max": 0.5, "steps": 30}}"""
                .formatted(PARABOLOID));
        JsonNode curve = answer.path("curve");
        // f(0, 0) = -9 - 1 + 5 = -5: the first loss is -f = 5, and the climb lowers it.
        assertThat(curve.get(0).path("loss").asDouble()).isCloseTo(5, within(1e-12));
        double lowest = Double.POSITIVE_INFINITY;
        for (JsonNode point : curve) {
            lowest = Math.min(lowest, point.path("loss").asDouble());
        }
        assertThat(lowest).isLessThan(1);
    }

    private static JsonNode findVariable(JsonNode update, String variable) {
        JsonNode byVariable = update.path("variables").path(variable);
        return byVariable.isMissingNode() ? update.path(variable) : byVariable;
    }

    @Test
    @DisplayName("maximizing x^2 climbs without bound: DIVERGED as f passes the bound, the best point the last")
    void unboundedClimb() throws Exception {
        // x_k = 3 · 1.2^k, f_k = 9 · 1.44^k: first above 1e12 at k = 70.
        JsonNode answer = postOk("/api/v1/optimizations", """
                {"objective": {"expression": "x^2"}, "start": {"x": 3},
                 "optimizer": {"type": "gd", "learningRate": 0.1, "maximize": true}}""");
        assertThat(answer.path("status").asString()).isEqualTo("DIVERGED");
        assertThat(answer.path("iterations").asInt()).isEqualTo(70);
        assertThat(answer.path("minimum").path("iteration").asInt()).isEqualTo(70);
        assertThat(answer.path("minimum").path("value").asDouble()).isCloseTo(9 * Math.pow(1.44, 70),
                within(1e-3 * 9 * Math.pow(1.44, 70)));
        assertThat(answer.path("diagnosis").path("kind").asString()).isEqualTo("DIVERGING");
        assertThat(answer.path("diagnosis").path("sentence").asString()).contains("rose without bound");
    }

    @Test
    @DisplayName("a learning-rate sweep that maximizes ranks the highest best value first")
    void rankingHighestFirst() throws Exception {
        JsonNode answer = postOk("/api/v1/comparisons", """
                {"objective": {"expression": "%s"}, "start": {"x": 0, "y": 0},
                 "optimizer": {"type": "gd", "maximize": true}, "maxIterations": 10, "tolerance": 0,
                 "learningRates": [0.01, 0.3]}""".formatted(PARABOLOID));
        JsonNode ranking = answer.path("summary").path("ranking");
        assertThat(ranking.get(0).path("run").asInt()).isEqualTo(1);
        assertThat(answer.path("summary").path("best").asInt()).isEqualTo(1);
        // f_10 = 5 - 10 (1 - 2 lr)^20: the best of a monotone climb is its last iterate.
        assertThat(ranking.get(0).path("bestValue").asDouble()).isCloseTo(5 - 10 * Math.pow(0.4, 20), within(1e-12));
        assertThat(ranking.get(1).path("bestValue").asDouble()).isCloseTo(5 - 10 * Math.pow(0.98, 20),
                within(1e-12));
        assertThat(ranking.get(0).path("monotone").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("a multi-start that maximizes x*cos(x) lists its local maxima, highest first")
    void multiStartMaxima() throws Exception {
        JsonNode answer = postOk("/api/v1/comparisons", """
                {"objective": {"expression": "x*cos(x)"},
                 "optimizer": {"type": "gd", "learningRate": 0.05, "maximize": true}, "tolerance": 1e-12,
                 "maxIterations": 5000, "starts": [{"x": 0.5}, {"x": 6}, {"x": 0.3}]}""");
        JsonNode maxima = answer.path("summary").path("minima");
        assertThat(maxima.size()).isEqualTo(2);
        List<Double> values = new ArrayList<>();
        for (JsonNode found : maxima) {
            double x = found.path("point").path("x").asDouble();
            // A local maximum: f'(x) = cos x - x sin x = 0 and f''(x) = -2 sin x - x cos x < 0.
            // (The best point is the first with the highest f, which f's rounding reaches about 1e-8 early.)
            assertThat(Math.cos(x) - x * Math.sin(x)).isCloseTo(0, within(1e-6));
            assertThat(-2 * Math.sin(x) - x * Math.cos(x)).isNegative();
            assertThat(found.path("value").asDouble()).isCloseTo(x * Math.cos(x), within(1e-12));
            values.add(found.path("value").asDouble());
        }
        assertThat(values.get(0)).isGreaterThan(values.get(1));
        assertThat(maxima.get(0).path("best").asBoolean()).isTrue();
        assertThat(maxima.get(0).path("starts")).hasSize(1);
        assertThat(maxima.get(1).path("starts")).hasSize(2);
    }

    @Test
    @DisplayName("maximizing a regression's loss is a 400 naming optimizer.maximize")
    void regressionLossIsNotMaximized() throws Exception {
        JsonNode problem = postBadRequest("/api/v1/optimizations", """
                {"objective": {"regression": {"model": "linear", "data": {"features": [[0.5], [1.0], [1.5], [2]],
                 "targets": [1, 2, 3, 4]}}}, "optimizer": {"type": "adam", "maximize": true}}""");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("optimizer.maximize");
    }

    @Test
    @DisplayName("a comparison whose runs do not all maximize, or all minimize, is a 400 naming the first that differs")
    void comparisonSenseMustAgree() throws Exception {
        JsonNode problem = postBadRequest("/api/v1/comparisons", """
                {"objective": {"expression": "%s"}, "start": {"x": 0, "y": 0},
                 "runs": [{"optimizer": {"type": "adam", "maximize": true}}, {"optimizer": {"type": "adam"}}]}"""
                .formatted(PARABOLOID));
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("runs[1].optimizer.maximize");
    }

    @Test
    @DisplayName("GET /api/v1/optimizers: maximize on every variant but lbfgs (torch's LBFGS has none), "
            + "decoupledWeightDecay on nadam and radam only")
    void listed() throws Exception {
        JsonNode variants = JSON.readTree(Mvc.perform(mvc, get("/api/v1/optimizers")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        for (JsonNode variant : variants) {
            List<String> names = new ArrayList<>();
            variant.path("hyperparameters").forEach(p -> names.add(p.path("name").asString()));
            String type = variant.path("type").asString();
            if (type.equals("lbfgs")) {
                assertThat(names).as(type).doesNotContain("maximize");
            } else {
                assertThat(names).as(type).contains("maximize");
            }
            if (type.equals("nadam") || type.equals("radam")) {
                assertThat(names).as(type).contains("decoupledWeightDecay");
            } else {
                assertThat(names).as(type).doesNotContain("decoupledWeightDecay");
            }
        }
    }

    @Test
    @DisplayName("the receipt names maximize's default as torch.optim's")
    void receiptDefault() throws Exception {
        JsonNode answer = postOk("/api/v1/optimizations", """
                {"objective": {"expression": "%s"}, "start": {"x": 0, "y": 0}, "optimizer": {"type": "nadam"},
                 "maxIterations": 3}""".formatted(PARABOLOID));
        List<String> defaults = new ArrayList<>();
        answer.path("receipt").path("defaults").forEach(d -> defaults.add(d.path("field").asString() + " "
                + d.path("value") + " " + d.path("source").asString()));
        assertThat(defaults).contains("optimizer.maximize false torch.optim.NAdam default",
                "optimizer.decoupledWeightDecay false torch.optim.NAdam default");
        assertThat(answer.path("receipt").path("resolvedRequest").path("optimizer").path("maximize").asBoolean())
                .isFalse();
    }
}
