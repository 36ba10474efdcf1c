package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.descent.Mvc;
import dev.descent.job.store.JobStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job on data inline in its request keeps that data (the request it stores reads back as the one sent) and runs on
 * it. A finished job's answer is made once, when it finishes, and stored with its result: reading the job (GET, its
 * result event) writes those bytes and does not map the request onto the engine again, which for a regression would
 * read or generate its data set again at each read. Shown by changing the stored request's data after the job
 * finished: the answer read stays the one made from the data the job ran on; and a job without a stored answer
 * (finished before answers were stored) is still answered, made from the (changed) request as before.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class StoredAnswerTests {

    private static final String REGRESSION = """
            {"optimization": {"objective": {"regression": {"model": "linear", "standardize": true, "data": {
             "features": [[0.5, 1], [1.0, 3], [1.5, 2], [2, 5]], "targets": [5.4, 7.1, 8.4, 10.2]}}},
             "optimizer": {"type": "adam", "learningRate": 0.1}, "maxIterations": 300}}""";

    /** The same request on other targets: another model. */
    private static final String OTHER_DATA = REGRESSION.replace("[5.4, 7.1, 8.4, 10.2]", "[1, 2, 3, 4]");

    @Autowired
    MockMvc mvc;
    @Autowired
    JobStore store;
    @Autowired
    DataSource dataSource;

    private final JsonMapper json = JsonMapper.builder().build();

    private MockHttpServletResponse send(String body, String idempotencyKey) throws Exception {
        var request = post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return Mvc.perform(mvc, request).andReturn().getResponse();
    }

    private String submit(String body) throws Exception {
        return new JobRequests(mvc).submit(body);
    }

    /** The synchronous answer to the job request's optimization. */
    private JsonNode synchronous(String jobRequest) throws Exception {
        String optimization = json.readTree(jobRequest).path("optimization").toString();
        MockHttpServletResponse response = Mvc.perform(mvc, post("/api/v1/optimizations")
                .contentType(MediaType.APPLICATION_JSON).content(optimization)).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return json.readTree(response.getContentAsString());
    }

    private JsonNode job(String id) throws Exception {
        return new JobRequests(mvc).job(id);
    }

    private JsonNode finished(String id) throws Exception {
        return new JobRequests(mvc).succeeded(id);
    }

    /** The answer the job's runner stores right after the job finished. */
    private byte[] answer(String id) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            Optional<byte[]> answer = store.answer(id);
            if (answer.isPresent()) {
                return answer.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + id + " has no answer stored after 30 s");
    }

    @Test
    @DisplayName("a job on inline data stores the data it was sent, runs on it, and tells requests on other data "
            + "apart")
    void inlineData() throws Exception {
        String key = UUID.randomUUID().toString();
        MockHttpServletResponse first = send(REGRESSION, key);
        assertThat(first.getStatus()).as(first.getContentAsString()).isEqualTo(202);
        String id = json.readTree(first.getContentAsString()).path("id").asString();
        String stored = store.request(id).orElseThrow();
        JsonNode kept = json.readTree(stored).at("/optimization/objective/regression/data");
        JsonNode sent = json.readTree(REGRESSION).at("/optimization/objective/regression/data");
        assertThat(json.treeToValue(kept.path("features"), double[][].class))
                .isEqualTo(json.treeToValue(sent.path("features"), double[][].class));
        assertThat(json.treeToValue(kept.path("targets"), double[].class))
                .isEqualTo(json.treeToValue(sent.path("targets"), double[].class));

        JsonNode result = finished(id).path("result");
        JsonNode synchronous = synchronous(REGRESSION);
        assertThat(result.path("model")).isEqualTo(synchronous.path("model"));
        assertThat(result.path("metrics")).isEqualTo(synchronous.path("metrics"));
        assertThat(result.at("/receipt/requestHash")).isEqualTo(synchronous.at("/receipt/requestHash"));

        // The same key: the same job for the same data, a 422 for other data.
        MockHttpServletResponse again = send(REGRESSION, key);
        assertThat(again.getStatus()).isEqualTo(202);
        assertThat(json.readTree(again.getContentAsString()).path("id").asString()).isEqualTo(id);
        assertThat(send(OTHER_DATA, key).getStatus()).isEqualTo(422);
    }

    @Test
    @DisplayName("a finished job is answered from the answer stored when it finished, not from its request again")
    void answeredAsStored() throws Exception {
        String id = submit(REGRESSION);
        JsonNode result = finished(id).path("result");
        byte[] stored = answer(id);
        assertThat(json.readTree(new String(stored, StandardCharsets.UTF_8))).isEqualTo(result);
        assertThat(job(id).path("result")).isEqualTo(result);
        assertThat(result.at("/receipt/resultHash").asString()).hasSize(64);


        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("UPDATE jobs SET request = ? WHERE id = ?").params(OTHER_DATA, id).update();
        assertThat(job(id).path("result")).isEqualTo(result);

        // A job finished before answers were stored: its answer made from the request, which has the other data.
        jdbc.sql("UPDATE jobs SET answer = NULL WHERE id = ?").params(id).update();
        JsonNode remade = job(id).path("result");
        assertThat(remade.path("metrics")).isNotEqualTo(result.path("metrics"));
        assertThat(remade.path("minimum")).isEqualTo(result.path("minimum"));
    }

    @Test
    @DisplayName("a trajectory page is made of the stored result alone, as the plan made it: variables, points and "
            + "cycled momenta, in every layout")
    void pagesFromTheStoredResult() throws Exception {
        String id = submit("""
                {"optimization": {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
                 "optimizer": {"type": "adam", "learningRate": 0.01},
                 "schedule": {"type": "oneCycle", "maxLearningRate": 0.05, "totalSteps": 60},
                 "maxIterations": 60, "tolerance": 0, "trajectory": {"maxPoints": 25}}}""");
        finished(id);
        StoredResult stored = StoredResult.fromBytes(store.result(id).orElseThrow());
        assertThat(stored.runs().get(0).variables()).containsExactly("x", "y");
        assertThat(stored.runs().get(0).momenta()).hasSize(25);
        List<String> pages = List.of("?offset=3&limit=7", "?layout=columns&limit=25", "?format=csv",
                "?format=ndjson&offset=20");
        List<String> fromStore = new ArrayList<>();
        for (String page : pages) {
            fromStore.add(page(id, page));
        }
        assertThat(fromStore.get(0)).contains("\"momentum\"");

        // The request changed in the store (another cycle, other momenta): a page made of the stored result alone
        // does not see it.
        JdbcClient jdbc = JdbcClient.create(dataSource);
        String other = store.request(id).orElseThrow().replace("\"totalSteps\":60", "\"totalSteps\":100");
        assertThat(other).isNotEqualTo(store.request(id).orElseThrow());
        jdbc.sql("UPDATE jobs SET request = ? WHERE id = ?").params(other, id).update();
        for (int i = 0; i < pages.size(); i++) {
            assertThat(page(id, pages.get(i))).isEqualTo(fromStore.get(i));
        }
        // A result stored before runs kept their variables (format 4): its pages are made from the plan, which
        // sees the changed request (other momenta) and, the request as it was, gives the same to the character.
        StoredResult.StoredRun run = stored.runs().get(0);
        StoredResult withoutPage = new StoredResult(stored.kind(), List.of(new StoredResult.StoredRun(run.label(),
                run.status(), run.reason(), run.iterations(), run.functionEvaluations(), run.gradientEvaluations(),
                run.last(), run.trajectory(), run.epochLosses(), run.increases(), run.reversals(), run.elapsedNanos(),
                run.best(), run.lastProgress(), run.curvature(), run.explanation(), run.averagedPoint(), List.of(),
                new long[0], "", "")));
        jdbc.sql("UPDATE jobs SET result = ? WHERE id = ?").params(withoutPage.toBytes(), id).update();
        assertThat(page(id, pages.get(0))).isNotEqualTo(fromStore.get(0));
        jdbc.sql("UPDATE jobs SET request = ? WHERE id = ?").params(other.replace("\"totalSteps\":100",
                "\"totalSteps\":60"), id).update();
        for (int i = 0; i < pages.size(); i++) {
            assertThat(page(id, pages.get(i))).isEqualTo(fromStore.get(i));
        }
    }

    private String page(String id, String query) throws Exception {
        MockHttpServletResponse response = Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/trajectory" + query))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return response.getContentAsString();
    }

    @Test
    @DisplayName("an answer of more numbers than a runner makes at once is not stored: it is made at each read")
    void bigAnswersMadeWhenRead(CapturedOutput output) throws Exception {
        // 100,000 points of 6 numbers: 600,000 numbers, past StoredJobRunner.STORED_ANSWER_NUMBERS.
        String id = submit("""
                {"optimization": {"objective": {"expression": "x^2 + y^2"}, "start": {"x": 1, "y": 1},
                 "optimizer": {"type": "gd", "learningRate": 1e-6}, "maxIterations": 100000, "tolerance": 0,
                 "gradientTolerance": 0, "trajectory": {"maxPoints": 100000}}}""");
        JsonNode result = finished(id).path("result");
        assertThat(result.path("trajectory").size()).isEqualTo(100_000);
        assertThat(100_000L * 6).isGreaterThan(StoredJobRunner.STORED_ANSWER_NUMBERS);
        // The runner logs the job's end after it would have stored the answer.
        for (int i = 0; i < 3000 && !output.getOut().contains("Job " + id + " (optimization) SUCCEEDED"); i++) {
            Thread.sleep(10);
        }
        assertThat(output.getOut()).contains("Job " + id + " (optimization) SUCCEEDED");
        assertThat(store.answer(id)).isEmpty();
        assertThat(job(id).path("result")).isEqualTo(result);
    }
}
