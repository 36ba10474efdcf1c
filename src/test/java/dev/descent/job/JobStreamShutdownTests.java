package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.DescentApplication;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * At shutdown, an open event stream gets a last {@code shutdown} event and is closed before the web server's
 * graceful phase, which therefore does not wait for it. The application runs in a context of its own here, since
 * the test closes it.
 */
class JobStreamShutdownTests {

    private static final String LONG = JobRequests.LONG;

    /** An event as received. */
    record Event(String name, JsonNode data) {
    }

    @Test
    @DisplayName("closing the application ends an open stream with a shutdown event, at once, without waiting "
            + "for the graceful phase's timeout")
    void shutdownEvent() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DescentApplication.class)
                .run("--server.port=0", "--spring.main.banner-mode=off", "--descent.jobs.max-work=200000000");
        JsonMapper json = JsonMapper.builder().build();
        try {
            String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(LONG))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).isEqualTo(202);
            String id = json.readTree(submitted.body()).path("id").asString();
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/"
                    + id + "/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
            List<Event> events = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(),
                        StandardCharsets.UTF_8))) {
                    String name = null;
                    String data = null;
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        if (line.startsWith("event:")) {
                            name = line.substring(6);
                        } else if (line.startsWith("data:")) {
                            data = line.substring(5);
                        } else if (line.isEmpty() && name != null) {
                            events.add(new Event(name, json.readTree(data)));
                            name = null;
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (events.isEmpty()) {
                assertThat(System.nanoTime()).as("a first event").isLessThan(deadline);
                Thread.sleep(5);
            }

            long before = System.nanoTime();
            context.close();
            // The graceful phase would wait up to 30 s for an open stream.
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
            reading.get(5, TimeUnit.SECONDS);
            Event last = events.get(events.size() - 1);
            assertThat(last.name()).isEqualTo("shutdown");
            assertThat(last.data().path("detail").asString()).contains("shutting down");
            assertThat(events.subList(0, events.size() - 1)).allMatch(event -> event.name().equals("progress"));
        } finally {
            context.close();
        }
    }
}
