package dev.descent.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import dev.descent.job.JobReads;
import dev.descent.job.JobRequests;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** GET /api/v1/jobs/{id}/plot: a finished job drawn as POST /api/v1/plots draws it. */
@SpringBootTest
@AutoConfigureMockMvc
class JobPlotTests {

    @Autowired
    MockMvc mvc;

    private String submit(String job) throws Exception {
        return new JobRequests(mvc).submit(job);
    }

    private String awaitFinished(String id) throws Exception {
        return new JobRequests(mvc).ended(id).path("state").asString();
    }

    @Test
    @DisplayName("a finished comparison job: every run on one picture, PNG of the requested size or SVG")
    void finishedComparison() throws Exception {
        String id = submit("{\"comparison\": " + PlotExamples.LEARNING_RATES.substring(
                PlotExamples.LEARNING_RATES.indexOf(':') + 1, PlotExamples.LEARNING_RATES.lastIndexOf('}')) + "}");
        assertThat(awaitFinished(id)).isEqualTo("SUCCEEDED");

        byte[] png = Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/plot?kind=convergence&format=png&width=420&height=300"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.IMAGE_PNG))
                .andReturn().getResponse().getContentAsByteArray();
        BufferedImage image = Svg.png(png);
        assertThat(image.getWidth()).isEqualTo(420);
        assertThat(image.getHeight()).isEqualTo(300);

        byte[] svg = Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/plot").accept("image/svg+xml"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(Svg.parse(svg).texts()).contains("Path on f(x) = x^2", "learningRate 0.01",
                "learningRate 1.1 (DIVERGED)");
    }

    @Test
    @DisplayName("a running job answers 409 job-not-finished; once cancelled, its partial run is drawn")
    void runningThenCancelled() throws Exception {
        String id = submit("""
                {"optimization": {"objective": {"expression": "x^2 + y^2"}, "start": {"x": 1, "y": 1},
                 "optimizer": {"type": "gd", "learningRate": 1e-9}, "maxIterations": 1000000000, "tolerance": 0,
                 "trajectory": {"maxPoints": 100}}}""");
        Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/plot"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://descent.dev/problems/job-not-finished"));
        Mvc.perform(mvc, delete("/api/v1/jobs/" + id));
        assertThat(awaitFinished(id)).isEqualTo("CANCELLED");
        byte[] svg = Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/plot?kind=path"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(Svg.parse(svg).texts()).contains("gd, lr 1.00e-09 (CANCELLED)");
    }

    @Test
    @DisplayName("an unknown job is a 404 problem")
    void unknown() throws Exception {
        Mvc.perform(mvc, get("/api/v1/jobs/00000000-0000-0000-0000-000000000000/plot"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://descent.dev/problems/not-found"));
    }

    @Autowired
    PlotMapper mapper;
    @Autowired
    JobReads reads;

    @Test
    @DisplayName("a job's path picture holds its read (a regression's data set), counted by the budget of reads, until "
            + "drawn; its convergence picture only its stored result; an export until its script is made")
    void readsHeldUntilDone() throws Exception {
        int samples = 1_000;
        String id = submit("""
                {"optimization": {"objective": {"regression": {"model": "linear", "synthetic": {"samples": %d,
                 "coefficients": [2], "noise": 0.5, "seed": 7}}},
                 "optimizer": {"type": "gd", "learningRate": 0.05}, "maxIterations": 20}}""".formatted(samples));
        assertThat(awaitFinished(id)).isEqualTo("SUCCEEDED");
        long before = reads.heldBytes();
        // Its data set alone: 1,000 rows of a feature and a target as doubles, and a row index each.
        long dataSet = samples * (8L * 2 + 4);
        try (PlotMapper.JobFigure figure = mapper.toFigure(id, PlotOptions.of("path", "svg", null, null, null))) {
            assertThat(figure.figure().objective()).isNotNull();
            assertThat(reads.heldBytes() - before).isGreaterThanOrEqualTo(dataSet);
        }
        assertThat(reads.heldBytes()).isEqualTo(before);
        try (PlotMapper.JobFigure figure = mapper.toFigure(id, PlotOptions.of("convergence", "svg", null, null,
                null))) {
            // Drawn from the stored result: no objective, no data set.
            assertThat(figure.figure().objective()).isNull();
            assertThat(reads.heldBytes() - before).isPositive().isLessThan(dataSet);
        }
        assertThat(reads.heldBytes()).isEqualTo(before);

        for (String kind : List.of("path", "convergence")) {
            Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/plot?kind=" + kind).accept("image/svg+xml"))
                    .andExpect(status().isOk());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> reads.heldBytes() == before);
        }
        Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/exports/pytorch")).andExpect(status().isOk());
        assertThat(reads.heldBytes()).isEqualTo(before);
    }

    static List<Arguments> jobs() {
        return List.of(
                Arguments.of("a formula", PlotExamples.SEED),
                Arguments.of("a comparison of learning rates, one diverging", PlotExamples.LEARNING_RATES),
                Arguments.of("a diverging run", PlotExamples.DIVERGING),
                Arguments.of("a long formula over several lines", """
                        {"optimization": {"objective": {"expression": "(x - 1)^2   +\\n   0.5 * (y + 2)^2 + 0.25 *\\t(x                         * y)^2 + 0.125 * (x - y)^2 + 0.0625 * (x + y)^2"}, "start": {"x": 2, "y": 1},
                         "optimizer": {"type": "gd", "learningRate": 0.1}, "maxIterations": 50}}"""),
                Arguments.of("a regression, mini-batches", """
                        {"optimization": {"objective": {"regression": {"model": "logistic", "synthetic": {
                         "samples": 500, "coefficients": [0.5, -1, 2], "seed": 3}}},
                         "optimizer": {"type": "adam", "learningRate": 0.05}, "maxIterations": 300,
                         "batchSize": 32, "seed": 11, "trajectory": {"maxPoints": 40}}}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    @DisplayName("a job's convergence picture, drawn from its stored result alone, is the picture of its request")
    void convergenceFromTheStoredResult(String name, String job) throws Exception {
        String id = submit(job);
        assertThat(awaitFinished(id)).isEqualTo("SUCCEEDED");
        try (PlotMapper.JobFigure figure = mapper.toFigure(id, PlotOptions.of("convergence", "svg", null, null,
                null))) {
            assertThat(figure.figure().objective()).as("drawn from the stored result").isNull();
        }
        byte[] fromJob = Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/plot?kind=convergence")
                        .accept("image/svg+xml"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        byte[] drawn = Mvc.perform(mvc, post("/api/v1/plots?kind=convergence").contentType(MediaType.APPLICATION_JSON)
                        .content(job).accept("image/svg+xml"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(withoutIds(fromJob)).isEqualTo(withoutIds(drawn));
    }

    /** The SVG text without the ids JFreeSVG makes of the time (of its clip paths). */
    private static String withoutIds(byte[] svg) {
        return new String(svg, StandardCharsets.UTF_8).replaceAll("_\\d+clip", "_clip");
    }
}
