package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A job that maximizes: its progress's best value is the highest f seen, the result's best point, as synchronous. */
@SpringBootTest
@AutoConfigureMockMvc
class MaximizeJobTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OPTIMIZATION = """
            {"objective": {"expression": "-(x-3)^2 - (y+1)^2 + 5"}, "start": {"x": 0, "y": 0},
             "optimizer": {"type": "adam", "learningRate": 0.1, "maximize": true}, "maxIterations": 300,
             "tolerance": 0}""";

    @Autowired
    MockMvc mvc;

    private JsonNode read(String body) {
        return JSON.readTree(body);
    }

    @Test
    @DisplayName("progress.bestValue is the highest f, the result's minimum.value, and the result is the synchronous one")
    void progressBestIsTheHighest() throws Exception {
        String id = read(Mvc.perform(mvc, post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"optimization\": " + OPTIMIZATION + "}")).andExpect(status().isAccepted())
                .andReturn().getResponse().getContentAsString()).path("id").asString();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode job;
        do {
            Thread.sleep(5);
            job = read(Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andReturn().getResponse().getContentAsString());
            assertThat(System.nanoTime()).as("waiting for %s", job).isLessThan(deadline);
        } while (!List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.path("state").asString()));
        assertThat(job.path("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode result = job.path("result");
        double highest = Double.NEGATIVE_INFINITY;
        for (JsonNode iterate : result.path("trajectory")) {
            highest = Math.max(highest, iterate.path("value").asDouble());
        }
        assertThat(result.path("minimum").path("value").asDouble()).isEqualTo(highest);
        assertThat(job.path("progress").path("bestValue").asDouble()).isEqualTo(highest);

        JsonNode synchronous = read(Mvc.perform(mvc, post("/api/v1/optimizations")
                .contentType(MediaType.APPLICATION_JSON).content(OPTIMIZATION)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(result.path("minimum")).isEqualTo(synchronous.path("minimum"));
        assertThat(result.path("diagnosis")).isEqualTo(synchronous.path("diagnosis"));
    }
}
