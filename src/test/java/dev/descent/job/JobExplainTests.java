package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.descent.Mvc;
import dev.descent.engine.run.Checkpoint;
import dev.descent.engine.run.CheckpointCodec;
import dev.descent.engine.run.Descent;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.RunListener;
import dev.descent.comparison.ComparisonMapper;
import dev.descent.job.store.JobKind;
import dev.descent.job.store.JobStore;
import dev.descent.job.store.JobStore.Claim;
import dev.descent.job.store.JobState;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.RunPlan;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code explain} in a job: the job's result carries the explanation of the synchronous run of the same request, to
 * the bit (JSON writes every double so that it reads back to the same bits), also when the job was interrupted
 * inside or after its explained range and resumed from a checkpoint by another runner; results and checkpoints
 * stored in format 2, before jobs explained, are still read. The reference is the synchronous endpoint's answer,
 * itself checked against PyTorch's algorithm boxes by hand in {@code ExplainApiTests}.
 *
 * <p>The runners poll rarely here: a job inserted into the store stays queued until the test hands it over (a
 * submission wakes a runner at once, as it always does).
 */
@SpringBootTest(properties = "descent.jobs.poll-interval=1h")
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class JobExplainTests {

    /**
     * Adam with AMSGrad and L2 weight decay under a step schedule with norm clipping, on f(x, y) = x² + 3y² from
     * (1, -2): every kind of quantity an update has (clipped gradient and clip scale too); updates 3 to 12 explained.
     */
    private static final String ADAM = """
            {"objective": {"expression": "x^2 + 3*y^2"}, "start": {"x": 1, "y": -2},
             "optimizer": {"type": "adam", "learningRate": 0.1, "weightDecay": 0.5, "amsgrad": true},
             "schedule": {"type": "step", "stepSize": 4, "gamma": 0.5}, "clipping": {"maxNorm": 3},
             "maxIterations": 200, "tolerance": 0, "trajectory": {"maxPoints": 500},
             "explain": {"steps": 10, "from": 3}}""";

    /** RMSprop, centered with momentum, on Rosenbrock's function: 400 updates, 100 explained from update 101. */
    private static final String RMSPROP = """
            {"objective": {"expression": "(1 - x)^2 + 100 * (y - x^2)^2"}, "start": {"x": -1.2, "y": 1},
             "optimizer": {"type": "rmsprop", "learningRate": 0.001, "centered": true, "momentum": 0.5},
             "maxIterations": 400, "tolerance": 0, "gradientTolerance": 0, "trajectory": {"maxPoints": 100},
             "explain": {"steps": 100, "from": 101}}""";

    @Autowired
    MockMvc mvc;
    @Autowired
    JobStore store;
    @Autowired
    JobWorkers workers;
    @Autowired
    JobService jobs;
    @Autowired
    OptimizationMapper optimizations;
    @Autowired
    ComparisonMapper comparisons;
    @Autowired
    JobProperties properties;
    @Autowired
    JsonMapper serviceJson;

    private final JsonMapper json = JsonMapper.builder().build();

    private MockHttpServletResponse send(String path, String body) throws Exception {
        return Mvc.perform(mvc, post(path).contentType(MediaType.APPLICATION_JSON).content(body)).andReturn()
                .getResponse();
    }

    /** The synchronous answer to {@code optimization}, without its elapsed time. */
    private JsonNode synchronous(String optimization) throws Exception {
        MockHttpServletResponse response = send("/api/v1/optimizations", optimization);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return withoutElapsed(json.readTree(response.getContentAsString()));
    }

    /** The job, once it has finished. */
    private JsonNode finished(String id) throws Exception {
        return new JobRequests(mvc).succeeded(id);
    }

    private JsonNode submitted(String optimization) throws Exception {
        return finished(new JobRequests(mvc).submit("{\"optimization\": " + optimization + "}"));
    }

    /** The JSON without its elapsed times: the one part of a result that differs between runs of one problem. */
    private static JsonNode withoutElapsed(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.propertyNames().iterator(); names.hasNext(); ) {
                if (names.next().toLowerCase().contains("elapsed")) {
                    names.remove();
                }
            }
            object.forEach(JobExplainTests::withoutElapsed);
        } else if (node != null && node.isArray()) {
            node.forEach(JobExplainTests::withoutElapsed);
        }
        return node;
    }

    @Test
    @DisplayName("a job explains: its result carries the synchronous run's explanation, every number to the bit, "
            + "and the rest of its result is the synchronous answer too")
    void asTheSynchronousRun() throws Exception {
        JsonNode expected = synchronous(ADAM);
        JsonNode explanation = expected.path("explanation");
        assertThat(explanation.size()).isEqualTo(10);
        assertThat(explanation.get(0).path("iteration").asInt()).isEqualTo(3);
        // Update 5 is the first of the step schedule's second period (stepSize 4): γ = 0.1 · 0.5.
        assertThat(explanation.get(2).path("learningRate").asDouble()).isEqualTo(0.05);
        assertThat(explanation.get(0).path("clipScale").isNumber()).isTrue();
        // Update t's gradient is ∇f at iterate t - 1, (2x, 6y), the trajectory's point before it.
        JsonNode before = expected.at("/trajectory/2/point");
        assertThat(explanation.get(0).at("/variables/y/gradient").asDouble())
                .isCloseTo(6 * before.path("y").asDouble(), within(1e-15));

        assertSameRun(submitted(ADAM).path("result"), expected);
    }

    @Test
    @DisplayName("a job interrupted inside its explained range (update 150 of 101-200) and resumed from its "
            + "checkpoint by another runner explains as the uninterrupted run")
    void resumedInsideTheRange(CapturedOutput output) throws Exception {
        Checkpoint saved = resumed(RMSPROP, 150, CheckpointCodec.VERSION, output);
        assertThat(saved.explained().updates()).hasSize(50);
    }

    @Test
    @DisplayName("a job interrupted after its explained range (at update 300) and resumed from its checkpoint "
            + "explains as the uninterrupted run: the checkpoint carried all 100 explained updates")
    void resumedAfterTheRange(CapturedOutput output) throws Exception {
        Checkpoint saved = resumed(RMSPROP, 300, CheckpointCodec.VERSION, output);
        assertThat(saved.explained().updates()).hasSize(100);
    }

    @Test
    @DisplayName("a format 3 checkpoint (saved before checkpoints kept the direction), inside the explained range, is "
            + "resumed from, to the synchronous answer")
    void formatThreeCheckpoint(CapturedOutput output) throws Exception {
        Checkpoint saved = resumed(RMSPROP, 150, 3, output);
        assertThat(saved.explained().updates()).hasSize(50);
    }

    @Test
    @DisplayName("a format 2 checkpoint (saved before jobs explained) is resumed from, to the synchronous answer")
    void formatTwoCheckpoint(CapturedOutput output) throws Exception {
        String unexplained = RMSPROP.replace(",\n \"explain\": {\"steps\": 100, \"from\": 101}", "");
        assertThat(unexplained).doesNotContain("explain");
        resumed(unexplained, 200, 2, output);
    }

    @Test
    @DisplayName("a result stored in format 2 (before jobs explained) is still answered: the synchronous answer, "
            + "without explanation")
    void formatTwoResult() throws Exception {
        String request = """
                {"objective": {"expression": "x^2 + 3*y^2"}, "start": {"x": 1, "y": -2},
                 "optimizer": {"type": "adam", "learningRate": 0.1}, "maxIterations": 40, "tolerance": 0}""";
        String id = claimInserted(request);
        Claim claim = claim(id);
        RunPlan plan = plan(request).plans().get(0);
        Result result = plan.analyze(Descent.run(plan.problem())).compact(plan.trajectory().effectiveMaxPoints());
        byte[] six = StoredResult.of("optimization", List.of("optimization"), List.of(result)).toBytes();
        // Format 2: format 6 without the run's explained update count, averaged point's length, variable count,
        // momenta's length, legend and title (0, 0, 0, 0 and two empty strings: the last 20 bytes), version 2.
        assertThat(ByteBuffer.wrap(six).getInt(4)).isEqualTo(6);
        assertThat(ByteBuffer.wrap(six).getInt(six.length - 4)).isZero();
        assertThat(ByteBuffer.wrap(six).getLong(six.length - 12)).isZero();
        assertThat(ByteBuffer.wrap(six).getLong(six.length - 20)).isZero();
        byte[] two = Arrays.copyOf(six, six.length - 20);
        ByteBuffer.wrap(two).putInt(4, 2);
        assertThat(store.finish(claim.lease(), JobState.SUCCEEDED, two, null, 5)).isTrue();

        JsonNode job = finished(id);
        assertThat(job.path("result").has("explanation")).isFalse();
        assertSameRun(job.path("result"), synchronous(request));
    }

    @Test
    @DisplayName("a comparison has no explain: a 400 naming the field, synchronous and as a job alike")
    void notInComparisons() throws Exception {
        String comparison = """
                {"objective": {"expression": "x^2"}, "start": {"x": 1}, "learningRates": [0.1, 0.2],
                 "explain": {"steps": 3}}""";
        MockHttpServletResponse synchronous = send("/api/v1/comparisons", comparison);
        assertThat(synchronous.getStatus()).isEqualTo(400);
        assertThat(json.readTree(synchronous.getContentAsString()).at("/errors/0/field").asString())
                .isEqualTo("explain");
        MockHttpServletResponse job = send("/api/v1/jobs", "{\"comparison\": " + comparison + "}");
        assertThat(job.getStatus()).isEqualTo(400);
        assertThat(json.readTree(job.getContentAsString()).at("/errors/0/field").asString())
                .isEqualTo("comparison.explain");
    }

    @Test
    @DisplayName("an explanation counts in a job's answer size as in a synchronous one: 100 updates of 10,000 "
            + "variables are a 422 naming their numbers, the same job without explain runs")
    void counted() throws Exception {
        String large = """
                {"objective": {"function": "sphere", "dimension": 10000},
                 "optimizer": {"type": "adam", "learningRate": 0.1}, "maxIterations": 100, "tolerance": 0,
                 "trajectory": {"include": false}%s}""";
        MockHttpServletResponse refused = send("/api/v1/jobs",
                "{\"optimization\": " + large.formatted(", \"explain\": {\"steps\": 100}") + "}");
        assertThat(refused.getStatus()).as(refused.getContentAsString()).isEqualTo(422);
        JsonNode problem = json.readTree(refused.getContentAsString());
        assertThat(problem.path("type").asString()).endsWith("answer-too-large");
        // Each update holds, per variable, up to every quantity of the box (19, Quantity's constants).
        assertThat(problem.path("numbers").asLong()).isGreaterThanOrEqualTo(100L * 10_000 * 19)
                .isGreaterThan(problem.path("maxNumbers").asLong());
        assertThat(problem.path("detail").asString()).contains("explain.steps");
        JsonNode job = submitted(large.formatted(""));
        assertThat(job.at("/result/iterations").asInt()).isEqualTo(100);
    }

    /**
     * Inserts {@code optimization} as a job, claims it as a runner that then goes away would, runs it to update
     * {@code at} and saves its checkpoint there (in format {@code version}: 2 is 3 without the explained updates),
     * releases it, and hands it to the service's runners; checks that they resumed it and that its answer is the
     * synchronous one. Answers the checkpoint saved.
     */
    private Checkpoint resumed(String optimization, int at, int version, CapturedOutput output) throws Exception {
        JsonNode expected = synchronous(optimization);
        String id = claimInserted(optimization);
        Claim claim = claim(id);
        RunPlan plan = plan(optimization).plans().get(0);
        Checkpoint[] taken = new Checkpoint[1];
        Result stopped = Descent.run(plan.problem(), new RunListener() {
            private int iteration;

            @Override
            public void onIterate(int iteration, double[] point, double value, double gradientNorm, double rate) {
                this.iteration = iteration;
            }

            @Override
            public boolean checkpointWanted() {
                return iteration == at && taken[0] == null;
            }

            @Override
            public void onCheckpoint(Checkpoint checkpoint) {
                taken[0] = checkpoint;
            }

            @Override
            public boolean cancelled() {
                return taken[0] != null;
            }
        });
        assertThat(stopped.iterations()).isEqualTo(at);
        Checkpoint checkpoint = taken[0];
        byte[] bytes = CheckpointCodec.toBytes(checkpoint);
        if (version < CheckpointCodec.VERSION) {
            // Version 3's bytes are version 4's without the direction, its last byte; version 2's are version 3's
            // without the explained update count.
            bytes = Arrays.copyOf(bytes, bytes.length - 1);
            ByteBuffer.wrap(bytes).putInt(4, 3);
        }
        if (version == 2) {
            assertThat(checkpoint.explained().updates()).isEmpty();
            bytes = Arrays.copyOf(bytes, bytes.length - 4);
            ByteBuffer.wrap(bytes).putInt(4, 2);
        }
        assertThat(store.saveCheckpoint(claim.lease(), 0, version, bytes, checkpoint.recordedRows(), null)).isTrue();
        assertThat(store.release(claim.lease(), 10)).isTrue();

        assertThat(workers.claimNow()).isTrue();
        JsonNode job = finished(id);
        assertThat(store.find(id).orElseThrow().starts()).isEqualTo(2);
        assertThat(output.getOut()).as("resumed, not started over").doesNotContain("job " + id + " has");
        assertSameRun(job.path("result"), expected);
        return checkpoint;
    }

    /**
     * The job's result is the synchronous answer's run: the same explanation (or none), trajectory, minimum, last
     * iterate, counts and verdict.
     */
    private static void assertSameRun(JsonNode result, JsonNode expected) {
        for (String field : List.of("explanation", "trajectory", "minimum", "last", "iterations", "status",
                "stopReason", "functionEvaluations", "gradientEvaluations", "diagnosis", "curvature")) {
            assertThat(result.get(field)).as(field).isEqualTo(expected.get(field));
        }
    }

    /** Inserts {@code optimization} as a queued job once no job runs here (so that no runner takes it first). */
    private String claimInserted(String optimization) throws Exception {
        for (int i = 0; i < 500 && !jobs.runningHere().isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(jobs.runningHere()).isEmpty();
        String id = UUID.randomUUID().toString();
        store.insert(new JobStore.NewJob(id, JobKind.OPTIMIZATION, "{\"optimization\": " + optimization + "}",
                null));
        return id;
    }

    /** Claims the job {@code id}, as a runner of a replica that then goes away. */
    private Claim claim(String id) {
        Claim claim = store.claim("gone-0", Duration.ofHours(1)).orElseThrow();
        assertThat(claim.job().id()).isEqualTo(id);
        return claim;
    }

    private JobPlan plan(String optimization) {
        return JobPlan.of(serviceJson.readValue("{\"optimization\": " + optimization + "}", JobRequest.class),
                optimizations, comparisons, JobPlan.limits(optimizations, properties));
    }
}
