package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a result tells beyond the numbers, through the API: the best point and the last, the diagnosis, the
 * curvature and the learning-rate limits it implies, each against a closed form.
 */
@SpringBootTest
@AutoConfigureMockMvc
class DiagnosisApiTests {

    @Autowired
    MockMvc mvc;

    private final JsonMapper json = JsonMapper.builder().build();

    private JsonNode post(String path, String body) throws Exception {
        return json.readTree(Mvc.perform(mvc, MockMvcRequestBuilders.post(path)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    @Test
    @DisplayName("the seeds' sweep of x^2 from 3: 0.01 and 0.1 MONOTONE, 0.9 OSCILLATING, 1.1 DIVERGING; L = 2 "
            + "computed, so 2/L = 1.0 and 1/L = 0.5; the diverged run's minimum is its start; ranked by best value")
    void seedSweep() throws Exception {
        JsonNode answer = post("/api/v1/comparisons", """
                {"objective": {"expression": "x^2"}, "start": {"x": 3}, "optimizer": {"type": "gd"},
                 "maxIterations": 1000, "trajectory": {"maxPoints": 20}, "learningRates": [0.01, 0.1, 0.9, 1.1]}""");
        List<String> kinds = new ArrayList<>();
        for (JsonNode run : answer.path("runs")) {
            JsonNode result = run.path("result");
            kinds.add(result.path("diagnosis").path("kind").asString());
            JsonNode curvature = result.path("curvature");
            assertThat(curvature.path("largest").asDouble()).isCloseTo(2, within(1e-12));
            assertThat(curvature.path("criticalLearningRate").asDouble()).isCloseTo(1.0, within(1e-12));
            assertThat(curvature.path("oscillationThreshold").asDouble()).isCloseTo(0.5, within(1e-12));
            assertThat(curvature.path("exact").asBoolean()).isTrue();
        }
        assertThat(kinds).containsExactly("MONOTONE", "MONOTONE", "OSCILLATING", "DIVERGING");

        JsonNode diverged = answer.path("runs").path(3).path("result");
        assertThat(diverged.path("status").asString()).isEqualTo("DIVERGED");
        assertThat(diverged.path("minimum").path("iteration").asInt()).isZero();
        assertThat(diverged.path("minimum").path("value").asDouble()).isEqualTo(9.0);
        assertThat(diverged.path("last").path("iteration").asInt()).isEqualTo(70);
        assertThat(diverged.path("curvature").path("sentence").asString()).isEqualTo("Learning rate 1.1 is above "
                + "2/L = 1 (L = 2, the largest curvature seen, at iteration 0): gradient descent diverges above 1 and "
                + "oscillates above 0.5 here.");
        assertThat(answer.path("runs").path(2).path("result").path("curvature").path("sentence").asString())
                .startsWith("Learning rate 0.9 is between 1/L = 0.5 and 2/L = 1");

        // Ranked by best value: the diverged run is last, though its best (9, the start) is a number.
        JsonNode ranking = answer.path("summary").path("ranking");
        assertThat(ranking.path(3).path("run").asInt()).isEqualTo(3);
        assertThat(ranking.path(3).path("bestValue").asDouble()).isEqualTo(9.0);
        for (int i = 0; i + 1 < 3; i++) {
            assertThat(ranking.path(i).path("bestValue").asDouble())
                    .isLessThanOrEqualTo(ranking.path(i + 1).path("bestValue").asDouble());
        }
    }

    @Test
    @DisplayName("a comparison ranks by the best value, not the last: Adam at a large rate rings past a lower "
            + "point than it ends on")
    void rankedByBest() throws Exception {
        JsonNode answer = post("/api/v1/comparisons", """
                {"objective": {"expression": "x^2"}, "start": {"x": 3}, "maxIterations": 60, "tolerance": 0,
                 "trajectory": {"include": false},
                 "runs": [{"label": "gd", "optimizer": {"type": "gd", "learningRate": 0.01}},
                          {"label": "adam", "optimizer": {"type": "adam", "learningRate": 0.5}}]}""");
        JsonNode adam = answer.path("runs").path(1).path("result");
        assertThat(adam.path("minimum").path("value").asDouble()).isLessThan(adam.path("last").path("value")
                .asDouble());
        JsonNode ranking = answer.path("summary").path("ranking");
        assertThat(ranking.path(0).path("label").asString()).isEqualTo("adam");
        assertThat(ranking.path(0).path("bestValue").asDouble()).isEqualTo(adam.path("minimum").path("value")
                .asDouble());
        assertThat(ranking.path(0).path("finalValue").asDouble()).isEqualTo(adam.path("last").path("value")
                .asDouble());
    }

    @Test
    @DisplayName("3x^2 - 2x - 3: L = 6, 2/L = 1/3, 1/L = 1/6")
    void quadratic() throws Exception {
        JsonNode result = post("/api/v1/optimizations", """
                {"objective": {"expression": "3*x^2 - 2*x - 3"}, "start": {"x": 8},
                 "optimizer": {"type": "gd", "learningRate": 0.001}, "maxIterations": 500}""");
        JsonNode curvature = result.path("curvature");
        assertThat(curvature.path("largest").asDouble()).isCloseTo(6, within(1e-12));
        assertThat(curvature.path("criticalLearningRate").asDouble()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(curvature.path("oscillationThreshold").asDouble()).isCloseTo(1.0 / 6, within(1e-12));
    }

    @Test
    @DisplayName("a 2-D quadratic form 0.5 x'Ax: L is A's largest eigenvalue (commons-math3), 2/L the limit, "
            + "and momentum's limit 2(1+μ)/L")
    void quadraticForm() throws Exception {
        double[][] a = {{5, 2}, {2, 3}};
        double l = new EigenDecomposition(new Array2DRowRealMatrix(a)).getRealEigenvalue(0);
        String formula = "0.5*(5*x^2 + 4*x*y + 3*y^2)";
        JsonNode gd = post("/api/v1/optimizations", """
                {"objective": {"expression": "%s"}, "start": {"x": 1, "y": -2},
                 "optimizer": {"type": "gd", "learningRate": 0.1}}""".formatted(formula));
        assertThat(gd.path("curvature").path("largest").asDouble()).isCloseTo(l, within(1e-12));
        assertThat(gd.path("curvature").path("criticalLearningRate").asDouble()).isCloseTo(2 / l, within(1e-12));
        JsonNode momentum = post("/api/v1/optimizations", """
                {"objective": {"expression": "%s"}, "start": {"x": 1, "y": -2},
                 "optimizer": {"type": "momentum", "learningRate": 0.05, "momentum": 0.5}}""".formatted(formula));
        assertThat(momentum.path("curvature").path("criticalLearningRate").asDouble())
                .isCloseTo(2 * 1.5 / l, within(1e-12));
        assertThat(momentum.path("curvature").path("oscillationThreshold").asDouble())
                .isCloseTo(Math.pow(1 - Math.sqrt(0.5), 2) / l, within(1e-12));
        // Adam: no number, a sentence that says why.
        JsonNode adam = post("/api/v1/optimizations", """
                {"objective": {"expression": "%s"}, "start": {"x": 1, "y": -2},
                 "optimizer": {"type": "adam", "learningRate": 0.05}}""".formatted(formula));
        assertThat(adam.path("curvature").has("criticalLearningRate")).isFalse();
        assertThat(adam.path("curvature").path("sentence").asString()).contains("no fixed learning-rate limit");
    }

    @Test
    @DisplayName("x^2 - y^2 from (1, 0): gradient descent ends on the saddle (0, 0), curvature -2 and 2 computed")
    void saddle() throws Exception {
        JsonNode result = post("/api/v1/optimizations", """
                {"objective": {"expression": "x^2 - y^2"}, "start": {"x": 1, "y": 0},
                 "optimizer": {"type": "gd", "learningRate": 0.1}, "tolerance": 1e-9}""");
        assertThat(result.path("status").asString()).isEqualTo("CONVERGED");
        assertThat(result.path("diagnosis").path("kind").asString()).isEqualTo("SADDLE");
        assertThat(result.path("curvature").path("end").path("smallest").asDouble()).isCloseTo(-2, within(1e-12));
        assertThat(result.path("curvature").path("end").path("largest").asDouble()).isCloseTo(2, within(1e-12));
    }

    @Test
    @DisplayName("x^2/(1+x^2) from 10 at rate 0.01: a plateau, STALLED")
    void stalled() throws Exception {
        JsonNode result = post("/api/v1/optimizations", """
                {"objective": {"expression": "x^2/(1+x^2)"}, "start": {"x": 10},
                 "optimizer": {"type": "gd", "learningRate": 0.01}, "maxIterations": 1000, "tolerance": 0}""");
        assertThat(result.path("diagnosis").path("kind").asString()).isEqualTo("STALLED");
        assertThat(result.path("diagnosis").path("iterationsSinceProgress").asInt()).isEqualTo(1000);
    }

    @Test
    @DisplayName("abs(x) from 1 at 0.3: the curvature computed is 0 everywhere on the run, yet it oscillates about "
            + "x = 0: both sentences name the kink, neither blames the rate")
    void kink() throws Exception {
        JsonNode result = post("/api/v1/optimizations", """
                {"objective": {"expression": "abs(x)"}, "start": {"x": 1},
                 "optimizer": {"type": "gd", "learningRate": 0.3}, "maxIterations": 100,
                 "trajectory": {"include": false}}""");
        assertThat(result.path("status").asString()).isEqualTo("MAX_ITERATIONS");
        assertThat(result.path("curvature").path("largest").asDouble()).isZero();
        assertThat(result.path("curvature").path("sentence").asString()).isEqualTo("f does not curve up at the "
                + "points examined (L = 0, the largest curvature seen, at iteration 0): its curvature makes gradient "
                + "descent overshoot at no learning rate there (only a kink, where the slope jumps as at abs(x) = 0, "
                + "turns the steps back, at any rate).");
        assertThat(result.path("diagnosis").path("kind").asString()).isEqualTo("OSCILLATING");
        assertThat(result.path("diagnosis").path("sentence").asString()).startsWith("Oscillating: 96 of 99 ")
                .contains("f does not curve up where the run was examined (largest curvature 0), so the steps turn "
                        + "back at a kink");
    }

    @Test
    @DisplayName("1/x from 0: DIVERGED at the start, f = 1/0 = infinity; the diagnosis says no rate is to blame, "
            + "the curvature that it cannot be computed")
    void poleAtTheStart() throws Exception {
        JsonNode result = post("/api/v1/optimizations", """
                {"objective": {"expression": "1/x"}, "start": {"x": 0},
                 "optimizer": {"type": "gd", "learningRate": 0.3}}""");
        assertThat(result.path("status").asString()).isEqualTo("DIVERGED");
        assertThat(result.path("iterations").asInt()).isZero();
        assertThat(result.path("stopReason").asString())
                .isEqualTo("the objective value is Infinity at the start (iteration 0)");
        assertThat(result.path("diagnosis").path("sentence").asString()).isEqualTo("Diverging at the start: f is "
                + "infinity at the start, so the run stopped before its first update; no learning rate is to blame, "
                + "and none would help: start where it is finite.");
        assertThat(result.path("curvature").path("sentence").asString())
                .isEqualTo("The curvature is not finite along this run: no learning-rate limit can be computed.");
    }

    @Test
    @DisplayName("(x-3)^2 from 0.5 in bounds [0, 1]: converged on the edge x = 1 with f' = -4, and told so")
    void onTheEdge() throws Exception {
        JsonNode result = post("/api/v1/optimizations", """
                {"objective": {"expression": "(x-3)^2"}, "start": {"x": 0.5}, "bounds": {"x": [0, 1]},
                 "optimizer": {"type": "gd", "learningRate": 0.1}}""");
        assertThat(result.path("status").asString()).isEqualTo("CONVERGED");
        assertThat(result.path("last").path("point").path("x").asDouble()).isEqualTo(1.0);
        assertThat(result.path("diagnosis").path("sentence").asString()).endsWith(" It ended on the edge of its "
                + "bounds with the gradient not small (norm 4): the lowest point within them, f going on falling "
                + "beyond.");
    }
}
