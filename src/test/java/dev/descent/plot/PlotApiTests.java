package dev.descent.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** POST /api/v1/plots and /api/v1/plots/grid: images that parse, a problem for all that cannot be drawn. */
@SpringBootTest
@AutoConfigureMockMvc
class PlotApiTests {

    private static final String PROBLEM = "https://descent.dev/problems/";

    @Autowired
    MockMvc mvc;

    private static MockHttpServletRequestBuilder plot(String query, String body) {
        return MockMvcRequestBuilders.post("/api/v1/plots" + query).contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }

    private ResultActions perform(MockHttpServletRequestBuilder request) throws Exception {
        return Mvc.perform(mvc, request);
    }

    private static ResultActions isProblem(ResultActions actions, int status, String type) throws Exception {
        return actions.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEM + type))
                .andExpect(jsonPath("$.title").isString())
                .andExpect(jsonPath("$.detail").isString())
                .andExpect(jsonPath("$.instance").value("/api/v1/plots"));
    }

    @Nested
    @DisplayName("draws")
    class Draws {

        @Test
        @DisplayName("a 1-D path as SVG by default: the seed's parabola with its iterates")
        void seedPath() throws Exception {
            byte[] body = perform(plot("", PlotExamples.SEED))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType("image/svg+xml"))
                    .andExpect(header().string("Vary", containsString("Accept")))
                    .andReturn().getResponse().getContentAsByteArray();

            Svg svg = Svg.parse(body);
            assertThat(svg.width()).isEqualTo(800);
            assertThat(svg.height()).isEqualTo(600);
            assertThat(svg.texts()).contains("Path on f(x) = x^2 + 4*x + 9", "x", "f(x)", "gd, lr 0.1", "start",
                    "end");
            // maxIterations 30, tolerance 0: 31 iterates, each a mark, plus the legend's.
            assertThat(svg.filledShapes(ChartStyle.run(0))).isEqualTo(31 + 1);
        }

        @Test
        @DisplayName("a 2-D path: contours and the run's path")
        void rosenbrockPath() throws Exception {
            byte[] body = perform(plot("?kind=path&format=svg", PlotExamples.ROSENBROCK_ADAM))
                    .andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsByteArray();

            Svg svg = Svg.parse(body);
            assertThat(svg.texts()).contains("x", "y", "adam, lr 0.05");
            assertThat(svg.count("image")).isEqualTo(1);
            assertThat(svg.strokedPaths(ChartStyle.CONTOUR)).isGreaterThanOrEqualTo(10);
            assertThat(svg.strokedPaths(ChartStyle.run(0))).isEqualTo(2);
        }

        @Test
        @DisplayName("PNG of the requested size, chosen by the Accept header or by format")
        void png() throws Exception {
            byte[] byAccept = perform(plot("?width=640&height=480", PlotExamples.ROSENBROCK_ADAM)
                    .accept(MediaType.IMAGE_PNG))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType(MediaType.IMAGE_PNG))
                    .andReturn().getResponse().getContentAsByteArray();
            byte[] byFormat = perform(plot("?kind=convergence&format=png&width=300&height=200", PlotExamples.SEED))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType(MediaType.IMAGE_PNG))
                    .andReturn().getResponse().getContentAsByteArray();

            BufferedImage path = Svg.png(byAccept);
            assertThat(path.getWidth()).isEqualTo(640);
            assertThat(path.getHeight()).isEqualTo(480);
            BufferedImage convergence = Svg.png(byFormat);
            assertThat(convergence.getWidth()).isEqualTo(300);
            assertThat(convergence.getHeight()).isEqualTo(200);
        }

        @Test
        @DisplayName("the convergence of any dimension, on a log scale")
        void convergenceOfFiveVariables() throws Exception {
            byte[] body = perform(plot("?kind=convergence", PlotExamples.FIVE_VARIABLES)
                    .accept(MediaType.valueOf("image/svg+xml")))
                    .andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsByteArray();

            assertThat(Svg.parse(body).texts()).contains("iteration", "f (log scale)", "adam, lr 0.1");
        }
    }

    @Nested
    @DisplayName("answers a problem")
    class Problems {

        @Test
        @DisplayName("for a path of five variables, naming kind=convergence, whatever image was asked for")
        void fiveVariablePath() throws Exception {
            isProblem(perform(plot("", PlotExamples.FIVE_VARIABLES)), 400, "plot-not-drawable")
                    .andExpect(jsonPath("$.detail", containsString("kind=convergence")))
                    .andExpect(jsonPath("$.dimension").value(5));
            isProblem(perform(plot("?format=png", PlotExamples.FIVE_VARIABLES).accept(MediaType.IMAGE_PNG)), 400,
                    "plot-not-drawable");
        }

        @Test
        @DisplayName("for unknown kinds and formats and sizes out of range, every one listed")
        void badParameters() throws Exception {
            isProblem(perform(plot("?kind=surface&format=gif&width=50&height=5000", PlotExamples.SEED)), 400,
                    "invalid-request")
                    .andExpect(jsonPath("$.errors", hasSize(4)))
                    .andExpect(jsonPath("$.errors[0].field").value("kind"))
                    .andExpect(jsonPath("$.errors[0].message", containsString("path, convergence")))
                    .andExpect(jsonPath("$.errors[1].field").value("format"))
                    .andExpect(jsonPath("$.errors[2].field").value("width"))
                    .andExpect(jsonPath("$.errors[3].field").value("height"));
        }

        @Test
        @DisplayName("406 when the Accept header allows no image, or not the format asked for")
        void notAcceptable() throws Exception {
            isProblem(perform(plot("", PlotExamples.SEED).accept(MediaType.APPLICATION_JSON)), 406,
                    "not-acceptable")
                    .andExpect(jsonPath("$.detail", containsString("image/svg+xml or image/png")));
            isProblem(perform(plot("?format=png", PlotExamples.SEED).accept(MediaType.valueOf("image/svg+xml"))),
                    406, "not-acceptable");
        }

        @Test
        @DisplayName("for an invalid optimization, naming each field from the plot request's root")
        void invalidOptimization() throws Exception {
            isProblem(perform(plot("", """
                    {"optimization": {"objective": {"expression": "x^2 + y^2"}, "start": {"x": 1},
                     "optimizer": {"type": "adam", "learningRate": -1}}}""")), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                            "optimization.start.y", "optimization.optimizer.learningRate")));
            isProblem(perform(plot("", "{\"optimization\": {\"objective\": {\"expression\": \"x^\"}, "
                    + "\"start\": {\"x\": 1}}}")), 400, "invalid-expression")
                    .andExpect(jsonPath("$.errors[0].field").value("optimization.objective.expression"))
                    .andExpect(jsonPath("$.column").isNumber());
        }
    }

    @Nested
    @DisplayName("evaluates on a grid")
    class Grid {

        private ResultActions grid(String body) throws Exception {
            return perform(MockMvcRequestBuilders.post("/api/v1/plots/grid").contentType(MediaType.APPLICATION_JSON)
                    .content(body));
        }

        @Test
        @DisplayName("two variables: values[j][i] = f(x[i], y[j]), ends included")
        void twoVariables() throws Exception {
            grid("""
                    {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "ranges": {"x": [-2, 2], "y": [-1, 3]},
                     "steps": 3}""")
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.variables[0]").value("x"))
                    .andExpect(jsonPath("$.x", hasSize(3)))
                    .andExpect(jsonPath("$.y[2]").value(3.0))
                    .andExpect(jsonPath("$.values", hasSize(3)))
                    // f(-2, -1) = 9 + 100 * 25; f(0, 1) = 1 + 100; f(2, 3) = 1 + 100.
                    .andExpect(jsonPath("$.values[0][0]").value(2509.0))
                    .andExpect(jsonPath("$.values[1][1]").value(101.0))
                    .andExpect(jsonPath("$.values[2][2]").value(101.0))
                    .andExpect(jsonPath("$.min").value(101.0))
                    .andExpect(jsonPath("$.max").value(2509.0));
        }

        @Test
        @DisplayName("one variable: a single row; non-finite values are null")
        void oneVariable() throws Exception {
            grid("{\"objective\": {\"expression\": \"log(x)\"}, \"ranges\": {\"x\": [-1, 1]}, \"steps\": 3}")
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.y").doesNotExist())
                    .andExpect(jsonPath("$.values", hasSize(1)))
                    .andExpect(jsonPath("$.values[0][0]").doesNotExist())
                    .andExpect(jsonPath("$.values[0][2]").value(0.0));
        }

        @Test
        @DisplayName("refuses three variables and unknown ranges; a missing range is [-5, 5]")
        void problems() throws Exception {
            grid("{\"objective\": {\"function\": \"sphere\", \"dimension\": 3}, \"ranges\": {}}")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value(PROBLEM + "plot-not-drawable"));
            grid("{\"objective\": {\"expression\": \"x*y\"}, \"ranges\": {\"x\": [0, 1], \"z\": [0, 1]}}")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("ranges.z")));
            grid("{\"objective\": {\"expression\": \"x*y\"}, \"ranges\": {}, \"steps\": 2}")
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.variables", org.hamcrest.Matchers.contains("x", "y")))
                    .andExpect(jsonPath("$.x", org.hamcrest.Matchers.contains(-5.0, 5.0)));
        }
    }

    @Nested
    @DisplayName("draws a comparison")
    class Comparisons {

        @Test
        @DisplayName("the seeds' picture: four learning rates on x^2, one line and legend entry each, log scale")
        void learningRates() throws Exception {
            byte[] body = perform(plot("?kind=convergence", PlotExamples.LEARNING_RATES))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType("image/svg+xml"))
                    .andReturn().getResponse().getContentAsByteArray();

            Svg svg = Svg.parse(body);
            assertThat(svg.texts()).contains("f (log scale)", "learningRate 0.01", "learningRate 0.1",
                    "learningRate 0.9", "learningRate 1.1 (DIVERGED)");
            for (int run = 0; run < 4; run++) {
                assertThat(svg.strokedPaths(ChartStyle.run(run))).as("run %d: its line and its legend line", run)
                        .isEqualTo(2);
            }
        }

        @Test
        @DisplayName("three optimizers' paths on one Rosenbrock contour map, as PNG of the requested size")
        void optimizers() throws Exception {
            byte[] svgBody = perform(plot("?kind=path", PlotExamples.OPTIMIZERS))
                    .andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsByteArray();
            Svg svg = Svg.parse(svgBody);
            assertThat(svg.texts()).contains("x1", "x2", "gd", "momentum", "adam");
            assertThat(svg.count("image")).isEqualTo(1);
            for (int run = 0; run < 3; run++) {
                assertThat(svg.strokedPaths(ChartStyle.run(run))).isEqualTo(2);
            }

            byte[] pngBody = perform(plot("?kind=path&format=png&width=500&height=400", PlotExamples.OPTIMIZERS))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType(MediaType.IMAGE_PNG))
                    .andReturn().getResponse().getContentAsByteArray();
            BufferedImage png = Svg.png(pngBody);
            assertThat(png.getWidth()).isEqualTo(500);
            assertThat(png.getHeight()).isEqualTo(400);
        }

        @Test
        @DisplayName("needs exactly one of optimization and comparison, and names a comparison's fields")
        void exactlyOne() throws Exception {
            isProblem(perform(plot("", "{}")), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("body"))
                    .andExpect(jsonPath("$.errors[0].message")
                            .value("give exactly one of 'optimization', 'comparison' and 'rangeTest'"));
            isProblem(perform(plot("", """
                    {"comparison": {"objective": {"expression": "x^2"}, "start": {"x": 3},
                     "learningRates": [0.1, -1]}}""")), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field", containsString("comparison.learningRates")));
        }
    }
}
