package dev.descent.optimization;

import static dev.descent.optimization.TrajectoryTables.assertSameNumbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POST /api/v1/optimizations (and a comparison's runs): the trajectory in the columns layout, as CSV and as NDJSON
 * carries exactly the numbers of the rows layout (each read by a parser of its own and compared bit for bit), and the Accept header and the layout
 * are checked like any other input.
 */
@SpringBootTest
@AutoConfigureMockMvc
class TrajectoryLayoutsApiTests {

    /** Adam on Rosenbrock, thinned: 31 points with every kind of number (the start's NaN learning rate too). */
    private static final String RUN = """
            {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
             "optimizer": {"type": "adam", "learningRate": 0.01}, "maxIterations": 300, "tolerance": 0,
             "trajectory": {"maxPoints": 31%s}}""";
    private static final List<String> XY = List.of("x", "y");

    @Autowired
    MockMvc mvc;

    private final JsonMapper json = JsonMapper.builder().build();

    private ResultActions post(String body, String accept) throws Exception {
        return Mvc.perform(mvc, MockMvcRequestBuilders.post("/api/v1/optimizations")
                .contentType(MediaType.APPLICATION_JSON).accept(accept).content(body));
    }

    private String answer(String body, String accept) throws Exception {
        return post(body, accept).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    @DisplayName("columns, CSV and NDJSON carry the rows layout's numbers, bit for bit")
    void everyLayoutHasTheSameNumbers() throws Exception {
        JsonNode rows = json.readTree(answer(RUN.formatted(""), MediaType.APPLICATION_JSON_VALUE));
        double[][] expected = TrajectoryTables.fromRows(rows.path("trajectory"), XY);
        assertThat(expected).hasNumberOfRows(31);
        assertThat(expected[0][5]).as("the start's learning rate").isNaN();
        assertThat(expected[30][0]).isEqualTo(300);

        JsonNode columns = json.readTree(answer(RUN.formatted(", \"layout\": \"columns\""),
                MediaType.APPLICATION_JSON_VALUE));
        assertSameNumbers(TrajectoryTables.fromColumns(columns.path("trajectory"), XY), expected, "columns");
        assertThat(columns.at("/trajectory/learningRate/0").isNull()).isTrue();
        // The rest of the answer is the same in either layout, but for the receipt: the layout is part of the request.
        assertThat(without(columns)).isEqualTo(without(rows));
        assertThat(columns.at("/receipt/resolvedRequest/trajectory/layout").asString()).isEqualTo("columns");
        assertThat(columns.at("/receipt/requestHash")).isNotEqualTo(rows.at("/receipt/requestHash"));

        String csv = post(RUN.formatted(""), "text/csv")
                .andExpect(status().isOk())
                .andExpect(content().contentType("text/csv;charset=UTF-8"))
                .andReturn().getResponse().getContentAsString();
        assertThat(csv).startsWith("iteration,x,y,value,gradientNorm,learningRate\n0,-1.5,2.0,12.5,");
        assertSameNumbers(TrajectoryTables.fromCsv(csv, XY), expected, "CSV");

        String ndjson = post(RUN.formatted(""), "application/x-ndjson")
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/x-ndjson"))
                .andReturn().getResponse().getContentAsString();
        assertThat(ndjson).contains("\"learningRate\":null}\n");
        assertSameNumbers(TrajectoryTables.fromNdjson(ndjson, XY), expected, "NDJSON");
    }

    @Test
    @DisplayName("a comparison's runs take the shared layout: columns with each run's rows numbers")
    void comparisonRuns() throws Exception {
        String comparison = """
                {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
                 "optimizer": {"type": "adam"}, "maxIterations": 100, "tolerance": 0,
                 "trajectory": {"maxPoints": 11%s}, "learningRates": [0.01, 0.02]}""";
        JsonNode rows = json.readTree(compare(comparison.formatted("")));
        JsonNode columns = json.readTree(compare(comparison.formatted(", \"layout\": \"columns\"")));
        for (int run = 0; run < 2; run++) {
            double[][] expected = TrajectoryTables.fromRows(rows.at("/runs/" + run + "/result/trajectory"), XY);
            assertThat(expected).hasNumberOfRows(11);
            assertSameNumbers(TrajectoryTables.fromColumns(columns.at("/runs/" + run + "/result/trajectory"), XY),
                    expected, "run " + run + " in columns");
        }
    }

    private String compare(String body) throws Exception {
        return Mvc.perform(mvc, MockMvcRequestBuilders.post("/api/v1/comparisons")
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    @DisplayName("the layout asked for in the request does not change CSV, which is rows")
    void csvIgnoresTheJsonLayout() throws Exception {
        assertThat(answer(RUN.formatted(", \"layout\": \"columns\""), "text/csv"))
                .isEqualTo(answer(RUN.formatted(""), "text/csv"));
    }

    @Test
    @DisplayName("without a trajectory, the CSV is its header and the NDJSON empty")
    void withoutTrajectory() throws Exception {
        String body = RUN.formatted(", \"include\": false");
        assertThat(answer(body, "text/csv")).isEqualTo("iteration,x,y,value,gradientNorm,learningRate\n");
        assertThat(answer(body, "application/x-ndjson")).isEmpty();
    }

    @Test
    @DisplayName("a client that accepts only a table gets no receipt computed: it would not see it")
    void tableOnly() {
        assertThat(OptimizationController.tableOnly("text/csv")).isTrue();
        assertThat(OptimizationController.tableOnly("application/x-ndjson")).isTrue();
        assertThat(OptimizationController.tableOnly("text/csv, application/x-ndjson;q=0.5")).isTrue();
        assertThat(OptimizationController.tableOnly(null)).isFalse();
        assertThat(OptimizationController.tableOnly("*/*")).isFalse();
        assertThat(OptimizationController.tableOnly("application/json, text/csv")).isFalse();
        assertThat(OptimizationController.tableOnly("application/*")).isFalse();
        assertThat(OptimizationController.tableOnly("not a media type")).isFalse();
    }

    @Test
    @DisplayName("JSON is what a client gets without Accept, with */* and with all three types listed")
    void jsonByDefault() throws Exception {
        for (String accept : List.of("*/*", "application/json, text/csv, application/x-ndjson")) {
            post(RUN.formatted(""), accept).andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andExpect(jsonPath("$.trajectory[0].iteration").value(0));
        }
        Mvc.perform(mvc, MockMvcRequestBuilders.post("/api/v1/optimizations")
                        .contentType(MediaType.APPLICATION_JSON).content(RUN.formatted("")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
    }

    @Test
    @DisplayName("an Accept that allows none of JSON, CSV and NDJSON is a 406 problem")
    void notAcceptable() throws Exception {
        post(RUN.formatted(""), "application/xml")
                .andExpect(status().isNotAcceptable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://descent.dev/problems/not-acceptable"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("text/csv")));
    }

    @Test
    @DisplayName("a bad request asking for CSV is answered a problem, in JSON")
    void problemsStayJson() throws Exception {
        post(RUN.formatted("").replace("\"maxIterations\": 300", "\"maxIterations\": -1"), "text/csv")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("maxIterations"));
    }

    @Test
    @DisplayName("an unknown layout is a 400 naming trajectory.layout")
    void unknownLayout() throws Exception {
        post(RUN.formatted(", \"layout\": \"diagonal\""), MediaType.APPLICATION_JSON_VALUE)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("trajectory.layout"));
    }

    private JsonNode without(JsonNode answer) {
        JsonNode copy = answer.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) copy).remove(List.of("trajectory", "elapsedMillis", "receipt"));
        return copy;
    }
}
