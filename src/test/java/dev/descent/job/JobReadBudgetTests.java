package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.system.HeapBudget;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading a finished job back for an export maps its request again, a synthetic data set generated again: such
 * reads hold at most {@code descent.jobs.max-read-bytes} together, here 4 MB. The job's read holds some 1.1 MB (its
 * 20,000 x 5 data set, 1,040,000 bytes, and its request and result): admitted alone and beside a small read, refused
 * 503 busy with Retry-After while other reads hold 3.5 MB, and admitted again once they are done. A page of its
 * trajectory and its convergence picture read only the stored result (some kilobytes), and GET of the job writes its
 * stored answer: all served meanwhile.
 */
@SpringBootTest(properties = "descent.jobs.max-read-bytes=4MB")
@AutoConfigureMockMvc
class JobReadBudgetTests {

    private static final String JOB = """
            {"optimization": {"objective": {"regression": {"model": "linear", "synthetic": {"samples": 20000,
             "coefficients": [1, 2, 3, 4, 5], "noise": 0.5, "seed": 7}}},
             "optimizer": {"type": "gd", "learningRate": 0.05}, "maxIterations": 40}}""";

    /** The reads of the finished job that map its request: its picture, its PyTorch export. */
    private static final List<String> READS = List.of("/exports/pytorch", "/exports/optax");

    /** A page of its trajectory: made of the stored result alone. */
    private static final String PAGE = "/trajectory?limit=5";

    /** Its convergence picture: drawn from the stored result alone. */
    private static final String PICTURE = "/plot?kind=convergence";

    @Autowired
    MockMvc mvc;
    @Autowired
    JobReads reads;

    private final JsonMapper json = JsonMapper.builder().build();
    private JobRequests jobs;

    @BeforeEach
    void client() {
        jobs = new JobRequests(mvc);
    }

    private void assertRead(String id) throws Exception {
        for (String path : List.of(READS.get(0), READS.get(1), PAGE, PICTURE)) {
            MockHttpServletResponse response = jobs.get(id, path);
            assertThat(response.getStatus()).as(path + ": " + response.getContentAsString()).isEqualTo(200);
        }
    }

    /**
     * Reserves {@code bytes} as a read of another client (10.0.0.9) would: the test's own thread is a request from
     * 127.0.0.1, as MockMvc's requests are, whose reads would be the same client's.
     */
    private HeapBudget.Reservation othersRead(long bytes) {
        RequestAttributes test = RequestContextHolder.getRequestAttributes();
        MockHttpServletRequest other = new MockHttpServletRequest();
        other.setRemoteAddr("10.0.0.9");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(other));
        try {
            return reads.reserve(bytes);
        } finally {
            RequestContextHolder.setRequestAttributes(test);
        }
    }

    @Test
    @DisplayName("reads of a finished regression job are admitted alone and beside small reads, refused 503 busy "
            + "while other reads hold most of the budget, and hold nothing once answered")
    void boundedReads() throws Exception {
        String id = jobs.submit(JOB);
        jobs.succeeded(id);
        assertThat(reads.maxBytes()).isEqualTo(4L << 20);

        assertRead(id);
        assertThat(reads.heldBytes()).isZero();
        try (HeapBudget.Reservation small = othersRead(1)) {
            assertRead(id);
            assertThat(reads.heldBytes()).isEqualTo(small.bytes());
        }

        try (HeapBudget.Reservation others = othersRead(3_500_000)) {
            for (String path : READS) {
                MockHttpServletResponse response = jobs.get(id, path);
                assertThat(response.getStatus()).as(path + ": " + response.getContentAsString()).isEqualTo(503);
                assertThat(response.getHeader("Retry-After")).isEqualTo(HeapBudget.RETRY_AFTER_SECONDS);
                JsonNode problem = json.readTree(response.getContentAsString());
                assertThat(problem.path("type").asString()).endsWith("/busy");
                assertThat(problem.path("detail").asString()).contains("descent.jobs.max-read-bytes");
                assertThat(reads.heldBytes()).as(path).isEqualTo(others.bytes());
            }
            JsonNode job = jobs.job(id);
            assertThat(job.path("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.at("/result/minimum/value").isNumber()).as(job.toString()).isTrue();
            MockHttpServletResponse page = jobs.get(id, PAGE);
            assertThat(page.getStatus()).as(page.getContentAsString()).isEqualTo(200);
            assertThat(json.readTree(page.getContentAsString()).path("points").size()).isEqualTo(5);
            MockHttpServletResponse picture = jobs.get(id, PICTURE);
            assertThat(picture.getStatus()).as(picture.getContentAsString()).isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> reads.heldBytes() == others.bytes());
        }

        assertRead(id);
        assertThat(reads.heldBytes()).isZero();
    }

    @Test
    @DisplayName("a DELETE, which has cancelled its job, answers it with its partial result however much the other "
            + "reads hold")
    void cancellationAnswered() throws Exception {
        // Per-sample SGD for a hundred million updates: running until cancelled.
        String id = jobs.submit(JOB.replace("\"maxIterations\": 40", "\"batchSize\": 1, \"maxIterations\": 100000000"));
        jobs.running(id);
        try (HeapBudget.Reservation others = othersRead(4L << 20)) {
            MockHttpServletResponse response = jobs.delete(id);
            // The job runs here: it stops at its next update, well within the second a DELETE waits.
            assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
            JsonNode job = json.readTree(response.getContentAsString());
            assertThat(job.path("state").asString()).isEqualTo("CANCELLED");
            assertThat(job.at("/result/status").asString()).as(job.toString()).isEqualTo("CANCELLED");
            assertThat(reads.heldBytes()).isEqualTo(others.bytes());
        }
        assertThat(reads.heldBytes()).isZero();
    }
}
