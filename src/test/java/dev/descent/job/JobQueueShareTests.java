package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One client's jobs waiting to run are at most half the queue (here 2 of {@code descent.jobs.max-queued} 4, one job
 * running at a time): its next is 429 {@code too-many-jobs}, while another client's is queued. And the clients'
 * waiting jobs take turns to run ({@code JobStoreContract} has the order in full).
 */
@SpringBootTest(properties = {"descent.jobs.max-running=1", "descent.jobs.max-queued=4"})
@AutoConfigureMockMvc
class JobQueueShareTests {

    private static final String LONG = JobRequests.LONG;

    @Autowired
    MockMvc mvc;

    private JobRequests jobs;
    private final List<String> submitted = new ArrayList<>();

    @BeforeEach
    void client() {
        jobs = new JobRequests(mvc);
    }

    @AfterEach
    void cancel() throws Exception {
        for (String id : submitted) {
            jobs.delete(id);
        }
    }

    /** Submits the long job as the client at {@code address}, as answered; an accepted one is cancelled after. */
    private MockHttpServletResponse submit(String address) throws Exception {
        MockHttpServletResponse response = jobs.post(LONG, address);
        if (response.getStatus() == 202) {
            submitted.add(JobRequests.id(response));
        }
        return response;
    }

    private String state(String id) throws Exception {
        return jobs.job(id).path("state").asString();
    }

    @Test
    @DisplayName("a client with half the queue waiting is answered 429 too-many-jobs for its next job; another "
            + "client's is queued meanwhile")
    void halfTheQueue() throws Exception {
        assertThat(submit("10.0.0.1").getStatus()).isEqualTo(202);
        jobs.running(submitted.get(0));
        assertThat(submit("10.0.0.1").getStatus()).isEqualTo(202);
        assertThat(submit("10.0.0.1").getStatus()).isEqualTo(202);
        MockHttpServletResponse refused = submit("10.0.0.1");
        assertThat(refused.getStatus()).as(refused.getContentAsString()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isNotNull();
        JsonNode problem = JsonMapper.builder().build().readTree(refused.getContentAsString());
        assertThat(problem.path("type").asString()).endsWith("/too-many-jobs");
        assertThat(problem.path("detail").asString()).contains("one client", "descent.jobs.max-queued");
        MockHttpServletResponse other = submit("10.0.0.2");
        assertThat(other.getStatus()).as(other.getContentAsString()).isEqualTo(202);
        assertThat(state(submitted.get(3))).isEqualTo("QUEUED");
    }

    @Test
    @DisplayName("clients take turns: when the running job ends, another client's waiting job runs before the same "
            + "client's older one")
    void turns() throws Exception {
        assertThat(submit("10.0.0.1").getStatus()).isEqualTo(202);
        String first = submitted.get(0);
        jobs.running(first);
        assertThat(submit("10.0.0.1").getStatus()).isEqualTo(202);
        assertThat(submit("10.0.0.2").getStatus()).isEqualTo(202);
        String sameClient = submitted.get(1);
        String otherClient = submitted.get(2);
        assertThat(state(sameClient)).isEqualTo("QUEUED");
        assertThat(state(otherClient)).isEqualTo("QUEUED");
        jobs.delete(first);
        jobs.running(otherClient);
        assertThat(state(sameClient)).isEqualTo("QUEUED");
        jobs.delete(otherClient);
        jobs.running(sameClient);
    }
}
