package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies being read share a budget of heap (here 1,000,000 bytes, {@code descent.http.max-body-bytes}),
 * each counted at 10 bytes a byte: a body that does not fit beside one being read is answered 503 busy, by its
 * {@code Content-Length} before it is read or, chunked, as it passes what fits; a small one still fits; once the
 * body being read is done with, the same request is served.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // The same properties in ClientConnectionsTests and BodyBudgetApiTests: one context for both.
        properties = {"descent.http.max-connections-per-client=4", "descent.http.max-body-bytes=1000000"})
class BodyBudgetApiTests {

    private static final String REQUEST = """
            {"objective": {"expression": "x^2"}, "start": {"x": 1}, "optimizer": {"type": "gd", "learningRate": 0.1},
             "maxIterations": 10""";

    @LocalServerPort
    int port;

    @Autowired
    BodyBudget budget;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    /** A valid request of exactly {@code bytes} bytes (white space before its closing brace). */
    private static byte[] request(int bytes) {
        return (REQUEST + " ".repeat(bytes - REQUEST.length() - 1) + "}").getBytes(StandardCharsets.US_ASCII);
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/optimizations"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("a body that does not fit beside one being read is 503 busy, announced or chunked; a small one is "
            + "served; the same body is served once the other is done with")
    void bodiesShareTheBudget() throws Exception {
        assertThat(budget.maxBytes()).isEqualTo(1_000_000);
        byte[] large = request(60_000);
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /api/v1/optimizations HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 60000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ClientConnectionsTests.awaitCount(() -> (int) budget.held(), 600_000);

            HttpResponse<String> announced = post(HttpRequest.BodyPublishers.ofByteArray(large));
            assertBusy(announced);
            HttpResponse<String> chunked = post(HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(large)));
            assertBusy(chunked);
            HttpResponse<String> small = post(HttpRequest.BodyPublishers.ofByteArray(request(300)));
            assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
            assertThat(budget.held()).as("the small body given back").isEqualTo(600_000);
        }
        ClientConnectionsTests.awaitCount(() -> (int) budget.held(), 0);
        HttpResponse<String> served = post(HttpRequest.BodyPublishers.ofByteArray(large));
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(json.readTree(served.body()).path("status").asString()).isEqualTo("MAX_ITERATIONS");
        assertThat(budget.held()).isZero();
    }

    private void assertBusy(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://descent.dev/problems/busy");
        assertThat(problem.path("detail").asString()).contains("descent.http.max-body-bytes");
    }
}
