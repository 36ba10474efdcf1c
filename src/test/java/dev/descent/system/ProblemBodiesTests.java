package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every problem body is small, quotes at most 100 characters of the input anywhere, and names no class or library:
 * a battery of bad requests to every endpoint (wrong types at the root and nested, huge numbers, deep nesting,
 * bad query parameters, bad Accept and Content-Type headers, bad path variables, methods not allowed).
 */
@SpringBootTest
@AutoConfigureMockMvc
class ProblemBodiesTests {

    /** What no problem may contain: class and package names, exceptions, stack trace lines. */
    static final List<String> FORBIDDEN = List.of("java.", "dev.descent", "tools.jackson", "com.fasterxml",
            "org.springframework", "jakarta.", "Exception", "org.apache");
    static final Pattern STACK_LINE = Pattern.compile("\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LONG = "w".repeat(5000);

    @Autowired
    MockMvc mvc;

    /** One bad request. */
    record Bad(HttpMethod method, String path, String contentType, String accept, String body) {

        static Bad post(String path, String body) {
            return new Bad(HttpMethod.POST, path, "application/json", null, body);
        }

        static Bad get(String path) {
            return new Bad(HttpMethod.GET, path, null, null, null);
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : " " + body;
            return method + " " + path + (contentType == null ? "" : " [" + contentType + "]")
                    + (accept == null ? "" : " (Accept " + accept + ")")
                    + (shown.length() > 80 ? shown.substring(0, 80) + "…" : shown);
        }
    }

    static List<Bad> badRequests() {
        List<Bad> bad = new ArrayList<>();
        List<String> bodies = List.of("[]", "\"x\"", "42", "null", "true", "", "{", "{\"a\":}", "{} {}", "{]",
                "{\"" + LONG + "\": 1}", "{\"objective\": 5}", "{\"objective\": [1]}",
                "{\"objective\": {\"expression\": 5}}", "{\"objective\": {\"expression\": \"" + LONG + "(\"}}",
                "{\"objective\": {\"expression\": \"x + " + LONG + "(x)\"}, \"start\": {\"x\": 1}}",
                "{\"objective\": {\"expression\": \"x + 1" + "0".repeat(400) + "\"}, \"start\": {\"x\": 1}}",
                "{\"objective\": {\"function\": \"" + LONG + "\"}}", "{\"maxIterations\": \"ten\"}",
                "{\"maxIterations\": 1.5}", "{\"maxIterations\": 1e99}",
                "{\"maxIterations\": 99999999999999999999999}", "{\"maxIterations\": " + "9".repeat(2000) + "}",
                "{\"tolerance\": 1e999999}", "{\"start\": [1]}", "{\"start\": {\"x\": \"a\"}}",
                "{\"start\": {\"" + LONG + "\": \"a\"}}", "{\"start\": {\"" + LONG + "\": 1}}",
                "{\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 1, \"" + LONG + "\": 2}}",
                "{\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 1}, \"bounds\": {\"" + LONG
                        + "\": [0, 1]}}",
                "{\"optimizer\": \"adam\"}", "{\"optimizer\": {\"type\": 5}}",
                "{\"optimizer\": {\"type\": \"" + LONG + "\"}}",
                "{\"optimizer\": {\"type\": \"adam\", \"learningRate\": \"" + LONG + "\"}}",
                "{\"optimizer\": {\"type\": \"adam\", \"" + LONG + "\": 1}}",
                "{\"optimizer\": {\"type\": \"adam\", \"beta1\": {\"a\": [" + "1,".repeat(3000) + "1]}}}",
                "{\"schedule\": {\"type\": \"" + LONG + "\"}}", "{\"trajectory\": {\"maxPoints\": \"x\"}}",
                "{\"bounds\": {\"x\": 5}}", "{\"bounds\": {\"x\": [1]}}", "{\"bounds\": {\"x\": null}}",
                "{\"objective\": {\"regression\": {\"model\": \"" + LONG + "\"}}}",
                "{\"objective\": {\"regression\": {\"model\": \"linear\", \"data\": {\"features\": \"x\"}}}}",
                "{\"objective\": {\"regression\": {\"model\": \"linear\", \"csv\": {\"text\": \"" + LONG
                        + ",y\\n1,2\\n\", \"target\": \"z\"}}}}",
                "{\"objective\": {\"regression\": {\"model\": \"linear\", \"csv\": {\"text\": \"x,y\\n1," + LONG
                        + "\\n2,3\\n\", \"target\": \"y\"}}}}",
                "{\"" + "a\":{\"".repeat(3000) + "b\": 1" + "}".repeat(3001),
                "[".repeat(5000) + "]".repeat(5000),
                "{\"maxIterations\": 1, \"maxIterations\": 2}", "{\"learningRates\": [1, \"a\"]}",
                "{\"runs\": [5]}", "{\"runs\": [{\"label\": [1]}]}", "{\"comparison\": 5}", "{\"optimization\": []}",
                "{\"optimization\": {\"objective\": {\"expression\": \"x\"}, \"start\": {\"x\": \"" + LONG + "\"}}}",
                "{\"objective\": {\"expression\": \"x\"}, \"ranges\": {\"" + LONG + "\": [0, 1]}}",
                "{\"objective\": {\"expression\": \"x\"}, \"ranges\": {\"x\": [1, 0]}, \"steps\": \"many\"}",
                "\"\\ud800\"", "{\"a\": \"\\u00\"}");
        for (String path : List.of("/api/v1/optimizations", "/api/v1/comparisons", "/api/v1/jobs", "/api/v1/plots",
                "/api/v1/plots/grid")) {
            for (String body : bodies) {
                bad.add(Bad.post(path, body));
            }
            bad.add(new Bad(HttpMethod.POST, path, "text/plain", null, "{}"));
            bad.add(new Bad(HttpMethod.POST, path, "application/xml", null, "<a/>"));
            bad.add(new Bad(HttpMethod.POST, path, null, null, "{}"));
            bad.add(new Bad(HttpMethod.POST, path, "application/" + LONG, null, "{}"));
            bad.add(new Bad(HttpMethod.POST, path, "application/json; charset=klingon", null, "{}"));
            bad.add(new Bad(HttpMethod.POST, path, "application/json", "text/html", "{}"));
            bad.add(new Bad(HttpMethod.POST, path, "application/json", "application/" + LONG, "{}"));
            bad.add(new Bad(HttpMethod.PUT, path, "application/json", null, "{}"));
            bad.add(new Bad(HttpMethod.PATCH, path, "application/json", null, "{}"));
            bad.add(new Bad(HttpMethod.DELETE, path, null, null, null));
        }
        for (String query : List.of("size=ten", "size=ten&size=adam", "page=1e99", "page=-1", "size=0",
                "size=99999999999999999999", "page=" + LONG)) {
            bad.add(Bad.get("/api/v1/jobs?" + query));
        }
        for (String query : List.of("width=ten", "width=1e99", "height=-5", "kind=x", "kind=" + LONG, "format=x",
                "format=" + LONG, "width=" + LONG)) {
            bad.add(Bad.post("/api/v1/plots?" + query, "{\"optimization\": {\"objective\": {\"expression\": "
                    + "\"x^2\"}, \"start\": {\"x\": 1}}}"));
            bad.add(Bad.get("/api/v1/jobs/" + "0".repeat(8) + "/plot?" + query));
        }
        bad.add(new Bad(HttpMethod.POST, "/api/v1/plots", "application/json", "image/" + LONG,
                "{\"optimization\": {\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 1}}}"));
        bad.add(new Bad(HttpMethod.POST, "/api/v1/plots", "application/json", "application/json",
                "{\"optimization\": {\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 1}}}"));
        bad.add(new Bad(HttpMethod.POST, "/api/v1/plots", "application/json", ";;;",
                "{\"optimization\": {\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 1}}}"));
        for (String query : List.of("target=y&epochs=x", "target=y&learningRate=abc", "target=y&seed=1.5",
                "target=y&standardize=maybe", "target=y&tolerance=NaN", "target=y&model=" + LONG,
                "target=" + LONG, "target=y&optimizer=" + LONG, "target=y&batchSize=" + LONG,
                "target=y&" + LONG + "=1", "target=y&optimizer." + LONG + "=1", "target=y&epochs=1&epochs=2")) {
            String model = query.contains("model=") ? "" : "model=linear&";
            bad.add(new Bad(HttpMethod.POST, "/api/v1/optimizations/csv?" + model + query, "text/csv", null,
                    "x,y\n1,2\n2,3\n"));
        }
        for (String csv : List.of("", "\"", "x,y\n\"\n", LONG + ",z\n1,2\n2,3\n", "x,y\n1," + LONG + "\n2,3\n",
                "x,x,y\n1,2,3\n", ",y\n1,2\n", "x,y\n1\n")) {
            bad.add(new Bad(HttpMethod.POST, "/api/v1/optimizations/csv?model=linear&target=y", "text/csv", null,
                    csv));
        }
        for (String id : List.of("%20", LONG, "x;y", "..", "%2e%2e", "%25")) {
            for (String suffix : List.of("", "/plot", "/events")) {
                bad.add(Bad.get("/api/v1/jobs/" + id + suffix));
            }
            bad.add(new Bad(HttpMethod.DELETE, "/api/v1/jobs/" + id, null, null, null));
        }
        bad.add(Bad.get("/api/v1/" + LONG));
        bad.add(Bad.get("/nothing"));
        bad.add(Bad.get("/error"));
        bad.add(new Bad(HttpMethod.POST, "/error", "application/json", null, "{}"));
        bad.add(new Bad(HttpMethod.DELETE, "/api/v1/functions", null, null, null));
        bad.add(new Bad(HttpMethod.GET, "/api/v1/functions", null, "text/html", null));
        bad.add(new Bad(HttpMethod.GET, "/api/v1/functions", null, ";;;", null));
        bad.add(new Bad(HttpMethod.GET, "/api/v1/optimizers", null, "application/" + LONG, null));
        bad.add(new Bad(HttpMethod.POST, "/api/v1/functions", "application/json", null, "{}"));
        return bad;
    }

    /** The checks every problem passes. */
    static void checkProblem(String what, int status, String contentType, String body) {
        assertThat(status).as("%s: %s", what, body).isBetween(400, 499);
        assertThat(contentType).as("%s: content type", what).startsWith("application/problem+json");
        assertThat(body.length()).as("%s: a small body: %s", what, body).isLessThan(4000);
        for (String forbidden : FORBIDDEN) {
            assertThat(body).as("%s: names no class or library", what).doesNotContain(forbidden);
        }
        assertThat(STACK_LINE.matcher(body).find()).as("%s: no stack trace: %s", what, body).isFalse();
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("type").asString()).as(what).startsWith("https://descent.dev/problems/");
        assertThat(problem.path("status").asInt()).as(what).isEqualTo(status);
        assertThat(longestRun(problem)).as("%s: quotes at most 100 characters of the input: %s", what, body)
                .isLessThanOrEqualTo(100);
    }

