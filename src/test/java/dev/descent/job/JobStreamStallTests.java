package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/** An event-stream client that stops reading is disconnected after the stall timeout, here half a second. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "descent.jobs.stream-stall-timeout=500ms", "descent.jobs.max-work=200000000"})
class JobStreamStallTests {

    /** 100 variables, 9000 points streamed: events of tens of KB, megabytes in all. */
    static final String BIG_EVENTS = """
            {"optimization": {"objective": {"function": "rosenbrock", "dimension": 100},
             "optimizer": {"type": "gd", "learningRate": 1e-7}, "maxIterations": 1000000, "tolerance": 0,
             "trajectory": {"maxPoints": 9000}}}""";

    @LocalServerPort
    int port;

    @Autowired
    JobService service;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private String submit(String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/jobs")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).path("id").asString();
    }

    private String job(String id) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/jobs?size=100")).build(), HttpResponse.BodyHandlers.ofString()).body()).path("items")
                .valueStream().filter(job -> job.path("id").asString().equals(id)).findFirst().orElseThrow()
                .path("state").asString();
    }

    @Test
    @DisplayName("a client that reads nothing is disconnected once it has been stuck for the stall timeout")
    void stalledClientDisconnected() throws Exception {
        String id = submit(BIG_EVENTS);
        try (StreamClient stuck = new StreamClient(port, id)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (service.subscribers() == 0) {
                assertThat(System.nanoTime()).as("the stream opening").isLessThan(deadline);
                Thread.sleep(5);
            }
            while (service.subscribers() > 0) {
                assertThat(System.nanoTime()).as("the stuck stream disconnected").isLessThan(deadline);
                Thread.sleep(5);
            }
            // What it had not read yet is all it gets: the stream has ended without the result (the job runs on).
            StreamClient.Read read = stuck.readToEnd(5000);
            assertThat(read.ended()).isTrue();
            assertThat(read.body()).contains("id:1\nevent:progress\ndata:").doesNotContain("event:result");
            assertThat(job(id)).isEqualTo("RUNNING");
        } finally {
            http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/jobs/" + id))
                    .DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
    }
}
