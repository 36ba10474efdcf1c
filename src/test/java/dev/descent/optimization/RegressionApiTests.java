package dev.descent.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import dev.descent.engine.data.Dataset;
import dev.descent.engine.data.SyntheticData;
import dev.descent.engine.optim.OptimizerKinds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Data-fitting objectives through the API, against closed-form and Newton reference fits. */
@SpringBootTest
@AutoConfigureMockMvc
class RegressionApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The linear data set of these tests: 200 rows, y = 4 + 3 x1 - 2 x2 + 0.5 x3 + N(0, 1), seed 42. */
    private static final String LINEAR_DATA = """
            "synthetic": {"samples": 200, "coefficients": [3, -2, 0.5], "intercept": 4, "noise": 1, "seed": 42}""";

    @Autowired
    MockMvc mvc;

    private ResultActions send(String json) throws Exception {
        return Mvc.perform(mvc, post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private JsonNode fit(String json) throws Exception {
        String body = send(json).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return JSON.readTree(body);
    }

    /** The least-squares solution (intercept first), by commons-math3's QR-based OLS. */
    private static double[] leastSquares(Dataset data) {
        double[][] x = new double[data.rows()][data.columns()];
        for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < data.columns(); j++) {
                x[i][j] = data.feature(i, j);
            }
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(data.targets(), x);
        return ols.estimateRegressionParameters();
    }

    private static double[] model(JsonNode response) {
        JsonNode coefficients = response.path("model").path("coefficients");
        double[] model = new double[1 + coefficients.size()];
        model[0] = response.path("model").path("intercept").asDouble();
        int j = 1;
        for (JsonNode c : coefficients) {
            model[j++] = c.asDouble();
        }
        return model;
    }

    private static double maxDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Nested
    @DisplayName("linear regression")
    class Linear {

        private final double[] reference = leastSquares(
                SyntheticData.generate(200, new double[] {3, -2, 0.5}, 4, 1, 42, false));

        @Test
        @DisplayName("full-batch gradient descent reaches the least-squares solution to 1e-6")
        void fullBatch() throws Exception {
            JsonNode standardized = fit("""
                    {"objective": {"regression": {"model": "linear", "standardize": true, %s}},
                     "optimizer": {"type": "gd", "learningRate": 0.3}, "epochs": 2000, "tolerance": 0,
                     "trajectory": {"include": false}}""".formatted(LINEAR_DATA));
            assertThat(maxDifference(model(standardized), reference)).isLessThan(1e-6);
            assertThat(standardized.path("metrics").path("r2").asDouble()).isBetween(0.8, 1.0);
            assertThat(standardized.path("standardization").path("means").size()).isEqualTo(3);

            JsonNode raw = fit("""
                    {"objective": {"regression": {"model": "linear", %s}},
                     "optimizer": {"type": "gd", "learningRate": 0.1}, "epochs": 30000, "tolerance": 0,
                     "trajectory": {"include": false}}""".formatted(LINEAR_DATA));
            assertThat(maxDifference(model(raw), reference)).isLessThan(1e-6);
        }

        @Test
        @DisplayName("mini-batch (10 rows) lands within 0.02 of it, stochastic (1 row) within 0.05")
        void miniBatchAndStochastic() throws Exception {
            JsonNode miniBatch = fit("""
                    {"objective": {"regression": {"model": "linear", "standardize": true, %s}},
                     "optimizer": {"type": "gd", "learningRate": 0.01}, "batchSize": 10, "epochs": 300,
                     "tolerance": 0, "seed": 1, "trajectory": {"include": false}}""".formatted(LINEAR_DATA));
            assertThat(maxDifference(model(miniBatch), reference)).isLessThan(0.02);
            assertThat(miniBatch.path("iterations").asInt()).isEqualTo(300 * 20);
            assertThat(miniBatch.path("epochLosses").size()).isEqualTo(301);

            JsonNode stochastic = fit("""
                    {"objective": {"regression": {"model": "linear", "standardize": true, %s}},
                     "optimizer": {"type": "gd", "learningRate": 0.001}, "batchSize": 1, "epochs": 100,
                     "tolerance": 0, "seed": 1, "trajectory": {"include": false}}""".formatted(LINEAR_DATA));
            assertThat(maxDifference(model(stochastic), reference)).isLessThan(0.05);
            assertThat(stochastic.path("iterations").asInt()).isEqualTo(100 * 200);
        }

        @Test
        @DisplayName("stops per epoch when the epoch loss changes by less than the tolerance")
        void epochTolerance() throws Exception {
            JsonNode result = fit("""
                    {"objective": {"regression": {"model": "linear", "standardize": true, %s}},
                     "optimizer": {"type": "gd", "learningRate": 0.1}, "batchSize": 50, "epochs": 1000,
                     "schedule": {"type": "exponential", "gamma": 0.995},
                     "tolerance": 1e-9, "trajectory": {"include": false}}""".formatted(LINEAR_DATA));
            assertThat(result.path("status").asString()).isEqualTo("CONVERGED");
            assertThat(result.path("stopReason").asString()).contains("epoch loss");
            JsonNode losses = result.path("epochLosses");
            int last = losses.size() - 1;
            assertThat(Math.abs(losses.get(last).asDouble() - losses.get(last - 1).asDouble())).isLessThan(1e-9);
            assertThat(result.path("iterations").asInt() % 4).as("stops at the end of an epoch").isZero();
            assertThat(result.path("iterations").asInt()).isLessThan(4000);
        }

        @Test
        @DisplayName("the same seeded request gives the same result to the last bit; another seed another path")
        void reproducible() throws Exception {
            String request = """
                    {"objective": {"regression": {"model": "linear", %s}},
                     "optimizer": {"type": "adam", "learningRate": 0.05}, "batchSize": 7, "epochs": 20,
                     "tolerance": 0, "seed": %d}""";
            JsonNode first = fit(request.formatted(LINEAR_DATA, 5));
            JsonNode second = fit(request.formatted(LINEAR_DATA, 5));
            JsonNode other = fit(request.formatted(LINEAR_DATA, 6));
            assertThat(second.path("trajectory")).isEqualTo(first.path("trajectory"));
            assertThat(second.path("model")).isEqualTo(first.path("model"));
            assertThat(other.path("trajectory")).isNotEqualTo(first.path("trajectory"));
        }
    }

    @Test
    @DisplayName("logistic regression on separable data with an L2 penalty matches a Newton (IRLS) fit to 1e-5")
    void logisticMatchesNewton() throws Exception {
        // Separable: y = 1 exactly when 4 x1 - 3 x2 - 1 > 0. Unpenalized, the log-loss has no minimizer (the
        // weights grow without bound); the L2 penalty makes the minimizer unique and finite.
        Dataset points = SyntheticData.generate(60, new double[] {1, 1}, 0, 0, 9, false);
        double[] features = points.features();
        double[] targets = new double[points.rows()];
        StringBuilder rows = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < points.rows(); i++) {
            targets[i] = 4 * features[2 * i] - 3 * features[2 * i + 1] - 1 > 0 ? 1 : 0;
            rows.append(i == 0 ? "" : ", ").append('[').append(features[2 * i]).append(", ")
                    .append(features[2 * i + 1]).append(']');
            labels.append(i == 0 ? "" : ", ").append(targets[i]);
        }
        Dataset data = new Dataset(List.of("x1", "x2"), features, targets);
        double[] reference = newton(data, 0.1);
        JsonNode result = fit("""
                {"objective": {"regression": {"model": "logistic", "l2": 0.1,
                  "data": {"features": [%s], "targets": [%s]}}},
                 "optimizer": {"type": "gd", "learningRate": 1.0}, "epochs": 5000, "tolerance": 0,
                 "trajectory": {"include": false}}""".formatted(rows, labels));
        assertThat(maxDifference(model(result), reference)).isLessThan(1e-5);
        assertThat(result.path("metrics").path("accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(result.path("metrics").path("logLoss").asDouble()).isPositive();
    }

    /**
     * Newton's method on mean log-loss + (l2 / 2)|w|² (intercept unpenalized): independent of the service's code
     * path, written out with commons-math3's linear algebra.
     */
    private static double[] newton(Dataset data, double l2) {
        int n = data.rows();
        int p = data.columns() + 1;
        double[] theta = new double[p];
        for (int iteration = 0; iteration < 50; iteration++) {
            RealVector gradient = new ArrayRealVector(p);
            RealMatrix hessian = new Array2DRowRealMatrix(p, p);
            for (int i = 0; i < n; i++) {
                double[] xi = new double[p];
                xi[0] = 1;
                for (int j = 1; j < p; j++) {
                    xi[j] = data.feature(i, j - 1);
                }
                double z = 0;
                for (int j = 0; j < p; j++) {
                    z += theta[j] * xi[j];
                }
                double prob = 1 / (1 + Math.exp(-z));
                for (int j = 0; j < p; j++) {
                    gradient.addToEntry(j, (prob - data.target(i)) * xi[j] / n);
                    for (int k = 0; k < p; k++) {
                        hessian.addToEntry(j, k, prob * (1 - prob) * xi[j] * xi[k] / n);
                    }
                }
            }
            for (int j = 1; j < p; j++) {
                gradient.addToEntry(j, l2 * theta[j]);
                hessian.addToEntry(j, j, l2);
            }
            RealVector step = new LUDecomposition(hessian).getSolver().solve(gradient);
            for (int j = 0; j < p; j++) {
                theta[j] -= step.getEntry(j);
            }
        }
        return theta;
    }

    /** Every variant but lbfgs, which refuses mini-batches (LbfgsApiTests.Refused#miniBatches). */
    static List<String> variants() {
        return OptimizerKinds.names().stream().filter(name -> !name.equals("lbfgs")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    @DisplayName("every optimizer variant fits a regression: the loss falls, nothing diverges")
    void everyVariant(String type) throws Exception {
        JsonNode result = fit("""
                {"objective": {"regression": {"model": "logistic",
                  "synthetic": {"samples": 80, "coefficients": [2, -1], "intercept": 0.5, "seed": 3}}},
                 "optimizer": {"type": "%s"}, "batchSize": 16, "epochs": 30, "tolerance": 0,
                 "trajectory": {"include": false}}""".formatted(type));
        assertThat(result.path("status").asString()).isEqualTo("MAX_ITERATIONS");
        JsonNode losses = result.path("epochLosses");
        assertThat(losses.get(losses.size() - 1).asDouble()).isLessThan(losses.get(0).asDouble());
        assertThat(result.path("minimum").path("value").asDouble()).isCloseTo(
                losses.get(losses.size() - 1).asDouble(), Offset.offset(1e-12));
    }

    @Nested
    @DisplayName("bad data")
    class BadData {

        private ResultActions problem(String regression) throws Exception {
            return send("{\"objective\": {\"regression\": " + regression + "}}")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("https://descent.dev/problems/invalid-request"));
        }

        @Test
        @DisplayName("a ragged row names the row")
        void ragged() throws Exception {
            problem("""
                    {"model": "linear", "data": {"features": [[1, 2], [3], [5, 6]], "targets": [1, 2, 3]}}""")
                    .andExpect(jsonPath("$.errors[0].field").value("objective.regression.data.features[1]"))
                    .andExpect(jsonPath("$.errors[0].message").value("has 1 values; row 0 has 2"));
        }

        @Test
        @DisplayName("a null row or value in inline data is named where it is")
        void nulls() throws Exception {
            problem("""
                    {"model": "linear", "data": {"features": [[1, 2], [3, null], null], "targets": [1, null, 3]}}""")
                    .andExpect(jsonPath("$.errors[0].field").value("objective.regression.data.features[1][1]"))
                    .andExpect(jsonPath("$.errors[0].message").value("must be a finite number, was null"))
                    .andExpect(jsonPath("$.errors[1].field").value("objective.regression.data.features[2]"))
                    .andExpect(jsonPath("$.errors[1].message").value("has 0 values; row 0 has 2"))
                    .andExpect(jsonPath("$.errors[2].field").value("objective.regression.data.targets[1]"))
                    .andExpect(jsonPath("$.errors[2].message").value("must be a finite number, was null"));
        }

        @Test
        @DisplayName("a value, a row or the features of the wrong type are malformed where they are")
        void wrongTypes() throws Exception {
            String[][] cases = {
                {"[[1, 2], [3, \"four\"]]", "[1, 2]", "objective.regression.data.features[1][1]", "must be a number"},
                {"[[1, 2], 3]", "[1, 2]", "objective.regression.data.features[1]", "must be an array"},
                {"{\"a\": 1}", "[1, 2]", "objective.regression.data.features", "must be an array"},
                {"[[1], [2]]", "[1, true]", "objective.regression.data.targets[1]", "must be a number"},
                {"[[1], [2]]", "7", "objective.regression.data.targets", "must be an array"}};
            for (String[] c : cases) {
                send("{\"objective\": {\"regression\": {\"model\": \"linear\", \"data\": {\"features\": " + c[0]
                        + ", \"targets\": " + c[1] + "}}}}")
                        .andExpect(status().isBadRequest())
                        .andExpect(jsonPath("$.type").value("https://descent.dev/problems/malformed-body"))
                        .andExpect(jsonPath("$.errors[0].field").value(c[2]))
                        .andExpect(jsonPath("$.errors[0].message").value(c[3]));
            }
        }

        @Test
        @DisplayName("a data set of many bad values names the first hundred and counts the rest")
        void manyBadValues() throws Exception {
            String rows = "[null], ".repeat(999) + "[null]";
            String targets = "1, ".repeat(999) + "1";
            problem("{\"model\": \"linear\", \"data\": {\"features\": [" + rows + "], \"targets\": ["
                    + targets + "]}}")
                    .andExpect(jsonPath("$.totalErrors").value(101))
                    .andExpect(jsonPath("$.errors[0].field").value("objective.regression.data"))
                    .andExpect(jsonPath("$.errors[0].message")
                            .value("1000 rows and values are invalid; the first 100 are named"))
                    .andExpect(jsonPath("$.errors[1].field").value("objective.regression.data.features[0][0]"))
                    .andExpect(jsonPath("$.errors.length()").value(20));
        }

        @Test
        @DisplayName("a non-numeric CSV cell gives its line and column")
        void nonNumericCell() throws Exception {
            problem("""
                    {"model": "linear", "csv": {"text": "x,z,y\\n1,2,3\\n4,five,6\\n", "target": "y"}}""")
                    .andExpect(jsonPath("$.errors[0].field").value("objective.regression.csv.text"))
                    .andExpect(jsonPath("$.errors[0].message")
                            .value("line 3, column 2 ('z'): 'five' is not a finite number"));
        }

        @Test
        @DisplayName("NaN and infinite values are refused where they are")
        void notFinite() throws Exception {
            problem("""
                    {"model": "linear", "data": {"features": [[1], [1e999]], "targets": [1, 2]}}""")
                    .andExpect(jsonPath("$.errors[0].field").value("objective.regression.data.features[1][0]"))
                    .andExpect(jsonPath("$.errors[0].message").value("must be a finite number, was Infinity"));
            problem("""
                    {"model": "linear", "csv": {"text": "x,y\\n1,NaN\\n2,3\\n", "target": "y"}}""")
                    .andExpect(jsonPath("$.errors[0].message", containsString("line 2, column 2 ('y')")));
        }

        @Test
        @DisplayName("a missing target column lists the columns")
        void missingTarget() throws Exception {
            problem("""
                    {"model": "linear", "csv": {"text": "x,z\\n1,2\\n3,4\\n", "target": "y"}}""")
                    .andExpect(jsonPath("$.errors[0].field").value("objective.regression.csv.target"))
                    .andExpect(jsonPath("$.errors[0].message").value("there is no column 'y'; the columns are x, z"));
        }

        @Test
        @DisplayName("logistic regression needs 0/1 targets")
        void nonBinary() throws Exception {
            problem("""
                    {"model": "logistic", "data": {"features": [[1], [2], [3]], "targets": [0, 1, 2]}}""")
                    .andExpect(jsonPath("$.errors[0].message")
                            .value("logistic regression needs targets 0 or 1; row 2 has 2.0"));
        }

        @Test
        @DisplayName("too few rows, and limits, are problems")
        void tooFewRows() throws Exception {
            problem("""
                    {"model": "linear", "data": {"features": [[1]], "targets": [1]}}""")
                    .andExpect(jsonPath("$.errors[0].message").value("has 1 row; at least 2 are needed"));
            problem("""
                    {"model": "linear", "synthetic": {"samples": 5000000, "coefficients": [1]}}""")
                    .andExpect(jsonPath("$.errors[0].field").value("objective.regression.synthetic.samples"));
            send("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}, "batchSize": 4, "epochs": 3}""")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("batchSize"))
                    .andExpect(jsonPath("$.errors[0].message").value("only applies to a regression objective"));
        }

        @Test
        @DisplayName("synthetic data whose targets would overflow is refused, naming the value (found by HttpFuzzTests)")
        void syntheticOverflow() throws Exception {
            // 2 * 1e308 is Infinity: the data set refused the targets and the request was a 500.
            problem("""
                    {"model": "linear", "synthetic": {"samples": 20, "coefficients": [3, 1e308]}}""")
                    .andExpect(jsonPath("$.errors[0].field")
                            .value("objective.regression.synthetic.coefficients[1]"));
            problem("""
                    {"model": "linear", "synthetic": {"samples": 20, "coefficients": [3], "intercept": -1e300}}""")
                    .andExpect(jsonPath("$.errors[0].field").value("objective.regression.synthetic.intercept"));
            problem("""
                    {"model": "linear", "synthetic": {"samples": 20, "coefficients": [3], "noise": 1e200}}""")
                    .andExpect(jsonPath("$.errors[0].field").value("objective.regression.synthetic.noise"));
            // The largest values accepted make finite data: the fit runs (and may well diverge).
            send("""
                    {"objective": {"regression": {"model": "linear", "synthetic": {"samples": 20,
                     "coefficients": [1e100, -1e100], "intercept": 1e100, "noise": 1e100}}}, "epochs": 2}""")
                    .andExpect(status().isOk());
        }
    }

    @Test
    @DisplayName("a CSV body with the settings as query parameters fits like the JSON request")
    void csvBody() throws Exception {
        StringBuilder csv = new StringBuilder("x,y\n");
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double x = i / 10.0;
            double y = 4 + 3 * x + Math.sin(i);
            rows.add(new double[] {x, y});
            csv.append(x).append(',').append(y).append('\n');
        }
        String body = Mvc.perform(mvc, post("/api/v1/optimizations/csv?model=linear&target=y&optimizer=gd"
                        + "&learningRate=0.2&epochs=20000&seed=1&tolerance=0").contentType("text/csv")
                        .content(csv.toString()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        double[][] x = new double[rows.size()][1];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            x[i][0] = rows.get(i)[0];
            y[i] = rows.get(i)[1];
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        assertThat(maxDifference(model(JSON.readTree(body)), ols.estimateRegressionParameters())).isLessThan(1e-6);
        Mvc.perform(mvc, post("/api/v1/optimizations/csv?model=probit&target=y").contentType("text/csv")
                        .content(csv.toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("model"));
        Mvc.perform(mvc, post("/api/v1/optimizations/csv?model=linear").contentType("text/csv")
                        .content(csv.toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("target"));
        Mvc.perform(mvc, post("/api/v1/optimizations/csv?model=linear&target=y&epochs=0").contentType("text/csv")
                        .content(csv.toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("epochs"));
    }

    @Nested
    @DisplayName("a CSV data set")
    class Csv {

        private ResultActions body(String query, String csv) throws Exception {
            return Mvc.perform(mvc, post("/api/v1/optimizations/csv?model=linear&" + query).contentType("text/csv")
                    .content(csv));
        }

        @Test
        @DisplayName("in a text/csv body, its errors name the body and the target parameter")
        void bodyErrors() throws Exception {
            body("target=y", "x,y\n1,2\n4,five\n").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("body"))
                    .andExpect(jsonPath("$.errors[0].message")
                            .value("line 3, column 2 ('y'): 'five' is not a finite number"));
            body("target=w", "x,y\n1,2\n4,5\n").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("target"))
                    .andExpect(jsonPath("$.errors[0].message").value("there is no column 'w'; the columns are x, y"));
            body("target=y", "x,y\n1,2\n").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("body"))
                    .andExpect(jsonPath("$.errors[0].message").value("has 1 row; at least 2 are needed"));
            body("target=y", "").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("body"));
        }

        @Test
        @DisplayName("a header with an empty or repeated name says which")
        void header() throws Exception {
            body("target=y", "x,,y\n1,2,3\n4,5,6\n").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].message").value("the header's column 2 has no name"));
            body("target=y", "x,x,y\n1,2,3\n4,5,6\n").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].message").value("the header names the column 'x' twice"));
        }

        @Test
        @DisplayName("a body is read in its charset, UTF-8 when it names none")
        void charset() throws Exception {
            String csv = "\u00e9t\u00e9,y\n1,3\n2,5\n3,7\n";
            Mvc.perform(mvc, post("/api/v1/optimizations/csv?model=linear&target=y&epochs=3").contentType("text/csv")
                            .content(csv.getBytes(StandardCharsets.UTF_8)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.model.coefficients['\u00e9t\u00e9']").isNumber());
            Mvc.perform(mvc, post("/api/v1/optimizations/csv?model=linear&target=y&epochs=3")
                            .contentType("text/csv; charset=ISO-8859-1")
                            .content(csv.getBytes(StandardCharsets.ISO_8859_1)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.model.coefficients['\u00e9t\u00e9']").isNumber());
            Mvc.perform(mvc, post("/api/v1/optimizations/csv?model=linear&target=y")
                            .contentType("text/csv; charset=klingon")
                            .content(csv))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(jsonPath("$.type").value("https://descent.dev/problems/unsupported-media-type"));
        }

        @Test
        @DisplayName("more values than max-data-cells stop the reading with a 400")
        void cells() throws Exception {
            StringBuilder csv = new StringBuilder("a,b,c,d,e,f,g,h,i,y\n");
            String row = "1,2,3,4,5,6,7,8,9,1\n";
            // 9 features: 111,112 rows make 1,000,008 values, past the default of 1,000,000.
            csv.append(row.repeat(111_112));
            body("target=y", csv.toString()).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("body"))
                    .andExpect(jsonPath("$.errors[0].message").value("has more than 1000000 values on this service"));
        }

        @Test
        @DisplayName("in JSON, 'body' is no field of csv")
        void noBodyInJson() throws Exception {
            send("""
                    {"objective": {"regression": {"model": "linear",
                     "csv": {"text": "x,y\\n1,2\\n2,3\\n", "target": "y", "body": "x"}}}}""")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("https://descent.dev/problems/malformed-body"))
                    .andExpect(jsonPath("$.errors[0].field").value("objective.regression.csv.body"))
                    .andExpect(jsonPath("$.errors[0].message").value("unknown field; known fields here: target, text"));
        }
    }
}