    /** The longest run of one repeated letter ('w', the filler of the long inputs) in any string of the problem. */
    private static int longestRun(JsonNode node) {
        int longest = 0;
        if (node.isString()) {
            int run = 0;
            for (char c : node.asString().toCharArray()) {
                run = c == 'w' ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
        }
        for (JsonNode child : node.values()) {
            longest = Math.max(longest, longestRun(child));
        }
        for (var field : node.properties()) {
            longest = Math.max(longest, field.getKey().length() > 100 ? field.getKey().length() : 0);
        }
        return longest;
    }

    @TestFactory
    @DisplayName("every bad request is a small problem that names no class")
    Stream<DynamicTest> everyBadRequest() {
        return badRequests().stream().map(bad -> DynamicTest.dynamicTest(bad.toString(), () -> {
            MockHttpServletRequestBuilder builder = request(bad.method(), URI.create(bad.path()));
            if (bad.contentType() != null) {
                builder.header("Content-Type", bad.contentType());
            }
            if (bad.accept() != null) {
                builder.header("Accept", bad.accept());
            }
            if (bad.body() != null) {
                builder.content(bad.body());
            }
            MockHttpServletResponse response = Mvc.perform(mvc, builder).andReturn().getResponse();
            checkProblem(bad.toString(), response.getStatus(), String.valueOf(response.getContentType()),
                    response.getContentAsString());
        }));
    }

    @Nested
    @DisplayName("lists at most 20 field errors")
    class Capped {

        @Test
        @DisplayName("500,000 unknown start variables: the first 20, the total, a small body")
        void manyUnknownVariables() throws Exception {
            StringBuilder start = new StringBuilder("{\"x\": 1");
            for (int i = 0; i < 500_000; i++) {
                start.append(", \"v").append(i).append("\": 1");
            }
            String body = Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"objective\": {\"expression\": \"x^2\"}, \"start\": " + start + "}}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors.length()").value(20))
                    .andExpect(jsonPath("$.totalErrors").value(500_000))
                    .andExpect(jsonPath("$.detail").value("500000 fields are invalid; the first 20 are listed"))
                    .andReturn().getResponse().getContentAsString();
            assertThat(body.length()).isLessThan(4000);
        }

