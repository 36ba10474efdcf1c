package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Security headers: nosniff everywhere, a policy on the playground and on SVG pictures, none on Swagger UI. */
@SpringBootTest
@AutoConfigureMockMvc
class SecurityHeadersTests {

    private static final String CSP = "Content-Security-Policy";
    private static final String SEED = """
            {"optimization": {"objective": {"expression": "x^2 + 4*x + 9"}, "start": {"x": 5},
             "optimizer": {"type": "gd", "learningRate": 0.1}, "maxIterations": 30}}""";
    private static final String ROSENBROCK = """
            {"optimization": {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
             "maxIterations": 50}}""";

    @Autowired
    MockMvc mvc;

    private MockHttpServletResponse answer(MockHttpServletRequestBuilder request) throws Exception {
        return Mvc.perform(mvc, request).andReturn().getResponse();
    }

    @ParameterizedTest(name = "GET {0}")
    @ValueSource(strings = {"/", "/index.html", "/playground.js", "/favicon.svg", "/api/v1/functions",
        "/api/v1/jobs", "/nothing", "/v3/api-docs", "/swagger-ui.html", "/actuator/health"})
    @DisplayName("every answer says nosniff, whatever it is")
    void nosniff(String path) throws Exception {
        assertThat(answer(get(path)).getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    @DisplayName("a problem and a picture say nosniff too")
    void nosniffOnProblemsAndPictures() throws Exception {
        assertThat(answer(post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON).content("{"))
                .getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer(post("/api/v1/plots?format=png").contentType(MediaType.APPLICATION_JSON).content(SEED))
                .getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @ParameterizedTest(name = "GET {0}")
    @ValueSource(strings = {"/", "/index.html"})
    @DisplayName("the playground's policy: its own scripts only, no eval, no inline script; requests to itself")
    void playground(String path) throws Exception {
        String policy = answer(get(path)).getHeader(CSP);
        assertThat(policy).isEqualTo(SecurityHeadersFilter.PLAYGROUND_POLICY)
                .contains("script-src 'self';", "connect-src 'self'", "style-src 'self' 'unsafe-inline'",
                        "object-src 'none'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-eval");
    }

    @Test
    @DisplayName("the playground works under its policy: no inline script or handler, no eval, plotly from /webjars")
    void playgroundFitsItsPolicy() throws Exception {
        String html = Files.readString(Path.of("src/main/resources/static/index.html"));
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (scripts.find()) {
            assertThat(scripts.group(1)).as("a script is loaded, not inline").contains("src=");
            assertThat(scripts.group(2)).isBlank();
            count++;
        }
        assertThat(count).isEqualTo(2);
        assertThat(html).containsPattern("src=\"/webjars/plotly\\.js-dist/[0-9.]+/plotly\\.js\"");
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find()).isFalse();
        String script = Files.readString(Path.of("src/main/resources/static/playground.js"));
        assertThat(script).doesNotContain("eval(").doesNotContain("new Function").doesNotContain("innerHTML")
                .doesNotContain("setTimeout('").doesNotContain("'scattergl'").doesNotContain("http://")
                .doesNotContain("https://");
        // The traces the playground draws: plotly's SVG ones, which need no eval (its WebGL ones would).
        Matcher types = Pattern.compile("type: '([a-z0-9]+)'").matcher(script);
        while (types.find()) {
            assertThat(types.group(1)).isIn("contour", "scatter", "log", "linear");
        }
    }

    @Test
    @DisplayName("an SVG picture cannot run script; a PNG has no policy to need")
    void svg() throws Exception {
        for (String body : new String[] {SEED, ROSENBROCK}) {
            Mvc.perform(mvc, post("/api/v1/plots?format=svg").contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isOk())
                    .andExpect(header().string("Content-Type", "image/svg+xml"))
                    .andExpect(header().string(CSP, SecurityHeadersFilter.SVG_POLICY));
        }
        assertThat(SecurityHeadersFilter.SVG_POLICY).startsWith("default-src 'none'").doesNotContain("script-src");
        assertThat(answer(post("/api/v1/plots?format=png").contentType(MediaType.APPLICATION_JSON).content(SEED))
                .getHeader(CSP)).isNull();
        assertThat(answer(get("/favicon.svg")).getHeader(CSP)).isEqualTo(SecurityHeadersFilter.SVG_POLICY);
    }

    @Test
    @DisplayName("Swagger UI has no policy to break it, and still loads")
    void swaggerUi() throws Exception {
        MockHttpServletResponse redirect = answer(get("/swagger-ui.html"));
        assertThat(redirect.getStatus()).isEqualTo(302);
        assertThat(redirect.getHeader(CSP)).isNull();
        MockHttpServletResponse page = answer(get("/swagger-ui/index.html"));
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getHeader(CSP)).isNull();
        assertThat(page.getContentAsString()).contains("swagger-ui");
    }
}
