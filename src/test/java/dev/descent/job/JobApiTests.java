package dev.descent.job;

import static dev.descent.optimization.TrajectoryTables.assertSameNumbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import dev.descent.optimization.TrajectoryTables;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * /api/v1/jobs through HTTP: a job's life, its progress, cancellation, the event stream read by a real HTTP client,
 * the limits and the problems. At most 2 jobs run here and 1 waits, so that the queue fills with a few jobs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "descent.jobs.max-running=2", "descent.jobs.max-queued=1", "descent.jobs.max-work=200000000"})
@AutoConfigureMockMvc
class JobApiTests {

    private static final String PROBLEM = "https://descent.dev/problems/";
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** x^2 + 4x + 9 from 5 by gd at 0.1: x_k = -2 + 7 (0.8)^k, a few dozen iterations. */
    private static final String SHORT = """
            {"optimization": {"objective": {"expression": "x^2 + 4*x + 9"}, "start": {"x": 5},
             "optimizer": {"type": "gd", "learningRate": 0.1}, "maxIterations": 1000, "tolerance": 1e-6}}""";

    private static final String LONG = JobRequests.LONG;

    /**
     * 300000 iterations of 40-D Rosenbrock, streamed as 100 points: long enough (a second or so) for a stream
     * opened right after the submission to see it run.
     */
    private static final String STREAMED = """
            {"optimization": {"objective": {"function": "rosenbrock", "dimension": 40},
             "optimizer": {"type": "gd", "learningRate": 1e-7}, "maxIterations": 300000, "tolerance": 0,
             "trajectory": {"maxPoints": 100}}}""";

    @Autowired
    MockMvc mvc;

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<String> started = new ArrayList<>();

    @AfterEach
    void cancelLeftovers() throws Exception {
        for (String id : started) {
            Mvc.perform(mvc, delete("/api/v1/jobs/" + id));
        }
    }

    private ResultActions submit(String body) throws Exception {
        ResultActions actions = Mvc.perform(mvc, MockMvcRequestBuilders.post("/api/v1/jobs")
                .contentType(MediaType.APPLICATION_JSON).content(body));
        if (actions.andReturn().getResponse().getStatus() == 202) {
            started.add(read(actions).path("id").asString());
        }
        return actions;
    }

    private String submitted(String body) throws Exception {
        return read(submit(body).andExpect(status().isAccepted())).path("id").asString();
    }

    private JsonNode read(ResultActions actions) throws Exception {
        return json.readTree(actions.andReturn().getResponse().getContentAsString());
    }

    private JsonNode job(String id) throws Exception {
        return read(Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andExpect(status().isOk()));
    }

    /** Polls the job until {@code condition} holds, for up to {@link #PATIENCE}. */
    private JsonNode await(String id, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode job = job(id);
        while (!condition.test(job)) {
            assertThat(System.nanoTime()).as("waiting for job %s: %s", id, job).isLessThan(deadline);
            Thread.sleep(5);
            job = job(id);
        }
        return job;
    }