        @Test
        @DisplayName("Bean Validation errors are sorted by field, then cut to the first 20")
        void sortedThenCut() throws Exception {
            StringBuilder start = new StringBuilder("{");
            for (int i = 0; i < 30; i++) {
                start.append(i == 0 ? "" : ", ").append("\"v").append(i).append("\": null");
            }
            Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"objective\": {\"expression\": \"x^2\"}, \"start\": " + start + "}}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors.length()").value(20))
                    .andExpect(jsonPath("$.totalErrors").value(30))
                    .andExpect(jsonPath("$.errors[0].field").value("start.v0"))
                    .andExpect(jsonPath("$.errors[1].field").value("start.v1"))
                    .andExpect(jsonPath("$.errors[2].field").value("start.v10"));
        }

        @Test
        @DisplayName("20 errors or fewer: no totalErrors")
        void fewErrors() throws Exception {
            Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 1, \"y\": 2}}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors.length()").value(1))
                    .andExpect(jsonPath("$.totalErrors").doesNotExist());
        }
    }

    @Test
    @DisplayName("a 5 MB CSV header line gives a small error")
    void hugeHeader() throws Exception {
        String header = "y," + "w".repeat(5_000_000);
        String body = Mvc.perform(mvc, post("/api/v1/optimizations/csv?model=linear&target=z").contentType("text/csv")
                        .content(header + "\n1,2\n3,4\n"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("target"))
                .andReturn().getResponse().getContentAsString();
        checkProblem("huge header", 400, "application/problem+json", body);
    }

    @Test
    @DisplayName("GET /error asked directly is a 404 problem")
    void errorPath() throws Exception {
        Mvc.perform(mvc, request(HttpMethod.GET, URI.create("/error")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://descent.dev/problems/not-found"))
                .andExpect(jsonPath("$.instance").value("/error"));
    }
}
