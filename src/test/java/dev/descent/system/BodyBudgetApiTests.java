package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies being read share a budget of heap (here 1,000,000 bytes, {@code descent.http.max-body-bytes}),
 * each counted at 10 bytes a byte, one client's bodies at most half of it: so a body has at most 50,000 bytes (413
 * past that); a client whose bodies hold its half is answered 503 busy for the next, while the others are served; a
 * body that does not fit beside the others' is 503 busy, by its {@code Content-Length} before it is read or,
 * chunked, as it passes what fits; once the bodies being read are done with, the same request is served. The
 * clients are loopback addresses: the test's own HTTP client 127.0.0.1, raw connections 127.0.0.2 and on.
 */
@HttpLimitsTest
class BodyBudgetApiTests {

    private static final String PATH = "/api/v1/optimizations";
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
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + PATH))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    @Test
    @DisplayName("a body is at most a client's share at 10 bytes a byte: 50,000 bytes is served, 50,001 is 413 "
            + "naming descent.http.max-body-bytes, announced or chunked")
    void longestBody() throws Exception {
        assertThat(budget.maxBodyBytes()).isEqualTo(50_000);
        HttpResponse<String> longest = post(HttpRequest.BodyPublishers.ofByteArray(request(50_000)));
        assertThat(longest.statusCode()).as(longest.body()).isEqualTo(200);
        for (HttpResponse<String> tooLong : List.of(post(HttpRequest.BodyPublishers.ofByteArray(request(50_001))),
                post(chunked(request(50_001))))) {
            assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(413);
            JsonNode problem = json.readTree(tooLong.body());
            assertThat(problem.path("type").asString()).isEqualTo("https://descent.dev/problems/too-large");
            assertThat(problem.path("maxBytes").asLong()).isEqualTo(50_000);
            assertThat(problem.path("detail").asString()).contains("descent.http.max-body-bytes");
        }
        assertThat(budget.held()).isZero();
    }

    @Test
    @DisplayName("a client sending its longest body slowly holds its half: its next body is 503 busy, another "
            + "client's is served meanwhile")
    void oneClientHoldsHalf() throws Exception {
        try (RawConnection slow = RawConnection.open("127.0.0.2", port).startPost(PATH, 50_000, "{")) {
            ClientConnectionsTests.awaitCount(() -> (int) budget.held(), 500_000);
            try (RawConnection again = RawConnection.open("127.0.0.2", port)) {
                String answer = again.postExpecting(PATH, request(300));
                assertThat(answer).startsWith("HTTP/1.1 503 ").contains("\r\nRetry-After: 1\r\n", "/problems/busy",
                        "one client", "descent.http.max-body-bytes");
            }
            // Before bodies were counted per client, this was 503 busy: one connection that announced a body as
            // large as the budget allowed, sending a byte now and then, made every other client's POST busy.
            HttpResponse<String> other = post(HttpRequest.BodyPublishers.ofByteArray(request(50_000)));
            assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
            assertThat(budget.held()).as("the other client's body given back").isEqualTo(500_000);
        }
        ClientConnectionsTests.awaitCount(() -> (int) budget.held(), 0);
    }

    @Test
    @DisplayName("a body that does not fit beside those being read is 503 busy, announced or chunked; a small one is "
            + "served while it fits; the same body is served once the others are done with")
    void bodiesShareTheBudget() throws Exception {
        byte[] large = request(30_000);
        try (RawConnection first = RawConnection.open("127.0.0.3", port).startPost(PATH, 50_000, "{");
             RawConnection second = RawConnection.open("127.0.0.4", port).startPost(PATH, 40_000, "{")) {
            ClientConnectionsTests.awaitCount(() -> (int) budget.held(), 900_000);
            assertBusy(post(HttpRequest.BodyPublishers.ofByteArray(large)));
            assertBusy(post(chunked(large)));
            HttpResponse<String> small = post(HttpRequest.BodyPublishers.ofByteArray(request(300)));
            assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
            assertThat(budget.held()).as("the small body given back").isEqualTo(900_000);
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
        assertThat(problem.path("detail").asString()).startsWith("The request bodies being read hold the most memory")
                .contains("descent.http.max-body-bytes");
    }
}
