package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import dev.descent.engine.run.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An answer of POST /api/v1/optimizations is serialized once ({@link CanonicalAnswerConverter}): its canonical
 * members, then {@code elapsedMillis} and the receipt. Checked against the way it was written before, for runs that
 * exercise every part of an answer: the same run mapped by {@link OptimizationMapper#toResponse} (the result hash
 * from a serialization of its own, {@link Receipts#of}) and written by the service's mapper (as Spring's JSON
 * converter wrote it) is the same JSON tree but for the time, with the same result hash; and that hash is also
 * recomputed here from the answer as received, by a canonicalization written here.
 */
@SpringBootTest
@AutoConfigureMockMvc
class CanonicalAnswerTests {

    /** Requests that exercise every part of an answer. */
    private static final Map<String, String> RUNS = Map.of(
            "unsorted variables as rows, a schedule that cycles the momentum", """
                    {"objective": {"expression": "(y + 2)^2 + (x - 1)^2 + a10^2 + 0.5*a9^2"},
                     "start": {"x": 4, "y": 3, "a10": 1, "a9": -1}, "optimizer": {"type": "adam",
                     "learningRate": 0.01}, "maxIterations": 60,
                     "schedule": {"type": "oneCycle", "maxLearningRate": 0.05, "totalSteps": 60},
                     "trajectory": {"maxPoints": 40}}""",
            "a formula, Adam, rows", """
                    {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
                     "optimizer": {"type": "adam", "learningRate": 0.01}, "maxIterations": 200, "tolerance": 0,
                     "trajectory": {"maxPoints": 50}}""",
            "unsorted variables as columns, a schedule that cycles the momentum", """
                    {"objective": {"expression": "(y + 2)^2 + (x - 1)^2 + a10^2 + 0.5*a9^2"},
                     "start": {"x": 4, "y": 3, "a10": 1, "a9": -1}, "optimizer": {"type": "adam",
                     "learningRate": 0.01}, "maxIterations": 60,
                     "schedule": {"type": "oneCycle", "maxLearningRate": 0.05, "totalSteps": 60},
                     "trajectory": {"maxPoints": 40, "layout": "columns"}}""",
            "a regression, standardized", """
                    {"objective": {"regression": {"model": "linear", "standardize": true, "data": {"features":
                     [[0.5, 1], [1.0, 3], [1.5, 2], [2, 5]], "targets": [5.4, 7.1, 8.4, 10.2]}}},
                     "optimizer": {"type": "gd", "learningRate": 0.1}, "maxIterations": 100}""",
            "a maximize run", """
                    {"objective": {"expression": "-(x - 1)^2 - 2*(y + 1)^2"}, "start": {"x": 3, "y": 2},
                     "optimizer": {"type": "gd", "learningRate": 0.1, "maximize": true}, "maxIterations": 50}""",
            "asgd's averaged point, explained updates", """
                    {"objective": {"expression": "x^2 + 3*y^2"}, "start": {"x": 1, "y": 1},
                     "optimizer": {"type": "asgd", "learningRate": 0.05, "t0": 3}, "maxIterations": 20,
                     "explain": {"steps": 2}}""",
            "a diverging run: numbers that are not finite", """
                    {"objective": {"expression": "x^4"}, "start": {"x": 10},
                     "optimizer": {"type": "gd", "learningRate": 10}, "maxIterations": 50}""",
            "no trajectory", """
                    {"objective": {"function": "rosenbrock", "dimension": 3}, "optimizer": {"type": "lbfgs"},
                     "maxIterations": 20, "trajectory": {"include": false}}""");

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    OptimizationMapper mapper;

    @Autowired
    RunExecutor executor;

    @Test
    @DisplayName("the answer is the JSON tree the old path wrote (but the time), with the result hash computed "
            + "apart from it and recomputed here; its members sorted, then elapsedMillis and the receipt")
    void sameAnswerSameHash() throws Exception {
        for (Map.Entry<String, String> run : RUNS.entrySet()) {
            MvcResult answer = Mvc.perform(mvc, post("/api/v1/optimizations")
                    .contentType(MediaType.APPLICATION_JSON).content(run.getValue())).andReturn();
            String text = answer.getResponse().getContentAsString();
            assertThat(answer.getResponse().getStatus()).as(run.getKey() + ": " + text).isEqualTo(200);
            assertThat(answer.getResponse().getContentType()).as(run.getKey()).isEqualTo("application/json");
            ObjectNode wire = (ObjectNode) json.readTree(text);

            OptimizationResponse old = oldPath(run.getValue());
            ObjectNode written = (ObjectNode) json.readTree(json.writeValueAsString(old));
            assertThat(without(wire, "elapsedMillis")).as(run.getKey()).isEqualTo(without(written, "elapsedMillis"));
            String resultHash = wire.path("receipt").path("resultHash").asString();
            assertThat(resultHash).as(run.getKey()).isEqualTo(old.receipt().resultHash()).matches("[0-9a-f]{64}");
            assertThat(resultHash).as(run.getKey())
                    .isEqualTo(sha256(canonical(without(wire, "elapsedMillis", "receipt"))));
            assertThat(text).as(run.getKey()).startsWith(canonical(without(wire, "elapsedMillis", "receipt"))
                    .replaceFirst("}$", ","));

            List<String> names = new ArrayList<>(wire.propertyNames());
            assertThat(names.subList(names.size() - 2, names.size())).as(run.getKey())
                    .containsExactly("elapsedMillis", "receipt");
            assertThat(names.subList(0, names.size() - 2)).as(run.getKey()).isSorted();
        }
    }

    @Autowired
    RequestMappingHandlerAdapter handlers;

    @Test
    @DisplayName("the answer's converter and the tables' come ahead of Spring's JSON converter, which would also "
            + "write an answer (with the same tree: only this tells that the answer is serialized once)")
    void convertersAhead() {
        List<Class<?>> converters = handlers.getMessageConverters().stream().<Class<?>>map(Object::getClass).toList();
        int canonical = converters.indexOf(CanonicalAnswerConverter.class);
        int tables = converters.indexOf(TrajectoryTableConverter.class);
        int json = converters.indexOf(JacksonJsonHttpMessageConverter.class);
        assertThat(canonical).as(converters.toString()).isNotNegative().isLessThan(json);
        assertThat(tables).as(converters.toString()).isNotNegative().isLessThan(json);
    }

    @Test
    @DisplayName("a CSV upload's answer: its hash recomputed here from the answer")
    void csvUpload() throws Exception {
        JsonNode wire = json.readTree(Mvc.perform(mvc, post("/api/v1/optimizations/csv?model=linear&target=y"
                        + "&optimizer=gd&learningRate=0.1&maxIterations=100").contentType("text/csv")
                        .content("x,y\n0.5,5.4\n1.0,7.1\n1.5,8.4\n2.0,10.2\n"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(wire.path("receipt").path("resultHash").asString())
                .isEqualTo(sha256(canonical(without((ObjectNode) wire, "elapsedMillis", "receipt"))));
        assertThat(wire.path("model").isObject()).isTrue();
    }

    @Test
    @DisplayName("the results nested in a comparison and in a job, hashed apart as before, have the hash recomputed "
            + "here, the same as the POST's")
    void nestedResults() throws Exception {
        String request = RUNS.get("a formula, Adam, rows");
        JsonNode alone = answer(post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                .content(request));
        JsonNode comparison = answer(post("/api/v1/comparisons").contentType(MediaType.APPLICATION_JSON).content("""
                {"objective": {"expression": "x^2"}, "start": {"x": 3}, "maxIterations": 100,
                 "learningRates": [0.1, 0.9]}"""));
        for (JsonNode run : comparison.path("runs")) {
            ObjectNode result = (ObjectNode) run.path("result");
            assertThat(result.path("receipt").path("resultHash").asString())
                    .isEqualTo(sha256(canonical(without(result, "elapsedMillis", "receipt"))));
        }
        String optimization = finishedJob("{\"optimization\": " + request + "}");
        String runs = finishedJob("""
                {"comparison": {"objective": {"expression": "x^2 + y^2"}, "start": {"x": 3, "y": 1},
                 "maxIterations": 100, "learningRates": [0.1, 0.9, 0.01]}}""");
        // The first GET of a finished job hashes its results, the next ones take the hashes it kept.
        for (int get = 0; get < 2; get++) {
            ObjectNode result = (ObjectNode) answer(get("/api/v1/jobs/" + optimization)).path("result");
            assertThat(result.path("receipt").path("resultHash").asString())
                    .isEqualTo(sha256(canonical(without(result, "elapsedMillis", "receipt"))))
                    .isEqualTo(alone.path("receipt").path("resultHash").asString());
            assertThat(without(result, "elapsedMillis")).isEqualTo(without((ObjectNode) alone, "elapsedMillis"));
            JsonNode compared = answer(get("/api/v1/jobs/" + runs)).path("result").path("runs");
            assertThat(compared.size()).isEqualTo(3);
            for (JsonNode run : compared) {
                ObjectNode each = (ObjectNode) run.path("result");
                assertThat(each.path("receipt").path("resultHash").asString()).as("run " + run.path("run"))
                        .isEqualTo(sha256(canonical(without(each, "elapsedMillis", "receipt"))));
            }
        }
    }

    /** The id of the job {@code request}, once it has finished. */
    private String finishedJob(String request) throws Exception {
        String id = answer(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(request))
                .path("id").asString();
        // Watched in the list of jobs, which has no results: the job's first GET below is its first answer.
        for (int i = 0; i < 3000; i++) {
            for (JsonNode job : answer(get("/api/v1/jobs?size=100")).path("items")) {
                if (job.path("id").asString().equals(id) && job.path("finishedAt").isString()) {
                    assertThat(job.path("state").asString()).isEqualTo("SUCCEEDED");
                    return id;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + id + " did not finish in 30 s");
    }

    private JsonNode answer(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        MvcResult result = Mvc.perform(mvc, request).andReturn();
        assertThat(result.getResponse().getStatus()).isBetween(200, 202);
        return json.readTree(result.getResponse().getContentAsString());
    }

    /** The answer as it was written before: mapped with its receipt hashed on its own. */
    private OptimizationResponse oldPath(String request) throws Exception {
        RunPlan plan = mapper.toPlan(json.readValue(request, OptimizationRequest.class));
        List<Result> results = executor.runAnalyzed(List.of(plan)).get(30, TimeUnit.SECONDS);
        return mapper.toResponse(plan, results.get(0));
    }

    private static ObjectNode without(ObjectNode node, String... names) {
        ObjectNode copy = node.deepCopy();
        copy.remove(List.of(names));
        return copy;
    }

    private String canonical(JsonNode node) {
        return CanonicalTrees.canonical(json, node);
    }

    private static String sha256(String text) {
        return CanonicalTrees.sha256(text);
    }
}
