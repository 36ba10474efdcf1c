package dev.descent.job;

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
 * Finished jobs are evicted once their retention has passed. The service's clock is a bean here that the test
 * moves forward, so a retention of a minute passes at once; the sweep runs every 50 ms.
 */
@SpringBootTest(properties = {"descent.jobs.retention=1m", "descent.jobs.sweep-interval=50ms"})
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
