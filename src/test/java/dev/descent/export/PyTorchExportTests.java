package dev.descent.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.descent.Mvc;
import dev.descent.job.JobRequests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POST /api/v1/exports/pytorch: the exported script, run with Debian's {@code /usr/bin/python3} and its
 * {@code python3-torch}, prints the service's own trajectory (POST /api/v1/optimizations, every iterate) to 1e-10
 * relative, for every optimizer variant, schedules with and without a warmup, and a catalog function; the settings it
 * does not export are 400s naming the field. Where torch is absent the runs are skipped with a message, except in CI
 * ({@code CI=true}), where they fail.
 */
@SpringBootTest
@AutoConfigureMockMvc
class PyTorchExportTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PYTHON = "/usr/bin/python3";
    private static final double TOLERANCE = 1e-10;

    /** A 2-D formula with sin, exp, a constant power, a power of a variable, abs and a division by a constant. */
    private static final String FORMULA = "(1-x)^2 + 100*(y-x^2)^2 + sin(x*y) + 0.1*exp(0.3*y) + abs(x)^1.5"
            + " + 2^(0.1*x) + log10(1 + y^2) / 3";

    @Autowired
    MockMvc mvc;

    @TempDir
    Path directory;

    private static String torchMissing;

    @BeforeAll
    static void torchAvailable() throws Exception {
        String reason = null;
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!probe.waitFor(120, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                reason = PYTHON + " -c 'import torch' took over 2 minutes";
            } else if (probe.exitValue() != 0) {
                reason = PYTHON + " cannot import torch: " + output.strip();
            }
        } catch (java.io.IOException e) {
            reason = "no " + PYTHON + ": " + e.getMessage();
        }
        torchMissing = reason;
    }

    private static void assumeTorch() {
        if (torchMissing != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must run the exported scripts (install python3-torch): " + torchMissing);
        }
        Assumptions.assumeTrue(torchMissing == null, () -> "Skipped: " + torchMissing
                + " (Debian: apt-get install python3-torch)");
    }

    private MockHttpServletResponse send(String path, String body) throws Exception {
        return Mvc.perform(mvc, post(path).contentType(MediaType.APPLICATION_JSON).content(body)).andReturn()
                .getResponse();
    }

    private String export(String body) throws Exception {
        MockHttpServletResponse response = send("/api/v1/exports/pytorch", body);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("text/x-python");
        assertThat(response.getHeader("Content-Disposition")).contains("attachment").contains("descent-run.py");
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    /** The service's trajectory for {@code body}, every iterate. */
    private JsonNode trajectory(String body) throws Exception {
        JsonNode request = JSON.readTree(body);
        String withPoints = body.strip().replaceFirst("}$", ", \"trajectory\": {\"maxPoints\": 5000}}");
        MockHttpServletResponse response = send("/api/v1/optimizations", withPoints);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.getContentAsString());
        assertThat(request).isNotNull();
        return answer.path("trajectory");
    }

    private List<JsonNode> run(String script) throws Exception {
        Path file = directory.resolve("descent-run.py");
        Files.writeString(file, script);
        Process python = new ProcessBuilder(PYTHON, file.toString()).redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        byte[] out = python.getInputStream().readAllBytes();
        byte[] err = python.getErrorStream().readAllBytes();
        assertThat(python.waitFor(120, TimeUnit.SECONDS)).as("the script ends within 2 minutes").isTrue();
        assertThat(python.exitValue()).as(new String(err, StandardCharsets.UTF_8) + "\n" + script).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    /** The script's lines are the service's iterates, one for one, each coordinate and value to 1e-10 relative. */
    private void reproduces(String body) throws Exception {
        assumeTorch();
        reproduces(body, export(body));
    }

    /** {@code script}'s lines are the service's iterates for {@code body}, as {@link #reproduces(String)}. */
    private void reproduces(String body, String script) throws Exception {
        assumeTorch();
        JsonNode expected = trajectory(body);
        List<JsonNode> actual = run(script);
        assertThat(actual).as("one line per iterate").hasSize(expected.size());
        assertThat(actual.size()).as("the run made updates").isGreaterThan(10);
        for (int k = 0; k < actual.size(); k++) {
            int iteration = k;
            JsonNode want = expected.get(k);
            JsonNode got = actual.get(k);
            assertThat(got.path("iteration").asInt()).isEqualTo(want.path("iteration").asInt());
            close(got.path("value").asDouble(), want.path("value").asDouble(), "value at iteration " + k);
            want.path("point").properties().forEach(e -> close(got.path("point").path(e.getKey()).asDouble(),
                    e.getValue().asDouble(), e.getKey() + " at iteration " + iteration));
            assertThat(got.path("point").size()).isEqualTo(want.path("point").size());
        }
    }

    private static void close(double actual, double expected, String what) {
        double scale = Math.max(Math.abs(expected), Math.abs(actual));
        assertThat(Math.abs(actual - expected)).as("%s: %s against the service's %s", what, actual, expected)
                .isLessThanOrEqualTo(TOLERANCE * scale);
    }

    private static String formula(String optimizer, String rest) {
        return "{\"objective\": {\"expression\": \"" + FORMULA + "\"}, \"start\": {\"x\": -1.2, \"y\": 1},"
                + " \"optimizer\": " + optimizer + ", \"maxIterations\": 50, \"tolerance\": 0" + rest + "}";
    }

    @Nested
    class Optimizers {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "{\"type\": \"gd\", \"learningRate\": 1e-4, \"weightDecay\": 0.01}",
            "{\"type\": \"momentum\", \"learningRate\": 1e-4, \"momentum\": 0.8, \"dampening\": 0.2}",
            "{\"type\": \"nesterov\", \"learningRate\": 1e-4, \"momentum\": 0.9}",
            "{\"type\": \"adagrad\", \"learningRate\": 0.05, \"lrDecay\": 0.01, \"initialAccumulatorValue\": 0.1}",
            "{\"type\": \"rmsprop\", \"learningRate\": 0.005, \"momentum\": 0.5, \"centered\": true}",
            "{\"type\": \"adadelta\", \"learningRate\": 1.0, \"rho\": 0.8}",
            "{\"type\": \"adam\", \"learningRate\": 0.02, \"amsgrad\": true}",
            "{\"type\": \"adamw\", \"learningRate\": 0.02, \"weightDecay\": 0.1}",
            "{\"type\": \"adamax\", \"learningRate\": 0.02}",
            "{\"type\": \"nadam\", \"learningRate\": 0.02, \"weightDecay\": 0.01}",
            "{\"type\": \"radam\", \"learningRate\": 5e-4}",
            "{\"type\": \"rprop\", \"learningRate\": 0.01, \"etaMinus\": 0.4, \"maxStepSize\": 0.5}",
            "{\"type\": \"asgd\", \"learningRate\": 1e-4, \"lambda\": 0.01, \"t0\": 10, \"weightDecay\": 0.01}",
            // PyTorch 2's maximize (on -f, a climb; torch 1.13 has it but on NAdam and RAdam) and decoupled weight decay
            "{\"type\": \"gd\", \"learningRate\": 1e-4, \"weightDecay\": 0.01, \"maximize\": true}",
            "{\"type\": \"adam\", \"learningRate\": 0.02, \"weightDecay\": 0.1, \"maximize\": true}",
            "{\"type\": \"nadam\", \"learningRate\": 0.02, \"weightDecay\": 0.1, \"decoupledWeightDecay\": true, "
                    + "\"maximize\": true}",
            "{\"type\": \"radam\", \"learningRate\": 5e-4, \"weightDecay\": 0.1, \"decoupledWeightDecay\": true}",
            "{\"type\": \"radam\", \"learningRate\": 5e-4, \"weightDecay\": 0.1, \"maximize\": true}",
            // One optimizer.step(closure) per update; a history of 3 that shifts, and the strong Wolfe search.
            "{\"type\": \"lbfgs\", \"learningRate\": 0.1, \"maxIter\": 1, \"historySize\": 3}",
            "{\"type\": \"lbfgs\", \"maxIter\": 1, \"lineSearchFn\": \"strong_wolfe\", \"maxEval\": 4}"})
        void everyVariantReproducesTheServicesTrajectory(String optimizer) throws Exception {
            reproduces(formula(optimizer, ""));
        }

        @Test
        void aCatalogFunctionWithItsDefaultStartAndTheServicesStoppingPoint() throws Exception {
            // The default tolerance stops the run early: the script makes as many updates. (The minimum is away
            // from 0, in x and in f, so that relative differences stay meaningful.)
            reproduces("{\"objective\": {\"function\": \"styblinski-tang\"}, \"optimizer\": {\"type\": \"gd\", "
                    + "\"learningRate\": 0.01}, \"maxIterations\": 2000}");
        }
    }

    @Nested
    class Schedules {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "{\"type\": \"cosine\", \"tMax\": 30, \"etaMin\": 1e-5, \"warmup\": {\"steps\": 5, \"startFactor\": 0.1}}",
            "{\"type\": \"step\", \"stepSize\": 10, \"gamma\": 0.5}",
            "{\"type\": \"cosine\", \"tMax\": 20, \"etaMin\": 1e-4}",
            "{\"type\": \"multiStep\", \"milestones\": [5, 20], \"gamma\": 0.3, \"warmup\": {\"steps\": 3}}",
            "{\"type\": \"exponential\", \"gamma\": 0.97}",
            "{\"type\": \"inverseTime\", \"power\": 0.5}",
            "{\"type\": \"reduceOnPlateau\", \"factor\": 0.5, \"patience\": 2, \"threshold\": 0.01}"})
        void aScheduleReproducesTheServicesTrajectory(String schedule) throws Exception {
            reproduces(formula("{\"type\": \"adam\", \"learningRate\": 0.05}", ", \"schedule\": " + schedule));
        }

        /**
         * Issue 14's schedules as their torch classes (LinearLR, PolynomialLR with a warmup as a LambdaLR,
         * CosineAnnealingWarmRestarts, OneCycleLR cycling SGD's momentum, RMSprop's and Adam's beta1, CyclicLR
         * cycling SGD's momentum, SequentialLR); CyclicLR on Adam has the script set beta1 itself (torch 1.13's
         * CyclicLR refuses).
         */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "{\"type\": \"adam\", \"learningRate\": 0.05} | {\"type\": \"linear\", \"startFactor\": 0.2, \"totalIters\": 20}",
            "{\"type\": \"adam\", \"learningRate\": 0.05} | {\"type\": \"polynomial\", \"totalIters\": 40, \"power\": 2, "
                    + "\"warmup\": {\"steps\": 5}}",
            "{\"type\": \"gd\", \"learningRate\": 1e-4} | {\"type\": \"cosineWarmRestarts\", \"t0\": 4, \"tMult\": 2, "
                    + "\"etaMin\": 1e-6}",
            "{\"type\": \"momentum\", \"learningRate\": 1e-4, \"momentum\": 0.9} | {\"type\": \"oneCycle\", "
                    + "\"maxLearningRate\": 2e-4, \"totalSteps\": 50}",
            "{\"type\": \"rmsprop\", \"learningRate\": 0.01} | {\"type\": \"oneCycle\", \"maxLearningRate\": 0.02, "
                    + "\"totalSteps\": 60, \"annealStrategy\": \"linear\", \"threePhase\": true}",
            "{\"type\": \"adam\", \"learningRate\": 0.05} | {\"type\": \"oneCycle\", \"maxLearningRate\": 0.1, "
                    + "\"totalSteps\": 50}",
            "{\"type\": \"momentum\", \"learningRate\": 1e-5, \"momentum\": 0.9} | {\"type\": \"cyclic\", "
                    + "\"maxLearningRate\": 2e-4, \"stepSizeUp\": 6, \"mode\": \"triangular2\"}",
            "{\"type\": \"adam\", \"learningRate\": 0.01} | {\"type\": \"cyclic\", \"maxLearningRate\": 0.1, "
                    + "\"stepSizeUp\": 7, \"stepSizeDown\": 4, \"mode\": \"exp_range\", \"gamma\": 0.98}",
            "{\"type\": \"adam\", \"learningRate\": 0.05} | {\"type\": \"sequential\", \"milestones\": [5, 30], "
                    + "\"schedules\": [{\"type\": \"linear\", \"startFactor\": 0.1, \"totalIters\": 5}, "
                    + "{\"type\": \"cosineWarmRestarts\", \"t0\": 10}, {\"type\": \"constant\"}]}"})
        void aCyclingScheduleReproducesTheServicesTrajectory(String optimizerAndSchedule) throws Exception {
            String[] parts = optimizerAndSchedule.split(" \\| ");
            reproduces(formula(parts[0], ", \"schedule\": " + parts[1]));
        }
    }

    /**
     * Regressions: the script carries the data set and, for a shuffled mini-batch run, the engine's row orders;
     * its loss is the engine's arithmetic, so the trajectory (batch losses included) is the service's.
     */
    @Nested
    class Regressions {

        private static final String SYNTHETIC = "\"synthetic\": {\"samples\": 50, \"coefficients\": [3, -2], "
                + "\"intercept\": 4, \"noise\": 0.5, \"seed\": 7}";

        @Test
        void linearFullBatchWithStandardizationAndPenalties() throws Exception {
            reproduces("{\"objective\": {\"regression\": {\"model\": \"linear\", \"standardize\": true, "
                    + "\"l1\": 0.01, \"l2\": 0.1, " + SYNTHETIC + "}}, \"optimizer\": {\"type\": \"adam\", "
                    + "\"learningRate\": 0.1}, \"maxIterations\": 60, \"tolerance\": 0}");
        }

        @Test
        void linearMiniBatchWithASeedVisitsTheRowsInTheServicesOrder() throws Exception {
            // 50 rows in batches of 8: 7 batches an epoch, the last of 2 rows; 40 updates cross 5 shuffles.
            reproduces("{\"objective\": {\"regression\": {\"model\": \"linear\", " + SYNTHETIC + "}}, "
                    + "\"optimizer\": {\"type\": \"momentum\", \"learningRate\": 0.02, \"momentum\": 0.9}, "
                    + "\"batchSize\": 8, \"seed\": 42, \"maxIterations\": 40, \"tolerance\": 0}");
        }

        @Test
        void logisticStochasticFromZeroWhereEveryRowHasZEqualToZero() throws Exception {
            reproduces("{\"objective\": {\"regression\": {\"model\": \"logistic\", \"synthetic\": "
                    + "{\"samples\": 30, \"coefficients\": [2, -1.5], \"intercept\": -0.5, \"seed\": 3}}}, "
                    + "\"optimizer\": {\"type\": \"adam\", \"learningRate\": 0.05}, \"batchSize\": 1, "
                    + "\"seed\": 11, \"maxIterations\": 75, \"tolerance\": 0}");
        }

        @Test
        void logisticMiniBatchWithoutInterceptWithAScheduleOnInlineDataWithAnOddFeatureName() throws Exception {
            // A feature name is a string literal in the script: a quote in it must not end it (and run code).
            reproduces("{\"objective\": {\"regression\": {\"model\": \"logistic\", \"fitIntercept\": false, "
                    + "\"data\": {\"features\": [[0.5, 1], [1.5, -1], [-1, 2], [2, 0.5], [-0.5, -2], [1, 1]], "
                    + "\"targets\": [1, 0, 1, 1, 0, 1], \"featureNames\": [\"a\\\"); print(\\\"x\", \"é\\\\n\"]}}}, "
                    + "\"optimizer\": {\"type\": \"gd\", \"learningRate\": 0.5}, \"batchSize\": 4, "
                    + "\"schedule\": {\"type\": \"step\", \"stepSize\": 5, \"gamma\": 0.5}, "
                    + "\"maxIterations\": 30, \"tolerance\": 0}");
        }

        @Test
        void aDataSetTooLargeToWriteOutIsTheAnswerBudgetsProblemBeforeAnyWork() throws Exception {
            MockHttpServletResponse response = send("/api/v1/exports/pytorch", "{\"objective\": {\"regression\": "
                    + "{\"model\": \"linear\", \"synthetic\": {\"samples\": 400000, \"coefficients\": [1, 2]}}}, "
                    + "\"optimizer\": {\"type\": \"gd\", \"learningRate\": 0.1}, \"maxIterations\": 1}");
            assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(422);
            JsonNode problem = JSON.readTree(response.getContentAsString());
            assertThat(problem.path("type").asString()).endsWith("answer-too-large");
            // 400,000 rows of 2 features and a target, and the 2 means and scales
            assertThat(problem.path("numbers").asLong()).isEqualTo(400_000L * 3 + 4);
            assertThat(problem.path("maxNumbers").asLong()).isEqualTo(1_000_000L);
            assertThat(problem.path("detail").asString()).contains("data set inline");
        }
    }

    /**
     * Clipping between backward and step (torch's clip_grad_norm_ is the engine's arithmetic: factor maxNorm /
     * (norm + 1e-6), clamped to 1) and bounds as a clamp after the step; each run below is one the setting changes.
     */
    @Nested
    class ClippingAndBounds {

        /** Whether the service's trajectory for {@code body} has a coordinate of {@code variable} equal to {@code bound}. */
        private boolean touches(String body, String variable, double bound) throws Exception {
            for (JsonNode iterate : trajectory(body)) {
                if (iterate.path("point").path(variable).asDouble() == bound) {
                    return true;
                }
            }
            return false;
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"{\"maxNorm\": 5}", "{\"maxValue\": 2}"})
        void clippingReproducesTheServicesTrajectory(String clipping) throws Exception {
            // The gradient at the start is in the hundreds: every early update is clipped.
            reproduces(formula("{\"type\": \"momentum\", \"learningRate\": 1e-3, \"momentum\": 0.9}",
                    ", \"clipping\": " + clipping));
        }

        @Test
        void boundsReproduceTheServicesTrajectory() throws Exception {
            String body = formula("{\"type\": \"adam\", \"learningRate\": 0.05}",
                    ", \"bounds\": {\"x\": [-1.25, -1.1], \"y\": [0.9, 1.3]}");
            assertThat(touches(body, "x", -1.1) || touches(body, "x", -1.25) || touches(body, "y", 0.9)
                    || touches(body, "y", 1.3)).as("a bound is active").isTrue();
            reproduces(body);
        }

        @Test
        void aMiniBatchRegressionWithClippingAndABound() throws Exception {
            String body = "{\"objective\": {\"regression\": {\"model\": \"linear\", \"synthetic\": "
                    + "{\"samples\": 40, \"coefficients\": [3, -2], \"intercept\": 4, \"seed\": 7}}}, "
                    + "\"optimizer\": {\"type\": \"adam\", \"learningRate\": 0.2}, \"batchSize\": 10, "
                    + "\"seed\": 1, \"clipping\": {\"maxValue\": 3}, \"bounds\": {\"intercept\": [0, 1.5]}, "
                    + "\"maxIterations\": 40, \"tolerance\": 0}";
            assertThat(touches(body, "intercept", 1.5)).as("the intercept's bound is active").isTrue();
            reproduces(body);
        }
    }

    /** GET /api/v1/jobs/{id}/exports/pytorch: the script of an optimization job's run, without running it again. */
    @Nested
    class JobExports {

        private static final String MINI_BATCH = "{\"objective\": {\"regression\": {\"model\": \"linear\", "
                + "\"synthetic\": {\"samples\": 30, \"coefficients\": [1.5], \"intercept\": 2, \"seed\": 5}}}, "
                + "\"optimizer\": {\"type\": \"nesterov\", \"learningRate\": 0.05, \"momentum\": 0.8}, "
                + "\"batchSize\": 7, \"seed\": 9, \"maxIterations\": 25, \"tolerance\": 0}";

        private String submit(String job) throws Exception {
            return new JobRequests(mvc).submit(job);
        }

        private String awaitFinished(String id) throws Exception {
            return new JobRequests(mvc).ended(id).path("state").asString();
        }

        private MockHttpServletResponse exportOf(String id) throws Exception {
            return Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/exports/pytorch")).andReturn().getResponse();
        }

        @Test
        void anOptimizationJobsScriptReproducesTheServicesTrajectory() throws Exception {
            String id = submit("{\"optimization\": " + MINI_BATCH + "}");
            assertThat(awaitFinished(id)).isEqualTo("SUCCEEDED");
            MockHttpServletResponse response = exportOf(id);
            assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
            assertThat(response.getContentType()).startsWith("text/x-python");
            assertThat(response.getHeader("Content-Disposition")).contains("attachment").contains("descent-run.py");
            String script = response.getContentAsString(StandardCharsets.UTF_8);
            assertThat(script).contains("ORDERS = torch.tensor([");
            reproduces(MINI_BATCH, script);
        }

        @Test
        void aComparisonJobIsA400NamingTheId() throws Exception {
            String id = submit("{\"comparison\": {\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 1}, "
                    + "\"runs\": [{\"optimizer\": {\"type\": \"gd\", \"learningRate\": 0.1}}, "
                    + "{\"optimizer\": {\"type\": \"adam\", \"learningRate\": 0.1}}]}}");
            MockHttpServletResponse response = exportOf(id);
            assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
            assertThat(response.getContentAsString()).contains("\"id\"").contains("comparison");
        }

        @Test
        void anUnknownJobIs404AndAnUnfinishedOne409() throws Exception {
            assertThat(exportOf("00000000-0000-0000-0000-000000000000").getStatus()).isEqualTo(404);
            assertThat(exportOf("not-a-job").getStatus()).isEqualTo(404);
            String id = submit("{\"optimization\": {\"objective\": {\"expression\": \"x^2 + y^2\"}, "
                    + "\"start\": {\"x\": 1, \"y\": 1}, \"optimizer\": {\"type\": \"gd\", \"learningRate\": 1e-9}, "
                    + "\"maxIterations\": 1000000000, \"tolerance\": 0}}");
            MockHttpServletResponse response = exportOf(id);
            assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(409);
            assertThat(response.getContentAsString()).contains("job-not-finished");
            Mvc.perform(mvc, delete("/api/v1/jobs/" + id)).andReturn();
        }
    }

    @Nested
    class NotExported {

        private JsonNode problem(String body) throws Exception {
            MockHttpServletResponse response = send("/api/v1/exports/pytorch", body);
            assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
            assertThat(response.getContentType()).startsWith("application/problem+json");
            return JSON.readTree(response.getContentAsString());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"lineSearch", "schedule.warmup"})
        void aSettingTheExportDoesNotSupportIsA400NamingIt(String field) throws Exception {
            String rest = switch (field) {
                case "lineSearch" -> ", \"lineSearch\": {}";
                default -> ", \"schedule\": {\"type\": \"reduceOnPlateau\", \"warmup\": {\"steps\": 3}}";
            };
            JsonNode problem = problem(formula("{\"type\": \"gd\", \"learningRate\": 1e-4}", rest));
            assertThat(problem.path("errors").toString()).contains("\"" + field + "\"")
                    .contains("does not support");
        }

        @Test
        void anInvalidRequestIsTheMappersProblem() throws Exception {
            JsonNode problem = problem("{\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 1}, "
                    + "\"optimizer\": {\"type\": \"adam\", \"lr\": 0.1}}");
            assertThat(problem.path("errors").toString()).contains("optimizer.lr").contains("learningRate");
        }
    }
}
