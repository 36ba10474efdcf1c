package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CSV upload, {@code POST /api/v1/optimizations/csv}: the same data and settings as a raw {@code text/csv}
 * body, as a multipart file (settings as form fields or as query parameters) and as the JSON request with
 * {@code objective.regression.csv} give the same answer to the last bit; every setting is usable and has an
 * effect; unknown, repeated and mistyped settings are 400s naming the parameter the client sent.
 */
@SpringBootTest
@AutoConfigureMockMvc
class CsvApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PATH = "/api/v1/optimizations/csv";

    /** 12 rows, y = 1 + 2 x1 - x2 + a small deterministic wobble. */
    static final String DATA = data();
    /** 12 rows with 0/1 targets, for logistic regression. */
    static final String BINARY = """
            x1,x2,y
            0.1,1.2,0
            0.4,0.9,0
            0.8,1.1,0
            1.0,0.3,1
            1.3,0.8,1
            0.2,0.2,0
            1.7,1.4,1
            0.6,0.1,1
            0.9,1.9,0
            1.5,0.5,1
            0.3,0.6,0
            1.1,1.0,1
            """;

    @Autowired
    MockMvc mvc;

    private static String data() {
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 12; i++) {
            double x1 = i / 4.0;
            double x2 = (i * 7 % 5) / 2.0;
            double y = 1 + 2 * x1 - x2 + ((i * 3) % 4 - 1.5) / 10;
            csv.append(x1).append(',').append(x2).append(',').append(y).append('\n');
        }
        return csv.toString();
    }

    /** Query string of {@code settings} (name, value pairs), encoded. */
    private static String query(List<String[]> settings) {
        List<String> parts = new ArrayList<>();
        for (String[] setting : settings) {
            parts.add(URLEncoder.encode(setting[0], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(setting[1], StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }

    /** "a=1&b=2" as pairs. */
    private static List<String[]> settings(String query) {
        List<String[]> settings = new ArrayList<>();
        if (!query.isEmpty()) {
            for (String part : query.split("&")) {
                settings.add(part.split("=", 2));
            }
        }
        return settings;
    }

    /** {@link #DATA} as the file part {@code name}. */
    private static MockMultipartFile file(String name) {
        return new MockMultipartFile(name, "data.csv", "text/csv", DATA.getBytes(StandardCharsets.UTF_8));
    }

    private ResultActions raw(String query, String csv) throws Exception {
        return Mvc.perform(mvc, post(PATH + "?" + query).contentType("text/csv").content(csv));
    }

    private ResultActions multipartFields(String query, String csv) throws Exception {
        MockMultipartHttpServletRequestBuilder request = multipart(PATH)
                .file(new MockMultipartFile("file", "data.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)));
        for (String[] setting : settings(query)) {
            request.param(setting[0], setting[1]);
        }
        return Mvc.perform(mvc, request);
    }

    private ResultActions multipartQuery(String query, String csv) throws Exception {
        return Mvc.perform(mvc, multipart(PATH + "?" + query)
                .file(new MockMultipartFile("file", "data.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8))));
    }

    private ResultActions json(String body) throws Exception {
        return Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    /** The answer without its wall-clock time, the one field that differs between two runs of the same request. */
    private static JsonNode answer(ResultActions actions) throws Exception {
        String body = actions.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        ObjectNode answer = (ObjectNode) JSON.readTree(body);
        assertThat(answer.path("elapsedMillis").isNumber()).as(body).isTrue();
        answer.remove("elapsedMillis");
        return answer;
    }

    /**
     * The JSON request with the CSV data: {@code regression} fields go into the regression (after model and csv),
     * {@code top} fields into the request.
     */
    private static String jsonRequest(String csv, String model, String regression, String top) {
        return "{\"objective\": {\"regression\": {\"model\": \"" + model + "\", \"csv\": {\"text\": "
                + JSON.writeValueAsString(csv) + ", \"target\": \"y\"}"
                + (regression.isEmpty() ? "" : ", " + regression)
                + "}}" + (top.isEmpty() ? "" : ", " + top) + "}";
    }

    /** The final weights' raw bits: bit-identical answers have equal ones. */
    private static List<Long> bits(JsonNode answer) {
        List<Long> bits = new ArrayList<>();
        bits.add(Double.doubleToRawLongBits(answer.path("model").path("intercept").asDouble()));
        answer.path("model").path("coefficients").forEach(c -> bits.add(Double.doubleToRawLongBits(c.asDouble())));
        bits.add(Double.doubleToRawLongBits(answer.path("value").asDouble()));
        return bits;
    }

    /**
     * Every setting: as query parameters, its JSON form (regression fields, top-level fields), and the settings
     * of the run it must differ from (the same without it).
     */
    static Stream<Arguments> everySetting() {
        return Stream.of(
                Arguments.of("defaults", "", "", "", null),
                Arguments.of("regression.l2", "regression.l2=0.5", "\"l2\": 0.5", "", ""),
                Arguments.of("l2 (flat)", "l2=0.5", "\"l2\": 0.5", "", ""),
                Arguments.of("regression.l1", "regression.l1=0.3", "\"l1\": 0.3", "", ""),
                Arguments.of("fitIntercept", "fitIntercept=false", "\"fitIntercept\": false", "", ""),
                Arguments.of("regression.standardize", "regression.standardize=true", "\"standardize\": true", "",
                        ""),
                Arguments.of("optimizer and a hyperparameter", "optimizer=adam&optimizer.beta1=0.8&learningRate=0.05",
                        "", "\"optimizer\": {\"type\": \"adam\", \"beta1\": 0.8, \"learningRate\": 0.05}",
                        "optimizer=adam&learningRate=0.05"),
                Arguments.of("optimizer.type and optimizer.learningRate", "optimizer.type=momentum"
                        + "&optimizer.learningRate=0.02&optimizer.momentum=0.5", "",
                        "\"optimizer\": {\"type\": \"momentum\", \"learningRate\": 0.02, \"momentum\": 0.5}",
                        "optimizer=momentum&learningRate=0.02"),
                Arguments.of("schedule", "schedule.type=step&schedule.stepSize=10&schedule.gamma=0.5", "",
                        "\"schedule\": {\"type\": \"step\", \"stepSize\": 10, \"gamma\": 0.5}", ""),
                Arguments.of("schedule with a list and a warmup", "schedule.type=multiStep&schedule.milestones=5,50"
                        + "&schedule.warmup.steps=20", "", "\"schedule\": {\"type\": \"multiStep\", \"milestones\": "
                        + "[5, 50], \"warmup\": {\"steps\": 20}}", ""),
                Arguments.of("tolerance", "tolerance=0.01", "", "\"tolerance\": 0.01", ""),
                Arguments.of("gradientTolerance", "gradientTolerance=2", "", "\"gradientTolerance\": 2", ""),
                Arguments.of("maxIterations", "maxIterations=7", "", "\"maxIterations\": 7", ""),
                Arguments.of("epochs", "epochs=50", "", "\"epochs\": 50", ""),
                Arguments.of("learningRate (tunes gd)", "learningRate=0.05", "",
                        "\"optimizer\": {\"type\": \"gd\", \"learningRate\": 0.05}", ""),
                Arguments.of("batchSize", "batchSize=5&epochs=40", "", "\"batchSize\": 5, \"epochs\": 40",
                        "epochs=40"),
                Arguments.of("seed", "batchSize=5&epochs=40&seed=7", "", "\"batchSize\": 5, \"epochs\": 40, "
                        + "\"seed\": 7", "batchSize=5&epochs=40"),
                Arguments.of("shuffle", "batchSize=5&epochs=40&shuffle=false", "", "\"batchSize\": 5, \"epochs\": 40, "
                        + "\"shuffle\": false", "batchSize=5&epochs=40"),
                Arguments.of("trajectory.maxPoints", "trajectory.maxPoints=5", "", "\"trajectory\": {\"maxPoints\": 5}",
                        ""),
                Arguments.of("trajectory.include", "trajectory.include=false", "",
                        "\"trajectory\": {\"include\": false}", ""),
                Arguments.of("clipping", "clipping.maxNorm=0.1", "", "\"clipping\": {\"maxNorm\": 0.1}", ""),
                Arguments.of("start", "start.x1=3&start.intercept=-2&start.x2=0.5", "",
                        "\"start\": {\"x1\": 3, \"intercept\": -2, \"x2\": 0.5}", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySetting")
    @DisplayName("raw CSV, multipart (form fields or query) and JSON give the same answer to the last bit, and the "
            + "setting has an effect")
    void sameAnswer(String name, String query, String regression, String top, String without) throws Exception {
        String settings = "target=y&model=linear" + (query.isEmpty() ? "" : "&" + query);
        JsonNode expected = answer(json(jsonRequest(DATA, "linear", regression, top)));
        JsonNode raw = answer(raw(settings, DATA));
        assertThat(raw).isEqualTo(expected);
        assertThat(bits(raw)).isEqualTo(bits(expected));
        assertThat(answer(multipartFields(settings, DATA))).isEqualTo(expected);
        assertThat(answer(multipartQuery(settings, DATA))).isEqualTo(expected);
        if (without != null) {
            JsonNode baseline = answer(raw("target=y&model=linear" + (without.isEmpty() ? "" : "&" + without), DATA));
            assertThat(raw).as("%s has an effect", name).isNotEqualTo(baseline);
        }
    }

    @Test
    @DisplayName("model=logistic fits the logistic model, as the JSON form does")
    void logistic() throws Exception {
        JsonNode expected = answer(json(jsonRequest(BINARY, "logistic", "", "\"epochs\": 200")));
        JsonNode raw = answer(raw("target=y&model=logistic&epochs=200", BINARY));
        assertThat(raw).isEqualTo(expected);
        assertThat(answer(multipartFields("target=y&regression.model=logistic&epochs=200", BINARY)))
                .isEqualTo(expected);
        assertThat(raw).isNotEqualTo(answer(raw("target=y&model=linear&epochs=200", BINARY)));
    }

    @Test
    @DisplayName("the defaults are the JSON form's: tolerance 1e-6 stops the fit before maxIterations (1000)")
    void defaults() throws Exception {
        JsonNode raw = answer(raw("target=y&model=linear&learningRate=0.1", DATA));
        assertThat(raw.path("status").asString()).isEqualTo("CONVERGED");
        assertThat(raw.path("iterations").asInt()).isLessThan(1000);
    }

    @Nested
    @DisplayName("errors name what the client sent")
    class Errors {

        private void invalid(ResultActions actions, String field, String message) throws Exception {
            actions.andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("https://descent.dev/problems/invalid-request"))
                    .andExpect(jsonPath("$.errors[0].field").value(field))
                    .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString(message)));
        }

        @Test
        @DisplayName("an unknown query parameter or form field is a 400 naming it and the known ones")
        void unknown() throws Exception {
            invalid(raw("target=y&model=linear&foo=1", DATA), "foo", "unknown parameter; known parameters: ");
            invalid(raw("target=y&model=linear&l3=1", DATA), "l3", "regression.l2, l2");
            invalid(multipartFields("target=y&model=linear&bar=2", DATA), "bar", "trajectory.maxPoints");
            invalid(multipartQuery("target=y&model=linear&regression.csv=2", DATA), "regression.csv",
                    "unknown parameter");
            invalid(raw("target=y&model=linear&schedule.warmup=2", DATA), "schedule.warmup", "unknown parameter");
            invalid(Mvc.perform(mvc, multipart(PATH + "?target=y&model=linear")
                    .file(file("data"))),
                    "data", "unknown form field; the data set is the part 'file'");
        }

        @Test
        @DisplayName("PyTorch's names get a did-you-mean, as in JSON: lr, betas, momentum without its prefix, sgd; "
                + "and a target column in another case")
        void torchNames() throws Exception {
            invalid(raw("target=y&model=linear&lr=0.1", DATA), "lr",
                    "unknown parameter; did you mean learningRate? Known parameters: target, ");
            invalid(raw("target=y&model=linear&betas=0.9,0.99", DATA), "betas",
                    "unknown parameter; did you mean optimizer.beta1 and optimizer.beta2? Known parameters: ");
            invalid(raw("target=y&model=linear&momentum=0.9", DATA), "momentum",
                    "did you mean optimizer.momentum?");
            invalid(raw("target=y&model=linear&optimizer=sgd", DATA), "optimizer",
                    "unknown type 'sgd'; did you mean gd (or momentum / nesterov with momentum > 0)? (known: gd, ");
            invalid(raw("target=y&model=linear&optimizer=sdg", DATA), "optimizer", "unknown type 'sdg'; known: gd, ");
            invalid(raw("target=y&model=linear&epoch=3", DATA), "epoch", "unknown parameter; did you mean epochs?");
            // A column named in another case.
            invalid(raw("target=Y&model=linear", DATA), "target", "there is no column 'Y'; did you mean 'y'?");
        }

        @Test
        @DisplayName("an unknown hyperparameter names the known ones, under the name sent")
        void unknownHyperparameter() throws Exception {
            raw("target=y&model=linear&optimizer=adam&optimizer.lr=0.1", DATA).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("optimizer.lr"))
                    .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("beta1")));
        }

        @Test
        @DisplayName("a value of the wrong type is a 400 naming the parameter and the type")
        void mistyped() throws Exception {
            invalid(raw("target=y&model=linear&epochs=abc", DATA), "epochs", "must be a whole number, was 'abc'");
            invalid(raw("target=y&model=linear&epochs=1.5", DATA), "epochs", "must be a whole number, was '1.5'");
            invalid(raw("target=y&model=linear&regression.l2=abc", DATA), "regression.l2", "must be a number");
            invalid(raw("target=y&model=linear&l2=abc", DATA), "l2", "must be a number, was 'abc'");
            invalid(raw("target=y&model=linear&l2=NaN", DATA), "l2", "");
            invalid(multipartFields("target=y&model=linear&fitIntercept=maybe", DATA), "fitIntercept",
                    "must be true or false, was 'maybe'");
            invalid(raw("target=y&model=probit", DATA), "model", "must be one of linear, logistic");
            invalid(raw("target=y&model=linear&trajectory.maxPoints=ten", DATA), "trajectory.maxPoints",
                    "must be a whole number");
            raw("target=y&model=linear&optimizer=adam&optimizer.beta1=abc", DATA).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("optimizer.beta1"));
        }

        @Test
        @DisplayName("a value out of range is the JSON form's error, under the name sent")
        void outOfRange() throws Exception {
            invalid(raw("target=y&model=linear&l2=-1", DATA), "l2", "");
            invalid(raw("target=y&model=linear&regression.l2=-1", DATA), "regression.l2", "");
            invalid(raw("target=y&model=linear&trajectory.maxPoints=1", DATA), "trajectory.maxPoints", "");
            invalid(raw("target=y&model=linear&epochs=0", DATA), "epochs", "");
            invalid(raw("target=y&model=linear&learningRate=-1", DATA), "learningRate", "");
            invalid(raw("target=y&model=linear&optimizer.learningRate=-1", DATA), "optimizer.learningRate", "");
            invalid(raw("target=y&model=linear&epochs=5&maxIterations=5", DATA), "epochs",
                    "give either epochs or maxIterations, not both");
            invalid(raw("target=y&model=linear&optimizer=sgd2", DATA), "optimizer", "");
        }

        @Test
        @DisplayName("a setting given twice, or by two of its names, is a 400")
        void twice() throws Exception {
            invalid(raw("target=y&model=linear&epochs=5&epochs=6", DATA), "epochs", "is given 2 times");
            invalid(raw("target=y&model=linear&l2=1&regression.l2=1", DATA), "regression.l2",
                    "is the same setting as 'l2'");
            invalid(raw("target=y&model=linear&optimizer=adam&optimizer.type=gd", DATA), "optimizer.type",
                    "is the same setting as 'optimizer'");
            invalid(Mvc.perform(mvc, multipart(PATH + "?target=y&model=linear&epochs=5").param("epochs", "6")
                    .file(file("file"))),
                    "epochs", "is given 2 times");
        }

        @Test
        @DisplayName("a missing target or model is a 400 naming it")
        void missing() throws Exception {
            invalid(raw("model=linear", DATA), "target", "");
            invalid(raw("target=y", DATA), "model", "");
            invalid(raw("target=w&model=linear", DATA), "target", "there is no column 'w'; the columns are x1, x2, y");
        }

        @Test
        @DisplayName("errors in the data name body (raw) or file (multipart), and a missing file is named")
        void data() throws Exception {
            String bad = "x,y\n1,2\n4,five\n";
            invalid(raw("target=y&model=linear", bad), "body", "line 3, column 2 ('y'): 'five' is not a finite number");
            invalid(multipartFields("target=y&model=linear", bad), "file", "line 3, column 2");
            invalid(raw("target=y&model=linear", "x,y\n1,2\n"), "body", "has 1 row; at least 2 are needed");
            invalid(multipartFields("target=y&model=linear", "x,y\n1,2\n"), "file", "has 1 row");
            invalid(raw("target=y&model=linear", ""), "body", "is empty");
            // A spreadsheet's export with semicolons (and decimal commas) or tabs: one column, said so.
            invalid(raw("target=y&model=linear", "x;y\n1,5;2\n2,5;3\n"), "body", "has one column, 'x;y': its "
                    + "values are separated by semicolons, where this CSV separates them by commas (and writes "
                    + "decimals with a point); export it as comma-separated");
            invalid(raw("target=y&model=linear", "x\ty\n1\t2\n2\t3\n"), "body", "has one column, 'x\ty': its "
                    + "values are separated by tabs");
            invalid(Mvc.perform(mvc, multipart(PATH).param("target", "y").param("model", "linear")), "file", "");
        }
    }

    @Test
    @DisplayName("a CSV body on POST /api/v1/optimizations is 415 naming /api/v1/optimizations/csv")
    void csvOnJsonPath() throws Exception {
        Mvc.perform(mvc, post("/api/v1/optimizations?target=y").contentType("text/csv").content(DATA))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(header().string("Accept", "application/json"))
                .andExpect(jsonPath("$.type").value("https://descent.dev/problems/unsupported-media-type"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(PATH)));
        Mvc.perform(mvc, multipart("/api/v1/optimizations")
                        .file(file("file")))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(PATH)));
    }

    @Test
    @DisplayName("the document's examples (every query parameter and the text/csv body) make a request answered 200")
    void documentedExamples() throws Exception {
        JsonNode doc = JSON.readTree(mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString());
        JsonNode post = doc.path("paths").path(PATH).path("post");
        Map<String, String> parameters = new LinkedHashMap<>();
        post.path("parameters").forEach(p -> parameters.put(p.path("name").asString(), p.path("example").asString()));
        assertThat(parameters).containsKeys("target", "model", "learningRate", "epochs", "regression.l2",
                "trajectory.maxPoints", "tolerance");
        String csv = post.path("requestBody").path("content").path("text/csv").path("schema").path("example")
                .asString();
        List<String[]> settings = new ArrayList<>();
        parameters.forEach((name, example) -> settings.add(new String[] {name, example}));
        Mvc.perform(mvc, post(PATH + "?" + query(settings)).contentType("text/csv").content(csv))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.model.coefficients.x").isNumber());
    }
}
