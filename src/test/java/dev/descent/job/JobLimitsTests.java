package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.descent.Mvc;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job may ask for far more than a synchronous request (its time budget bounds it, not a work cap): more than a
 * million iterations, up to 10,000 variables and regression data sets of up to 50,000,000 values, where the
 * synchronous endpoints stop at 1,000,000, 100 and 1,000,000.
 */
@SpringBootTest
@AutoConfigureMockMvc
class JobLimitsTests {

    @Autowired
    MockMvc mvc;

    private final JsonMapper json = JsonMapper.builder().build();

    private MockHttpServletResponse post(String path, String body) throws Exception {
        return Mvc.perform(mvc, org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse();
    }

    private JsonNode finished(String optimization) throws Exception {
        MockHttpServletResponse submitted = post("/api/v1/jobs", "{\"optimization\": " + optimization + "}");
        assertThat(submitted.getStatus()).as(submitted.getContentAsString()).isEqualTo(202);
        String id = json.readTree(submitted.getContentAsString()).path("id").asString();
        for (int i = 0; i < 3000; i++) {
            JsonNode job = json.readTree(Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andReturn().getResponse()
                    .getContentAsString());
            if (job.path("finishedAt").isString()) {
                return job;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + id + " did not end within 30 s");
    }

    @Test
    @DisplayName("two million iterations: a 400 for a synchronous request, a job that runs them all")
    void millionsOfIterations() throws Exception {
        String request = """
                {"objective": {"expression": "x^2"}, "start": {"x": 3},
                 "optimizer": {"type": "gd", "learningRate": 1e-9}, "maxIterations": 2000000, "tolerance": 0,
                 "trajectory": {"maxPoints": 10}}""";
        MockHttpServletResponse synchronous = post("/api/v1/optimizations", request);
        assertThat(synchronous.getStatus()).isEqualTo(400);
        assertThat(synchronous.getContentAsString()).contains("maxIterations").contains("1000000");

        JsonNode job = finished(request);
        assertThat(job.path("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode result = job.path("result");
        assertThat(result.path("status").asString()).isEqualTo("MAX_ITERATIONS");
        assertThat(result.path("iterations").asInt()).isEqualTo(2_000_000);
        // gd on x^2: x_k = 3 (1 - 2 lr)^k.
        assertThat(result.at("/minimum/point/x").asDouble())
                .isCloseTo(3 * Math.pow(1 - 2e-9, 2_000_000), org.assertj.core.data.Percentage.withPercentage(1e-7));
    }

    @Test
    @DisplayName("10,000 variables: a 400 for a synchronous request, a job that runs them")
    void tenThousandVariables() throws Exception {
        String request = """
                {"objective": {"function": "sphere", "dimension": 10000},
                 "optimizer": {"type": "gd", "learningRate": 0.1}, "maxIterations": 3, "tolerance": 0,
                 "trajectory": {"maxPoints": 2}}""";
        MockHttpServletResponse synchronous = post("/api/v1/optimizations", request);
        assertThat(synchronous.getStatus()).isEqualTo(400);
        assertThat(synchronous.getContentAsString()).contains("objective.dimension");

        JsonNode job = finished(request);
        assertThat(job.path("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode result = job.path("result");
        assertThat(result.path("iterations").asInt()).isEqualTo(3);
        assertThat(result.at("/objective/variables").size()).isEqualTo(10_000);
        // gd at 0.1 on the sum of squares scales every coordinate by 0.8 a step: f by 0.8^2 a step.
        double start = result.at("/trajectory/0/value").asDouble();
        assertThat(result.at("/minimum/value").asDouble())
                .isCloseTo(start * Math.pow(0.8, 6), org.assertj.core.data.Percentage.withPercentage(1e-10));
    }

    @Test
    @DisplayName("1,200,000 data values: a 400 for a synchronous request, a job that fits them")
    void largerDataSets() throws Exception {
        String request = """
                {"objective": {"regression": {"model": "linear",
                   "synthetic": {"samples": 600000, "coefficients": [1, 2], "intercept": 0, "noise": 0, "seed": 1}}},
                 "optimizer": {"type": "gd", "learningRate": 0.1}, "epochs": 2, "tolerance": 0,
                 "trajectory": {"maxPoints": 2}}""";
        MockHttpServletResponse synchronous = post("/api/v1/optimizations", request);
        assertThat(synchronous.getStatus()).isEqualTo(400);
        assertThat(synchronous.getContentAsString()).contains("objective.regression.synthetic.samples")
                .contains("1000000");

        JsonNode job = finished(request);
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode result = job.path("result");
        assertThat(result.path("iterations").asInt()).isEqualTo(2);
        assertThat(result.at("/objective/formula").asString()).contains("600000 rows");
        // Full batch from θ = 0: each epoch's loss is below the one before it.
        JsonNode losses = result.path("epochLosses");
        assertThat(losses.size()).isEqualTo(3);
        assertThat(losses.get(2).asDouble()).isLessThan(losses.get(1).asDouble());
        assertThat(losses.get(1).asDouble()).isLessThan(losses.get(0).asDouble());
    }
}
