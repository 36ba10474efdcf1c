package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.descent.Mvc;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One client's jobs waiting to run are at most half the queue (here 2 of {@code descent.jobs.max-queued} 4, one job
 * running at a time): its next is 429 {@code too-many-jobs}, while another client's is queued.
 */
@SpringBootTest(properties = {"descent.jobs.max-running=1", "descent.jobs.max-queued=4"})
@AutoConfigureMockMvc
class JobQueueShareTests {

    /** A million iterations of 100-D Rosenbrock at a tiny rate: seconds of work, cancelled at the end. */
    private static final String LONG = """
            {"optimization": {"objective": {"function": "rosenbrock", "dimension": 100},
             "optimizer": {"type": "gd", "learningRate": 1e-7}, "maxIterations": 1000000, "tolerance": 0,
             "trajectory": {"maxPoints": 100}}}""";

    @Autowired
    MockMvc mvc;

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<String> submitted = new ArrayList<>();

    @AfterEach
    void cancel() throws Exception {
        for (String id : submitted) {
            Mvc.perform(mvc, delete("/api/v1/jobs/" + id));
        }
    }

    private MockHttpServletResponse submit(String client) throws Exception {
        MockHttpServletResponse response = Mvc.perform(mvc, post("/api/v1/jobs").with(request -> {
            request.setRemoteAddr(client);
            return request;
        }).contentType(MediaType.APPLICATION_JSON).content(LONG)).andReturn().getResponse();
        if (response.getStatus() == 202) {
            submitted.add(json.readTree(response.getContentAsString()).path("id").asString());
        }
        return response;
    }

    private String state(String id) throws Exception {
        return json.readTree(Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andReturn().getResponse()
                .getContentAsString()).path("state").asString();
    }

    @Test
    @DisplayName("a client with half the queue waiting is answered 429 too-many-jobs for its next job; another "
            + "client's is queued meanwhile")
    void halfTheQueue() throws Exception {
        assertThat(submit("10.0.0.1").getStatus()).isEqualTo(202);
        for (int i = 0; i < 300 && !state(submitted.get(0)).equals("RUNNING"); i++) {
            Thread.sleep(10);
        }
        assertThat(state(submitted.get(0))).isEqualTo("RUNNING");
        assertThat(submit("10.0.0.1").getStatus()).isEqualTo(202);
        assertThat(submit("10.0.0.1").getStatus()).isEqualTo(202);
        MockHttpServletResponse refused = submit("10.0.0.1");
        assertThat(refused.getStatus()).as(refused.getContentAsString()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isNotNull();
        JsonNode problem = json.readTree(refused.getContentAsString());
        assertThat(problem.path("type").asString()).endsWith("/too-many-jobs");
        assertThat(problem.path("detail").asString()).contains("one client", "descent.jobs.max-queued");
        MockHttpServletResponse other = submit("10.0.0.2");
        assertThat(other.getStatus()).as(other.getContentAsString()).isEqualTo(202);
        assertThat(state(submitted.get(3))).isEqualTo("QUEUED");
    }
}
