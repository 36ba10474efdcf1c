package dev.descent.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import dev.descent.job.JobRequests;
import java.awt.image.BufferedImage;
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
}
