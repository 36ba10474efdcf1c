package dev.descent.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.DescentApplication;
import dev.descent.job.JobTestAccess;
import dev.descent.job.store.JobState;
import dev.descent.job.store.JobStore;
import dev.descent.job.store.StoredJob;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The application as replicas run it: whole application instances (their web servers on their own ports, their
 * runners, their stores) in this JVM on one database, driven through HTTP. A job stopped by a graceful shutdown
 * continues after a restart; a job whose instance stops renewing its lease (its runners crashed, as under SIGKILL) is
 * taken by the other instance once the lease has run out; both end bit-identical to an uninterrupted run of the
 * engine (every trajectory point, the minimum, the model, the counts: the answers' JSON equal but for the elapsed
 * times, and JSON writes every double so that it reads back to the same bits). Fifty jobs submitted alternately to
 * two instances each run once (a store that counts claims and checkpoints, per job and lease), and every one is
 * readable, streamable and cancellable through both.
 */
abstract class ReplicasContract {

    /** Adam on Rosenbrock's function, as an expression: 3,000,000 iterations, a couple of seconds. */
    static final String ADAM_EXPRESSION = """
            {"optimization": {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
             "optimizer": {"type": "adam", "learningRate": 0.0005}, "maxIterations": 3000000, "tolerance": 0,
             "trajectory": {"maxPoints": 500}}}""";

    /** Mini-batch SGD on 2,000 generated rows in batches of 10, shuffled every epoch: 1,600,000 updates. */
    static final String MINI_BATCH = """
            {"optimization": {"objective": {"regression": {"model": "linear", "standardize": true, "synthetic": {
               "samples": 2000, "coefficients": [3, -2, 0.5], "intercept": 4, "noise": 1, "seed": 42}}},
             "optimizer": {"type": "gd", "learningRate": 0.01}, "batchSize": 10, "epochs": 8000, "seed": 7,
             "shuffle": true, "tolerance": 0, "trajectory": {"maxPoints": 300}}}""";

    /** Three runs of 1,000,000 iterations each, one after another in the job. */
    static final String COMPARISON = """
            {"comparison": {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
             "maxIterations": 1000000, "tolerance": 0, "trajectory": {"maxPoints": 200},
             "runs": [{"optimizer": {"type": "adam", "learningRate": 0.001}},
                      {"optimizer": {"type": "momentum", "learningRate": 0.0001, "momentum": 0.9}},
                      {"optimizer": {"type": "rmsprop", "learningRate": 0.0001}}]}}""";

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Claims by job id, as lease tokens, across every instance of a test (the counting store's). */
    static final Map<String, List<String>> CLAIMS = new ConcurrentHashMap<>();
    /** The lease tokens each job's checkpoints were saved under. */
    static final Map<String, Set<String>> CHECKPOINTS = new ConcurrentHashMap<>();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    /** Properties that put an instance on this test's database (the same for every instance of a test). */
    abstract Map<String, Object> database();

    @AfterEach
    void stopAll() {
        instances.forEach(ConfigurableApplicationContext::close);
        instances.clear();
        CLAIMS.clear();
        CHECKPOINTS.clear();
    }

    /** An application instance on the test's database, with a lease of {@code lease}. */
    private ConfigurableApplicationContext start(Duration lease, String... more) {
        Map<String, Object> properties = new java.util.HashMap<>(database());
        properties.put("server.port", "0");
        properties.put("descent.jobs.lease", lease.toMillis() + "ms");
        properties.put("descent.jobs.checkpoint-interval", "100ms");
        properties.put("descent.jobs.poll-interval", "100ms");
        // Progress written to the store five times a second rather than twenty: enough for the tests, less load.
        properties.put("descent.jobs.event-interval", "200ms");
        properties.put("descent.jobs.max-queued", "200");
        properties.put("spring.main.banner-mode", "off");
        for (String property : more) {
            int at = property.indexOf('=');
            properties.put(property.substring(0, at), property.substring(at + 1));
        }
        // As command-line arguments: above application.properties (SpringApplicationBuilder's properties are below it).
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DescentApplication.class,
                CountingStore.class).run(args);
        instances.add(context);
        return context;
    }

    private static int port(ConfigurableApplicationContext instance) {
        return Integer.parseInt(instance.getEnvironment().getProperty("local.server.port"));
    }

