package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One client's requests in progress at once are bounded (here 3, {@code descent.http.max-requests-per-client}): the
 * next is 503 busy before its body is read; the client's health probe and another client's requests are served
 * meanwhile; an answered request frees its place.
 */
@HttpLimitsTest
class ClientRequestsTests {

    private static final String PATH = "/api/v1/optimizations";
    private static final byte[] REQUEST = """
            {"objective": {"expression": "x^2"}, "start": {"x": 1}, "optimizer": {"type": "gd", "learningRate": 0.1},
             "maxIterations": 10}""".getBytes(StandardCharsets.US_ASCII);

    @LocalServerPort
    int port;

    @Autowired
    ClientRequests requests;

    @Test
    @DisplayName("a client with its most requests in progress is answered 503 busy for the next, before its body is "
            + "sent; its health probe and another client's request are served; an answered request frees a place")
    void boundsOneClient() throws Exception {
        assertThat(requests.maxPerClient()).isEqualTo(3);
        List<RawConnection> waiting = new ArrayList<>();
        try {
            // Requests whose bodies have not come: in progress, each holding a container thread that waits to read.
            for (int i = 0; i < 3; i++) {
                waiting.add(RawConnection.open("127.0.0.6", port).startPost(PATH, REQUEST.length, "{"));
            }
            ClientConnectionsTests.awaitCount(() -> requests.inProgress("127.0.0.6"), 3);
            try (RawConnection fourth = RawConnection.open("127.0.0.6", port)) {
                assertThat(fourth.postExpecting(PATH, REQUEST)).startsWith("HTTP/1.1 503 ")
                        .contains("\r\nRetry-After: 1\r\n", "/problems/busy", ClientRequests.PROPERTY);
            }
            try (RawConnection probe = RawConnection.open("127.0.0.6", port)) {
                assertThat(probe.get("/actuator/health")).startsWith("HTTP/1.1 200 ").contains("\"UP\"");
            }
            HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + PATH)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(REQUEST)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).as(other.body()).isEqualTo(200);

            waiting.remove(0).close();
            ClientConnectionsTests.awaitCount(() -> requests.inProgress("127.0.0.6"), 2);
            try (RawConnection again = RawConnection.open("127.0.0.6", port)) {
                assertThat(again.postExpecting(PATH, REQUEST)).startsWith("HTTP/1.1 200 ");
            }
        } finally {
            for (RawConnection connection : waiting) {
                connection.close();
            }
        }
        ClientConnectionsTests.awaitCount(() -> requests.inProgress("127.0.0.6"), 0);
        assertThat(requests.inProgress("127.0.0.1")).isZero();
    }
}
