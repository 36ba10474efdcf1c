package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.descent.Mvc;
import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.OptimizerKinds;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replays the trajectories of PyTorch 2's {@code maximize} and NAdam's and RAdam's {@code decoupled_weight_decay}
 * (src/test/resources/golden/maximize.json, made by scripts/golden/generate_torch_golden.py from torch 1.13's code,
 * with the documented rule where 1.13 lacks the flag) through {@code POST /api/v1/optimizations}, matching every
 * iterate and value (f as typed) to a relative 1e-10, and the reported best point to the highest iterate.
 */
@SpringBootTest
@AutoConfigureMockMvc
class MaximizeGoldenTests {

    private static final double RELATIVE = 1e-10;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    static JsonNode cases() throws IOException {
        try (InputStream in = MaximizeGoldenTests.class.getResourceAsStream("/golden/maximize.json")) {
            return JSON.readTree(in).path("cases");
        }
    }

    @Test
    void everyVariantWithMaximizeHasThreeCasesAndNadamAndRadamThreeDecoupledOnes() throws IOException {
        Map<String, Integer> maximizing = new HashMap<>();
        Map<String, Integer> decoupled = new HashMap<>();
        for (JsonNode c : cases()) {
            JsonNode optimizer = c.path("optimizer");
            String type = optimizer.path("type").asString();
            if (optimizer.path("maximize").asBoolean()) {
                maximizing.merge(type, 1, Integer::sum);
            }
            if (optimizer.path("decoupledWeightDecay").asBoolean()) {
                decoupled.merge(type, 1, Integer::sum);
            }
        }
        for (OptimizerKind kind : OptimizerKinds.all()) {
            if (kind.parameters().stream().anyMatch(p -> p.name().equals("maximize"))) {
                assertThat(maximizing.getOrDefault(kind.name(), 0)).as(kind.name()).isGreaterThanOrEqualTo(3);
            }
        }
        assertThat(decoupled.get("nadam")).isGreaterThanOrEqualTo(3);
        assertThat(decoupled.get("radam")).isGreaterThanOrEqualTo(3);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesPyTorch() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.path("name").asString(), () -> replay(c)));
        }
        return tests.stream();
    }

    private void replay(JsonNode golden) throws Exception {
        int steps = golden.path("steps").asInt();
        ObjectNode request = JSON.createObjectNode();
        request.putObject("objective").put("expression", golden.path("objective").asString());
        request.set("start", golden.path("start"));
        request.set("optimizer", golden.path("optimizer"));
        request.put("maxIterations", steps);
        request.put("tolerance", 0);
        request.put("divergenceBound", 1e300);
        request.putObject("trajectory").put("maxPoints", steps + 1);

        String body = Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                        .content(JSON.writeValueAsString(request)))
                .andReturn().getResponse().getContentAsString();
        JsonNode response = JSON.readTree(body);
        assertThat(response.path("status").asString()).as(body).isEqualTo("MAX_ITERATIONS");
        JsonNode trajectory = response.path("trajectory");
        assertThat(trajectory.size()).isEqualTo(steps + 1);

        List<String> variables = new ArrayList<>();
        golden.path("variables").forEach(v -> variables.add(v.asString()));
        boolean maximize = golden.path("optimizer").path("maximize").asBoolean();
        int best = 0;
        for (int k = 0; k <= steps; k++) {
            JsonNode iterate = trajectory.get(k);
            assertThat(iterate.path("iteration").asInt()).isEqualTo(k);
            for (int i = 0; i < variables.size(); i++) {
                double expected = golden.path("points").get(k).get(i).asDouble();
                double actual = iterate.path("point").path(variables.get(i)).asDouble();
                assertThat(actual).as("%s at iterate %d", variables.get(i), k)
                        .isCloseTo(expected, Offset.offset(RELATIVE * Math.abs(expected)));
            }
            double expectedValue = golden.path("values").get(k).asDouble();
            assertThat(iterate.path("value").asDouble()).as("f at iterate %d", k)
                    .isCloseTo(expectedValue, Offset.offset(RELATIVE * Math.abs(expectedValue)));
            double bestValue = golden.path("values").get(best).asDouble();
            if (maximize ? expectedValue > bestValue : expectedValue < bestValue) {
                best = k;
            }
        }
        // The best point is PyTorch's highest iterate when maximizing (lowest otherwise), the first of them.
        assertThat(response.path("minimum").path("iteration").asInt()).as(body).isEqualTo(best);
    }
}
