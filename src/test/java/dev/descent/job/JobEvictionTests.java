package dev.descent.job;

import dev.descent.job.store.JobState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finished jobs are evicted once their retention has passed, or when newer results need the room. The service's
 * clock is a bean here that the test moves forward, so a retention of a minute passes at once; the sweep runs every
 * 50 ms; all results together may keep 100 KB, about two jobs of 1000 points in one variable.
 */
@SpringBootTest(properties = {"descent.jobs.retention=1m", "descent.jobs.sweep-interval=50ms",
        "descent.jobs.max-retained-bytes=100KB"})
@AutoConfigureMockMvc
@Import(JobEvictionTests.Clocks.class)
class JobEvictionTests {

    /** A clock that stands still until moved. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-05T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    MovableClock clock;

    @Autowired
    JobService service;

    private final JsonMapper json = JsonMapper.builder().build();

    private String submit(String optimization) throws Exception {
        return json.readTree(Mvc.perform(mvc, post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"optimization\": " + optimization + "}"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString())
                .path("id").asString();
    }

    private JsonNode awaitState(String id, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonNode job = json.readTree(Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andReturn().getResponse()
                    .getContentAsString());
            if (job.path("state").asString().equals(state)) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %s reaching %s: %s", id, state, job).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    @DisplayName("a finished job is kept for its retention, then answers 404 and the sweep removes it")
    void evictsAfterRetention() throws Exception {
        String id = submit("{\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 3}}");
        JsonNode done = awaitState(id, "SUCCEEDED");
        assertThat(Instant.parse(done.path("finishedAt").asString())).isEqualTo(clock.instant());

        clock.advance(Duration.ofSeconds(59));
        Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andExpect(status().isOk());
        Thread.sleep(150);
        assertThat(service.held()).contains(UUID.fromString(id));

        clock.advance(Duration.ofSeconds(1));
        Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://descent.dev/problems/not-found"));
        Mvc.perform(mvc, get("/api/v1/jobs?size=100"))
                .andExpect(jsonPath("$.items[?(@.id == '" + id + "')]").isEmpty());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (service.held().contains(UUID.fromString(id))) {
            assertThat(System.nanoTime()).as("the sweep evicting %s", id).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** x^2 from 3 for 2000 iterations, 1000 of its 2001 iterates kept: about 42 KB. */
    private static final String THOUSAND_POINTS = """
            {"objective": {"expression": "x^2"}, "start": {"x": 3}, "optimizer": {"type": "gd", "learningRate": 0.001},
             "maxIterations": 2000, "tolerance": 0, "trajectory": {"maxPoints": 1000}}""";

    @Test
    @DisplayName("a job finishing past the cap on retained results evicts the oldest finished job; its id then "
            + "answers 404 saying it was evicted to make room")
    void evictsOldestOverCap() throws Exception {
        String oldest = submit(THOUSAND_POINTS);
        awaitState(oldest, "SUCCEEDED");
        String older = submit(THOUSAND_POINTS);
        awaitState(older, "SUCCEEDED");
        // Each keeps its 1000 points of 5 numbers (iteration, f, gradient norm, rate, x): 40 KB and a little more.
        assertThat(service.retainedBytes()).isGreaterThan(2 * 40_000).isLessThanOrEqualTo(100 * 1024);

        String newest = submit(THOUSAND_POINTS);
        awaitState(newest, "SUCCEEDED");
        Mvc.perform(mvc, get("/api/v1/jobs/" + oldest)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://descent.dev/problems/not-found"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                        "evicted to make room for newer results")));
        for (String path : new String[] {"", "/trajectory", "/plot", "/events"}) {
            Mvc.perform(mvc, get("/api/v1/jobs/" + oldest + path)).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("evicted")));
        }
        Mvc.perform(mvc, delete("/api/v1/jobs/" + oldest)).andExpect(status().isNotFound());
        Mvc.perform(mvc, get("/api/v1/jobs/" + older)).andExpect(status().isOk());
        Mvc.perform(mvc, get("/api/v1/jobs/" + newest)).andExpect(status().isOk())
                .andExpect(jsonPath("$.result.trajectory.length()").value(1000));
        assertThat(service.retainedBytes()).isLessThanOrEqualTo(100 * 1024).isGreaterThan(2 * 40_000);
        assertThat(service.held()).doesNotContain(UUID.fromString(oldest));
        // A job that was never there is still plainly unknown.
        Mvc.perform(mvc, get("/api/v1/jobs/" + UUID.randomUUID())).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("There is no job")));
        assertThat(service.countByState().get(JobState.SUCCEEDED)).isGreaterThanOrEqualTo(2);
    }

    @Test
    @DisplayName("a job whose result alone would keep more than the cap is refused before it runs (422)")
    void refusesJobOverCap() throws Exception {
        Mvc.perform(mvc, post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"optimization": {"objective": {"expression": "x^2"}, "start": {"x": 3},
                         "maxIterations": 10000, "tolerance": 0, "trajectory": {"maxPoints": 5000, "include": false}}}"""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("https://descent.dev/problems/answer-too-large"))
                .andExpect(jsonPath("$.maxRetainedBytes").value(100 * 1024))
                // 5001 rows of 5 numbers and 32 more, 8 bytes each, 512 for the run, 256 and 1024 of overhead.
                .andExpect(jsonPath("$.retainedBytes").value(8 * (5001 * 5 + 32) + 512 + 256 + 1024));
    }

    @Test
    @DisplayName("a running job is never evicted, however long it runs")
    void keepsRunningJobs() throws Exception {
        String id = submit("""
                {"objective": {"function": "rosenbrock", "dimension": 40},
                 "optimizer": {"type": "gd", "learningRate": 1e-7}, "maxIterations": 1000000, "tolerance": 0,
                 "trajectory": {"maxPoints": 10}}""");
        awaitState(id, "RUNNING");
        clock.advance(Duration.ofDays(1));
        Thread.sleep(150);
        assertThat(service.held()).contains(UUID.fromString(id));
        Mvc.perform(mvc, delete("/api/v1/jobs/" + id)).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("CANCELLED"));
    }
}
