package dev.descent.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import dev.descent.job.JobReads;
import dev.descent.job.JobRequests;
import java.awt.image.BufferedImage;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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
    @DisplayName("a job's picture holds its read (a regression's data set), counted by the budget of reads, until "
            + "drawn; an export until its script is made")
    void readsHeldUntilDone() throws Exception {
        int samples = 20_000;
        String id = submit("""
                {"optimization": {"objective": {"regression": {"model": "linear", "synthetic": {"samples": %d,
                 "coefficients": [1, 2, 3], "noise": 0.5, "seed": 7}}},
                 "optimizer": {"type": "gd", "learningRate": 0.05}, "maxIterations": 20}}""".formatted(samples));
        assertThat(awaitFinished(id)).isEqualTo("SUCCEEDED");
        long before = reads.heldBytes();
        // Its data set alone: 20,000 rows of two features and a target as doubles, and a row index each.
        long dataSet = samples * (8L * 3 + 4);
        try (PlotMapper.JobFigure figure = mapper.toFigure(id, PlotOptions.of("convergence", "svg", null, null,
                null))) {
            assertThat(figure.figure().runs()).hasSize(1);
            assertThat(reads.heldBytes() - before).isGreaterThanOrEqualTo(dataSet);
        }
        assertThat(reads.heldBytes()).isEqualTo(before);

        Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/plot?kind=convergence").accept("image/svg+xml"))
                .andExpect(status().isOk());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> reads.heldBytes() == before);
        Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/exports/pytorch")).andExpect(status().isOk());
        assertThat(reads.heldBytes()).isEqualTo(before);
    }
}
