package dev.descent.optimization;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** POST /api/v1/optimizations: results, and a problem+json body for every kind of client error. */
@SpringBootTest
@AutoConfigureMockMvc
class OptimizationApiTests {

    private static final String PROBLEM = "https://descent.dev/problems/";

    @Autowired
    MockMvc mvc;

    private ResultActions post(String json) throws Exception {
        return Mvc.perform(mvc, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private static ResultActions isProblem(ResultActions actions, int status, String type) throws Exception {
        return actions.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEM + type))
                .andExpect(jsonPath("$.title").isString())
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.detail").isString())
                .andExpect(jsonPath("$.instance").value("/api/v1/optimizations"))
                .andExpect(jsonPath("$.trace").doesNotExist())
                .andExpect(jsonPath("$.exception").doesNotExist());
    }

    @Nested
    @DisplayName("a valid request")
    class Success {

        @Test
        @DisplayName("answers the verdict, the minimum, the trajectory and the costs")
        void seedExample() throws Exception {
            post(OptimizationExamples.SEED)
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("CONVERGED"))
                    .andExpect(jsonPath("$.stopReason", containsString("tolerance")))
                    .andExpect(jsonPath("$.minimum.point.x", closeTo(-2, 1e-5)))
                    .andExpect(jsonPath("$.minimum.value", closeTo(5, 1e-9)))
                    .andExpect(jsonPath("$.trajectory[0].iteration").value(0))
                    .andExpect(jsonPath("$.trajectory[0].point.x").value(5.0))
                    .andExpect(jsonPath("$.trajectory[0].value").value(54.0))
                    .andExpect(jsonPath("$.trajectory[0].gradientNorm").value(14.0))
                    .andExpect(jsonPath("$.trajectory[1].point.x", closeTo(5 - 0.1 * 14, 1e-12)))
                    .andExpect(jsonPath("$.functionEvaluations").isNumber())
                    .andExpect(jsonPath("$.gradientEvaluations").isNumber())
                    .andExpect(jsonPath("$.elapsedMillis").isNumber())
                    .andExpect(jsonPath("$.objective.variables", contains("x")))
                    .andExpect(jsonPath("$.optimizer.type").value("gd"))
                    .andExpect(jsonPath("$.optimizer.learningRate").value(0.1))
                    .andExpect(jsonPath("$.optimizer.weightDecay").value(0.0));
        }

