package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
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
 * Replays every trajectory that the real PyTorch computed (src/test/resources/golden/optimizers.json, made by
 * scripts/golden/generate_torch_golden.py) through the public API, and matches every iterate and every value to
 * a relative 1e-10.
 */
@SpringBootTest
@AutoConfigureMockMvc
class GoldenTrajectoryTests {

    private static final double RELATIVE = 1e-10;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    static JsonNode cases() throws IOException {
        return cases("/golden/optimizers.json");
    }

    /** The cases of a golden file of the generator, {@code resource} on the test class path. */
    static JsonNode cases(String resource) throws IOException {
        try (InputStream in = GoldenTrajectoryTests.class.getResourceAsStream(resource)) {
            return JSON.readTree(in).path("cases");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseMatchesPyTorch() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        JsonNode cases = cases();
        assertThat(cases.size()).isGreaterThanOrEqualTo(40);
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.path("name").asString(), () -> replay(mvc, c)));
        }
        return tests.stream();
    }

    /**
     * Runs {@code golden}'s objective, start and optimizer through POST /api/v1/optimizations for its steps, every
     * iterate recorded, and matches every iterate's point and value to PyTorch's to a relative 1e-10; answers the
     * response, for the checks a golden file adds.
     */
    static JsonNode replay(MockMvc mvc, JsonNode golden) throws Exception {
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
                double actual = iterate.path("point").path(variables.get(i)).asDouble();
                assertThat(actual).as("%s at iterate %d", variables.get(i), k)
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(RELATIVE * Math.abs(expected)));
            }
            double expectedValue = golden.path("values").get(k).asDouble();
            assertThat(iterate.path("value").asDouble()).as("f at iterate %d", k)
                    .isCloseTo(expectedValue, org.assertj.core.data.Offset.offset(RELATIVE * Math.abs(expectedValue)));
        }
        return response;
    }
}
