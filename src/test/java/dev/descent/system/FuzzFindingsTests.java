package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The five inputs a fuzzer found answering 500, each answered as it should be now: a problem naming the field for
 * bad input, a picture for a drawable one.
 */
@SpringBootTest
@AutoConfigureMockMvc
class FuzzFindingsTests {

    private static final String PROBLEM = "https://descent.dev/problems/";

    @Autowired
    MockMvc mvc;

    private ResultActions postJson(String path, String body) throws Exception {
        return Mvc.perform(mvc, post(path).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static void invalid(ResultActions actions, String field) throws Exception {
        actions.andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEM + "invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value(field));
    }

    @Nested
    @DisplayName("a CSV data set with an unterminated quote is a 400 naming the CSV")
    class UnterminatedQuote {

        @Test
        @DisplayName("as a text/csv body")
        void body() throws Exception {
            invalid(Mvc.perform(mvc, post("/api/v1/optimizations/csv?model=linear&target=y").contentType("text/csv")
                    .content("x,y\n\"\n")), "body");
        }

        @Test
        @DisplayName("as objective.regression.csv.text")
        void json() throws Exception {
            invalid(postJson("/api/v1/optimizations", """
                    {"objective": {"regression": {"model": "linear", "csv": {"text": "x,y\\n\\"\\n", "target": "y"}}},
                     "epochs": 3}"""), "objective.regression.csv.text");
        }
    }

    @Nested
    @DisplayName("\"bounds\": {\"x\": null} is a 400 naming bounds.x")
    class NullBounds {

        @Test
        @DisplayName("in an optimization")
        void optimization() throws Exception {
            invalid(postJson("/api/v1/optimizations", """
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}, "bounds": {"x": null}}"""), "bounds.x");
        }

        @Test
        @DisplayName("in a comparison")
        void comparison() throws Exception {
            invalid(postJson("/api/v1/comparisons", """
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}, "bounds": {"x": null},
                     "learningRates": [0.1, 0.2]}"""), "bounds.x");
        }

        @Test
        @DisplayName("in a job")
        void job() throws Exception {
            invalid(postJson("/api/v1/jobs", """
                    {"optimization": {"objective": {"expression": "x^2"}, "start": {"x": 1},
                     "bounds": {"x": null}}}"""),
                    "optimization.bounds.x");
        }

        @Test
        @DisplayName("in a comparison's run, and a job's comparison")
        void comparisonJob() throws Exception {
            invalid(postJson("/api/v1/jobs", """
                    {"comparison": {"objective": {"expression": "x^2"}, "start": {"x": 1}, "bounds": {"x": null},
                     "learningRates": [0.1, 0.2]}}"""), "comparison.bounds.x");
        }

        @Test
        @DisplayName("in a plot")
        void plot() throws Exception {
            invalid(postJson("/api/v1/plots", """
                    {"optimization": {"objective": {"expression": "x^2"}, "start": {"x": 1},
                     "bounds": {"x": null}}}"""),
                    "optimization.bounds.x");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"path", "convergence"})
    @DisplayName("a comparison whose runs share a label draws both, each under its own legend entry")
    void sharedLabels(String kind) throws Exception {
        String svg = postJson("/api/v1/plots?kind=" + kind, """
                {"comparison": {"objective": {"expression": "x^2"}, "start": {"x": 3}, "maxIterations": 10,
                 "learningRates": [0.1, 0.1]}}""")
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(svg).contains(">learningRate 0.1<", ">learningRate 0.1 (2)<");
    }

    @Test
    @DisplayName("a convergence plot whose values barely change is drawn")
    void flatConvergence() throws Exception {
        byte[] png = postJson("/api/v1/plots?kind=convergence&format=png", """
                {"optimization": {"objective": {"expression": "x^2"}, "start": {"x": 1000001}, "maxIterations": 1}}""")
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(800);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"svg", "png"})
    @DisplayName("path and convergence plots of runs started near the largest double are drawn")
    void hugeStart(String format) throws Exception {
        postJson("/api/v1/plots?kind=path&format=" + format, """
                {"optimization": {"objective": {"expression": "x - y"}, "start": {"x": 1.7e308, "y": -1.7e308},
                 "maxIterations": 5}}""")
                .andExpect(status().isOk());
        postJson("/api/v1/plots?kind=path&format=" + format, """
                {"optimization": {"objective": {"expression": "x"}, "start": {"x": 1.7e308}, "maxIterations": 5}}""")
                .andExpect(status().isOk());
        postJson("/api/v1/plots?kind=convergence&format=" + format, """
                {"optimization": {"objective": {"expression": "x"}, "start": {"x": 1.7e308}, "maxIterations": 5}}""")
                .andExpect(status().isOk());
    }
}
