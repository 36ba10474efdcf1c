package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import dev.descent.engine.optim.Quantity;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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

/**
 * {@code explain} through the API: the quantities of the first steps of Adam and of momentum SGD equal hand
 * computations from PyTorch's algorithm boxes, under a schedule and with clipping; out-of-range requests are 400s.
 * f(x, y) = x² + 3y², ∇f = (2x, 6y), from (1, -2).
 */
@SpringBootTest
@AutoConfigureMockMvc
class ExplainApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    private ResultActions send(String path, String json) throws Exception {
        return Mvc.perform(mvc, post(path).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private JsonNode explain(String optimizer, String more) throws Exception {
        String body = send("/api/v1/optimizations", """
                {"objective": {"expression": "x^2 + 3*y^2"}, "start": {"x": 1, "y": -2},
                 "optimizer": %s, "maxIterations": 3, "tolerance": 0, "explain": {"steps": 3}%s}"""
                .formatted(optimizer, more)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        JsonNode explanation = JSON.readTree(body).path("explanation");
        assertThat(explanation.size()).isEqualTo(3);
        return explanation;
    }

    private static void close(JsonNode node, String field, double expected, String at) {
        assertThat(node.has(field)).as(at + field + " present").isTrue();
        assertThat(node.path(field).asDouble()).as(at + field)
                .isCloseTo(expected, within(1e-13 * Math.max(1, Math.abs(expected))));
    }

    @Test
    @DisplayName("Adam with L2 weight decay and AMSGrad: every quantity of its box, update by update")
    void adam() throws Exception {
        double rate = 0.1;
        double lambda = 0.5;
        JsonNode explanation = explain("""
                {"type": "adam", "learningRate": 0.1, "weightDecay": 0.5, "amsgrad": true}""", "");
        double[] theta = {1, -2};
        double[] m = new double[2];
        double[] v = new double[2];
        double[] vMax = new double[2];
        String[] names = {"x", "y"};
        for (int t = 1; t <= 3; t++) {
            JsonNode update = explanation.get(t - 1);
            assertThat(update.path("iteration").asInt()).isEqualTo(t);
            assertThat(update.path("learningRate").asDouble()).isEqualTo(rate);
            assertThat(update.has("clipScale")).isFalse();
            double[] g = {2 * theta[0], 6 * theta[1]};
            for (int i = 0; i < 2; i++) {
                JsonNode q = update.path("variables").path(names[i]);
                String at = "t=" + t + " " + names[i] + " ";
                close(q, "gradient", g[i], at);
                close(q, "weightDecay", lambda * theta[i], at);
                double gi = g[i] + lambda * theta[i];
                m[i] = 0.9 * m[i] + 0.1 * gi;
                v[i] = 0.999 * v[i] + 0.001 * gi * gi;
                vMax[i] = Math.max(vMax[i], v[i]);
                double bc1 = 1 - Math.pow(0.9, t);
                double bc2 = 1 - Math.pow(0.999, t);
                double effective = rate / (Math.sqrt(vMax[i] / bc2) + 1e-8);
                double step = -effective * m[i] / bc1;
                theta[i] += step;
                close(q, "firstMoment", m[i], at);
                close(q, "secondMoment", v[i], at);
                close(q, "maxSecondMoment", vMax[i], at);
                close(q, "biasCorrection1", bc1, at);
                close(q, "biasCorrection2", bc2, at);
                close(q, "effectiveLearningRate", effective, at);
                close(q, "step", step, at);
                assertThat(q.has("momentumBuffer") || q.has("clippedGradient") || q.has("decoupledWeightDecay"))
                        .as(at + "no quantity Adam's box lacks").isFalse();
            }
        }
    }

    @Test
    @DisplayName("momentum SGD under a step schedule with norm clipping: the schedule's rate, the clipped gradient "
            + "and its scale, b_t")
    void momentum() throws Exception {
        JsonNode explanation = explain("""
                {"type": "momentum", "learningRate": 0.1, "momentum": 0.9}""",
                """
                , "schedule": {"type": "step", "stepSize": 1, "gamma": 0.5}, "clipping": {"maxNorm": 1}""");
        double[] theta = {1, -2};
        double[] b = new double[2];
        String[] names = {"x", "y"};
        for (int t = 1; t <= 3; t++) {
            JsonNode update = explanation.get(t - 1);
            double rate = 0.1 * Math.pow(0.5, t - 1);
            assertThat(update.path("learningRate").asDouble()).as("StepLR's rate").isEqualTo(rate);
            double[] g = {2 * theta[0], 6 * theta[1]};
            double norm = Math.hypot(g[0], g[1]);
            double factor = Math.min(1, 1 / (norm + 1e-6));
            close(update, "clipScale", factor, "t=" + t + " ");
            for (int i = 0; i < 2; i++) {
                JsonNode q = update.path("variables").path(names[i]);
                String at = "t=" + t + " " + names[i] + " ";
                double clipped = g[i] * factor;
                b[i] = t == 1 ? clipped : 0.9 * b[i] + clipped;
                double step = -rate * b[i];
                theta[i] += step;
                close(q, "gradient", g[i], at);
                close(q, "clippedGradient", clipped, at);
                close(q, "momentumBuffer", b[i], at);
                close(q, "step", step, at);
                assertThat(q.has("effectiveLearningRate")).isFalse();
            }
        }
    }

    @Test
    @DisplayName("the response's quantities are the engine's, by the same names in the same order")
    void namesAreTheEngines() {
        assertThat(Arrays.stream(ExplanationView.Quantities.class.getRecordComponents())
                .map(RecordComponent::getName).toList())
                .isEqualTo(Arrays.stream(Quantity.values()).map(Quantity::key).toList());
    }

    @Test
    @DisplayName("without explain, no explanation")
    void absent() throws Exception {
        send("/api/v1/optimizations", """
                {"objective": {"expression": "x^2"}, "start": {"x": 1}, "maxIterations": 3}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.explanation").doesNotExist());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"steps\": 0}", "{\"steps\": 101}", "{\"steps\": 3, \"from\": 0}", "{}"})
    @DisplayName("steps out of [1, 100], or from below 1, is a 400 naming the field")
    void outOfRange(String explain) throws Exception {
        send("/api/v1/optimizations", """
                {"objective": {"expression": "x^2"}, "start": {"x": 1}, "explain": %s}""".formatted(explain))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field", containsString("explain.")));
    }
}
