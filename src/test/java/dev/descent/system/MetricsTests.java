package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The service's own meters, read as Prometheus scrapes them from {@code /actuator/prometheus} after a few runs whose
 * outcome is known: the runs by optimizer and status, their steps and durations, the queue wait, the jobs by state,
 * what the jobs keep, the open streams. Its own context (a property no other test sets), so the counts are this
 * test's alone.
 */
@SpringBootTest(properties = "descent.jobs.max-queued=17")
@AutoConfigureMockMvc
class MetricsTests {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-z_]+(?:\\{[^}]*})?) (\\S+)$");

    @Autowired
    MockMvc mvc;

    private final JsonMapper json = JsonMapper.builder().build();

    private JsonNode optimize(String body) throws Exception {
        return json.readTree(Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                .content(body)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    private Map<String, Double> scrape() throws Exception {
        String text = Mvc.perform(mvc, get("/actuator/prometheus")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        Map<String, Double> samples = new HashMap<>();
        Matcher matcher = SAMPLE.matcher(text);
        while (matcher.find()) {
            samples.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return samples;
    }

    @Test
    @DisplayName("counts the runs by optimizer and status, their steps and durations, the queue waits and the jobs")
    void meters() throws Exception {
        // x^2 + 4x + 9 at 0.1: x_k = -2 + (x_0 + 2) 0.8^k, so the step 0.2 (x_0 + 2) 0.8^(k-1) falls below 1e-6
        // at k = 65 from 5 and at k = 56 from -3.
        JsonNode first = optimize("""
                {"objective": {"expression": "x^2 + 4*x + 9"}, "start": {"x": 5},
                 "optimizer": {"type": "gd", "learningRate": 0.1}}""");
        JsonNode second = optimize("""
                {"objective": {"expression": "x^2 + 4*x + 9"}, "start": {"x": -3},
                 "optimizer": {"type": "gd", "learningRate": 0.1}}""");
        // x^2 from 3 at 1.1 diverges at iteration 70.
        JsonNode diverged = optimize("""
                {"objective": {"expression": "x^2"}, "start": {"x": 3}, "optimizer": {"type": "gd",
                 "learningRate": 1.1}}""");
        JsonNode adam = optimize("""
                {"objective": {"function": "rosenbrock"}, "optimizer": {"type": "adam"}, "maxIterations": 300,
                 "tolerance": 0}""");
        assertThat(diverged.path("status").asString()).isEqualTo("DIVERGED");
        String id = json.readTree(Mvc.perform(mvc, post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"optimization": {"objective": {"function": "rosenbrock"}, "optimizer": {"type": "adam"},
                         "maxIterations": 500, "tolerance": 0}}"""))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString()).path("id").asString();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!json.readTree(Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andReturn().getResponse()
                .getContentAsString()).path("state").asString().equals("SUCCEEDED")) {
            assertThat(System.nanoTime()).as("the job succeeded").isLessThan(deadline);
            Thread.sleep(10);
        }

        Map<String, Double> samples = scrape();
        assertThat(samples).containsEntry("descent_runs_total{optimizer=\"gd\",status=\"CONVERGED\"}", 2.0)
                .containsEntry("descent_runs_total{optimizer=\"gd\",status=\"DIVERGED\"}", 1.0)
                .containsEntry("descent_runs_total{optimizer=\"adam\",status=\"MAX_ITERATIONS\"}", 2.0)
                .containsEntry("descent_run_duration_seconds_count{optimizer=\"gd\"}", 3.0)
                .containsEntry("descent_run_duration_seconds_count{optimizer=\"adam\"}", 2.0)
                .containsEntry("descent_steps_total", (double) (first.path("iterations").asInt()
                        + second.path("iterations").asInt() + diverged.path("iterations").asInt()
                        + adam.path("iterations").asInt() + 500))
                .containsEntry("descent_queue_wait_seconds_count", 4.0)
                .containsEntry("descent_jobs{state=\"SUCCEEDED\"}", 1.0)
                .containsEntry("descent_jobs{state=\"RUNNING\"}", 0.0)
                .containsEntry("descent_sse_subscribers", 0.0);
        assertThat(first.path("iterations").asInt()).isEqualTo(65);
        assertThat(second.path("iterations").asInt()).isEqualTo(56);
        assertThat(diverged.path("iterations").asInt()).isEqualTo(70);
        assertThat(samples.get("descent_jobs_retained_bytes")).isPositive();
        assertThat(samples.get("descent_run_duration_seconds_sum{optimizer=\"gd\"}")).isPositive();
    }

    @Test
    @DisplayName("/actuator/info names the build and the Java runtime")
    void info() throws Exception {
        JsonNode info = json.readTree(Mvc.perform(mvc, get("/actuator/info")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
        assertThat(info.path("build").path("artifact").asString()).isEqualTo("descent");
        assertThat(info.path("build").path("version").asString()).isNotEmpty();
        assertThat(info.path("java").path("version").asString()).isEqualTo(System.getProperty("java.version"));
    }
}