    private HttpResponse<String> send(ConfigurableApplicationContext instance, String method, String path,
                                      String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port(instance) + path))
                .timeout(Duration.ofSeconds(60));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String submit(ConfigurableApplicationContext instance, String body) throws Exception {
        HttpResponse<String> response = send(instance, "POST", "/api/v1/jobs", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).path("id").asString();
    }

    private JsonNode job(ConfigurableApplicationContext instance, String id) throws Exception {
        HttpResponse<String> response = send(instance, "GET", "/api/v1/jobs/" + id, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private JsonNode await(ConfigurableApplicationContext instance, String id, Predicate<JsonNode> condition)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode job = job(instance, id);
        while (!condition.test(job)) {
            assertThat(System.nanoTime()).as("waiting for job %s: %s", id, job.path("state")).isLessThan(deadline);
            Thread.sleep(10);
            job = job(instance, id);
        }
        return job;
    }

    private static boolean succeeded(JsonNode job) {
        return job.path("state").asString().equals("SUCCEEDED");
    }

    /** The job's store, read beside the instances (as an operator would). */
    private static JobStore store(ConfigurableApplicationContext instance) {
        return instance.getBean(JobStore.class);
    }

    /**
     * The answer of the uninterrupted runs of {@code request}, straight from the engine with the mappers of
     * {@code instance}, as JSON.
     */
    private JsonNode uninterrupted(ConfigurableApplicationContext instance, String request) {
        // Written as the service writes its answers, read back as the answers are.
        return withoutElapsed(json.readTree(instance.getBean(JsonMapper.class)
                .writeValueAsString(JobTestAccess.uninterruptedAnswer(instance, request))));
    }

    /** Asserts that {@code actual} equals {@code expected}, naming the first path where they differ. */
    static void assertSameJson(JsonNode actual, JsonNode expected) {
        assertThat(actual).as("differs at %s", firstDifference("$", actual, expected)).isEqualTo(expected);
    }

    private static String firstDifference(String path, JsonNode a, JsonNode b) {
        if (a == null || b == null || a.isObject() != b.isObject() || a.isArray() != b.isArray()) {
            return path + ": " + a + " vs " + b;
        }
        if (a.isObject()) {
            Set<String> names = new java.util.TreeSet<>(a.propertyNames());
            names.addAll(b.propertyNames());
            for (String name : names) {
                String found = firstDifference(path + "." + name, a.get(name), b.get(name));
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (a.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                String found = firstDifference(path + "[" + i + "]", a.get(i), b.get(i));
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        return a.equals(b) ? null : path + ": " + a + " vs " + b;
    }

    /** The JSON without its elapsed times: the one part of a result that differs between runs of one problem. */
    private static JsonNode withoutElapsed(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.propertyNames().iterator(); names.hasNext(); ) {
                if (names.next().toLowerCase().contains("elapsed")) {
                    names.remove();
                }
            }
            object.forEach(ReplicasContract::withoutElapsed);
        } else if (node != null && node.isArray()) {
            node.forEach(ReplicasContract::withoutElapsed);
        }
        return node;
    }

    /**
     * Submits {@code request}, shuts the instance down gracefully when the job has made {@code atLeast} iterations,
     * checks that it was released with its checkpoints, starts a new instance on the same database and answers the
     * job once that has finished it (its result compared with the uninterrupted run's).
     */
    private JsonNode restartMidway(String request, long total) throws Exception {
        ConfigurableApplicationContext first = start(Duration.ofSeconds(30));
        String id = submit(first, request);
        await(first, id, job -> job.path("progress").path("iteration").asLong() >= total / 4);
        first.close();

        ConfigurableApplicationContext second = start(Duration.ofSeconds(30), "descent.jobs.max-running=1");
        // Released at shutdown, not left to a lease: QUEUED (or already taken again), with checkpoints short of the end.
        StoredJob released = store(second).find(id).orElseThrow();
        assertThat(released.state()).isIn(JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED);
        assertThat(released.starts()).isGreaterThanOrEqualTo(1);
        long checkpointed = JobTestAccess.checkpointedIterations(store(second), id);
        assertThat(checkpointed).as("iterations made before the shutdown").isGreaterThanOrEqualTo(total / 4)
                .isLessThan(total);

        JsonNode done = await(second, id, ReplicasContract::succeeded);
        assertThat(store(second).find(id).orElseThrow().starts()).isEqualTo(2);
        assertSameJson(withoutElapsed(done.path("result")), uninterrupted(second, request));
        assertThat(done.path("progress").path("iteration").asLong()).isEqualTo(total);
        return done;
    }

    @Test
    @DisplayName("restart: Adam on an expression, stopped by a graceful shutdown a quarter of the way or more, "
            + "ends after restart bit-identical to an uninterrupted run")
    void restartAdamExpression() throws Exception {
        restartMidway(ADAM_EXPRESSION, 3_000_000);
    }

    @Test
    @DisplayName("restart: Adam explaining its first 100 updates, stopped by a graceful shutdown after them, ends "
            + "after restart with the uninterrupted run's explanation, bit for bit")
    void restartExplained() throws Exception {
        String explained = ADAM_EXPRESSION.replace("\"trajectory\"", "\"explain\": {\"steps\": 100}, \"trajectory\"");
        assertThat(explained).contains("explain");
        JsonNode explanation = restartMidway(explained, 3_000_000).path("result").path("explanation");
        assertThat(explanation.size()).isEqualTo(100);
        assertThat(explanation.get(99).path("iteration").asInt()).isEqualTo(100);
    }

    @Test
    @DisplayName("restart: mini-batch SGD on a regression (its shuffling state restored) ends bit-identical, model "
            + "included")
    void restartMiniBatchRegression() throws Exception {
        restartMidway(MINI_BATCH, 1_600_000);
    }

    @Test
    @DisplayName("restart: a comparison ends bit-identical, its ended runs kept and its interrupted run resumed")
    void restartComparison() throws Exception {
        restartMidway(COMPARISON, 3_000_000);
    }

    @Test
    @DisplayName("crash: the instance running a job stops renewing its lease; the other takes the job once the lease "
            + "has run out and finishes it bit-identical")
    void crash() throws Exception {
        ConfigurableApplicationContext a = start(Duration.ofSeconds(2));
        ConfigurableApplicationContext b = start(Duration.ofSeconds(2));
        String id = submit(a, ADAM_EXPRESSION);
        await(a, id, job -> job.path("progress").path("iteration").asLong() >= 500_000);
        ConfigurableApplicationContext running = JobTestAccess.runsHere(a, id) ? a : b;
        ConfigurableApplicationContext other = running == a ? b : a;
        assertThat(JobTestAccess.runsHere(running, id)).isTrue();
        long crashedAt = System.nanoTime();
        JobTestAccess.crash(running);

        JsonNode done = await(other, id, ReplicasContract::succeeded);
        StoredJob stored = store(other).find(id).orElseThrow();
        assertThat(stored.starts()).isEqualTo(2);
        assertThat(CLAIMS.get(id)).hasSize(2);
        assertThat(CLAIMS.get(id).get(1)).startsWith(JobTestAccess.worker(other));
        // Not before the lease had run out.
        assertThat(Duration.ofNanos(System.nanoTime() - crashedAt)).isGreaterThan(Duration.ofMillis(1500));
        assertSameJson(withoutElapsed(done.path("result")), uninterrupted(other, ADAM_EXPRESSION));
        // Both instances answer it alike (the crashed one's web server still runs).
        assertThat(job(running, id)).isEqualTo(job(other, id));
    }

    /** A job of a few tens of milliseconds: 100,000 Adam steps on an expression, checkpointed on the way. */
    private static String small(int k) {
        return """
                {"optimization": {"objective": {"expression": "(x - %d)^2 + (y + 1)^2 * 3"}, "start": {"x": 0, "y": 0},
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "maxIterations": 100000, "tolerance": 0,
                 "trajectory": {"maxPoints": 20}}}""".formatted(k);
    }

    @Test
    @DisplayName("50 jobs submitted alternately to two instances each run exactly once (one claim, its checkpoints "
            + "under that claim's lease); each is readable and streamable through both, and cancellable through both")
    void fiftyJobsExactlyOnce() throws Exception {
        ConfigurableApplicationContext a = start(Duration.ofSeconds(30), "descent.jobs.checkpoint-interval=50ms");
        ConfigurableApplicationContext b = start(Duration.ofSeconds(30), "descent.jobs.checkpoint-interval=50ms");
        List<ConfigurableApplicationContext> both = List.of(a, b);
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            ids.add(submit(both.get(k % 2), small(k)));
        }
        for (int k = 0; k < 50; k++) {
            String id = ids.get(k);
            JsonNode done = await(both.get((k + 1) % 2), id, ReplicasContract::succeeded);
            assertThat(job(both.get(k % 2), id)).isEqualTo(done);
            assertThat(done.path("result").path("iterations").asInt()).isEqualTo(100_000);
            assertThat(done.path("result").path("minimum").path("point").path("x").asDouble())
                    .isCloseTo(k, org.assertj.core.api.Assertions.within(1e-3));
            // Streamed through the instance it was not submitted to: its result.
            String events = send(both.get((k + 1) % 2), "GET", "/api/v1/jobs/" + id + "/events", null).body();
            assertThat(events).contains("event:result\ndata:{\"id\":\"" + id + "\",\"state\":\"SUCCEEDED\"");
        }
        int checkpointed = 0;
        for (String id : ids) {
            assertThat(CLAIMS.get(id)).as("the claims of job %s", id).hasSize(1);
            assertThat(store(a).find(id).orElseThrow().starts()).isEqualTo(1);
            Set<String> leases = CHECKPOINTS.getOrDefault(id, Set.of());
            assertThat(leases).as("the leases job %s was checkpointed under", id)
                    .isSubsetOf(Set.copyOf(CLAIMS.get(id)));
            checkpointed += leases.isEmpty() ? 0 : 1;
        }
        assertThat(checkpointed).as("jobs checkpointed while they ran").isPositive();
        // Both instances ran some of them.
        Set<String> workers = new java.util.HashSet<>();
        CLAIMS.values().forEach(tokens -> workers.add(JobTestAccess.replicaOf(tokens.get(0))));
        assertThat(workers).hasSize(2);

        // A long job on each, cancelled through the other, and streamed through the other while it runs.
        for (int k = 0; k < 2; k++) {
            ConfigurableApplicationContext submitted = both.get(k);
            ConfigurableApplicationContext elsewhere = both.get(1 - k);
            String id = submit(submitted, ADAM_EXPRESSION.replace("3000000", "1000000000"));
            await(elsewhere, id, job -> job.path("progress").path("iteration").asLong() > 0);
            java.util.concurrent.CompletableFuture<HttpResponse<String>> streaming = http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port(elsewhere) + "/api/v1/jobs/" + id
                            + "/events")).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(500);
            long before = System.nanoTime();
            HttpResponse<String> cancelled = send(elsewhere, "DELETE", "/api/v1/jobs/" + id, null);
            assertThat(cancelled.statusCode()).isIn(200, 202);
            JsonNode end = await(elsewhere, id, job -> job.path("state").asString().equals("CANCELLED"));
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
            assertThat(end.path("result").path("status").asString()).isEqualTo("CANCELLED");
            String events = streaming.get(30, java.util.concurrent.TimeUnit.SECONDS).body();
            assertThat(events).contains("event:progress").contains("event:result\ndata:{\"id\":\"" + id
                    + "\",\"state\":\"CANCELLED\"");
        }
    }

    /** Wraps the application's {@link JobStore} to count claims and checkpoints by job and lease. */
    @Configuration(proxyBeanMethods = false)
    static class CountingStore {

        @Bean
        static BeanPostProcessor countingJobStore() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof JobStore store)) {
                        return bean;
                    }
                    return Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
                            (proxy, method, args) -> {
                                Object result;
                                try {
                                    result = method.invoke(store, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                                if (method.getName().equals("claim") && result instanceof Optional<?> claim
                                        && claim.isPresent()) {
                                    JobStore.Claim c = (JobStore.Claim) claim.get();
                                    CLAIMS.computeIfAbsent(c.lease().jobId(), key -> new java.util.concurrent
                                            .CopyOnWriteArrayList<>()).add(c.lease().token());
                                }
                                if (method.getName().equals("saveCheckpoint") && Boolean.TRUE.equals(result)) {
                                    JobStore.Lease lease = (JobStore.Lease) args[0];
                                    CHECKPOINTS.computeIfAbsent(lease.jobId(), key -> ConcurrentHashMap.newKeySet())
                                            .add(lease.token());
                                }
                                return result;
                            });
                }
            };
        }
    }
}
