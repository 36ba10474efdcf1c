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

/** {@code asgd}'s averaged point through the API, against the mean of the iterates the answer's trajectory shows. */
@SpringBootTest
@AutoConfigureMockMvc
class AsgdApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    private JsonNode optimize(String json) throws Exception {
        return JSON.readTree(Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                .content(json)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    @Test
    @DisplayName("averagedPoint is the mean of the iterates from update t0 + 2 to the end")
    void meanOfTheIteratesFromT0() throws Exception {
        // t0 = 5: μ_t = 1/max(1, t - 5) is 1 up to t = 6, so ax_7 = θ_7 and then ax_T = mean(θ_7 … θ_T).
        JsonNode answer = optimize("""
                {"objective": {"expression": "x^2 + 3*y^2"}, "start": {"x": 1, "y": -2},
                 "optimizer": {"type": "asgd", "learningRate": 0.05, "t0": 5}, "tolerance": 0, "maxIterations": 20,
                 "trajectory": {"maxPoints": 100}}""");
        JsonNode points = answer.path("trajectory");
        assertThat(points.size()).isEqualTo(21);
        for (String variable : new String[] {"x", "y"}) {
            double sum = 0;
            for (int t = 7; t <= 20; t++) {
                sum += points.get(t).path("point").path(variable).asDouble();
            }
            double mean = sum / 14;
            assertThat(answer.path("averagedPoint").path(variable).asDouble()).as(variable)
                    .isCloseTo(mean, within(1e-14 * Math.max(1, Math.abs(mean))));
        }
        // Averaging the tail of a converging run lags behind it: not the last iterate.
        assertThat(answer.path("averagedPoint").path("x").asDouble())
                .isNotEqualTo(answer.path("last").path("point").path("x").asDouble());
    }

    @Test
    @DisplayName("before t0 the average is the last iterate; other optimizers have none")
    void beforeT0AndOtherOptimizers() throws Exception {
        JsonNode asgd = optimize("""
                {"objective": {"expression": "x^2"}, "start": {"x": 3}, "optimizer": {"type": "asgd"},
                 "tolerance": 0, "maxIterations": 10}""");
        assertThat(asgd.path("averagedPoint").path("x").asDouble())
                .isEqualTo(asgd.path("last").path("point").path("x").asDouble());
        JsonNode gd = optimize("""
                {"objective": {"expression": "x^2"}, "start": {"x": 3}, "maxIterations": 10}""");
        assertThat(gd.has("averagedPoint")).isFalse();
    }
}
