package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.descent.Mvc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The problem examples of the OpenAPI document: each response status shows bodies of its own status and types, and
 * the ones a test can provoke are the service's real answers in type, title, status, instance and members.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ProblemExamplesTests {

    private static final String PROBLEM = "application/problem+json";

    @Autowired
    MockMvc mvc;

    private final JsonMapper json = JsonMapper.builder().build();
    private JsonNode doc;

    @BeforeEach
    void fetch() throws Exception {
        doc = OpenApiJson.served(mvc);
    }

    @Test
    @DisplayName("every problem response has examples of its own status, each a known problem type")
    void ownStatus() {
        List<String> wrong = new ArrayList<>();
        int examples = 0;
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                for (Map.Entry<String, JsonNode> response : operation.getValue().path("responses").properties()) {
                    JsonNode media = response.getValue().path("content").path(PROBLEM);
                    if (media.isMissingNode()) {
                        continue;
                    }
                    String where = operation.getKey() + " " + path.getKey() + " " + response.getKey();
                    if (media.path("examples").isEmpty()) {
                        wrong.add(where + ": no example");
                    }
                    for (Map.Entry<String, JsonNode> example : media.path("examples").properties()) {
                        examples++;
                        JsonNode body = example.getValue().path("value");
                        ProblemType type = type(body.path("type").asString());
                        Set<String> undocumented = members(body);
                        undocumented.removeAll(doc.at("/components/schemas/Problem/properties").propertyNames());
                        if (!undocumented.isEmpty()) {
                            wrong.add(where + " example " + example.getKey() + ": members not in the Problem schema "
                                    + undocumented);
                        }
                        if (body.path("status").asInt() != Integer.parseInt(response.getKey()) || type == null
                                || type.status().value() != body.path("status").asInt()
                                || !type.title().equals(body.path("title").asString())
                                || !body.path("instance").asString().startsWith("/api/v1/")) {
                            wrong.add(where + " example " + example.getKey() + ": " + body);
                        }
                    }
                }
            }
        }
        assertThat(examples).isGreaterThan(25);
        assertThat(wrong).isEmpty();
    }

    @Test
    @DisplayName("the synchronous endpoints show work-too-large and answer-too-large for 422, busy for 503")
    void synchronousStatuses() {
        JsonNode responses = doc.at("/paths/~1api~1v1~1optimizations/post/responses");
        assertThat(responses.at("/422/content/" + PROBLEM.replace("/", "~1") + "/examples").propertyNames())
                .containsExactly("work-too-large", "answer-too-large");
        assertThat(responses.at("/503/content/" + PROBLEM.replace("/", "~1") + "/examples").propertyNames())
                .containsExactly("busy");
        assertThat(doc.at("/paths/~1api~1v1~1jobs/post/responses/429/content/" + PROBLEM.replace("/", "~1")
                + "/examples").propertyNames()).containsExactly("too-many-jobs");
    }

    @Test
    @DisplayName("the examples a test can provoke are the real answers, member for member")
    void realAnswers() throws Exception {
        String id = "7f9c2ba4-e88f-41d3-8c4e-7b1e3a5d9f10";
        expectLike("/api/v1/optimizations", "post", 400, "invalid-request", post("/api/v1/optimizations")
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"objective": {"expression": "x^2"}, "start": {"x": 1},
                         "optimizer": {"type": "gd", "learningRate": -0.1}}"""));
        expectLike("/api/v1/optimizations", "post", 422, "work-too-large", post("/api/v1/optimizations")
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"objective": {"function": "sphere", "dimension": 50}, "maxIterations": 1000000,
                         "tolerance": 0}"""));
        expectLike("/api/v1/optimizations", "post", 422, "answer-too-large", post("/api/v1/optimizations")
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"objective": {"function": "sphere", "dimension": 100}, "maxIterations": 12000,
                         "tolerance": 0, "trajectory": {"maxPoints": 12000}}"""));
        // 10,000 variables are a job's to ask for; 1000 points of them are more than an answer holds.
        expectLike("/api/v1/jobs", "post", 422, "answer-too-large", post("/api/v1/jobs")
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"optimization": {"objective": {"function": "sphere", "dimension": 10000},
                         "maxIterations": 1000, "tolerance": 0}}"""));
        expectLike("/api/v1/jobs/{id}", "get", 404, "not-found", get("/api/v1/jobs/" + id));
        expectLike("/api/v1/jobs", "get", 400, "invalid-request", get("/api/v1/jobs?size=1000"));
        expectLike("/api/v1/jobs/{id}/trajectory", "get", 404, "not-found", get("/api/v1/jobs/" + id
                + "/trajectory"));
        expectLike("/api/v1/plots", "post", 400, "plot-not-drawable", post("/api/v1/plots")
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"optimization": {"objective": {"function": "sphere", "dimension": 5}, "maxIterations": 3}}
                        """));
        expectLike("/api/v1/optimizations", "post", 406, "not-acceptable", post("/api/v1/optimizations")
                .accept("application/pdf").contentType(MediaType.APPLICATION_JSON).content("""
                        {"objective": {"expression": "x^2"}, "start": {"x": 1}, "maxIterations": 3}"""));
        expectLike("/api/v1/jobs/{id}/trajectory", "get", 406, "not-acceptable", get("/api/v1/jobs/" + id
                + "/trajectory").accept("application/pdf"));
        expectLike("/api/v1/plots", "post", 406, "not-acceptable", post("/api/v1/plots")
                .accept("application/pdf").contentType(MediaType.APPLICATION_JSON).content("""
                        {"optimization": {"objective": {"expression": "x^2"}, "start": {"x": 1},
                         "maxIterations": 3}}"""));

        String job = json.readTree(Mvc.perform(mvc, post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"optimization": {"objective": {"expression": "x^2"}, "start": {"x": 1},
                         "maxIterations": 1}}""")).andReturn().getResponse().getContentAsString())
                .path("id").asString();
        for (int i = 0; i < 200 && !json.readTree(Mvc.perform(mvc, get("/api/v1/jobs/" + job)).andReturn()
                .getResponse().getContentAsString()).path("state").asString().equals("SUCCEEDED"); i++) {
            Thread.sleep(10);
        }
        expectLike("/api/v1/jobs/{id}", "delete", 409, "job-finished", delete("/api/v1/jobs/" + job));
    }

    /** The real answer to {@code request} has the type, title, status and members of the documented example. */
    private void expectLike(String path, String method, int status, String example, RequestBuilder request)
            throws Exception {
        JsonNode documented = doc.path("paths").path(path).path(method).path("responses").path(String.valueOf(status))
                .path("content").path(PROBLEM).path("examples").path(example).path("value");
        assertThat(documented.isObject()).as("%s %s %s example %s", method, path, status, example).isTrue();
        JsonNode real = json.readTree(Mvc.perform(mvc, request).andReturn().getResponse().getContentAsString());
        assertThat(real.path("status").asInt()).as("status of %s %s", method, path).isEqualTo(status);
        for (String member : List.of("type", "title", "status")) {
            assertThat(real.path(member)).as("%s of %s %s", member, method, path).isEqualTo(documented.path(member));
        }
        assertThat(members(real)).as("members of %s %s %s", method, path, example).isEqualTo(members(documented));
        assertThat(real.path("instance").asString().replaceAll("/[0-9a-f-]{36}", "/{id}"))
                .isEqualTo(documented.path("instance").asString().replaceAll("/[0-9a-f-]{36}", "/{id}"));
    }

    private static Set<String> members(JsonNode problem) {
        return new TreeSet<>(problem.propertyNames());
    }

    private static ProblemType type(String uri) {
        for (ProblemType type : ProblemType.values()) {
            if (type.uri().toString().equals(uri)) {
                return type;
            }
        }
        return null;
    }
}
