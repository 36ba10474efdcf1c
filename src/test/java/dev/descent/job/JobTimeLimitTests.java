package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * A job's time budget ({@code descent.jobs.max-duration}, short here): when it runs out the job's unfinished runs end
 * where they got to, with status TIME_LIMIT, their point, value and trajectory kept, and the job SUCCEEDS.
 */
@SpringBootTest(properties = "descent.jobs.max-duration=100ms")
@AutoConfigureMockMvc
class JobTimeLimitTests {

    private static final Duration BUDGET = Duration.ofMillis(100);

    @Autowired
    MockMvc mvc;

    private JsonNode finished(String body) throws Exception {
        JobRequests jobs = new JobRequests(mvc);
        return jobs.ended(jobs.submit(body));
    }

    @Test
    @DisplayName("a job longer than its budget ends SUCCEEDED, its run TIME_LIMIT where it got to, trajectory kept")
    void optimization() throws Exception {
        // A million gd steps on 40-D Rosenbrock take seconds: far more than the budget. (A comparison's runs take
        // turns on the job's one thread here: the quick run ends first, the others run into the budget.)
        JsonNode job = finished("""
                {"optimization": {"objective": {"function": "rosenbrock", "dimension": 40},
                 "optimizer": {"type": "gd", "learningRate": 1e-7}, "maxIterations": 1000000, "tolerance": 0,
                 "trajectory": {"maxPoints": 100}}}""");
        assertThat(job.path("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode result = job.path("result");
        assertThat(result.path("status").asString()).isEqualTo("TIME_LIMIT");
        assertThat(result.path("stopReason").asString()).contains("time budget");
        int iterations = result.path("iterations").asInt();
        assertThat(iterations).isPositive().isLessThan(1_000_000);
        // The answer ends on the point the run reached: the last of its trajectory.
        JsonNode last = result.path("trajectory").get(result.path("trajectory").size() - 1);
        assertThat(last.path("iteration").asInt()).isEqualTo(iterations);
        assertThat(last.path("point")).isEqualTo(result.at("/minimum/point"));
        Duration ran = Duration.between(Instant.parse(job.path("startedAt").asString()),
                Instant.parse(job.path("finishedAt").asString()));
        assertThat(ran).isGreaterThanOrEqualTo(BUDGET).isLessThan(BUDGET.plusSeconds(5));
    }

    @Test
    @DisplayName("a comparison out of time: every unfinished run TIME_LIMIT, a finished one keeps its status")
    void comparison() throws Exception {
        JsonNode job = finished("""
                {"comparison": {"objective": {"function": "rosenbrock", "dimension": 20}, "tolerance": 0,
                 "maxIterations": 1000000, "trajectory": {"maxPoints": 20},
                 "runs": [{"label": "quick", "maxIterations": 10},
                          {"label": "slow", "optimizer": {"type": "gd", "learningRate": 1e-7}},
                          {"label": "slower", "optimizer": {"type": "gd", "learningRate": 1e-8}}]}}""");
        assertThat(job.path("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode runs = job.at("/result/runs");
        assertThat(runs.get(0).at("/result/status").asString()).isEqualTo("MAX_ITERATIONS");
        assertThat(runs.get(1).at("/result/status").asString()).isEqualTo("TIME_LIMIT");
        assertThat(runs.get(2).at("/result/status").asString()).isEqualTo("TIME_LIMIT");
    }
}
