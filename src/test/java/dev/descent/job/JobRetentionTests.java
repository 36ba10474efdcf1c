package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import dev.descent.job.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
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
 * Finished jobs are deleted from the job store once their retention has passed (by the database's clock: here 2 s,
 * swept every 50 ms), or at once by an explicit purge; a running job never is; a job whose result alone would keep
 * more than {@code max-retained-bytes} (100 KB here) is refused before it runs.
 */
@SpringBootTest(properties = {"descent.jobs.retention=2s", "descent.jobs.sweep-interval=50ms",
        "descent.jobs.max-retained-bytes=100KB"})
@AutoConfigureMockMvc
class JobRetentionTests {

    private static final String SHORT = "{\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 3}}";
    private static final String LONG = """
            {"objective": {"function": "rosenbrock", "dimension": 40},
             "optimizer": {"type": "gd", "learningRate": 1e-7}, "maxIterations": 100000000, "tolerance": 0,
             "trajectory": {"maxPoints": 10}}""";

    @Autowired
    MockMvc mvc;

    @Autowired
    JobStore store;

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
    @DisplayName("a finished job is kept for its retention, then the sweep deletes it with everything it kept: 404")
    void deletedAfterRetention() throws Exception {
        String id = submit(SHORT);
        JsonNode done = awaitState(id, "SUCCEEDED");
        Instant finished = Instant.parse(done.path("finishedAt").asString());
        Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andExpect(status().isOk());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (store.find(id).isPresent()) {
            assertThat(System.nanoTime()).as("the sweep deleting %s", id).isLessThan(deadline);
            Thread.sleep(10);
        }
        // Not before its retention had passed (the database's clock, which also wrote finishedAt).
        assertThat(Duration.between(finished, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(store.result(id)).isEmpty();
        assertThat(store.checkpoints(id)).isEmpty();
        Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://descent.dev/problems/not-found"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("was deleted")));
        Mvc.perform(mvc, get("/api/v1/jobs?size=100"))
                .andExpect(jsonPath("$.items[?(@.id == '" + id + "')]").isEmpty());
    }

    @Test
    @DisplayName("POST /{id}/purge deletes a finished job at once (204, then 404 everywhere); a running job is a 409 "
            + "until cancelled; an unknown one a 404")
    void purge() throws Exception {
        String id = submit(SHORT);
        awaitState(id, "SUCCEEDED");
        Mvc.perform(mvc, post("/api/v1/jobs/" + id + "/purge")).andExpect(status().isNoContent());
        assertThat(store.find(id)).isEmpty();
        for (String path : new String[] {"", "/trajectory", "/plot", "/events"}) {
            Mvc.perform(mvc, get("/api/v1/jobs/" + id + path)).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.type").value("https://descent.dev/problems/not-found"));
        }
        Mvc.perform(mvc, post("/api/v1/jobs/" + id + "/purge")).andExpect(status().isNotFound());
        Mvc.perform(mvc, post("/api/v1/jobs/" + UUID.randomUUID() + "/purge")).andExpect(status().isNotFound());

        String running = submit(LONG);
        awaitState(running, "RUNNING");
        Mvc.perform(mvc, post("/api/v1/jobs/" + running + "/purge")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://descent.dev/problems/job-not-finished"))
                .andExpect(jsonPath("$.state").value("RUNNING"));
        // 200 when the run stopped within the cancel's wait, 202 (documented) when it is still stopping.
        int cancelled = Mvc.perform(mvc, delete("/api/v1/jobs/" + running)).andReturn().getResponse().getStatus();
        assertThat(cancelled).isIn(200, 202);
        awaitState(running, "CANCELLED");
        Mvc.perform(mvc, post("/api/v1/jobs/" + running + "/purge")).andExpect(status().isNoContent());
        Mvc.perform(mvc, get("/api/v1/jobs/" + running)).andExpect(status().isNotFound());
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
    @DisplayName("a running job is never deleted, however long it runs past the retention")
    void keepsRunningJobs() throws Exception {
        String id = submit(LONG);
        awaitState(id, "RUNNING");
        Thread.sleep(2500);
        assertThat(store.find(id)).isPresent();
        Mvc.perform(mvc, delete("/api/v1/jobs/" + id)).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("CANCELLED"));
    }
}
