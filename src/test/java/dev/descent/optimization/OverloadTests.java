package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The synchronous endpoints under more load than they can take, on a real port: the descent threads saturated by a
 * bounded closed-loop load, an extra request is refused at once with 503 {@code busy} and {@code Retry-After}, the
 * health endpoint keeps answering, and the work of a client that has gone is cancelled.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "descent.optimization.run-threads=2", "descent.optimization.max-queue-wait=500ms"})
class OverloadTests {

    /** About half a second of work: 100,000 gradient steps on 100-D Rosenbrock. */
    private static final String LONG = """
            {"objective": {"function": "rosenbrock", "dimension": 100}, "optimizer": {"type": "gd",
             "learningRate": 1e-7}, "maxIterations": 100000, "tolerance": 0, "trajectory": {"include": false}}""";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final ExecutorService load = Executors.newFixedThreadPool(8);
    private final AtomicBoolean stop = new AtomicBoolean();

    @AfterEach
    void stopLoad() throws InterruptedException {
        stop.set(true);
        load.shutdown();
        load.awaitTermination(30, TimeUnit.SECONDS);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/optimizations"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> health() throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("with every descent thread busy and the queue's time full, an extra request is refused at once with "
            + "503 and Retry-After, and health answers within 1 s throughout")
    void refusesAtOnceAndStaysHealthy() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Integer> unexpected = new CopyOnWriteArrayList<>();
        // A bounded closed loop: 6 clients, each sending its next request when its last is answered.
        for (int c = 0; c < 6; c++) {
            load.submit(() -> {
                while (!stop.get()) {
                    try {
                        int status = post(LONG).statusCode();
                        if (status == 200) {
                            answered.incrementAndGet();
                        } else if (status == 503) {
                            refused.incrementAndGet();
                            Thread.sleep(20);
                        } else {
                            unexpected.add(status);
                        }
                    } catch (InterruptedException e) {
                        return null;
                    }
                }
                return null;
            });
        }
        List<Long> healthMillis = new CopyOnWriteArrayList<>();
        Future<?> watcher = load.submit(() -> {
            while (!stop.get()) {
                long before = System.nanoTime();
                assertThat(health().statusCode()).isEqualTo(200);
                healthMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before));
                Thread.sleep(100);
            }
            return null;
        });
        // Wait until the load is refused, so that the queue is known to be full.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (refused.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(refused.get()).as("the load alone fills the queue").isPositive();

        // Extra requests: each is refused at once (the queue's time is full), or, where a place happened to free
        // up, served; never left to wait long for its answer.
        List<Long> refusedMillis = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long before = System.nanoTime();
            HttpResponse<String> extra = post(LONG);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            assertThat(extra.statusCode()).isIn(200, 503);
            assertThat(millis).as("answered within the queue's wait and one run").isLessThan(3000);
            if (extra.statusCode() == 503) {
                JsonNode problem = json.readTree(extra.body());
                assertThat(problem.path("type").asString()).isEqualTo("https://descent.dev/problems/busy");
                assertThat(extra.headers().firstValue("Content-Type").orElse(""))
                        .startsWith("application/problem+json");
                assertThat(Long.parseLong(extra.headers().firstValue("Retry-After").orElseThrow())).isPositive();
                refusedMillis.add(millis);
            }
            Thread.sleep(100);
        }
        // Refused before any work: well under one run's time, and under the queue's 500 ms.
        assertThat(refusedMillis).as("refused at once while saturated").anySatisfy(
                millis -> assertThat(millis).isLessThan(300));
        stop.set(true);
        watcher.get(10, TimeUnit.SECONDS);
        assertThat(healthMillis).hasSizeGreaterThan(5).allSatisfy(millis -> assertThat(millis).isLessThan(1000));
        assertThat(answered.get()).as("the load kept being served").isPositive();
        assertThat(unexpected).isEmpty();
    }

    @Test
    @DisplayName("the work of a client that has gone is cancelled while it runs")
    void cancelsWorkOfGoneClients() throws Exception {
        double cancelledBefore = cancelledRuns();
        double goneBefore = clientGone();
        // About a second of work, the most the synchronous budget takes of this objective.
        byte[] body = LONG.replace("100000", "190000").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/optimizations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            Thread.sleep(150);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // The worker counts the cancelled run as it stops, the watcher the rejection once cancel(...) returns: two
        // threads, either may come first.
        while ((cancelledRuns() == cancelledBefore || clientGone() == goneBefore) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(cancelledRuns()).as("the run was cancelled, not finished").isEqualTo(cancelledBefore + 1);
        assertThat(clientGone()).as("counted as a client gone").isEqualTo(goneBefore + 1);
    }

    private double clientGone() {
        return meters.counter("descent.rejections", "reason", "client-gone").count();
    }

    private double cancelledRuns() {
        return meters.find("descent.runs").tag("status", "CANCELLED").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }
}
