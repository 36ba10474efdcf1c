package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The receipt of a result: the request as run (every default filled in and marked with its source), the service's
 * version and commit, and hashes that a client can recompute: the result hash is checked against a canonicalization
 * written here, not the service's, and the resolved request is checked by running it again.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ReceiptApiTests {

    private static final String ADAM = """
            {"objective": {"expression": "(x - 1)^2 + 10*(y + 2)^2"}, "start": {"x": 4, "y": 3},
             "optimizer": {"type": "adam", "learningRate": 0.1}, "maxIterations": 300,
             "trajectory": {"maxPoints": 50}}""";

    @Autowired
    MockMvc mvc;

    /** The service's own mapper: its numbers are the service's JSON numbers, written back as the answer had them. */
    @Autowired
    JsonMapper json;

    @Autowired
    ObjectProvider<BuildProperties> build;

    @Autowired
    ObjectProvider<GitProperties> git;

    private JsonNode answer(String path, String body) throws Exception {
        return json.readTree(Mvc.perform(mvc, post(path).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    private JsonNode optimize(String body) throws Exception {
        return answer("/api/v1/optimizations", body);
    }

    @Test
    @DisplayName("the same request twice: the same resolved request, requestHash and resultHash")
    void sameRequestSameHashes() throws Exception {
        JsonNode first = optimize(ADAM).path("receipt");
        JsonNode second = optimize(ADAM).path("receipt");
        assertThat(first.path("requestHash").asString()).matches("[0-9a-f]{64}");
        assertThat(first.path("resultHash").asString()).matches("[0-9a-f]{64}");
        assertThat(second.path("requestHash")).isEqualTo(first.path("requestHash"));
        assertThat(second.path("resultHash")).isEqualTo(first.path("resultHash"));
        assertThat(second.path("resolvedRequest")).isEqualTo(first.path("resolvedRequest"));
    }

    @Test
    @DisplayName("every default is filled in and marked with its source: PyTorch's Adam defaults (betas (0.9, "
            + "0.999), eps 1e-8, weight_decay 0, amsgrad False), the service's stopping rules and trajectory options")
    void defaultsFilledAndMarked() throws Exception {
        JsonNode receipt = optimize(ADAM).path("receipt");
        JsonNode resolved = receipt.path("resolvedRequest");
        JsonNode optimizer = resolved.path("optimizer");
        assertThat(optimizer.path("type").asString()).isEqualTo("adam");
        assertThat(optimizer.path("learningRate").asDouble()).isEqualTo(0.1);
        assertThat(optimizer.path("beta1").asDouble()).isEqualTo(0.9);
        assertThat(optimizer.path("beta2").asDouble()).isEqualTo(0.999);
        assertThat(optimizer.path("epsilon").asDouble()).isEqualTo(1e-8);
        assertThat(optimizer.path("weightDecay").asDouble()).isEqualTo(0.0);
        assertThat(optimizer.path("amsgrad").asBoolean()).isFalse();
        assertThat(resolved.path("maxIterations").asInt()).isEqualTo(300);
        assertThat(resolved.path("tolerance").asDouble()).isEqualTo(1e-6);
        assertThat(resolved.path("gradientTolerance").asDouble()).isEqualTo(0.0);
        assertThat(resolved.path("divergenceBound").asDouble()).isEqualTo(1e12);
        assertThat(resolved.path("trajectory").path("include").asBoolean()).isTrue();
        assertThat(resolved.path("trajectory").path("maxPoints").asInt()).isEqualTo(50);
        assertThat(resolved.path("trajectory").path("layout").asString()).isEqualTo("rows");
        assertThat(resolved.path("schedule").path("type").asString()).isEqualTo("constant");
        assertThat(resolved.path("lineSearch").isNull()).isTrue();
        assertThat(resolved.path("clipping").isNull()).isTrue();

        Map<String, String> sources = new TreeMap<>();
        receipt.path("defaults").forEach(d -> sources.put(d.path("field").asString(), d.path("source").asString()));
        assertThat(sources).containsEntry("optimizer.beta1", "torch.optim.Adam default")
                .containsEntry("optimizer.amsgrad", "torch.optim.Adam default")
                .containsEntry("tolerance", "service default")
                .containsEntry("trajectory.include", "service default")
                .containsKeys("schedule.type", "lineSearch", "clipping", "bounds", "explain")
                // Given fields are not defaults.
                .doesNotContainKeys("optimizer.learningRate", "optimizer.type", "maxIterations",
                        "trajectory.maxPoints", "start");
        // Each default's value is the resolved request's.
        for (JsonNode d : receipt.path("defaults")) {
            assertThat(resolved.at("/" + d.path("field").asString().replace('.', '/'))).as(d.toString())
                    .isEqualTo(d.path("value"));
        }
    }

    @Test
    @DisplayName("a catalog function's default dimension and start, and a schedule's and warmup's defaults, are "
            + "filled in from their registries")
    void catalogAndScheduleDefaults() throws Exception {
        JsonNode receipt = optimize("""
                {"objective": {"function": "rosenbrock"}, "optimizer": {"type": "gd", "learningRate": 0.001},
                 "maxIterations": 50, "schedule": {"type": "step", "stepSize": 10, "warmup": {"steps": 5}}}""")
                .path("receipt");
        JsonNode resolved = receipt.path("resolvedRequest");
        JsonNode function = json.readTree(Mvc.perform(mvc, get("/api/v1/functions")).andReturn().getResponse()
                .getContentAsString());
        JsonNode rosenbrock = null;
        for (JsonNode f : function) {
            if (f.path("name").asString().equals("rosenbrock")) {
                rosenbrock = f;
            }
        }
        assertThat(rosenbrock).isNotNull();
        assertThat(resolved.path("objective").path("dimension").asInt())
                .isEqualTo(rosenbrock.path("dimension").asInt());
        assertThat(resolved.path("start")).isEqualTo(rosenbrock.path("defaultStart"));
        // StepLR's gamma defaults to 0.1, LinearLR's start_factor to 1/3.
        assertThat(resolved.path("schedule").path("gamma").asDouble()).isEqualTo(0.1);
        assertThat(resolved.path("schedule").path("warmup").path("startFactor").asDouble()).isEqualTo(1.0 / 3);
        List<String> fields = new ArrayList<>();
        receipt.path("defaults").forEach(d -> fields.add(d.path("field").asString()));
        assertThat(fields).contains("objective.dimension", "start", "schedule.gamma", "schedule.warmup.startFactor")
                .doesNotContain("schedule.stepSize", "schedule.warmup.steps");
    }

    @Test
    @DisplayName("a request that spells out its defaults has the same resolved request and requestHash as one that "
            + "leaves them out (numbers as 1 or 1.0 alike); only the list of defaults differs")
    void spelledOutDefaultsSameHash() throws Exception {
        JsonNode implicit = optimize(ADAM).path("receipt");
        JsonNode explicit = optimize("""
                {"objective": {"expression": "(x - 1)^2 + 10*(y + 2)^2"}, "start": {"x": 4.0, "y": 3},
                 "optimizer": {"type": "adam", "learningRate": 0.1, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8,
                               "weightDecay": 0, "amsgrad": false},
                 "maxIterations": 300, "tolerance": 0.000001, "gradientTolerance": 0, "divergenceBound": 1e12,
                 "trajectory": {"maxPoints": 50, "include": true, "layout": "rows"}, "schedule": {"type": "constant"},
                 "clipping": null}""").path("receipt");
        assertThat(explicit.path("resolvedRequest")).isEqualTo(implicit.path("resolvedRequest"));
        assertThat(explicit.path("requestHash")).isEqualTo(implicit.path("requestHash"));
        assertThat(explicit.path("resultHash")).isEqualTo(implicit.path("resultHash"));
        assertThat(explicit.path("defaults").toString()).doesNotContain("optimizer.beta1", "\"tolerance\"");
        assertThat(implicit.path("defaults").toString()).contains("optimizer.beta1", "\"tolerance\"");
    }

    @Test
    @DisplayName("L-BFGS's maxEval left out is the value PyTorch derives, maxIter * 5 // 4, in the resolved request "
            + "and in the answer's optimizer; spelled out, the same requestHash and resultHash")
    void derivedMaxEval() throws Exception {
        String lbfgs = """
                {"objective": {"expression": "(x - 1)^2 + 10*(y + 2)^2"}, "start": {"x": 4.0, "y": 3},
                 "optimizer": {"type": "lbfgs", "maxIter": 8}, "maxIterations": 5}""";
        JsonNode implicit = optimize(lbfgs);
        JsonNode explicit = optimize(lbfgs.replace("\"maxIter\": 8", "\"maxIter\": 8, \"maxEval\": 10"));
        JsonNode resolved = implicit.path("receipt").path("resolvedRequest").path("optimizer");
        assertThat(resolved.path("maxEval").asInt()).isEqualTo(8 * 5 / 4);
        assertThat(implicit.path("optimizer").path("maxEval").asInt()).isEqualTo(10);
        assertThat(implicit.path("receipt").path("defaults").toString()).contains("optimizer.maxEval");
        assertThat(explicit.path("receipt").path("requestHash")).isEqualTo(implicit.path("receipt").path("requestHash"));
        assertThat(explicit.path("receipt").path("resultHash")).isEqualTo(implicit.path("receipt").path("resultHash"));
        assertThat(explicit.path("receipt").path("defaults").toString()).doesNotContain("optimizer.maxEval");
    }

    @Test
    @DisplayName("a changed default (beta1 0.8 instead of PyTorch's 0.9) changes the resolved request and both hashes")
    void changedDefaultChangesHash() throws Exception {
        JsonNode standard = optimize(ADAM).path("receipt");
        JsonNode changed = optimize(ADAM.replace("\"type\": \"adam\",", "\"type\": \"adam\", \"beta1\": 0.8,"))
                .path("receipt");
        assertThat(changed.path("resolvedRequest").path("optimizer").path("beta1").asDouble()).isEqualTo(0.8);
        ObjectNode withoutBeta1 = (ObjectNode) changed.path("resolvedRequest").deepCopy();
        ((ObjectNode) withoutBeta1.path("optimizer")).put("beta1", 0.9);
        assertThat(withoutBeta1).as("beta1 is the only difference").isEqualTo(standard.path("resolvedRequest"));
        assertThat(changed.path("requestHash")).isNotEqualTo(standard.path("requestHash"));
        assertThat(changed.path("resultHash")).isNotEqualTo(standard.path("resultHash"));
    }

    @Test
    @DisplayName("the requestHash is the SHA-256 of the canonical resolved request, the resultHash that of the "
            + "canonical answer without elapsedMillis and the receipt, both recomputed here, in either layout")
    void hashesRecomputed() throws Exception {
        for (String layout : List.of("rows", "columns")) {
            // Variables whose order (y, x, a10, a9: as they appear) is not their sorted order.
            JsonNode answer = optimize("""
                    {"objective": {"expression": "(y + 2)^2 + (x - 1)^2 + a10^2 + 0.5*a9^2"},
                     "start": {"x": 4, "y": 3, "a10": 1, "a9": -1}, "optimizer": {"type": "momentum",
                     "learningRate": 0.1, "momentum": 0.5}, "maxIterations": 200,
                     "trajectory": {"maxPoints": 40, "layout": "%s"}}""".formatted(layout));
            JsonNode receipt = answer.path("receipt");
            assertThat(receipt.path("requestHash").asString()).as(layout)
                    .isEqualTo(sha256(canonical(receipt.path("resolvedRequest"))));
            ObjectNode result = (ObjectNode) answer.deepCopy();
            result.remove(List.of("elapsedMillis", "receipt"));
            assertThat(receipt.path("resultHash").asString()).as(layout).isEqualTo(sha256(canonical(result)));
        }
    }

    @Test
    @DisplayName("the resolved request, POSTed back, runs again to the same requestHash and resultHash: for "
            + "defaults of the optimizer, a schedule with warmup, a catalog function, clipping and bounds, columns")
    void resolvedRequestReruns() throws Exception {
        for (String body : List.of(ADAM, """
                {"objective": {"function": "rosenbrock"}, "optimizer": {"type": "nadam"}, "maxIterations": 200,
                 "schedule": {"type": "cosine", "tMax": 100, "warmup": {"steps": 5}}, "clipping": {"maxNorm": 1},
                 "bounds": {"x1": [-3, 3]}, "trajectory": {"layout": "columns", "maxPoints": 30}}""", """
                {"objective": {"expression": "x^2 + 4*x + 9"}, "start": {"x": 5}, "lineSearch": {"c1": 0.001},
                 "maxIterations": 100, "gradientTolerance": 1e-9, "explain": {"steps": 2}}""")) {
            JsonNode first = optimize(body).path("receipt");
            JsonNode again = optimize(first.path("resolvedRequest").toString()).path("receipt");
            assertThat(again.path("requestHash")).as(body).isEqualTo(first.path("requestHash"));
            assertThat(again.path("resultHash")).as(body).isEqualTo(first.path("resultHash"));
            // Nothing left to default but the features that are off (null given is absent).
            again.path("defaults").forEach(d -> assertThat(d.path("value").isNull()).as(d.toString()).isTrue());
        }
    }

    @Test
    @DisplayName("inline data is not repeated: its SHA-256 (of the canonical {features, targets}) and its size; CSV "
            + "text likewise, the same rows as CSV having the same hash")
    void inlineDataHashed() throws Exception {
        JsonNode inline = optimize("""
                {"objective": {"regression": {"model": "linear", "data": {"features": [[0.5], [1.0], [1.5], [2]],
                 "targets": [5.4, 7.1, 8.4, 10.2]}}}, "optimizer": {"type": "gd", "learningRate": 0.1},
                 "maxIterations": 100}""").path("receipt");
        JsonNode data = inline.path("resolvedRequest").path("objective").path("regression").path("data");
        assertThat(data.path("sha256").asString()).isEqualTo(sha256(
                "{\"features\":[[0.5],[1.0],[1.5],[2.0]],\"targets\":[5.4,7.1,8.4,10.2]}"));
        assertThat(data.path("rows").asInt()).isEqualTo(4);
        assertThat(data.path("columns").asInt()).isEqualTo(1);
        assertThat(data.has("features")).isFalse();
        JsonNode resolved = inline.path("resolvedRequest");
        assertThat(resolved.path("shuffle").asBoolean()).isTrue();
        assertThat(resolved.path("seed").asLong()).isZero();
        assertThat(resolved.path("objective").path("regression").path("fitIntercept").asBoolean()).isTrue();

        String text = "x,y\n0.5,5.4\n1.0,7.1\n1.5,8.4\n2.0,10.2\n";
        JsonNode csv = optimize("""
                {"objective": {"regression": {"model": "linear", "csv": {"text": "%s", "target": "y"}}},
                 "optimizer": {"type": "gd", "learningRate": 0.1}, "maxIterations": 100}"""
                .formatted(text.replace("\n", "\\n"))).path("receipt");
        JsonNode csvData = csv.path("resolvedRequest").path("objective").path("regression").path("csv");
        assertThat(csvData.path("sha256")).as("the same rows as inline").isEqualTo(data.path("sha256"));
        assertThat(csvData.path("rows").asInt()).isEqualTo(4);
        assertThat(csvData.has("text")).isFalse();
    }

    @Test
    @DisplayName("a mini-batch regression's resolved request (epochs, batchSize, shuffle, seed), its data put back, "
            + "reruns to the same requestHash and resultHash")
    void regressionReruns() throws Exception {
        String features = "[[0.5], [1.0], [1.5], [2.0], [2.5], [3.0]]";
        String targets = "[5.4, 7.1, 8.4, 10.2, 11.9, 13.1]";
        JsonNode first = optimize("""
                {"objective": {"regression": {"model": "linear", "data": {"features": %s, "targets": %s}}},
                 "optimizer": {"type": "adam", "learningRate": 0.05}, "batchSize": 2, "epochs": 30}"""
                .formatted(features, targets)).path("receipt");
        ObjectNode resolved = (ObjectNode) first.path("resolvedRequest").deepCopy();
        assertThat(resolved.path("epochs").asInt()).isEqualTo(30);
        assertThat(resolved.has("maxIterations")).as("epochs replace it").isFalse();
        assertThat(resolved.path("batchSize").asInt()).isEqualTo(2);
        assertThat(resolved.path("shuffle").asBoolean()).isTrue();
        ObjectNode data = (ObjectNode) resolved.at("/objective/regression/data");
        assertThat(data.path("featureNames").toString()).isEqualTo("[\"x1\"]");
        data.remove(List.of("sha256", "rows", "columns"));
        data.set("features", json.readTree(features));
        data.set("targets", json.readTree(targets));
        JsonNode again = optimize(resolved.toString()).path("receipt");
        assertThat(again.path("requestHash")).isEqualTo(first.path("requestHash"));
        assertThat(again.path("resultHash")).isEqualTo(first.path("resultHash"));
    }

    @Test
    @DisplayName("each run of a comparison has its receipt; its resolved request, POSTed to /api/v1/optimizations, "
            + "gives the same result hash")
    void comparisonRuns() throws Exception {
        JsonNode answer = answer("/api/v1/comparisons", """
                {"objective": {"expression": "x^2"}, "start": {"x": 3}, "maxIterations": 100,
                 "learningRates": [0.1, 0.9]}""");
        for (JsonNode run : answer.path("runs")) {
            JsonNode receipt = run.path("result").path("receipt");
            assertThat(receipt.path("resolvedRequest").path("optimizer").path("learningRate").asDouble())
                    .isEqualTo(run.path("run").asInt() == 0 ? 0.1 : 0.9);
            JsonNode alone = optimize(receipt.path("resolvedRequest").toString()).path("receipt");
            assertThat(alone.path("requestHash")).isEqualTo(receipt.path("requestHash"));
            assertThat(alone.path("resultHash")).isEqualTo(receipt.path("resultHash"));
        }
    }

    @Test
    @DisplayName("a job's result has the receipt of the synchronous run of the same request: the same hashes")
    void jobReceipt() throws Exception {
        JsonNode synchronous = optimize(ADAM).path("receipt");
        String id = json.readTree(Mvc.perform(mvc, post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"optimization\": " + ADAM + "}")).andExpect(status().isAccepted())
                .andReturn().getResponse().getContentAsString()).path("id").asString();
        JsonNode job = null;
        for (int i = 0; i < 3000; i++) {
            job = json.readTree(Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andReturn().getResponse()
                    .getContentAsString());
            if (job.path("finishedAt").isString()) {
                break;
            }
            Thread.sleep(10);
        }
        assertThat(job.path("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode receipt = job.path("result").path("receipt");
        assertThat(receipt.path("requestHash")).isEqualTo(synchronous.path("requestHash"));
        assertThat(receipt.path("resultHash")).isEqualTo(synchronous.path("resultHash"));
    }

    @Test
    @DisplayName("version and commit are the build's (GET /actuator/info's), or 'unknown' when it recorded none")
    void versionAndCommit() throws Exception {
        JsonNode receipt = optimize(ADAM).path("receipt");
        BuildProperties buildInfo = build.getIfAvailable();
        GitProperties gitInfo = git.getIfAvailable();
        assertThat(receipt.path("version").asString())
                .isEqualTo(buildInfo == null ? "unknown" : buildInfo.getVersion());
        assertThat(receipt.path("commit").asString())
                .isEqualTo(gitInfo == null ? "unknown" : gitInfo.get("commit.id.full"));
        assertThat(receipt.path("commit").asString()).matches("unknown|[0-9a-f]{40}");
    }

    private String canonical(JsonNode node) {
        return CanonicalTrees.canonical(json, node);
    }

    private static String sha256(String text) {
        return CanonicalTrees.sha256(text);
    }
}
