package dev.descent.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.descent.Mvc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
 * POST /api/v1/exports/optax (and GET /api/v1/jobs/{id}/exports/optax). Optax and jax are not in Debian and there
 * is no PyPI here, so: every snippet parses with {@code /usr/bin/python3}'s {@code ast}; its optimizer, read back
 * from the syntax tree by Python, is the Optax alias whose documented rule is torch's with the request's
 * hyperparameters, keyword by keyword; the rules Optax computes otherwise are 400s naming the field; and where
 * {@code import optax} works (never in this CI), the snippet is run and compared with the service's trajectory.
 */
@SpringBootTest
@AutoConfigureMockMvc
class OptaxExportTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PYTHON = "/usr/bin/python3";

    /** Reads a snippet on stdin; prints its optimizer: {alias, keywords, decay (the chained L2 weight or null)}. */
    private static final String READ_OPTIMIZER = """
            import ast, json, sys
            tree = ast.parse(sys.stdin.read())
            made = next(n.value for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "optimizer")
            decay = None
            if made.func.attr == "chain":
                decay = ast.literal_eval(made.args[0].args[0])
                assert made.args[0].func.attr == "add_decayed_weights"
                made = made.args[1]
            keywords = {}
            for k in made.keywords:
                keywords[k.arg] = k.value.id if isinstance(k.value, ast.Name) else ast.literal_eval(k.value)
            print(json.dumps({"alias": made.func.attr, "keywords": keywords, "decay": decay}))
            """;

    @Autowired
    MockMvc mvc;

    @TempDir
    Path directory;

    private MockHttpServletResponse send(String body) throws Exception {
        return Mvc.perform(mvc, post("/api/v1/exports/optax").contentType(MediaType.APPLICATION_JSON).content(body))
                .andReturn().getResponse();
    }

    private String export(String body) throws Exception {
        MockHttpServletResponse response = send(body);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("text/x-python");
        assertThat(response.getHeader("Content-Disposition")).contains("descent-run-optax.py");
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    private static String python(String stdin, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON));
        command.addAll(List.of(arguments));
        Process python;
        try {
            python = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("no " + PYTHON + ": " + e.getMessage());
            throw e;
        }
        python.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(out + "\n" + stdin).isZero();
        return out;
    }

    /** The snippet parses, and its optimizer as Python reads it back. */
    private JsonNode optimizerOf(String snippet) throws Exception {
        python(snippet, "-c", "import ast,sys; ast.parse(sys.stdin.read())");
        return JSON.readTree(python(snippet, "-c", READ_OPTIMIZER));
    }

    private static String formula(String optimizer, String rest) {
        return "{\"objective\": {\"expression\": \"(1-x)^2 + 100*(y-x^2)^2 + sin(x*y) + asin(0.1*x)\"}, "
                + "\"start\": {\"x\": -1.2, \"y\": 1}, \"optimizer\": " + optimizer + ", \"maxIterations\": 30, "
                + "\"tolerance\": 0" + rest + "}";
    }

    /**
     * Each variant Optax computes by torch's rule: the alias and each keyword as torch's documentation maps it
     * (Optax's sgd trace is torch's momentum buffer without dampening; rmsprop's eps outside the root without bias
     * correction; adamax's eps inside the max; adamw's decay decoupled; an L2 weightDecay chained before).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"type": "gd", "learningRate": 0.001, "weightDecay": 0.01}                    | sgd      | {"learning_rate": 0.001}                                                    | 0.01
            {"type": "momentum", "learningRate": 0.001, "momentum": 0.8}                  | sgd      | {"learning_rate": 0.001, "momentum": 0.8, "nesterov": false}                 |
            {"type": "nesterov", "learningRate": 0.001, "momentum": 0.7}                  | sgd      | {"learning_rate": 0.001, "momentum": 0.7, "nesterov": true}                  |
            {"type": "adagrad", "learningRate": 0.05, "epsilon": 0, "initialAccumulatorValue": 0.2} | adagrad | {"learning_rate": 0.05, "initial_accumulator_value": 0.2, "eps": 0.0} |
            {"type": "rmsprop", "learningRate": 0.005, "alpha": 0.95, "momentum": 0.5, "centered": true} | rmsprop | {"learning_rate": 0.005, "decay": 0.95, "eps": 1e-8, "initial_scale": 0.0, "eps_in_sqrt": false, "centered": true, "momentum": 0.5, "nesterov": false, "bias_correction": false} |
            {"type": "rmsprop", "learningRate": 0.005}                                    | rmsprop  | {"learning_rate": 0.005, "decay": 0.99, "eps": 1e-8, "initial_scale": 0.0, "eps_in_sqrt": false, "centered": false, "momentum": null, "nesterov": false, "bias_correction": false} |
            {"type": "adadelta", "learningRate": 1.0, "rho": 0.8}                         | adadelta | {"learning_rate": 1.0, "rho": 0.8, "eps": 1e-6}                              |
            {"type": "adam", "learningRate": 0.02, "weightDecay": 0.1}                    | adam     | {"learning_rate": 0.02, "b1": 0.9, "b2": 0.999, "eps": 1e-8, "eps_root": 0.0} | 0.1
            {"type": "adamw", "learningRate": 0.02, "weightDecay": 0.1}                   | adamw    | {"learning_rate": 0.02, "b1": 0.9, "b2": 0.999, "eps": 1e-8, "eps_root": 0.0, "weight_decay": 0.1} |
            {"type": "adamax", "learningRate": 0.02, "beta2": 0.99}                       | adamax   | {"learning_rate": 0.02, "b1": 0.9, "b2": 0.99, "eps": 1e-8}                  |
            {"type": "radam", "learningRate": 0.001, "epsilon": 0}                        | radam    | {"learning_rate": 0.001, "b1": 0.9, "b2": 0.999, "eps": 0.0, "eps_root": 0.0, "threshold": 5.0} |
            """)
    void everyVariantOptaxComputesIsItsAliasWithTorchsHyperparameters(String optimizer, String alias,
                                                                      String keywords, Double decay)
            throws Exception {
        JsonNode made = optimizerOf(export(formula(optimizer, "")));
        assertThat(made.path("alias").asString()).isEqualTo(alias);
        assertThat(made.path("keywords")).isEqualTo(JSON.readTree(keywords));
        if (decay == null) {
            assertThat(made.path("decay").isNull()).as("no L2 chain").isTrue();
        } else {
            assertThat(made.path("decay").asDouble()).isEqualTo(decay);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"type\": \"cosine\", \"tMax\": 30, \"etaMin\": 1e-5, \"warmup\": {\"steps\": 5, \"startFactor\": 0.1}}",
        "{\"type\": \"step\", \"stepSize\": 10, \"gamma\": 0.5}",
        "{\"type\": \"multiStep\", \"milestones\": [5, 20], \"gamma\": 0.3, \"warmup\": {\"steps\": 3}}",
        "{\"type\": \"exponential\", \"gamma\": 0.97}",
        "{\"type\": \"inverseTime\", \"power\": 0.5}",
        "{\"type\": \"linear\", \"startFactor\": 0.2, \"endFactor\": 0.5, \"totalIters\": 20}",
        "{\"type\": \"polynomial\", \"totalIters\": 25, \"power\": 2, \"warmup\": {\"steps\": 4}}"})
    void aScheduleIsTheLearningRateCallableOfDescentsClosedForm(String schedule) throws Exception {
        String snippet = export(formula("{\"type\": \"adam\", \"learningRate\": 0.05}", ", \"schedule\": " + schedule));
        assertThat(optimizerOf(snippet).path("keywords").path("learning_rate").asString()).isEqualTo("learning_rate");
        // The closed form, evaluated by Python for t = 0..29 with a stand-in for jnp.cos, is the service's rate.
        String rates = python(snippet.substring(snippet.indexOf("def learning_rate"), snippet.indexOf("optimizer ="))
                + "\nprint([learning_rate(t) for t in range(30)])\n", "-c",
                "import math, sys\nclass jnp:\n    cos = staticmethod(math.cos)\nexec(sys.stdin.read())");
        JsonNode service = JSON.readTree(Mvc.perform(mvc, post("/api/v1/optimizations")
                .contentType(MediaType.APPLICATION_JSON).content(formula("{\"type\": \"adam\", \"learningRate\": "
                        + "0.05}", ", \"schedule\": " + schedule + ", \"trajectory\": {\"maxPoints\": 100}")))
                .andReturn().getResponse().getContentAsString());
        JsonNode python = JSON.readTree(rates);
        for (int t = 0; t < 30; t++) {
            double want = service.path("trajectory").get(t + 1).path("learningRate").asDouble();
            assertThat(python.get(t).asDouble()).as("rate of update %d", t).isCloseTo(want,
                    org.assertj.core.data.Offset.offset(1e-15 + 1e-12 * want));
        }
    }

    @Test
    void clippingByValueIsOptaxClipFirstAndBoundsAClipOfXAfterEachUpdate() throws Exception {
        String snippet = export(formula("{\"type\": \"adam\", \"learningRate\": 0.02, \"weightDecay\": 0.1}",
                ", \"clipping\": {\"maxValue\": 2}, \"bounds\": {\"x\": [-2, 0]}"));
        python(snippet, "-c", "import ast,sys; ast.parse(sys.stdin.read())");
        String made = python(snippet, "-c", """
                import ast, json, sys
                tree = ast.parse(sys.stdin.read())
                made = next(n.value for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "optimizer")
                first, inner = made.args
                print(json.dumps([made.func.attr, first.func.attr, ast.literal_eval(first.args[0]),
                                  inner.func.attr, inner.args[0].func.attr, inner.args[1].func.attr]))
                """);
        // clip, then (as torch adds weightDecay * x to the clipped gradient in step) L2, then adam
        assertThat(JSON.readTree(made).toString())
                .isEqualTo("[\"chain\",\"clip\",2.0,\"chain\",\"add_decayed_weights\",\"adam\"]");
        assertThat(snippet).contains("LOWER = jnp.array([-2.0, -Infinity])".replace("-Infinity", "float('-inf')"))
                .contains("UPPER = jnp.array([0.0, float('inf')])")
                .contains("    x = optax.apply_updates(x, updates)\n    x = jnp.clip(x, LOWER, UPPER)\n");
    }

    @Test
    void maximizeIsTheGradientNegatedFirstAndRadamsDecoupledWeightDecayA400() throws Exception {
        String snippet = export(formula("{\"type\": \"adam\", \"learningRate\": 0.02, \"weightDecay\": 0.1, "
                + "\"maximize\": true}", ""));
        String made = python(snippet, "-c", """
                import ast, json, sys
                tree = ast.parse(sys.stdin.read())
                made = next(n.value for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "optimizer")
                first, inner = made.args
                print(json.dumps([made.func.attr, first.func.attr, ast.literal_eval(first.args[0]),
                                  inner.func.attr, inner.args[0].func.attr, inner.args[1].func.attr]))
                """);
        // torch 2: grad = -grad, then + weightDecay * x, then Adam
        assertThat(JSON.readTree(made).toString())
                .isEqualTo("[\"chain\",\"scale\",-1.0,\"chain\",\"add_decayed_weights\",\"adam\"]");
        MockHttpServletResponse radam = send(formula("{\"type\": \"radam\", \"epsilon\": 0, \"weightDecay\": 0.1, "
                + "\"decoupledWeightDecay\": true}", ""));
        assertThat(radam.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(radam.getContentAsString()).path("errors").get(0).path("field").asString())
                .isEqualTo("optimizer.decoupledWeightDecay");
    }

    @Test
    void aRegressionCarriesItsDataAndRowOrders() throws Exception {
        String snippet = export("{\"objective\": {\"regression\": {\"model\": \"logistic\", \"synthetic\": "
                + "{\"samples\": 20, \"coefficients\": [2], \"seed\": 3}}}, \"optimizer\": {\"type\": \"adam\", "
                + "\"learningRate\": 0.05}, \"batchSize\": 6, \"seed\": 4, \"maxIterations\": 10, \"tolerance\": 0}");
        assertThat(optimizerOf(snippet).path("alias").asString()).isEqualTo("adam");
        assertThat(snippet).contains("jax.nn.softplus(z) - y * z").contains("ORDERS = jnp.array([")
                .contains("jax.config.update(\"jax_enable_x64\", True)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            optimizer.dampening     | {"type": "momentum", "learningRate": 0.001, "dampening": 0.1}  |
            optimizer.epsilon       | {"type": "adagrad", "learningRate": 0.01}                     |
            optimizer.lrDecay       | {"type": "adagrad", "learningRate": 0.01, "epsilon": 0, "lrDecay": 0.1} |
            optimizer.amsgrad       | {"type": "adam", "learningRate": 0.01, "amsgrad": true}       |
            optimizer.amsgrad       | {"type": "adamw", "learningRate": 0.01, "amsgrad": true}      |
            optimizer.momentumDecay | {"type": "nadam", "learningRate": 0.01}                       |
            optimizer.epsilon       | {"type": "radam", "learningRate": 0.01}                       |
            optimizer.type          | {"type": "rprop", "learningRate": 0.01}                       |
            optimizer.type          | {"type": "asgd", "learningRate": 0.01}                        |
            optimizer.type          | {"type": "lbfgs", "learningRate": 0.01}                       |
            schedule                | {"type": "rmsprop", "learningRate": 0.01, "momentum": 0.5}    | , "schedule": {"type": "exponential", "gamma": 0.9}
            schedule                | {"type": "rmsprop", "learningRate": 0.01, "momentum": 0.5}    | , "schedule": {"type": "constant", "warmup": {"steps": 5}}
            schedule.type           | {"type": "adam", "learningRate": 0.01}                        | , "schedule": {"type": "reduceOnPlateau"}
            schedule.type           | {"type": "adam", "learningRate": 0.01}                        | , "schedule": {"type": "oneCycle", "maxLearningRate": 0.1, "totalSteps": 100, "cycleMomentum": false}
            schedule.type           | {"type": "momentum", "learningRate": 0.01, "momentum": 0.9}   | , "schedule": {"type": "cyclic", "maxLearningRate": 0.1, "stepSizeUp": 5}
            schedule.type           | {"type": "adam", "learningRate": 0.01}                        | , "schedule": {"type": "cosineWarmRestarts", "t0": 5}
            schedule.type           | {"type": "adam", "learningRate": 0.01}                        | , "schedule": {"type": "sequential", "milestones": [5], "schedules": [{"type": "linear"}, {"type": "constant"}]}
            clipping.maxNorm        | {"type": "adam", "learningRate": 0.01}                        | , "clipping": {"maxNorm": 1}
            lineSearch              | {"type": "gd", "learningRate": 0.01}                          | , "lineSearch": {}
            """)
    void whatOptaxComputesOtherwiseIsA400NamingTheField(String field, String optimizer, String rest)
            throws Exception {
        MockHttpServletResponse response = send(formula(optimizer, rest == null ? "" : rest));
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
        assertThat(JSON.readTree(response.getContentAsString()).path("errors").toString())
                .contains("\"" + field + "\"");
    }

    @Test
    void anOptimizationJobsSnippetIsThePostsSnippet() throws Exception {
        String request = formula("{\"type\": \"adam\", \"learningRate\": 0.02}", "");
        String id = JSON.readTree(Mvc.perform(mvc, post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"optimization\": " + request + "}")).andReturn().getResponse().getContentAsString())
                .path("id").asString();
        MockHttpServletResponse response = null;
        for (int i = 0; i < 400; i++) {
            response = Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/exports/optax")).andReturn().getResponse();
            if (response.getStatus() != 409) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        // Same request, same run, same number of updates: the same text.
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(export(request));
    }

    /** With optax importable (not in Debian: never in this CI), the snippet prints the service's trajectory. */
    @Test
    void withOptaxTheSnippetReproducesTheServicesTrajectory() throws Exception {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import optax").redirectErrorStream(true).start();
        String why = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        probe.waitFor(120, TimeUnit.SECONDS);
        Assumptions.assumeTrue(probe.exitValue() == 0, () -> "Skipped: " + PYTHON + " cannot import optax (not "
                + "packaged by Debian, no PyPI here): " + why);
        String request = formula("{\"type\": \"adam\", \"learningRate\": 0.02, \"weightDecay\": 0.01}",
                ", \"schedule\": {\"type\": \"cosine\", \"tMax\": 30, \"etaMin\": 1e-4, \"warmup\": {\"steps\": 5}}");
        Path file = directory.resolve("descent-run-optax.py");
        Files.writeString(file, export(request));
        String out = python("", file.toString());
        JsonNode service = JSON.readTree(Mvc.perform(mvc, post("/api/v1/optimizations")
                .contentType(MediaType.APPLICATION_JSON).content(request.replaceFirst("}$",
                        ", \"trajectory\": {\"maxPoints\": 100}}"))).andReturn().getResponse().getContentAsString())
                .path("trajectory");
        String[] lines = out.strip().split("\n");
        assertThat(lines).hasSize(service.size());
        for (int k = 0; k < lines.length; k++) {
            JsonNode got = JSON.readTree(lines[k]);
            double want = service.get(k).path("value").asDouble();
            assertThat(got.path("value").asDouble()).as("value at %d", k)
                    .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-9 * Math.abs(want)));
        }
    }
}
