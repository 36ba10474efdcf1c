package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

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


    @Autowired
    MockMvc mvc;

    @TestFactory
    Stream<DynamicTest> everyLbfgsCaseMatchesPyTorch() throws IOException {
        JsonNode cases = GoldenTrajectoryTests.cases("/golden/lbfgs.json");
        assertThat(cases.size()).isGreaterThanOrEqualTo(15);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.path("name").asString(), () -> replay(c)));
        }
        return tests.stream();
    }

    /** Every iterate and value as torch's ({@link GoldenTrajectoryTests#replay}), and torch's evaluation count. */
    private void replay(JsonNode golden) throws Exception {
        int steps = golden.path("steps").asInt();
        JsonNode response = GoldenTrajectoryTests.replay(mvc, golden);
        long torchEvaluations = golden.path("funcEvals").get(steps - 1).asLong();
        assertThat(response.path("functionEvaluations").asLong()).as("torch's func_evals + 1")
                .isEqualTo(torchEvaluations + 1);
        assertThat(response.path("gradientEvaluations").asLong()).isEqualTo(torchEvaluations + 1);
    }
}