    private static boolean finished(JsonNode job) {
        return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.path("state").asString());
    }

    @Test
    @DisplayName("a job's life: 202 with Location, then GET until it has succeeded with its result")
    void life() throws Exception {
        JsonNode accepted = read(submit(SHORT)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.kind").value("optimization"))
                .andExpect(jsonPath("$.state").isString())
                .andExpect(jsonPath("$.createdAt").isString()));
        String id = accepted.path("id").asString();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(submitLocation(id)).isTrue();

        JsonNode done = await(id, JobApiTests::finished);
        assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode result = done.path("result");
        assertThat(result.path("status").asString()).isEqualTo("CONVERGED");
        // x_k = -2 + 7 (0.8)^k: converged at the first k whose step 1.4 (0.8)^(k-1) is below 1e-6, k = 65.
        assertThat(result.path("iterations").asInt()).isEqualTo(65);
        assertThat(result.path("minimum").path("point").path("x").asDouble())
                .isCloseTo(-2 + 7 * Math.pow(0.8, 65), within(1e-12));
        assertThat(done.path("progress").path("iteration").asLong()).isEqualTo(65);
        assertThat(done.path("progress").path("runsDone").asInt()).isEqualTo(1);
        assertThat(done.path("progress").path("bestValue").asDouble())
                .isEqualTo(result.path("minimum").path("value").asDouble());
        assertThat(done.path("finishedAt").asString()).isNotEmpty();
    }

    private boolean submitLocation(String id) throws Exception {
        String location = Mvc.perform(mvc, MockMvcRequestBuilders.post("/api/v1/jobs")
                        .contentType(MediaType.APPLICATION_JSON).content(SHORT))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/v1/jobs/")))
                .andReturn().getResponse().getHeader("Location");
        String other = location.substring("/api/v1/jobs/".length());
        started.add(other);
        Mvc.perform(mvc, get(location)).andExpect(status().isOk()).andExpect(jsonPath("$.id").value(other));
        return !other.equals(id);
    }

    @Test
    @DisplayName("a long job shows its progress while running, and DELETE stops it within 1 s keeping its trajectory")
    void progressAndCancellation() throws Exception {
        String id = submitted(LONG);
        JsonNode running = await(id, job -> job.path("state").asString().equals("RUNNING")
                && job.path("progress").path("iteration").asLong() > 0);
        JsonNode progress = running.path("progress");
        assertThat(progress.path("value").asDouble()).isGreaterThanOrEqualTo(progress.path("bestValue").asDouble());
        assertThat(progress.path("elapsedMillis").asDouble()).isPositive();
        assertThat(progress.path("runsTotal").asInt()).isEqualTo(1);
        assertThat(running.has("result")).isFalse();

        long before = System.nanoTime();
        JsonNode cancelled = read(Mvc.perform(mvc, delete("/api/v1/jobs/" + id)).andExpect(status().isOk()));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
        assertThat(cancelled.path("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.path("cancelRequested").asBoolean()).isTrue();
        JsonNode result = cancelled.path("result");
        assertThat(result.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(result.path("iterations").asInt()).isPositive().isLessThan(1_000_000);
        JsonNode trajectory = result.path("trajectory");
        assertThat(trajectory.size()).isGreaterThanOrEqualTo(2);
        assertThat(trajectory.get(0).path("iteration").asInt()).isZero();
        assertThat(trajectory.get(trajectory.size() - 1).path("iteration").asInt())
                .isEqualTo(result.path("iterations").asInt());
        assertThat(job(id).path("state").asString()).isEqualTo("CANCELLED");
        // Its partial trajectory, in pages too: the same points as its result.
        JsonNode page = read(Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/trajectory")).andExpect(status().isOk()));
        assertThat(page.path("total").asInt()).isEqualTo(trajectory.size());
        assertThat(page.path("points")).isEqualTo(trajectory);

        Mvc.perform(mvc, delete("/api/v1/jobs/" + id)).andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEM + "job-finished"));
    }

    @Test
    @DisplayName("a job under oneCycle: its result's points and its trajectory pages carry each update's beta1, as a "
            + "synchronous run's do")
    void cycledMomentum() throws Exception {
        String optimization = """
                {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
                 "optimizer": {"type": "adam"}, "schedule": {"type": "oneCycle", "maxLearningRate": 0.05,
                 "totalSteps": 40}, "maxIterations": 40, "tolerance": 0}""";
        String id = submitted("{\"optimization\": " + optimization + "}");
        JsonNode done = await(id, JobApiTests::finished);
        assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode synchronous = read(Mvc.perform(mvc, MockMvcRequestBuilders.post("/api/v1/optimizations")
                .contentType(MediaType.APPLICATION_JSON).content(optimization)).andExpect(status().isOk()));
        JsonNode trajectory = done.path("result").path("trajectory");
        assertThat(trajectory).isEqualTo(synchronous.path("trajectory"));
        assertThat(trajectory.get(0).has("momentum")).isFalse();
        assertThat(trajectory.get(1).path("momentum").asDouble()).isBetween(0.85, 0.95);
        JsonNode page = read(Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/trajectory")).andExpect(status().isOk()));
        assertThat(page.path("points")).isEqualTo(trajectory);
        assertThat(done.path("result").path("last").path("momentum"))
                .isEqualTo(synchronous.path("last").path("momentum"));
    }

    @Test
    @DisplayName("with the most jobs running and the queue full, POST answers 429 with Retry-After and a problem")
    void fullQueue() throws Exception {
        String first = submitted(LONG);
        String second = submitted(LONG);
        String third = submitted(LONG);
        assertThat(job(third).path("state").asString()).isEqualTo("QUEUED");
        submit(LONG).andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEM + "too-many-jobs"))
                .andExpect(jsonPath("$.status").value(429))
                .andExpect(jsonPath("$.instance").value("/api/v1/jobs"));

        // A queued job is cancelled at once, never having run.
        Mvc.perform(mvc, delete("/api/v1/jobs/" + third)).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("CANCELLED"))
                .andExpect(jsonPath("$.startedAt").doesNotExist())
                .andExpect(jsonPath("$.result").doesNotExist());
        submitted(SHORT);
        Mvc.perform(mvc, delete("/api/v1/jobs/" + first)).andExpect(status().isOk());
        Mvc.perform(mvc, delete("/api/v1/jobs/" + second)).andExpect(status().isOk());
    }

    @Test
    @DisplayName("lists the jobs newest first, paged, without their results")
    void listing() throws Exception {
        String older = submitted(SHORT);
        String newer = submitted(SHORT);
        await(newer, JobApiTests::finished);
        await(older, JobApiTests::finished);
        JsonNode page = read(Mvc.perform(mvc, get("/api/v1/jobs").param("page", "0").param("size", "2"))
                .andExpect(status().isOk()));
        assertThat(page.path("items").get(0).path("id").asString()).isEqualTo(newer);
        assertThat(page.path("items").get(1).path("id").asString()).isEqualTo(older);
        assertThat(page.path("items").get(0).has("result")).isFalse();
        assertThat(page.path("size").asInt()).isEqualTo(2);
        assertThat(page.path("totalItems").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode second = read(Mvc.perform(mvc, get("/api/v1/jobs?page=1&size=1")).andExpect(status().isOk()));
        assertThat(second.path("items").get(0).path("id").asString()).isEqualTo(older);

        Mvc.perform(mvc, get("/api/v1/jobs?page=-1")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEM + "invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value("page"));
        Mvc.perform(mvc, get("/api/v1/jobs?size=0")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("size"));
        Mvc.perform(mvc, get("/api/v1/jobs?size=ten")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEM + "invalid-request"));
    }

    @Test
    @DisplayName("runs a comparison as a job, with per-run progress and the comparison's result")
    void comparisonJob() throws Exception {
        String id = submitted("""
                {"comparison": {"objective": {"expression": "x^2"}, "start": {"x": 3},
                 "learningRates": [0.01, 0.1, 0.9, 1.1]}}""");
        JsonNode done = await(id, JobApiTests::finished);
        assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("kind").asString()).isEqualTo("comparison");
        assertThat(done.path("progress").path("runsTotal").asInt()).isEqualTo(4);
        assertThat(done.path("progress").path("runsDone").asInt()).isEqualTo(4);
        assertThat(done.path("progress").path("runs")).hasSize(4);
        JsonNode runs = done.path("result").path("runs");
        long total = 0;
        for (int i = 0; i < 4; i++) {
            total += runs.get(i).path("result").path("iterations").asInt();
            assertThat(done.path("progress").path("runs").get(i).path("iteration").asInt())
                    .isEqualTo(runs.get(i).path("result").path("iterations").asInt());
        }
        assertThat(done.path("progress").path("iteration").asLong()).isEqualTo(total);
        assertThat(done.path("result").path("summary").path("diverged").get(0).asInt()).isEqualTo(3);
    }

    @Nested
    @DisplayName("scheduling: every running job has threads of its own")
    class Scheduling {

        /** Four runs of a million iterations of 40-D Rosenbrock: more runs than a job has threads, for seconds. */
        private static final String MANY_RUNS = """
                {"comparison": {"objective": {"function": "rosenbrock", "dimension": 40},
                 "optimizer": {"type": "gd"}, "maxIterations": 1000000, "tolerance": 0,
                 "trajectory": {"maxPoints": 100}, "learningRates": [1e-7, 2e-7, 3e-7, 4e-7]}}""";

        @Test
        @DisplayName("two long jobs submitted together both progress within 2 s, though the first has more runs than "
                + "threads")
        void bothProgress() throws Exception {
            long before = System.nanoTime();
            String many = submitted(MANY_RUNS);
            String other = submitted(LONG);
            for (String id : List.of(many, other)) {
                await(id, job -> job.path("progress").path("iteration").asLong() > 0);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
            assertThat(job(many).path("state").asString()).isEqualTo("RUNNING");
        }

        @Test
        @DisplayName("a short job submitted while a long one runs is SUCCEEDED within 1 s: its run and its ending "
                + "never wait behind the other job's runs")
        void shortJobEndsAtOnce() throws Exception {
            String many = submitted(MANY_RUNS);
            await(many, job -> job.path("progress").path("iteration").asLong() > 0);
            long before = System.nanoTime();
            String id = submitted(SHORT);
            JsonNode done = await(id, JobApiTests::finished);
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
            assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(Duration.between(Instant.parse(done.path("startedAt").asString()),
                    Instant.parse(done.path("finishedAt").asString()))).isLessThan(Duration.ofSeconds(1));
            assertThat(job(many).path("state").asString()).isEqualTo("RUNNING");
        }

        @Test
        @ExtendWith(OutputCaptureExtension.class)
        @DisplayName("logs one INFO line per state change of a job: id, kind, state, and how it ended")
        void logsStateChanges(CapturedOutput output) throws Exception {
            String id = submitted(SHORT);
            await(id, JobApiTests::finished);
            // The runner logs the ending once it has also stored the answer, a moment after the job shows finished.
            List<String> lines = List.of();
            for (long deadline = System.nanoTime() + 10_000_000_000L; System.nanoTime() < deadline; Thread.sleep(10)) {
                lines = output.getOut().lines().filter(line -> line.contains("Job " + id)).toList();
                if (lines.size() >= 3) {
                    break;
                }
            }
            assertThat(lines).hasSize(3);
            assertThat(lines).allMatch(line -> line.contains(" INFO "));
            assertThat(lines.get(0)).endsWith("Job " + id + " (optimization) QUEUED");
            assertThat(lines.get(1)).endsWith("Job " + id + " (optimization) RUNNING");
            assertThat(lines.get(2)).matches(".*Job " + id + " \\(optimization\\) SUCCEEDED: 1 run \\(CONVERGED\\), "
                    + "65 iterations in \\d+ ms");
        }
    }

    @Nested
    @DisplayName("a finished job's trajectory, in pages")
    class TrajectoryPages {

        /** 300000 iterations of 2-D Rosenbrock, 2501 points kept, none in the answer. */
        private static final String KEPT = """
                {"objective": {"function": "rosenbrock"}, "optimizer": {"type": "gd", "learningRate": 0.0005},
                 "maxIterations": 300000, "tolerance": 0, "trajectory": {"maxPoints": 2501%s}}""";

        @Test
        @DisplayName("pages of a job that left the trajectory out of its answer are the trajectory the synchronous "
                + "endpoint answers")
        void pages() throws Exception {
            String id = submitted("{\"optimization\": " + KEPT.formatted(", \"include\": false") + "}");
            JsonNode done = await(id, JobApiTests::finished);
            assertThat(done.path("result").has("trajectory")).isFalse();
            JsonNode expected = read(Mvc.perform(mvc, MockMvcRequestBuilders.post("/api/v1/optimizations")
                    .contentType(MediaType.APPLICATION_JSON).content(KEPT.formatted(""))).andExpect(status().isOk()))
                    .path("trajectory");
            assertThat(expected).hasSize(2501);

            List<JsonNode> points = new ArrayList<>();
            for (int offset = 0; offset < 2501; offset += 1000) {
                JsonNode page = read(Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/trajectory")
                        .param("offset", Integer.toString(offset))).andExpect(status().isOk()));
                assertThat(page.path("run").asInt()).isZero();
                assertThat(page.path("label").asString()).isEqualTo("optimization");
                assertThat(page.path("offset").asInt()).isEqualTo(offset);
                assertThat(page.path("limit").asInt()).isEqualTo(1000);
                assertThat(page.path("total").asInt()).isEqualTo(2501);
                assertThat(page.path("points")).hasSize(Math.min(1000, 2501 - offset));
                page.path("points").forEach(points::add);
            }
            for (int i = 0; i < 2501; i++) {
                assertThat(points.get(i)).as("point %d", i).isEqualTo(expected.get(i));
            }
            assertThat(points.get(2500).path("iteration").asInt()).isEqualTo(done.path("result").path("iterations")
                    .asInt());
            JsonNode end = read(Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/trajectory?offset=2501&limit=10"))
                    .andExpect(status().isOk()));
            assertThat(end.path("points")).isEmpty();
        }

        @Test
        @DisplayName("a page in columns, as CSV and as NDJSON carries the rows page's numbers, bit for bit")
        void layouts() throws Exception {
            String id = submitted("""
                    {"optimization": {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"},
                     "start": {"x": -1.5, "y": 2}, "optimizer": {"type": "adam", "learningRate": 0.01},
                     "maxIterations": 2000, "tolerance": 0, "trajectory": {"maxPoints": 300}}}""");
            await(id, JobApiTests::finished);
            String page = "/api/v1/jobs/" + id + "/trajectory?offset=0&limit=120";
            List<String> xy = List.of("x", "y");
            JsonNode rows = read(Mvc.perform(mvc, get(page)).andExpect(status().isOk()));
            double[][] expected = TrajectoryTables.fromRows(rows.path("points"), xy);
            assertThat(expected).hasNumberOfRows(120);
            assertThat(expected[0][5]).as("the start's learning rate").isNaN();

            JsonNode columns = read(Mvc.perform(mvc, get(page + "&layout=columns")).andExpect(status().isOk()));
            assertThat(columns.path("total").asInt()).isEqualTo(rows.path("total").asInt());
            assertSameNumbers(TrajectoryTables.fromColumns(columns.path("points"), xy), expected, "columns");
            String csv = Mvc.perform(mvc, get(page).accept("text/csv")).andExpect(status().isOk())
                    .andExpect(content().contentType("text/csv;charset=UTF-8"))
                    .andReturn().getResponse().getContentAsString();
            assertSameNumbers(TrajectoryTables.fromCsv(csv, xy), expected, "CSV");
            String ndjson = Mvc.perform(mvc, get(page).accept("application/x-ndjson")).andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith("application/x-ndjson"))
                    .andReturn().getResponse().getContentAsString();
            assertSameNumbers(TrajectoryTables.fromNdjson(ndjson, xy), expected, "NDJSON");

            // For a client that sends no Accept header (pandas.read_csv(url)), the format in the query.
            assertThat(Mvc.perform(mvc, get(page + "&format=csv")).andExpect(status().isOk())
                    .andExpect(content().contentType("text/csv;charset=UTF-8"))
                    .andReturn().getResponse().getContentAsString()).isEqualTo(csv);
            assertThat(Mvc.perform(mvc, get(page + "&format=ndjson")).andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith("application/x-ndjson"))
                    .andReturn().getResponse().getContentAsString()).isEqualTo(ndjson);
            Mvc.perform(mvc, get(page + "&format=xml")).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("format"));
            Mvc.perform(mvc, get(page).accept("application/xml")).andExpect(status().isNotAcceptable())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(PROBLEM + "not-acceptable"));
            Mvc.perform(mvc, get(page + "&layout=diagonal")).andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("layout"));
        }

        @Test
        @DisplayName("each run of a comparison has its own pages, labelled")
        void comparisonRuns() throws Exception {
            String id = submitted("""
                    {"comparison": {"objective": {"expression": "x^2"}, "start": {"x": 3},
                     "maxIterations": 50, "tolerance": 0, "learningRates": [0.1, 0.2]}}""");
            JsonNode done = await(id, JobApiTests::finished);
            for (int run = 0; run < 2; run++) {
                JsonNode page = read(Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/trajectory?run=" + run + "&limit=5"))
                        .andExpect(status().isOk()));
                JsonNode answered = done.path("result").path("runs").get(run);
                assertThat(page.path("label").asString()).isEqualTo(answered.path("label").asString());
                assertThat(page.path("total").asInt()).isEqualTo(51);
                for (int i = 0; i < 5; i++) {
                    assertThat(page.path("points").get(i)).isEqualTo(answered.path("result").path("trajectory")
                            .get(i));
                }
            }
            Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/trajectory?run=2")).andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(PROBLEM + "invalid-request"))
                    .andExpect(jsonPath("$.errors[0].field").value("run"));
            for (String query : List.of("run=-1", "offset=-1", "limit=0", "limit=10001")) {
                Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/trajectory?" + query)).andExpect(status().isBadRequest())
                        .andExpect(jsonPath("$.errors[0].field").value(query.substring(0, query.indexOf('='))));
            }
        }

        @Test
        @DisplayName("is documented: its parameters, its problems, every field of a page with a description and an "
                + "example")
        void documented() throws Exception {
            JsonNode doc = read(Mvc.perform(mvc, get("/v3/api-docs")).andExpect(status().isOk()));
            JsonNode operation = doc.path("paths").path("/api/v1/jobs/{id}/trajectory").path("get");
            assertThat(operation.path("responses").propertyNames()).contains("200", "400", "404", "406", "409");
            for (String status : List.of("400", "404", "406", "409")) {
                assertThat(operation.path("responses").path(status).path("content").propertyNames())
                        .containsExactly("application/problem+json");
            }
            List<String> parameters = new ArrayList<>();
            operation.path("parameters").forEach(parameter -> {
                parameters.add(parameter.path("name").asString());
                assertThat(parameter.path("description").asString()).isNotEmpty();
            });
            assertThat(parameters).containsExactly("id", "run", "offset", "limit", "layout", "format");
            JsonNode page = doc.path("components").path("schemas").path("TrajectoryPage").path("properties");
            assertThat(page.propertyNames()).containsExactly("run", "label", "offset", "limit", "total", "points");
            page.properties().forEach(field -> {
                assertThat(field.getValue().path("description").asString()).as(field.getKey()).isNotEmpty();
                assertThat(field.getValue().has("example") || field.getKey().equals("points")).as(field.getKey())
                        .isTrue();
            });
            assertThat(page.path("points").path("oneOf").findValuesAsString("$ref")).containsExactly(
                    "#/components/schemas/TrajectoryRows", "#/components/schemas/TrajectoryColumns");
            assertThat(doc.at("/components/schemas/TrajectoryRows/items/$ref").asString())
                    .isEqualTo("#/components/schemas/IterateView");
            assertThat(operation.at("/responses/200/content").propertyNames())
                    .containsExactly("application/json", "text/csv", "application/x-ndjson");
            assertThat(operation.at("/responses/406/content").propertyNames())
                    .containsExactly("application/problem+json");
        }

        @Test
        @DisplayName("a running job has no pages yet (409 job-not-finished), an unknown one is 404")
        void notFinished() throws Exception {
            String id = submitted(LONG);
            Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/trajectory")).andExpect(status().isConflict())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(PROBLEM + "job-not-finished"));
            Mvc.perform(mvc, get("/api/v1/jobs/" + UUID.randomUUID() + "/trajectory")).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.type").value(PROBLEM + "not-found"));
        }

        @Test
        @DisplayName("a job whose answer would be too large is refused before it runs, pointing to the pages; without "
                + "the trajectory in its answer it is accepted")
        void answerTooLarge() throws Exception {
            String job = """
                    {"optimization": {"objective": {"function": "sphere", "dimension": 10},
                     "maxIterations": 200000, "tolerance": 0, "trajectory": {"maxPoints": 100000%s}}}""";
            submit(job.formatted("")).andExpect(status().isUnprocessableContent())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(PROBLEM + "answer-too-large"))
                    // (100000 points + the minimum) × (10 variables + 4) + 32 numbers besides.
                    .andExpect(jsonPath("$.numbers").value(100_001L * 14 + 32))
                    .andExpect(jsonPath("$.maxNumbers").value(1_000_000))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                            "GET /api/v1/jobs/{id}/trajectory")));
            String id = submitted(job.formatted(", \"include\": false"));
            Mvc.perform(mvc, delete("/api/v1/jobs/" + id)).andExpect(status().isOk());
        }
    }

    @Nested
    @DisplayName("the event stream, read by a real HTTP client")
    class Events {

        /** One server-sent event. */
        record Event(String name, JsonNode data) {
        }

        private List<Event> stream(String id) throws Exception {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/jobs/" + id
                            + "/events")).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30))
                    .GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            List<Event> events = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5));
                    } else if (line.isEmpty() && name != null) {
                        events.add(new Event(name, json.readTree(data.toString())));
                        name = null;
                        data.setLength(0);
                    }
                }
            }
            return events;
        }

        /** The stream ends with one result event; the progress points run from the start to the last iterate. */
        private void assertComplete(List<Event> events) {
            assertThat(events).isNotEmpty();
            Event last = events.get(events.size() - 1);
            assertThat(last.name()).isEqualTo("result");
            assertThat(last.data().path("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(last.data().path("result").path("status").asString()).isEqualTo("MAX_ITERATIONS");
            List<Event> progress = events.subList(0, events.size() - 1);
            assertThat(progress).isNotEmpty().allMatch(e -> e.name().equals("progress"));
            List<Integer> iterations = new ArrayList<>();
            for (Event event : progress) {
                event.data().path("points").forEach(p -> iterations.add(p.path("iteration").asInt()));
            }
            // Every 3000th iterate (300000 iterations / 100 points), the start and the last among them.
            assertThat(iterations).hasSize(101).isSorted().doesNotHaveDuplicates();
            assertThat(iterations.get(0)).isZero();
            assertThat(iterations.get(100)).isEqualTo(300_000);
            assertThat(iterations).allMatch(k -> k % 3000 == 0);
            JsonNode lastPoint = progress.get(progress.size() - 1).data().path("points");
            assertThat(lastPoint.get(lastPoint.size() - 1).path("point"))
                    .isEqualTo(last.data().path("result").path("minimum").path("point"));
        }

        @Test
        @DisplayName("a client connected while the job runs gets progress events with the new points, then the result")
        void live() throws Exception {
            String id = submitted(STREAMED);
            assertComplete(stream(id));
        }

        @Test
        @DisplayName("under oneCycle, the streamed points carry each update's momentum, as the result's points do")
        void cycledMomentum() throws Exception {
            String id = submitted(STREAMED.replace("\"gd\", \"learningRate\": 1e-7}", "\"momentum\", "
                    + "\"learningRate\": 1e-7, \"momentum\": 0.9}, \"schedule\": {\"type\": \"oneCycle\", "
                    + "\"maxLearningRate\": 1e-7, \"totalSteps\": 300000}"));
            List<Event> events = stream(id);
            assertComplete(events);
            Map<Integer, JsonNode> answered = new HashMap<>();
            events.get(events.size() - 1).data().path("result").path("trajectory")
                    .forEach(p -> answered.put(p.path("iteration").asInt(), p));
            int streamed = 0;
            for (Event event : events.subList(0, events.size() - 1)) {
                for (JsonNode point : event.data().path("points")) {
                    int iteration = point.path("iteration").asInt();
                    streamed++;
                    if (iteration == 0) {
                        assertThat(point.has("momentum")).isFalse();
                    } else {
                        assertThat(point.path("momentum").asDouble()).as("point %d", iteration)
                                .isCloseTo(oneCycleMomentum(iteration - 1, 300_000), within(1e-12));
                    }
                    if (answered.containsKey(iteration)) {
                        assertThat(point).isEqualTo(answered.get(iteration));
                    }
                }
            }
            assertThat(streamed).isEqualTo(101);
            assertThat(answered).containsKey(300_000);
        }

        /**
         * PyTorch's OneCycleLR momentum at step {@code step} of {@code total} with its defaults (cos annealing,
         * pct_start 0.3, momentum from 0.95 down to 0.85 and back), as its documentation and code compute it.
         */
        private static double oneCycleMomentum(int step, int total) {
            double firstEnd = 0.3 * total - 1;
            double lastEnd = total - 1;
            boolean first = step <= firstEnd;
            double pct = first ? step / firstEnd : (step - firstEnd) / (lastEnd - firstEnd);
            double start = first ? 0.95 : 0.85;
            double end = first ? 0.85 : 0.95;
            return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
        }

        /** The first {@code count} events with an id (as id and data) after {@code lastEventId}, if given. */
        private List<String[]> withIds(String id, String lastEventId, int count) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/v1/jobs/" + id + "/events")).timeout(Duration.ofSeconds(30));
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            List<String[]> events = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                String eventId = null;
                for (String line = reader.readLine(); line != null && events.size() < count;
                     line = reader.readLine()) {
                    if (line.startsWith("id:")) {
                        eventId = line.substring(3);
                    } else if (line.startsWith("data:") && eventId != null) {
                        events.add(new String[] {eventId, line.substring(5)});
                        eventId = null;
                    }
                }
            }
            return events;
        }

        @Test
        @DisplayName("a client that reconnects with Last-Event-ID while the job runs resumes right after that event")
        void resume() throws Exception {
            String id = submitted(LONG);
            List<String[]> first = withIds(id, null, 3);
            assertThat(first).hasSize(3);
            assertThat(first.stream().map(event -> Long.parseLong(event[0]))).containsExactly(1L, 2L, 3L);
            List<String[]> resumed = withIds(id, "1", 2);
            assertThat(resumed.get(0)).containsExactly(first.get(1));
            assertThat(resumed.get(1)).containsExactly(first.get(2));
            assertThat(json.readTree(resumed.get(0)[1]).path("points")).isNotEmpty();
        }

        @Test
        @DisplayName("a client that connects after the end gets the result event only: the job, with the thinned "
                + "trajectory, as GET answers it")
        void late() throws Exception {
            String id = submitted(STREAMED);
            JsonNode done = await(id, JobApiTests::finished);
            List<Event> events = stream(id);
            assertThat(events).hasSize(1);
            assertThat(events.get(0).name()).isEqualTo("result");
            JsonNode result = events.get(0).data().path("result");
            assertThat(result).isEqualTo(done.path("result"));
            // 100 points evenly spread over the 300001 iterates, the start and the last among them.
            JsonNode trajectory = result.path("trajectory");
            assertThat(trajectory).hasSize(100);
            assertThat(trajectory.get(0).path("iteration").asInt()).isZero();
            assertThat(trajectory.get(99).path("iteration").asInt()).isEqualTo(300_000);
        }
    }

    @Nested
    @DisplayName("a client error")
    class ClientErrors {

        @Test
        @DisplayName("an unknown id is a 404 problem, on every endpoint")
        void unknownId() throws Exception {
            for (String id : List.of(UUID.randomUUID().toString(), "not-a-job")) {
                Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andExpect(status().isNotFound())
                        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .andExpect(jsonPath("$.type").value(PROBLEM + "not-found"))
                        .andExpect(jsonPath("$.instance").value("/api/v1/jobs/" + id));
                Mvc.perform(mvc, delete("/api/v1/jobs/" + id)).andExpect(status().isNotFound())
                        .andExpect(jsonPath("$.type").value(PROBLEM + "not-found"));
                Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/events").accept(MediaType.TEXT_EVENT_STREAM))
                        .andExpect(status().isNotFound())
                        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .andExpect(jsonPath("$.type").value(PROBLEM + "not-found"));
                Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/trajectory")).andExpect(status().isNotFound())
                        .andExpect(jsonPath("$.type").value(PROBLEM + "not-found"));
            }
        }

        @Test
        @DisplayName("names invalid fields under optimization. or comparison.")
        void invalid() throws Exception {
            submit("{}").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("body"));
            submit("""
                    {"optimization": {"objective": {"expression": "x^2"}, "start": {"x": 1},
                     "optimizer": {"type": "gd", "learningRate": -1}}}""").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value(PROBLEM + "invalid-request"))
                    .andExpect(jsonPath("$.errors[0].field").value("optimization.optimizer.learningRate"));
            submit("""
                    {"comparison": {"objective": {"expression": "x^2"}, "start": {"x": 1},
                     "runs": [{}, {"optimizer": {"type": "adam", "beta1": 1}}]}}""")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("comparison.runs[1].optimizer.beta1"));
            submit("""
                    {"optimization": {"objective": {"expression": "(x"}, "start": {"x": 1}}}""")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value(PROBLEM + "invalid-expression"))
                    .andExpect(jsonPath("$.errors[0].field").value("optimization.objective.expression"))
                    .andExpect(jsonPath("$.column").isNumber());
        }
    }
}
