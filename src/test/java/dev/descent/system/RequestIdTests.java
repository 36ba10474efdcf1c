package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.optimization.RunExecutor;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request ids on a real port, with the log captured: an id is taken from {@code X-Request-Id} when sane and made
 * otherwise, echoed on every answer (problems, the 413 and 503 that filters give before the body is read, the
 * container's error page) and named in problems; every line logged for the request carries it, on the request's
 * thread, on the run executor's, and on a job's threads (its state changes carry the id of the request that
 * submitted it); and one access-log line per request, written when the answer is complete.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "logging.level.dev.descent.optimization.RunExecutor=DEBUG", "descent.optimization.run-threads=1"})
@ExtendWith(OutputCaptureExtension.class)
class RequestIdTests {

    static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String SMALL = """
            {"objective": {"expression": "x^2"}, "start": {"x": 1}, "maxIterations": 5}""";
    /** A job that runs for seconds. */
    private static final String LONG_JOB = """
            {"optimization": {"objective": {"function": "rosenbrock", "dimension": 50},
             "optimizer": {"type": "gd", "learningRate": 1e-7}, "maxIterations": 900000, "tolerance": 0,
             "trajectory": {"maxPoints": 10}}}""";

    @LocalServerPort
    int port;

    @Autowired
    RunExecutor executor;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpRequest.Builder request(String path, String id) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
        return id == null ? request : request.header("X-Request-Id", id);
    }

    private HttpResponse<String> get(String path, String id) throws Exception {
        return client.send(request(path, id).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String id, String body) throws Exception {
        return client.send(request(path, id).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String id(HttpResponse<?> response) {
        return response.headers().firstValue("X-Request-Id").orElse(null);
    }

    /** The captured lines that carry {@code id} in the log pattern's place for it. */
    private static List<String> linesOf(CapturedOutput output, String id) {
        return output.getOut().lines().filter(line -> line.contains(" [" + id + "] ")).toList();
    }

    /** Waits up to 30 s for the captured output to satisfy {@code condition} (lines are logged on other threads). */
    private static void eventually(CapturedOutput output, Predicate<String> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.test(output.getOut()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(output.getOut()).satisfies(out -> assertThat(condition.test(out)).as("in the log").isTrue());
    }

    @Test
    @DisplayName("without an X-Request-Id the answer carries a new one; a sane one is echoed and named in problems")
    void madeOrAccepted() throws Exception {
        HttpResponse<String> first = get("/api/v1/functions", null);
        HttpResponse<String> second = get("/api/v1/functions", null);
        assertThat(id(first)).matches(UUID);
        assertThat(id(second)).matches(UUID).isNotEqualTo(id(first));

        String sane = "client-42.retry:1_A";
        HttpResponse<String> problem = get("/api/v1/jobs/no-such-job", sane);
        assertThat(problem.statusCode()).isEqualTo(404);
        assertThat(id(problem)).isEqualTo(sane);
        assertThat(json.readTree(problem.body()).path("requestId").asString()).isEqualTo(sane);
        assertThat(id(get("/api/v1/functions", "x".repeat(64)))).isEqualTo("x".repeat(64));
    }

    @Test
    @DisplayName("an id that is too long or has other characters is replaced, never echoed or logged")
    void insaneIdsReplaced(CapturedOutput output) throws Exception {
        for (String insane : List.of("y".repeat(65), "z".repeat(200), "a b", "<script>alert(1)</script>",
                "a;b", "\"quoted\"", "a/b")) {
            HttpResponse<String> response = get("/api/v1/functions", insane);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(id(response)).as(insane).matches(UUID);
        }
        assertThat(output.getOut()).doesNotContain("z".repeat(65)).doesNotContain("<script>");
        // Line breaks cannot even be sent in a header: a client library refuses them, as it should; the rule is the
        // same for every character outside A-Z a-z 0-9 . _ : -.
        for (String insane : List.of("a\nb", "a\r\nX-Injected: 1", "a\tb", "", "é")) {
            assertThat(RequestIds.accept(insane)).as(insane).matches(UUID);
        }
        assertThat(RequestIds.accept(null)).matches(UUID);
    }

    @Test
    @DisplayName("every answer carries the id: a problem, the container's error page, and the 413 and 503 that "
            + "filters give before the body is read")
    void onEveryAnswer() throws Exception {
        HttpResponse<String> invalid = post("/api/v1/optimizations", "bad-1", "{\"maxIterations\": \"ten\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(id(invalid)).isEqualTo("bad-1");
        assertThat(json.readTree(invalid.body()).path("requestId").asString()).isEqualTo("bad-1");

        HttpResponse<String> nothing = get("/nothing/here", "missing-1");
        assertThat(nothing.statusCode()).isEqualTo(404);
        assertThat(id(nothing)).isEqualTo("missing-1");

        // Refused by its Content-Length before it is read (RequestSizeFilter), and a method Tomcat refuses itself
        // (its error page): over a raw socket.
        String tooLarge = exchange("POST /api/v1/optimizations HTTP/1.1", "Content-Type: application/json\r\n"
                + "Content-Length: 50000000\r\nX-Request-Id: big-1\r\n");
        assertThat(tooLarge).startsWith("HTTP/1.1 413").containsIgnoringCase("X-Request-Id: big-1\r\n")
                .contains("\"requestId\":\"big-1\"");
        String trace = exchange("TRACE /api/v1/functions HTTP/1.1", "X-Request-Id: trace-1\r\n");
        assertThat(trace).startsWith("HTTP/1.1 405").containsIgnoringCase("X-Request-Id: trace-1\r\n")
                .contains("\"requestId\":\"trace-1\"");

        // Refused before its body is read while the executor takes no work (AdmissionFilter).
        executor.stop();
        try {
            HttpResponse<String> refused = post("/api/v1/optimizations", "busy-1", SMALL);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(id(refused)).isEqualTo("busy-1");
            JsonNode problem = json.readTree(refused.body());
            assertThat(problem.path("type").asString()).endsWith("/shutting-down");
            assertThat(problem.path("requestId").asString()).isEqualTo("busy-1");
        } finally {
            executor.start();
        }
    }

    /**
     * One HTTP/1.1 exchange over a fresh connection: the response as text, read until it is complete (the server may
     * keep the connection open to swallow a body that was announced and never sent).
     */
    private String exchange(String requestLine, String headers) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\n" + headers + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder response = new StringBuilder();
            byte[] buffer = new byte[8192];
            while (!complete(response.toString())) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                response.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            return response.toString();
        }
    }

    private static boolean complete(String response) {
        int end = response.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String headers = response.substring(0, end).toLowerCase(Locale.ROOT);
        Matcher length = Pattern.compile("content-length: *(\\d+)").matcher(headers);
        if (length.find()) {
            return response.length() - end - 4 >= Integer.parseInt(length.group(1));
        }
        return response.endsWith("\r\n0\r\n\r\n");
    }

    @Test
    @DisplayName("a synchronous run's lines carry its id, also those of the run executor's thread, and its access "
            + "line is written once its asynchronous answer is complete")
    void synchronousRunLines(CapturedOutput output) throws Exception {
        HttpResponse<String> response = post("/api/v1/optimizations", "sync-run-1", SMALL);
        assertThat(response.statusCode()).isEqualTo(200);
        // The executor logs "Work done" after completing the answer, so the access line may come first: wait for both.
        eventually(output, out -> out.contains("[sync-run-1]") && out.contains("POST /api/v1/optimizations 200")
                && linesOf(output, "sync-run-1").stream().anyMatch(line -> line.contains("Work done")));
        List<String> lines = linesOf(output, "sync-run-1");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("RunExecutor", "Work done")
                .containsPattern("\\[ *descent-1]"));
        assertThat(lines).filteredOn(line -> line.contains("dev.descent.access")).singleElement()
                .satisfies(line -> assertThat(line).containsPattern(" INFO \\[sync-run-1] .*: POST "
                        + "/api/v1/optimizations 200 \\d+ ms$"));
    }

    @Test
    @DisplayName("a job's state changes carry the id of the request that submitted it, whichever thread logs them")
    void jobLines(CapturedOutput output) throws Exception {
        HttpResponse<String> submitted = post("/api/v1/jobs", "job-req-1", "{\"optimization\": " + SMALL + "}");
        assertThat(submitted.statusCode()).isEqualTo(202);
        String job = json.readTree(submitted.body()).path("id").asString();
        eventually(output, out -> out.contains("Job " + job + " (optimization) SUCCEEDED"));
        assertThat(linesOf(output, "job-req-1")).filteredOn(line -> line.contains("Job " + job))
                .hasSize(3)
                .anySatisfy(line -> assertThat(line).contains("QUEUED"))
                .anySatisfy(line -> assertThat(line).contains("RUNNING"))
                .anySatisfy(line -> assertThat(line).contains("SUCCEEDED", "descent-job-"));

        // Cancelled by another request: the job's line still carries the id of the one that submitted it.
        HttpResponse<String> running = post("/api/v1/jobs", "job-req-2", LONG_JOB);
        String longJob = json.readTree(running.body()).path("id").asString();
        HttpResponse<String> cancelled = client.send(request("/api/v1/jobs/" + longJob, "cancel-req-1").DELETE()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cancelled.statusCode()).isIn(200, 202);
        eventually(output, out -> out.contains("Job " + longJob + " (optimization) CANCELLED"));
        assertThat(linesOf(output, "job-req-2")).anySatisfy(line -> assertThat(line)
                .contains("Job " + longJob + " (optimization) CANCELLED"));
        assertThat(linesOf(output, "cancel-req-1")).singleElement().satisfies(line -> assertThat(line)
                .contains("dev.descent.access", "DELETE /api/v1/jobs/" + longJob));
    }

    @Test
    @DisplayName("an event stream's access line is written when the stream ends; a query string is logged by its "
            + "length only; the health probes not at INFO")
    void accessLines(CapturedOutput output) throws Exception {
        HttpResponse<String> submitted = post("/api/v1/jobs", "job-req-3", "{\"optimization\": " + SMALL + "}");
        String job = json.readTree(submitted.body()).path("id").asString();
        eventually(output, out -> out.contains("Job " + job + " (optimization) SUCCEEDED"));
        HttpResponse<String> stream = client.send(request("/api/v1/jobs/" + job + "/events", "stream-1")
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stream.body()).contains("event:result");
        eventually(output, out -> out.contains("GET /api/v1/jobs/" + job + "/events 200"));
        assertThat(linesOf(output, "stream-1")).singleElement().satisfies(line -> assertThat(line)
                .contains("dev.descent.access", "GET /api/v1/jobs/" + job + "/events 200"));

        get("/api/v1/jobs?page=0&size=5", "query-1");
        eventually(output, out -> out.contains("[query-1]"));
        assertThat(linesOf(output, "query-1")).singleElement().satisfies(line -> assertThat(line)
                .containsPattern(": GET /api/v1/jobs\\?\\[13 chars] 200 \\d+ ms$").doesNotContain("page="));

        assertThat(get("/actuator/health", "probe-1").statusCode()).isEqualTo(200);
        get("/api/v1/functions", "after-probe-1");
        eventually(output, out -> out.contains("[after-probe-1]"));
        assertThat(linesOf(output, "probe-1")).isEmpty();
    }

    @Test
    @DisplayName("the run executor runs a task in the logging context of the thread that submitted it, and clears it "
            + "afterwards")
    void executorPropagatesAndClears() throws Exception {
        MDC.put(RequestIds.MDC_KEY, "submitter-1");
        try {
            assertThat(executor.call(1, 0, () -> MDC.get(RequestIds.MDC_KEY)).get(10, TimeUnit.SECONDS))
                    .isEqualTo("submitter-1");
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
        // The same (only) worker thread, for a task submitted without a context.
        assertThat(executor.call(1, 0, () -> MDC.get(RequestIds.MDC_KEY)).get(10, TimeUnit.SECONDS)).isNull();
    }
}
