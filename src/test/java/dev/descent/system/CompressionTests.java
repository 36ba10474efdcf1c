package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Response compression on a real port (MockMvc does not compress; Tomcat does, on the way out): JSON, problems and
 * SVG gzipped when the client accepts gzip and only then, also the trajectories written as a stream; small answers
 * left as they are; and the event streams never, so that their events are not held back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CompressionTests {

    /** 20,000 trajectory points of 2 variables: about 2 MB of JSON. */
    static final String LARGE = """
            {"objective": {"expression": "x^2 + y^2"}, "start": {"x": 3, "y": 4},
             "optimizer": {"type": "gd", "learningRate": 1e-5}, "maxIterations": 20000, "tolerance": 0,
             "trajectory": {"maxPoints": 20000}}""";

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpResponse<byte[]> send(HttpRequest.Builder request, boolean gzip) throws Exception {
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    }

    private static String encoding(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Encoding").orElse(null);
    }

    static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    /** The answer without the one member that differs from run to run. */
    private JsonNode timeless(byte[] body) {
        ObjectNode node = (ObjectNode) json.readTree(body);
        node.remove("elapsedMillis");
        return node;
    }

    @Test
    @DisplayName("a large trajectory is answered gzipped when asked, and decompresses to the plain answer")
    void largeTrajectoryGzipped() throws Exception {
        HttpResponse<byte[]> plain = send(post("/api/v1/optimizations", LARGE), false);
        HttpResponse<byte[]> gzipped = send(post("/api/v1/optimizations", LARGE), true);

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(encoding(plain)).isNull();
        assertThat(plain.body().length).isGreaterThan(1_000_000);

        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(encoding(gzipped)).isEqualTo("gzip");
        assertThat(gzipped.headers().firstValue("Vary").orElse("")).containsIgnoringCase("accept-encoding");
        assertThat(gzipped.body().length).as("compressed").isLessThan(plain.body().length / 3);
        byte[] unzipped = gunzip(gzipped.body());
        assertThat(timeless(unzipped)).isEqualTo(timeless(plain.body()));
        assertThat(timeless(unzipped).path("trajectory").size()).isEqualTo(20000);
    }

    @Test
    @DisplayName("a problem and an SVG are gzipped when asked; a file under 1 KB is not")
    void problemsAndPicturesGzipped() throws Exception {
        // 30 invalid start values: a problem of more than 1 KB.
        StringBuilder start = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            start.append(i == 0 ? "" : ", ").append("\"z").append(i).append("\": 1");
        }
        HttpResponse<byte[]> problem = send(post("/api/v1/optimizations", "{\"objective\": {\"expression\": "
                + "\"x^2\"}, \"start\": {" + start + "}}"), true);
        assertThat(problem.statusCode()).isEqualTo(400);
        assertThat(problem.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(encoding(problem)).isEqualTo("gzip");
        assertThat(json.readTree(gunzip(problem.body())).path("errors").size()).isEqualTo(20);

        HttpResponse<byte[]> svg = send(post("/api/v1/plots?kind=path&format=svg", """
                {"optimization": {"objective": {"expression": "x^2 + 4*x + 9"}, "start": {"x": 5},
                 "optimizer": {"type": "gd", "learningRate": 0.1}, "maxIterations": 30, "tolerance": 0}}"""), true);
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        assertThat(encoding(svg)).isEqualTo("gzip");
        assertThat(new String(gunzip(svg.body()), StandardCharsets.UTF_8)).contains("<svg");

        // A file whose length is known before it is sent, under 1 KB: not worth compressing. (The API's answers are
        // streamed, their length unknown when compression is decided: they are compressed whatever their size.)
        HttpResponse<byte[]> small = send(get("/favicon.svg"), true);
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.body().length).isLessThan(1024);
        assertThat(encoding(small)).as("under server.compression.min-response-size").isNull();
        assertThat(new String(small.body(), StandardCharsets.UTF_8)).contains("<svg");
    }

    @Test
    @DisplayName("an event stream is never compressed: its first event arrives at once, as plain text")
    void eventStreamsNotCompressed() throws Exception {
        // A job that runs for seconds, so that its stream is live while read.
        HttpResponse<byte[]> submitted = send(post("/api/v1/jobs", """
                {"optimization": {"objective": {"function": "rosenbrock", "dimension": 50},
                 "optimizer": {"type": "gd", "learningRate": 1e-7}, "maxIterations": 900000, "tolerance": 0,
                 "trajectory": {"maxPoints": 100}}}"""), false);
        assertThat(submitted.statusCode()).as(new String(submitted.body(), StandardCharsets.UTF_8)).isEqualTo(202);
        String id = json.readTree(submitted.body()).path("id").asString();
        try {
            long before = System.nanoTime();
            HttpResponse<InputStream> stream = client.send(get("/api/v1/jobs/" + id + "/events")
                    .header("Accept", "text/event-stream").header("Accept-Encoding", "gzip")
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(),
                    StandardCharsets.UTF_8))) {
                assertThat(stream.statusCode()).isEqualTo(200);
                assertThat(encoding(stream)).isNull();
                assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
                String first = lines.readLine();
                while (first != null && !first.startsWith("event:")) {
                    first = lines.readLine();
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
                assertThat(first).isEqualTo("event:progress");
                assertThat(millis).as("the first event is not held back").isLessThan(3000);
            }
        } finally {
            send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/jobs/" + id)).DELETE(),
                    false);
        }
    }
}
