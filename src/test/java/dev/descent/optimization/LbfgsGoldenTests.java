package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.descent.Mvc;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
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
 * Replays the L-BFGS trajectories the real PyTorch computed (src/test/resources/golden/lbfgs.json, made by the
 * L-BFGS block of scripts/golden/generate_torch_golden.py: torch.optim.LBFGS with and without
 * {@code line_search_fn="strong_wolfe"}, small history sizes, maxIter 1 to 20, an explicit maxEval) through
 * POST /api/v1/optimizations. One service iteration is one {@code step(closure)} call: every iterate and every
 * value must match to a relative 1e-10.
 *
 * <p>The evaluations: torch's {@code state['func_evals']} after k steps counts the closure call that starts each
 * step and every call inside it. The service evaluates the start once, then inside each step the points it tries,
 * then the new iterate (which is torch's first closure call of the next step). So after k iterations the service's
 * {@code functionEvaluations} (and {@code gradientEvaluations}: each closure call computes both) is torch's
 * func_evals after k steps plus 1, the evaluation of the last iterate that torch would make at the start of step
 * k + 1.
 */
@SpringBootTest
@AutoConfigureMockMvc
class LbfgsGoldenTests {

    private static final double RELATIVE = 1e-10;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @TestFactory
    Stream<DynamicTest> everyLbfgsCaseMatchesPyTorch() throws IOException {
        JsonNode cases;
        try (InputStream in = LbfgsGoldenTests.class.getResourceAsStream("/golden/lbfgs.json")) {
            cases = JSON.readTree(in).path("cases");
        }
        assertThat(cases.size()).isGreaterThanOrEqualTo(15);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
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
        for (int k = 0; k <= steps; k++) {
            JsonNode iterate = trajectory.get(k);
            assertThat(iterate.path("iteration").asInt()).isEqualTo(k);
            for (int i = 0; i < variables.size(); i++) {
                double expected = golden.path("points").get(k).get(i).asDouble();
                assertThat(iterate.path("point").path(variables.get(i)).asDouble())
                        .as("%s at iterate %d", variables.get(i), k)
                        .isCloseTo(expected, within(RELATIVE * Math.abs(expected)));
            }
            double expectedValue = golden.path("values").get(k).asDouble();
            assertThat(iterate.path("value").asDouble()).as("f at iterate %d", k)
                    .isCloseTo(expectedValue, within(RELATIVE * Math.abs(expectedValue)));
        }
        long torchEvaluations = golden.path("funcEvals").get(steps - 1).asLong();
        assertThat(response.path("functionEvaluations").asLong()).as("torch's func_evals + 1")
                .isEqualTo(torchEvaluations + 1);
        assertThat(response.path("gradientEvaluations").asLong()).isEqualTo(torchEvaluations + 1);
    }
}
