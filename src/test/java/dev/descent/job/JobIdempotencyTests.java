package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.descent.Mvc;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

/** POST /api/v1/jobs with an Idempotency-Key: the same key answers the same job; and the list's state filter. */
@SpringBootTest(properties = {"descent.jobs.max-running=4", "descent.jobs.max-queued=64"})
@AutoConfigureMockMvc
class JobIdempotencyTests {

    private static final String JOB = """
            {"optimization": {"objective": {"expression": "x^2"}, "start": {"x": 3}, "maxIterations": 50}}""";

    @Autowired
    MockMvc mvc;

    private final JsonMapper json = JsonMapper.builder().build();

    private MockHttpServletResponse submit(String key, String body) throws Exception {
        var request = post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return Mvc.perform(mvc, request).andReturn().getResponse();
    }

    private JsonNode page(String query) throws Exception {
        return json.readTree(Mvc.perform(mvc, get("/api/v1/jobs?size=100" + query)).andReturn().getResponse()
                .getContentAsString());
    }

    private static String id(MockHttpServletResponse response) throws Exception {
        return JsonMapper.builder().build().readTree(response.getContentAsString()).path("id").asString();
    }

    @Test
    @DisplayName("the same key and body twice: one job, the second answer replayed; without a key, two jobs")
    void sameKeySameJob() throws Exception {
        String key = UUID.randomUUID().toString();
        MockHttpServletResponse first = submit(key, JOB);
        MockHttpServletResponse again = submit(key, JOB);
        assertThat(first.getStatus()).isEqualTo(202);
        assertThat(again.getStatus()).isEqualTo(202);
        assertThat(id(again)).isEqualTo(id(first));
        assertThat(again.getHeader("Location")).isEqualTo(first.getHeader("Location"));
        assertThat(first.getHeader("Idempotent-Replayed")).isNull();
        assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
        long withId = 0;
        for (JsonNode job : page("").path("items")) {
            withId += job.path("id").asString().equals(id(first)) ? 1 : 0;
        }
        assertThat(withId).isEqualTo(1);
        assertThat(id(submit(null, JOB))).isNotEqualTo(id(submit(null, JOB)));
    }

    @Test
    @DisplayName("the same key with another body is a 422 idempotency-key-reused; a malformed key a 400")
    void sameKeyOtherBody() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(submit(key, JOB).getStatus()).isEqualTo(202);
        MockHttpServletResponse other = submit(key, JOB.replace("50", "51"));
        assertThat(other.getStatus()).isEqualTo(422);
        assertThat(json.readTree(other.getContentAsString()).path("type").asString())
                .isEqualTo("https://descent.dev/problems/idempotency-key-reused");
        MockHttpServletResponse tooLong = submit("k".repeat(256), JOB);
        assertThat(tooLong.getStatus()).isEqualTo(400);
        assertThat(tooLong.getContentAsString()).contains("Idempotency-Key");
    }

    @Test
    @DisplayName("eight clients sending one key at once make one job")
    void concurrent() throws Exception {
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<MockHttpServletResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit((Callable<MockHttpServletResponse>) () -> submit(key, JOB)));
            }
            Set<String> ids = new TreeSet<>();
            int created = 0;
            for (Future<MockHttpServletResponse> answer : answers) {
                MockHttpServletResponse response = answer.get();
                assertThat(response.getStatus()).isEqualTo(202);
                ids.add(id(response));
                created += response.getHeader("Idempotent-Replayed") == null ? 1 : 0;
            }
            assertThat(ids).hasSize(1);
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("the list filtered by state shows only the jobs in that state; an unknown state is a 400")
    void stateFilter() throws Exception {
        String id = id(submit(null, JOB));
        for (int i = 0; i < 500 && !json.readTree(Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andReturn()
                .getResponse().getContentAsString()).path("state").asString().equals("SUCCEEDED"); i++) {
            Thread.sleep(10);
        }
        JsonNode succeeded = page("&state=SUCCEEDED");
        assertThat(succeeded.path("items").size()).isPositive();
        succeeded.path("items").forEach(job -> assertThat(job.path("state").asString()).isEqualTo("SUCCEEDED"));
        assertThat(succeeded.path("items").findValuesAsString("id")).contains(id);
        assertThat(page("&state=QUEUED").path("items").findValuesAsString("id")).doesNotContain(id);
        MockHttpServletResponse bogus = Mvc.perform(mvc, get("/api/v1/jobs?state=DONE")).andReturn().getResponse();
        assertThat(bogus.getStatus()).isEqualTo(400);
        assertThat(bogus.getContentAsString()).contains("state");
    }
}
