package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.DescentApplication;
import dev.descent.optimization.RunExecutor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.catalina.loader.WebappClassLoaderBase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shutting down as a container engine asks (SIGTERM, then a kill after its stop timeout): the work in flight is
 * answered, the queued work is answered 503 shutting-down at once, and the graceful phase fits in the stop timeout.
 */
class ShutdownTests {

    /** About two seconds of work on one thread (the synchronous budget is raised for it). */
    private static final String LONG = """
            {"objective": {"function": "rosenbrock", "dimension": 100}, "optimizer": {"type": "gd",
             "learningRate": 1e-7}, "maxIterations": 400000, "tolerance": 0, "trajectory": {"include": false}}""";
    private static final String SHORT = """
            {"objective": {"expression": "x^2"}, "start": {"x": 3}, "optimizer": {"type": "gd", "learningRate": 0.1}}""";

    private final HttpClient client = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private CompletableFuture<HttpResponse<String>> post(int port, String body) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/optimizations")).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("no thread holds the web application's class loader between requests, so Tomcat's leak check does "
            + "not report the service's own threads as left running when it stops (they end after it, with their beans)")
    void noThreadLeftToTomcat() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(DescentApplication.class)
                .run("--server.port=0");
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            assertThat(post(port, SHORT).get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            // Tomcat's request threads (http-nio-...-exec-N) hold it while they serve a request, and are its own.
            List<String> holding = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !thread.getName().contains("-exec-"))
                    .filter(thread -> thread.getContextClassLoader() instanceof WebappClassLoaderBase)
                    .map(Thread::getName).sorted().toList();
            assertThat(holding).isEmpty();
        } finally {
            app.close();
        }
    }

    @Test
    @DisplayName("at shutdown the running request is answered and the queued one gets 503 shutting-down at once")
    void answersEveryRequest() throws Exception {
        // Command-line arguments: they take precedence over application.properties.
        ConfigurableApplicationContext app = new SpringApplicationBuilder(DescentApplication.class)
                .run("--server.port=0", "--descent.optimization.run-threads=1",
                        "--descent.optimization.max-queue-wait=30s", "--descent.optimization.max-sync-work=100000000");
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        assertThat(post(port, SHORT).get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        RunExecutor executor = app.getBean(RunExecutor.class);
        CompletableFuture<HttpResponse<String>> running = post(port, LONG);
        awaitBusy(executor, running);
        CompletableFuture<HttpResponse<String>> queued = post(port, SHORT);
        Thread.sleep(300);
        long before = System.nanoTime();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);

        HttpResponse<String> refused = queued.get(5, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(503);
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://descent.dev/problems/shutting-down");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(running.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        closing.get(30, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
    }

    /** Waits until the executor's one thread is busy. */
    private static void awaitBusy(RunExecutor executor, CompletableFuture<HttpResponse<String>> request)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (executor.busyThreads() == 0) {
            assertThat(request).as("the long request is in progress").isNotDone();
            assertThat(System.nanoTime()).as("the long run started").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    @DisplayName("the graceful phase fits in the stop timeout the Dockerfile documents, and SIGTERM starts it")
    void shutdownFitsTheContainerStopTimeout() throws Exception {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^STOPSIGNAL SIGTERM$");
        Matcher documented = Pattern.compile("within\\s+(?:#\\s*)?the (\\d+) s `docker stop` waits").matcher(dockerfile);
        assertThat(documented.find()).as("the Dockerfile names the stop timeout").isTrue();
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));
        Matcher phase = Pattern.compile("(?m)^spring\\.lifecycle\\.timeout-per-shutdown-phase=(\\d+)s$")
                .matcher(properties);
        assertThat(phase.find()).isTrue();
        assertThat(Integer.parseInt(phase.group(1))).isLessThan(Integer.parseInt(documented.group(1)));
        assertThat(properties).contains("server.shutdown=graceful");
    }
}
