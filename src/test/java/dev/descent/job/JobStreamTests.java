package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Event streams cannot block each other: a client that reads nothing, of a job whose events are tens of KB each,
 * neither delays the events of another job's stream nor a cancellation. Over a real port, with a raw socket for
 * the client that does not read; its stall timeout is long here, so that it stays connected, stuck.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "descent.jobs.max-work=200000000", "descent.jobs.max-running=2", "descent.jobs.stream-stall-timeout=1m",
        "descent.jobs.stream-heartbeat=200ms"})
class JobStreamTests {

    private static final String LONG = JobRequests.LONG;

    @LocalServerPort
    int port;

    @Autowired
    JobService service;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<String> started = new ArrayList<>();

    @AfterEach
    void cancelLeftovers() throws Exception {
        for (String id : started) {
            send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + id)).DELETE().build());
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String submit(String body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = json.readTree(response.body()).path("id").asString();
        started.add(id);
        return id;
    }

    private JsonNode job(String id) throws Exception {
        return json.readTree(send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + id)).build()).body());
    }

    /** The job's state, as the list of jobs (without results) shows it. */
    private String state(String id) {
        try {
            for (JsonNode job : json.readTree(send(HttpRequest.newBuilder(uri("/api/v1/jobs?size=100")).build())
                    .body()).path("items")) {
                if (job.path("id").asString().equals(id)) {
                    return job.path("state").asString();
                }
            }
            return "absent";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An event as it arrived: its name and when (System.nanoTime). */
    record Arrival(String name, long at) {
    }

    /** Reads the events of job {@code id} on another thread, noting when each arrives, until the stream ends. */
    private CompletableFuture<Void> read(String id, List<Arrival> arrivals) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + id + "/events"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                String name = null;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.isEmpty() && name != null) {
                        arrivals.add(new Arrival(name, System.nanoTime()));
                        name = null;
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void await(String what, java.util.function.BooleanSupplier condition, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    @DisplayName("a client that reads nothing of a job with big events: another job's stream keeps receiving an "
            + "event every interval, and a DELETE of the first job takes effect within 1 s")
    void slowReader() throws Exception {
        String big = submit(JobStreamStallTests.BIG_EVENTS);
        String other = submit(LONG);
        List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reading = read(other, arrivals);
        try (StreamClient stuck = new StreamClient(port, big)) {
            // Stuck for real: the server has events to write to it and cannot.
            await("the client that reads nothing being stuck",
                    () -> service.stalledStreams().contains(UUID.fromString(big)), Duration.ofSeconds(15));
            long from = System.nanoTime();
            Thread.sleep(2000);
            long to = System.nanoTime();
            // Still connected, and still behind (the kernel's send buffer may grow a little meanwhile, letting a
            // few more bytes through now and then).
            assertThat(service.subscribers()).isEqualTo(2);
            assertThat(state(other)).isEqualTo("RUNNING");

            // The DELETE answers the cancelled job with its partial result, megabytes here: what must take effect
            // within a second is the cancellation, which the list (without results) shows.
            long before = System.nanoTime();
            CompletableFuture<HttpResponse<Void>> cancelling = http.sendAsync(HttpRequest.newBuilder(
                    uri("/api/v1/jobs/" + big)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            await("the cancellation taking effect", () -> state(big).equals("CANCELLED"), Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
            assertThat(cancelling.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            // Once it reads, the stuck client gets the rest of its stream, ending with the result.
            StreamClient.Read rest = stuck.readToEnd(60_000);
            assertThat(rest.ended()).isTrue();
            assertThat(rest.body()).contains("event:result\ndata:{\"id\":\"" + big + "\",\"state\":\"CANCELLED\"");

            List<Long> window = arrivals.stream().map(Arrival::at).filter(at -> at >= from && at <= to).toList();
            // An event every 50 ms: dozens in 2 s, never a second without one (nor after the other job's end).
            assertThat(window).hasSizeGreaterThan(10);
            long gap = to - from;
            long previous = from;
            long widest = 0;
            for (long at : window) {
                widest = Math.max(widest, at - previous);
                previous = at;
            }
            widest = Math.max(widest, to - previous);
            assertThat(Duration.ofNanos(widest)).as("the widest gap between events of the reading stream, of %s ms",
                    gap / 1_000_000).isLessThan(Duration.ofSeconds(1));
        }
        send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + other)).DELETE().build());
        reading.get(5, TimeUnit.SECONDS);
        assertThat(arrivals.get(arrivals.size() - 1).name()).isEqualTo("result");
    }

    @Test
    @DisplayName("an idle stream (its job queued) gets a keep-alive comment every heartbeat")
    void heartbeat() throws Exception {
        submit(LONG);
        submit(LONG);
        String queued = submit(LONG);
        assertThat(job(queued).path("state").asString()).isEqualTo("QUEUED");
        try (StreamClient client = new StreamClient(port, queued)) {
            StreamClient.Read read = client.readToEnd(1000);
            assertThat(read.ended()).isFalse();
            assertThat(read.text()).startsWith("HTTP/1.1 200").contains("text/event-stream");
            // Every 200 ms here: a few in one second, and nothing else.
            assertThat(read.body()).matches("(: keep-alive\n\n){2,6}");
        }
    }
}
