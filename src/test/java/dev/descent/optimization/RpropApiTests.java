package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
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
 * {@code rprop} through the API, where its sign-based steps meet the service's stopping rules: the update it skips
 * after a sign flip is a step of 0, which the step tolerance would take for convergence.
 */
@SpringBootTest
@AutoConfigureMockMvc
class RpropApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    private JsonNode optimize(String json) throws Exception {
        return JSON.readTree(Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                .content(json)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    @Test
    @DisplayName("the tolerance is taken on the gradient: the skipped update at the first sign flip does not stop it")
    void toleranceOnTheGradient() throws Exception {
        // x^2 + 4x + 9 from 3, PyTorch's defaults: the steps grow by 1.2 to about 1 before x first passes -2, and
        // the update after that flip does not move x. A step tolerance would call that converged, a step away.
        JsonNode answer = optimize("""
                {"objective": {"expression": "x^2 + 4*x + 9"}, "start": {"x": 3},
                 "optimizer": {"type": "rprop", "minStepSize": 0}, "tolerance": 1e-8, "maxIterations": 5000}""");
        assertThat(answer.path("status").asString()).isEqualTo("CONVERGED");
        assertThat(answer.path("stopReason").asString()).startsWith("gradient norm");
        // |∇f| = 2|x + 2| < 1e-8 at the end.
        assertThat(answer.path("last").path("point").path("x").asDouble()).isCloseTo(-2, within(5e-9));
    }

    @Test
    @DisplayName("with the tolerance off, the skipped updates show as steps of 0 in the trajectory")
    void skippedUpdates() throws Exception {
        JsonNode answer = optimize("""
                {"objective": {"expression": "x^2"}, "start": {"x": 0.05},
                 "optimizer": {"type": "rprop", "learningRate": 0.1}, "tolerance": 0, "maxIterations": 3}""");
        JsonNode points = answer.path("trajectory");
        // 0.05 → -0.05 (g = 0.1, η = 0.1); g = -0.1 flipped: η = 0.05, no move; then -0.05 + 0.05 = 0.
        assertThat(points.get(1).path("point").path("x").asDouble()).isCloseTo(-0.05, within(1e-15));
        assertThat(points.get(2).path("point").path("x").asDouble()).isCloseTo(-0.05, within(1e-15));
        assertThat(points.get(3).path("point").path("x").asDouble()).isCloseTo(0, within(1e-15));
    }
}
