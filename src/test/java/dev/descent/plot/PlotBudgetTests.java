package dev.descent.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import dev.descent.comparison.ComparisonMapper;
import dev.descent.job.JobService;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.WorkBudget;
import dev.descent.rangetest.RangeTestMapper;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drawing counts in the synchronous work budget (20,000,000 units by default): a picture too costly to draw is a
 * 422 {@code work-too-large} before anything runs; ordinary ones are drawn.
 */
@SpringBootTest
@AutoConfigureMockMvc
class PlotBudgetTests {

    private static final String WORK_TOO_LARGE = "https://descent.dev/problems/work-too-large";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long MAX_SYNC_WORK = 20_000_000;

    @Autowired
    MockMvc mvc;

    @Autowired
    OptimizationMapper optimizations;

    @Autowired
    ComparisonMapper comparisons;

    @Autowired
    WorkBudget budget;

    @Autowired
    JobService jobs;

    @Autowired
    RangeTestMapper rangeTests;

    /** A comparison of {@code runs} learning rates on Rosenbrock, each of 1,000 iterations, every point drawn. */
    static String manyRuns(int runs) {
        List<String> rates = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            rates.add(String.valueOf(0.0001 * (i + 1)));
        }
        return "{\"comparison\": {\"objective\": {\"expression\": \"(1-x)^2 + 100*(y-x^2)^2\"}, \"start\": "
                + "{\"x\": -1.5, \"y\": 2}, \"maxIterations\": 999, \"tolerance\": 0, \"trajectory\": "
                + "{\"maxPoints\": 1000}, \"learningRates\": " + rates + "}}";
    }

    private ResultActions plot(String query, String body) throws Exception {
        return Mvc.perform(mvc, post("/api/v1/plots" + query).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    @DisplayName("a 4000 x 4000 PNG of 100 runs of 1,000 points is refused before any run, the work counted")
    void oversizedBeforeWork() {
        PlotMapper mapper = new PlotMapper(optimizations, comparisons, budget, jobs, rangeTests);
        PlotRequest request = JSON.readValue(manyRuns(100), PlotRequest.class);
        PlotOptions options = new PlotOptions(PlotKind.PATH, ImageFormat.PNG, 4000, 4000);

        // Refused in the mapping, before anything is handed to the descent threads.
        assertThatThrownBy(() -> mapper.toPlan(request, options))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.type()).isEqualTo(ProblemType.WORK_TOO_LARGE);
                    // The runs: 100 × 999 iterations × (2 + 3); the drawing: the contour grid of f (a 2-D
                    // expression: 5 units an evaluation, 14 levels traced), 100,000 points at 50 + 160 units on
                    // 16,000,000 pixels, each pixel of a PNG 4 units, and 1,000,000 for the chart itself.
                    long runs = 100L * 999 * 5;
                    long drawing = 1_000_000 + 100_000L * (50 + 160) + 4L * 16_000_000 + 120L * 120 * (5 + 14);
                    assertThat(problem.properties()).containsEntry("work", runs + drawing)
                            .containsEntry("maxWork", MAX_SYNC_WORK);
                    assertThat(problem.getMessage()).contains("Drawing this picture may take " + drawing)
                            .contains("besides " + runs + " for its runs");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a PNG of 4000 x 4000, 100 runs of 1,000 points|?kind=convergence&format=png&width=4000&height=4000|100",
        "an SVG of 4000 x 4000, 100 runs of 1,000 points|?kind=convergence&format=svg&width=4000&height=4000|100",
        "a PNG of 4000 x 4000 of a single run|?kind=convergence&format=png&width=4000&height=4000|1"})
    @DisplayName("over the budget: 422 work-too-large, saying how to ask for less")
    void oversized(String name, String query, int runs) throws Exception {
        plot(query, manyRuns(runs))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(WORK_TOO_LARGE))
                .andExpect(jsonPath("$.maxWork").value(MAX_SYNC_WORK))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("smaller picture")));
    }

    @Test
    @DisplayName("the contour map of a regression of 20,000 rows: each of its 14,400 evaluations reads every row")
    void costlyObjective() throws Exception {
        plot("?kind=path", """
                {"optimization": {"objective": {"regression": {"model": "linear",
                  "synthetic": {"samples": 20000, "coefficients": [3]}}}, "epochs": 20}}""")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value(WORK_TOO_LARGE));
        // Its convergence curve evaluates nothing: drawn.
        plot("?kind=convergence", """
                {"optimization": {"objective": {"regression": {"model": "linear",
                  "synthetic": {"samples": 20000, "coefficients": [3]}}}, "epochs": 20}}""")
                .andExpect(status().isOk());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "the seed's path, PNG 800 x 600|?kind=path&format=png|1",
        "10 runs, contour map, PNG 1000 x 750|?kind=path&format=png&width=1000&height=750|10",
        "100 runs of 1,000 points, SVG 800 x 600|?kind=convergence&format=svg|100",
        "a single run, PNG 2000 x 2000|?kind=convergence&format=png&width=2000&height=2000|1",
        "a single run, SVG 4000 x 4000|?kind=path&format=svg&width=4000&height=4000|1"})
    @DisplayName("ordinary pictures are drawn")
    void ordinary(String name, String query, int runs) throws Exception {
        plot(query, manyRuns(runs)).andExpect(status().isOk());
    }

    @Test
    @DisplayName("a grid of a costly objective is refused; an ordinary one answered")
    void grid() throws Exception {
        Mvc.perform(mvc, post("/api/v1/plots/grid").contentType(MediaType.APPLICATION_JSON).content("""
                        {"objective": {"regression": {"model": "linear",
                          "synthetic": {"samples": 20000, "coefficients": [3]}}}, "ranges": {}, "steps": 401}"""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value(WORK_TOO_LARGE))
                .andExpect(jsonPath("$.work").value(401L * 401 * (2 + 3 + 20000)));
        Mvc.perform(mvc, post("/api/v1/plots/grid").contentType(MediaType.APPLICATION_JSON).content("""
                        {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "ranges": {}, "steps": 401}"""))
                .andExpect(status().isOk());
    }

    @Test
    @DisplayName("a finished job's picture counts its drawing too")
    void jobPicture() throws Exception {
        String body = Mvc.perform(mvc, post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"comparison\": " + manyRuns(100).substring(manyRuns(100).indexOf(':') + 1)))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        String id = JSON.readTree(body).path("id").asString();
        for (int i = 0; i < 400; i++) {
            JsonNode job = JSON.readTree(Mvc.perform(mvc, get("/api/v1/jobs/" + id)).andReturn().getResponse()
                    .getContentAsString());
            if (job.path("state").asString().equals("SUCCEEDED")) {
                break;
            }
            Thread.sleep(50);
        }
        Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/plot?kind=convergence&format=png&width=4000&height=4000"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value(WORK_TOO_LARGE));
        Mvc.perform(mvc, get("/api/v1/jobs/" + id + "/plot?kind=convergence&format=svg"))
                .andExpect(status().isOk());
    }
}
