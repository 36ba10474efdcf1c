package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.descent.Mvc;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 200 examples of the OpenAPI document ({@link AnswerExamples}) are the service's answers: each is sent again
 * (the operation's first request example, or the GET) and the answer must equal the documented one, apart from the
 * members that change from run to run (times and ids) and from build to build (a receipt's {@code version} and
 * {@code commit}; its hashes are compared: they must not change unless the answer does). When the engine's answers change on purpose, rewrite the
 * files with {@code ./mvnw test -Dtest=AnswerExamplesTests -Ddescent.examples.update=true}.
 */
@SpringBootTest
@AutoConfigureMockMvc
class AnswerExamplesTests {

    /** Members that differ from one run to the next. */
    private static final Set<String> VOLATILE = Set.of("elapsedMillis", "id", "createdAt", "startedAt",
            "finishedAt");
    /** Members of a {@code receipt} that differ from one build to the next. */
    private static final Set<String> PER_BUILD = Set.of("version", "commit");
    private static final Path SOURCE = Path.of("src/main/resources", AnswerExamples.FOLDER);

    @Autowired
    MockMvc mvc;

    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private JsonNode doc;

    @BeforeEach
    void fetch() throws Exception {
        doc = OpenApiJson.served(mvc);
    }

    @Test
    @DisplayName("every 200 example is the service's answer to its request")
    void answersAreReal() throws Exception {
        Map<String, RequestBuilder> requests = new LinkedHashMap<>();
        requests.put("optimize.json", firstExample("/api/v1/optimizations"));
        requests.put("optimize.csv", firstExample("/api/v1/optimizations").accept("text/csv"));
        requests.put("optimize.ndjson", firstExample("/api/v1/optimizations").accept("application/x-ndjson"));
        requests.put("optimizeCsv.json", csvExample());
        requests.put("compare.json", firstExample("/api/v1/comparisons"));
        requests.put("rangeTest.json", firstExample("/api/v1/learning-rate-range-tests"));
        requests.put("grid.json", firstExample("/api/v1/plots/grid"));
        requests.put("functions.json", get("/api/v1/functions"));
        requests.put("optimizers.json", get("/api/v1/optimizers"));
        requests.put("schedules.json", get("/api/v1/schedules"));
        requests.put("previewSchedule.json", firstExample("/api/v1/schedules/preview"));
        String job = finishedJob();
        requests.put("get.json", get("/api/v1/jobs/" + job));
        requests.put("trajectory.json", get("/api/v1/jobs/" + job + "/trajectory"));
        requests.put("trajectory.csv", get("/api/v1/jobs/" + job + "/trajectory").accept("text/csv"));
        requests.put("trajectory.ndjson", get("/api/v1/jobs/" + job + "/trajectory")
                .accept("application/x-ndjson"));

        boolean update = Boolean.getBoolean("descent.examples.update");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, RequestBuilder> request : requests.entrySet()) {
            String answer = Mvc.perform(mvc, request.getValue()).andReturn().getResponse().getContentAsString();
            Path file = SOURCE.resolve(request.getKey());
            boolean table = !request.getKey().endsWith(".json");
            // A table has no times or ids: it is compared as it is, to the byte.
            JsonNode real = table ? json.getNodeFactory().stringNode(answer) : json.readTree(answer);
            if (update) {
                // Rewritten only when the answer changed beyond times and ids, so that the diff shows real changes.
                if (table) {
                    if (!Files.exists(file) || !Files.readString(file).equals(answer)) {
                        Files.createDirectories(SOURCE);
                        Files.writeString(file, answer);
                    }
                } else if (!Files.exists(file) || !stable(json.readTree(Files.readString(file))).equals(stable(real))) {
                    Files.createDirectories(SOURCE);
                    Files.writeString(file, json.writeValueAsString(real) + "\n");
                }
                continue;
            }
            JsonNode documented = documented(request.getKey());
            if (documented == null) {
                wrong.add(request.getKey() + ": no 200 example in the document");
            } else if (!stable(real).equals(stable(documented))) {
                wrong.add(request.getKey() + ": the documented answer differs from the real one:\n" + answer);
            }
        }
        assertThat(update).as("rewrote the examples in " + SOURCE + "; run again without the update flag")
                .isFalse();
        assertThat(wrong).isEmpty();
    }

    @Test
    @DisplayName("every operation that answers JSON (or a table) with 200 has a 200 example of it, and it is one of "
            + "those checked")
    void everyAnswerIsChecked() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String id = operation.getValue().path("operationId").asString();
                for (String type : AnswerExamples.EXTENSIONS.keySet()) {
                    JsonNode ok = operation.getValue().path("responses").path("200").path("content").path(type);
                    // A job's list and its cancellation depend on the jobs of the moment: their fields' examples only.
                    if (!ok.isMissingNode() && !Set.of("listJobs", "cancel").contains(id)
                            && ok.path("examples").path("answer").isMissingNode()) {
                        missing.add(id + " " + type);
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    /** The documented answer kept in {@code file} ({@code <operationId>.<extension>}). */
    private JsonNode documented(String file) {
        String operationId = file.substring(0, file.lastIndexOf('.'));
        String type = AnswerExamples.EXTENSIONS.entrySet().stream()
                .filter(entry -> file.endsWith(entry.getValue())).findFirst().orElseThrow().getKey();
        for (JsonNode path : doc.path("paths")) {
            for (JsonNode operation : path) {
                if (operation.path("operationId").asString().equals(operationId)) {
                    JsonNode value = operation.path("responses").path("200").path("content").path(type)
                            .path("examples").path("answer").path("value");
                    return value.isMissingNode() ? null : value;
                }
            }
        }
        return null;
    }

    private MockHttpServletRequestBuilder firstExample(String path) {
        JsonNode examples = doc.path("paths").path(path).path("post").path("requestBody").path("content")
                .path("application/json").path("examples");
        JsonNode first = examples.values().iterator().next().path("value");
        return post(path).contentType(MediaType.APPLICATION_JSON).content(first.toString());
    }

    /** The CSV upload as Swagger UI sends it: every query parameter's example, and the text/csv body's. */
    private RequestBuilder csvExample() {
        JsonNode post = doc.at("/paths/~1api~1v1~1optimizations~1csv/post");
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : post.path("parameters")) {
            query.append(query.isEmpty() ? "?" : "&").append(parameter.path("name").asString()).append('=')
                    .append(URLEncoder.encode(parameter.path("example").asString(), StandardCharsets.UTF_8));
        }
        String csv = post.at("/requestBody/content/text~1csv/schema/example").asString();
        return post("/api/v1/optimizations/csv" + query).contentType("text/csv").content(csv);
    }

    /** The job of the first job example, run to its end. */
    private String finishedJob() throws Exception {
        JsonNode example = doc.at("/paths/~1api~1v1~1jobs/post/requestBody/content/application~1json/examples")
                .values().iterator().next().path("value");
        String id = json.readTree(Mvc.perform(mvc, post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content(example.toString())).andReturn().getResponse().getContentAsString()).path("id").asString();
        for (int i = 0; i < 3000; i++) {
            JsonNode job = json.readTree(Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andReturn().getResponse()
                    .getContentAsString());
            if (job.path("finishedAt").isString()) {
                return id;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + id + " did not finish in 30 s");
    }

    /** {@code node} without the members that change from run to run, as text-parsed JSON. */
    private JsonNode stable(JsonNode node) {
        JsonNode copy = json.readTree(node.toString());
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            VOLATILE.forEach(object::remove);
            if (object.get("receipt") instanceof ObjectNode receipt) {
                PER_BUILD.forEach(receipt::remove);
            }
        }
        node.forEach(AnswerExamplesTests::strip);
    }
}
