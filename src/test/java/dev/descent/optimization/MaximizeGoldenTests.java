package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.OptimizerKinds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * Replays the trajectories of PyTorch 2's {@code maximize} and NAdam's and RAdam's {@code decoupled_weight_decay}
 * (src/test/resources/golden/maximize.json, made by scripts/golden/generate_torch_golden.py from torch 1.13's code,
 * with the documented rule where 1.13 lacks the flag) through {@code POST /api/v1/optimizations}, matching every
 * iterate and value (f as typed) to a relative 1e-10, and the reported best point to the highest iterate.
 */
@SpringBootTest
@AutoConfigureMockMvc
class MaximizeGoldenTests {


    @Autowired
    MockMvc mvc;

    static JsonNode cases() throws IOException {
        return GoldenTrajectoryTests.cases("/golden/maximize.json");
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

    /**
     * Every iterate and value as torch's ({@link GoldenTrajectoryTests#replay}), and the best point PyTorch's highest
     * iterate when maximizing (lowest otherwise), the first of them.
     */
    private void replay(JsonNode golden) throws Exception {
        JsonNode response = GoldenTrajectoryTests.replay(mvc, golden);
        boolean maximize = golden.path("optimizer").path("maximize").asBoolean();
        JsonNode values = golden.path("values");
        int best = 0;
        for (int k = 0; k <= golden.path("steps").asInt(); k++) {
            double value = values.get(k).asDouble();
            double bestValue = values.get(best).asDouble();
            if (maximize ? value > bestValue : value < bestValue) {
                best = k;
            }
        }
        assertThat(response.path("minimum").path("iteration").asInt()).isEqualTo(best);
    }
}