        @Test
        @DisplayName("thins the trajectory evenly, keeping the first and the last point")
        void thinning() throws Exception {
            post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 9},
                     "optimizer": {"type": "gd", "learningRate": 0.15}, "maxIterations": 100, "tolerance": 0,
                     "trajectory": {"maxPoints": 5}}""")
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.iterations").value(100))
                    .andExpect(jsonPath("$.trajectory", hasSize(5)))
                    .andExpect(jsonPath("$.trajectory[*].iteration", contains(0, 25, 50, 75, 100)))
                    .andExpect(jsonPath("$.trajectory[2].point.x").value(closeTo(9 * Math.pow(0.7, 50), 1e-20), Double.class))
                    .andExpect(jsonPath("$.trajectory[0].learningRate").doesNotExist())
                    .andExpect(jsonPath("$.trajectory[1].learningRate").value(0.15));
        }

        @Test
        @DisplayName("leaves the trajectory out on request")
        void noTrajectory() throws Exception {
            post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 9}, "trajectory": {"include": false}}""")
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.trajectory").doesNotExist())
                    .andExpect(jsonPath("$.minimum.point.x").isNumber());
        }

        @Test
        @DisplayName("runs a catalog function from its default start")
        void catalogFunction() throws Exception {
            post(OptimizationExamples.CATALOG)
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("CONVERGED"))
                    .andExpect(jsonPath("$.objective.variables", contains("x1", "x2")))
                    .andExpect(jsonPath("$.trajectory[0].point.x1").value(0.0))
                    .andExpect(jsonPath("$.minimum.value").value(lessThan(1e-9), Double.class));
        }

        @Test
        @DisplayName("reports divergence as a result, with the iteration, and non-finite numbers as null")
        void divergence() throws Exception {
            post(OptimizationExamples.DIVERGING)
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("DIVERGED"))
                    .andExpect(jsonPath("$.iterations").value(70))
                    .andExpect(jsonPath("$.stopReason", containsString("iteration 70")));
            // log(x) from 1 at rate 2: x_1 = 1 - 2 = -1, where log is NaN.
            post("""
                    {"objective": {"expression": "log(x)"}, "start": {"x": 1},
                     "optimizer": {"type": "gd", "learningRate": 2}}""")
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("DIVERGED"))
                    .andExpect(jsonPath("$.iterations").value(1))
                    // The minimum is the best point seen, the start (log 1 = 0); the last point is where log is NaN.
                    .andExpect(jsonPath("$.minimum.iteration").value(0))
                    .andExpect(jsonPath("$.minimum.point.x").value(1.0))
                    .andExpect(jsonPath("$.minimum.value").value(0.0))
                    .andExpect(jsonPath("$.last.iteration").value(1))
                    .andExpect(jsonPath("$.last.point.x").value(-1.0))
                    .andExpect(jsonPath("$.last.value", nullValue()));
        }
    }

    @Nested
    @DisplayName("a client error")
    class ClientErrors {

        @Test
        @DisplayName("malformed JSON is a malformed-body problem with the position")
        void malformedJson() throws Exception {
            isProblem(post("{\"objective\": {\"expression\": \"x^2\"}"), 400, "malformed-body")
                    .andExpect(jsonPath("$.detail", containsString("not valid JSON")));
            isProblem(post("{\"objective\": }"), 400, "malformed-body")
                    .andExpect(jsonPath("$.detail", containsString("line 1, column")));
            isProblem(post(""), 400, "malformed-body");
        }

        @Test
        @DisplayName("a wrong type names the field and the expected type")
        void wrongType() throws Exception {
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}, "maxIterations": "ten"}"""),
                    400, "malformed-body")
                    .andExpect(jsonPath("$.errors[0].field").value("maxIterations"))
                    .andExpect(jsonPath("$.errors[0].message").value("must be a whole number"));
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": "1"}}"""), 400, "malformed-body")
                    .andExpect(jsonPath("$.errors[0].field").value("start.x"));
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}, "maxIterations": 10.5}"""),
                    400, "malformed-body")
                    .andExpect(jsonPath("$.errors[0].field").value("maxIterations"));
        }

        @Test
        @DisplayName("an unknown field is named, with the known ones")
        void unknownField() throws Exception {
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}, "maxIteration": 10}"""),
                    400, "malformed-body")
                    .andExpect(jsonPath("$.errors[0].field").value("maxIteration"))
                    .andExpect(jsonPath("$.errors[0].message", containsString("maxIterations")));
        }

        @Test
        @DisplayName("an unknown field that means a known one gets a did-you-mean: a slip, snake_case, another "
                + "library's name (the result's objective.formula, SciPy's x0 and tol); none for a stranger")
        void unknownFieldMeant() throws Exception {
            String[][] cases = {
                    {"{\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 1}, \"maxIteration\": 10}",
                            "maxIteration", "maxIterations"},
                    {"{\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 1}, \"max_iterations\": 10}",
                            "max_iterations", "maxIterations"},
                    {"{\"objective\": {\"formula\": \"x^2\"}, \"start\": {\"x\": 1}}", "objective.formula",
                            "expression"},
                    {"{\"objective\": {\"expression\": \"x^2\"}, \"x0\": {\"x\": 1}}", "x0", "start"},
                    {"{\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 1}, \"tol\": 1e-3}", "tol",
                            "tolerance"}};
            for (String[] c : cases) {
                isProblem(post(c[0]), 400, "malformed-body")
                        .andExpect(jsonPath("$.errors[0].field").value(c[1]))
                        .andExpect(jsonPath("$.errors[0].message", startsWith("unknown field; did you mean " + c[2]
                                + "? Known fields here: ")));
            }
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}, "colour": "blue"}"""), 400,
                    "malformed-body")
                    .andExpect(jsonPath("$.errors[0].message", startsWith("unknown field; known fields here: ")));
        }

        @Test
        @DisplayName("a negative learning rate names optimizer.learningRate")
        void negativeLearningRate() throws Exception {
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1},
                     "optimizer": {"type": "gd", "learningRate": -0.1}}"""), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("optimizer.learningRate"))
                    .andExpect(jsonPath("$.errors[0].message").value("must be in [0, +inf), was -0.1"));
        }

        @Test
        @DisplayName("NaN and infinite numbers are refused wherever they are written")
        void notFinite() throws Exception {
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": NaN}}"""), 400, "malformed-body")
                    .andExpect(jsonPath("$.detail", containsString("Non-standard token 'NaN'")))
                    .andExpect(jsonPath("$.detail", not(containsString("JsonReadFeature"))));
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": "NaN"}}"""), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("start.x"))
                    .andExpect(jsonPath("$.errors[0].message").value("must be a finite number"));
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1e999}}"""), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("start.x"))
                    .andExpect(jsonPath("$.errors[0].message").value("must be a finite number"));
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}, "tolerance": 1e999}"""),
                    400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("tolerance"));
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1},
                     "optimizer": {"type": "adam", "learningRate": "NaN", "beta1": 1e999}}"""),
                    400, "invalid-request")
                    .andExpect(jsonPath("$.errors[*].field", contains("optimizer.learningRate", "optimizer.beta1")))
                    .andExpect(jsonPath("$.errors[0].message").value("must be a number, was \"NaN\""))
                    .andExpect(jsonPath("$.errors[1].message").value("must be a finite number, was Infinity"));
        }

        @Test
        @DisplayName("an unknown optimizer type lists the known ones")
        void unknownOptimizer() throws Exception {
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}, "optimizer": {"type": "sparseAdam"}}"""),
                    400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("optimizer.type"))
                    .andExpect(jsonPath("$.errors[0].message",
                            containsString("unknown optimizer 'sparseAdam'; known: "
                                    + String.join(", ", dev.descent.engine.optim.OptimizerKinds.names()))));
        }

        @Test
        @DisplayName("an unknown hyperparameter and a bad combination name their fields")
        void badHyperparameters() throws Exception {
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1},
                     "optimizer": {"type": "adam", "lr": 0.1, "amsgrad": "yes"}}"""), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[*].field", contains("optimizer.lr", "optimizer.amsgrad")))
                    .andExpect(jsonPath("$.errors[0].message", containsString("known: learningRate, beta1")));
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1},
                     "optimizer": {"type": "nesterov", "momentum": 0}}"""), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("optimizer.momentum"))
                    .andExpect(jsonPath("$.errors[0].message",
                            containsString("Nesterov momentum requires a momentum greater than 0")));
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1},
                     "optimizer": {"type": "adamw", "beta1": 1.0, "beta2": -0.5}}"""), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[*].field", contains("optimizer.beta1", "optimizer.beta2")))
                    .andExpect(jsonPath("$.errors[0].message").value("must be in [0, 1), was 1.0"));
        }

        @Test
        @DisplayName("a start that misses a variable or names an unknown one says which")
        void startMismatch() throws Exception {
            isProblem(post("""
                    {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": 1, "z": 2}}"""),
                    400, "invalid-request")
                    .andExpect(jsonPath("$.errors[*].field", contains("start.z", "start.y")))
                    .andExpect(jsonPath("$.errors[0].message", containsString("not a variable")))
                    .andExpect(jsonPath("$.errors[1].message", containsString("is missing")));
            isProblem(post("{\"objective\": {\"expression\": \"x^2\"}}"), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("start"));
        }

        @Test
        @DisplayName("a syntax error gives the column and what was expected")
        void syntaxError() throws Exception {
            isProblem(post("""
                    {"objective": {"expression": "(1-x)^2 + (3*x"}, "start": {"x": 1}}"""),
                    400, "invalid-expression")
                    .andExpect(jsonPath("$.detail").value("expected ')' at column 15"))
                    .andExpect(jsonPath("$.column").value(15))
                    .andExpect(jsonPath("$.expected").value("')'"))
                    .andExpect(jsonPath("$.errors[0].field").value("objective.expression"));
        }

        @Test
        @DisplayName("the objective must be exactly one of expression and function, and a known function")
        void objectiveShape() throws Exception {
            isProblem(post("{\"objective\": {}}"), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("objective"));
            isProblem(post("{\"objective\": {\"expression\": \"x\", \"function\": \"sphere\"}}"),
                    400, "invalid-request");
            isProblem(post("{\"objective\": {\"function\": \"banana\"}}"), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].message", containsString("known: sphere, rosenbrock")));
            isProblem(post("{\"objective\": {\"function\": \"himmelblau\", \"dimension\": 3}}"),
                    400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("objective.dimension"));
            isProblem(post("{\"start\": {\"x\": 1}}"), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("objective"));
            isProblem(post("{\"objective\": {\"expression\": \"2 + 3\"}}"), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].message", containsString("no variables")));
        }

        @Test
        @DisplayName("limits are 400s naming the field")
        void limits() throws Exception {
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}, "maxIterations": 100000000}"""),
                    400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("maxIterations"));
            isProblem(post("""
                    {"objective": {"expression": "x^2"}, "start": {"x": 1}, "maxIterations": -1,
                     "tolerance": -1, "trajectory": {"maxPoints": 1}}"""), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[*].field",
                            contains("maxIterations", "tolerance", "trajectory.maxPoints")));
        }

        @Test
        @DisplayName("wrong media type, method and path are problems too")
        void protocolErrors() throws Exception {
            isProblem(Mvc.perform(mvc, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                    .post("/api/v1/optimizations").contentType(MediaType.TEXT_PLAIN).content("x^2")),
                    415, "unsupported-media-type");
            isProblem(Mvc.perform(mvc, get("/api/v1/optimizations")), 405, "method-not-allowed")
                    .andExpect(header().exists("Allow"));
            Mvc.perform(mvc, get("/api/v1/nothing-here"))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(PROBLEM + "not-found"))
                    .andExpect(jsonPath("$.instance").value("/api/v1/nothing-here"));
        }

        @Test
        @DisplayName("hostile expressions are 400s, never 500s")
        void hostileExpressions() throws Exception {
            String deep = "(".repeat(5000) + "x" + ")".repeat(5000);
            Mvc.perform(mvc, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                            .post("/api/v1/optimizations").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"objective\": {\"expression\": \"" + deep + "\"}, \"start\": {\"x\": 1}}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type", not(is(PROBLEM + "internal-error"))));
            String many = "x".repeat(20_000);
            isProblem(post("{\"objective\": {\"expression\": \"" + many + "\"}, \"start\": {\"x\": 1}}"),
                    400, "invalid-request")
                    .andExpect(jsonPath("$.errors[*].field", hasItem("objective.expression")));
        }
    }
}
