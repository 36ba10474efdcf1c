package dev.descent.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import dev.descent.rangetest.RangeTestExamples;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

/** POST /api/v1/plots?kind=rangeTest: a range test's loss and smoothed loss against the learning rate. */
@SpringBootTest
@AutoConfigureMockMvc
class RangeTestPlotTests {

    private static final String PROBLEM = "https://descent.dev/problems/";

    @Autowired
    MockMvc mvc;

    private ResultActions plot(String query, String body) throws Exception {
        return Mvc.perform(mvc, post("/api/v1/plots" + query).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    @DisplayName("SVG: both curves against the learning rate on a log axis, the endpoint's suggestion marked")
    void svg() throws Exception {
        byte[] body = plot("?kind=rangeTest", PlotExamples.RANGE_TEST)
                .andExpect(status().isOk())
                .andExpect(content().contentType("image/svg+xml"))
                .andReturn().getResponse().getContentAsByteArray();
        double suggested = JsonMapper.builder().build().readTree(Mvc.perform(mvc,
                post("/api/v1/learning-rate-range-tests").contentType(MediaType.APPLICATION_JSON)
                        .content(RangeTestExamples.ROSENBROCK)).andReturn().getResponse().getContentAsString())
                .path("suggestedLearningRate").asDouble();

        Svg svg = Svg.parse(body);
        assertThat(svg.width()).isEqualTo(800);
        assertThat(svg.texts()).contains("Learning-rate range test on f = (1-x)^2 + 100*(y-x^2)^2",
                "learning rate (log scale)", "loss", "smoothed loss (β = 0.98)",
                "suggested " + String.format(java.util.Locale.ROOT, "%.3g", suggested) + " (STEEPEST)");
        // The smoothed loss in the first run colour; the suggestion one dashed red line (an SVG line, not a path).
        assertThat(svg.strokedPaths(ChartStyle.run(0))).isGreaterThanOrEqualTo(1);
        String document = new String(body, StandardCharsets.UTF_8);
        assertThat(document).containsOnlyOnce("stroke:rgb(214,39,40)").containsOnlyOnce("stroke-dasharray:6.0,4.0");
    }

    @Test
    @DisplayName("PNG of the requested size, for the mini-batch regression too")
    void png() throws Exception {
        byte[] body = plot("?kind=rangeTest&format=png&width=640&height=480",
                "{\"rangeTest\": " + RangeTestExamples.REGRESSION + "}")
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.IMAGE_PNG))
                .andReturn().getResponse().getContentAsByteArray();
        BufferedImage image = Svg.png(body);
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(480);
    }

    @Test
    @DisplayName("kind=rangeTest draws a rangeTest only, and a rangeTest is drawn with kind=rangeTest only")
    void kindAndBodyMatch() throws Exception {
        plot("?kind=rangeTest", PlotExamples.SEED)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEM + "invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value("kind"))
                .andExpect(jsonPath("$.errors[0].message").value("rangeTest draws a range test: give 'rangeTest' "
                        + "in the body"));
        plot("?kind=convergence", PlotExamples.RANGE_TEST)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("a 'rangeTest' is drawn with kind=rangeTest"));
        plot("?kind=rangeTest", "{\"rangeTest\": " + RangeTestExamples.ROSENBROCK + ", \"optimization\": "
                + PlotExamples.SEED.substring(PlotExamples.SEED.indexOf(':') + 1))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("body"));
    }

    @Test
    @DisplayName("the range test's fields are checked as its endpoint checks them, under rangeTest.")
    void invalidRangeTest() throws Exception {
        plot("?kind=rangeTest", """
                {"rangeTest": {"objective": {"expression": "x^2"}, "start": {"x": 1},
                 "range": {"min": 1, "max": 0.1}, "schedule": {"type": "step"}}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'rangeTest.range.max')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'rangeTest.schedule')]").exists());
    }

    @Test
    @DisplayName("a job is not drawn as a range test: 400, not a failure")
    void jobKind() throws Exception {
        Mvc.perform(mvc, get("/api/v1/jobs/00000000-0000-0000-0000-000000000000/plot?kind=rangeTest"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("kind"));
    }
}
