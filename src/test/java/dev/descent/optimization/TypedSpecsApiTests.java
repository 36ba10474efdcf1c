package dev.descent.optimization;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.descent.Mvc;
import dev.descent.engine.optim.OptimizerKinds;
import dev.descent.engine.schedule.ScheduleKinds;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The typed {@code optimizer} and {@code schedule} as clients meet them: a missing or unknown {@code type} and an
 * unknown hyperparameter are field problems naming the known names, and PyTorch's spelling answers with Descent's.
 */
@SpringBootTest
@AutoConfigureMockMvc
class TypedSpecsApiTests {

    private static final String PROBLEM = "https://descent.dev/problems/";
    private static final String X_SQUARED = "\"objective\": {\"expression\": \"x^2\"}, \"start\": {\"x\": 1}";

    @Autowired
    MockMvc mvc;

    private ResultActions post(String path, String json) throws Exception {
        return Mvc.perform(mvc, org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private ResultActions optimize(String json) throws Exception {
        return post("/api/v1/optimizations", json);
    }

    private ResultActions invalid(ResultActions actions) throws Exception {
        return actions.andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEM + "invalid-request"))
                .andExpect(jsonPath("$.detail").isString());
    }

    @Nested
    @DisplayName("did you mean: PyTorch's names")
    class DidYouMean {

        @Test
        @DisplayName("lr, eps, weight_decay on adam name learningRate, epsilon, weightDecay, and the known ones")
        void hyperparameters() throws Exception {
            invalid(optimize("{" + X_SQUARED + """
                    , "optimizer": {"type": "adam", "lr": 0.1, "eps": 1e-8, "weight_decay": 0.01}}"""))
                    .andExpect(jsonPath("$.errors[*].field",
                            contains("optimizer.lr", "optimizer.eps", "optimizer.weight_decay")))
                    .andExpect(jsonPath("$.errors[0].message").value("unknown hyperparameter for 'adam'; did you mean "
                            + "learningRate? (known: learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize)"))
                    .andExpect(jsonPath("$.errors[1].message",
                            containsString("unknown hyperparameter for 'adam'; did you mean epsilon?")))
                    .andExpect(jsonPath("$.errors[2].message",
                            containsString("unknown hyperparameter for 'adam'; did you mean weightDecay?")));
        }

        @Test
        @DisplayName("betas names beta1 and beta2; lr_decay, momentum_decay, initial_accumulator_value their own")
        void pairsAndSnakeCase() throws Exception {
            invalid(optimize("{" + X_SQUARED + ", \"optimizer\": {\"type\": \"adamw\", \"betas\": [0.9, 0.99]}}"))
                    .andExpect(jsonPath("$.errors[0].field").value("optimizer.betas"))
                    .andExpect(jsonPath("$.errors[0].message",
                            containsString("; did you mean beta1 and beta2? (known: ")));
            invalid(optimize("{" + X_SQUARED + """
                    , "optimizer": {"type": "adagrad", "lr_decay": 0.1, "initial_accumulator_value": 0.1}}"""))
                    .andExpect(jsonPath("$.errors[0].message", containsString("did you mean lrDecay?")))
                    .andExpect(jsonPath("$.errors[1].message",
                            containsString("did you mean initialAccumulatorValue?")));
            invalid(optimize("{" + X_SQUARED + ", \"optimizer\": {\"type\": \"nadam\", \"momentum_decay\": 0.1}}"))
                    .andExpect(jsonPath("$.errors[0].message", containsString("did you mean momentumDecay?")));
        }

        @Test
        @DisplayName("a PyTorch argument that is a Descent type (momentum and nesterov on SGD) names the type")
        void argumentsThatAreTypes() throws Exception {
            invalid(optimize("{" + X_SQUARED + ", \"optimizer\": {\"type\": \"gd\", \"momentum\": 0.9}}"))
                    .andExpect(jsonPath("$.errors[0].field").value("optimizer.momentum"))
                    .andExpect(jsonPath("$.errors[0].message").value("unknown hyperparameter for 'gd'; did you mean "
                            + "type momentum? (known: learningRate, weightDecay, maximize)"));
            invalid(optimize("{" + X_SQUARED + ", \"optimizer\": {\"type\": \"momentum\", \"nesterov\": true}}"))
                    .andExpect(jsonPath("$.errors[0].message", containsString("did you mean type nesterov?")));
        }

        @Test
        @DisplayName("a PyTorch class name as a type, in any case (sgd, SGD), names the Descent type")
        void torchClassAsType() throws Exception {
            for (String given : new String[] {"sgd", "SGD"}) {
                invalid(optimize("{" + X_SQUARED + ", \"optimizer\": {\"type\": \"" + given + "\"}}"))
                        .andExpect(jsonPath("$.errors[0].field").value("optimizer.type"))
                        .andExpect(jsonPath("$.errors[0].message").value(startsWith(
                                "unknown optimizer '" + given + "'; did you mean gd (or momentum / nesterov with "
                                        + "momentum > 0)? (known: gd, momentum, nesterov,")));
            }
        }

        @Test
        @DisplayName("a name that is no PyTorch spelling of a known one lists the known ones only")
        void noSuggestion() throws Exception {
            invalid(optimize("{" + X_SQUARED + ", \"optimizer\": {\"type\": \"adam\", \"momentum\": 0.9}}"))
                    .andExpect(jsonPath("$.errors[0].message").value("unknown hyperparameter for 'adam'; known: "
                            + "learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize"));
        }

        @Test
        @DisplayName("schedules: step_size, T_max, eta_min; and in the warmup, start_factor")
        void schedules() throws Exception {
            invalid(optimize("{" + X_SQUARED + ", \"schedule\": {\"type\": \"step\", \"step_size\": 10}}"))
                    .andExpect(jsonPath("$.errors[*].field", contains("schedule.step_size", "schedule.stepSize")))
                    .andExpect(jsonPath("$.errors[0].message").value("unknown hyperparameter for 'step'; did you "
                            + "mean stepSize? (known: stepSize, gamma)"));
            invalid(optimize("{" + X_SQUARED + """
                    , "schedule": {"type": "cosine", "T_max": 10, "eta_min": 0, "tMax": 10,
                                   "warmup": {"steps": 3, "start_factor": 0.5}}}"""))
                    .andExpect(jsonPath("$.errors[*].field",
                            contains("schedule.T_max", "schedule.eta_min", "schedule.warmup.start_factor")))
                    .andExpect(jsonPath("$.errors[0].message", containsString("did you mean tMax?")))
                    .andExpect(jsonPath("$.errors[1].message", containsString("did you mean etaMin?")))
                    .andExpect(jsonPath("$.errors[2].message", containsString("for 'warmup'; did you mean "
                            + "startFactor?")));
        }

        @Test
        @DisplayName("PyTorch's class names as type: SGD, Adam, RMSprop, StepLR, CosineAnnealingLR")
        void types() throws Exception {
            invalid(optimize("{" + X_SQUARED + ", \"optimizer\": {\"type\": \"SGD\", \"learningRate\": 0.1}}"))
                    .andExpect(jsonPath("$.errors[0].field").value("optimizer.type"))
                    .andExpect(jsonPath("$.errors[0].message").value("unknown optimizer 'SGD'; did you mean gd (or "
                            + "momentum / nesterov with momentum > 0)? (known: "
                            + String.join(", ", OptimizerKinds.names()) + ")"));
            invalid(optimize("{" + X_SQUARED + ", \"optimizer\": {\"type\": \"Adam\"}}"))
                    .andExpect(jsonPath("$.errors[0].message", containsString("'Adam'; did you mean adam?")));
            invalid(optimize("{" + X_SQUARED + ", \"optimizer\": {\"type\": \"RMSprop\"}}"))
                    .andExpect(jsonPath("$.errors[0].message", containsString("did you mean rmsprop?")));
            invalid(optimize("{" + X_SQUARED + ", \"schedule\": {\"type\": \"StepLR\", \"stepSize\": 2}}"))
                    .andExpect(jsonPath("$.errors[0].field").value("schedule.type"))
                    .andExpect(jsonPath("$.errors[0].message").value("unknown schedule 'StepLR'; did you mean step? "
                            + "(known: " + String.join(", ", ScheduleKinds.names()) + ")"));
            invalid(optimize("{" + X_SQUARED + ", \"schedule\": {\"type\": \"CosineAnnealingLR\"}}"))
                    .andExpect(jsonPath("$.errors[0].message", containsString("did you mean cosine?")));
        }
    }

    @Nested
    @DisplayName("the type")
    class TypeId {

        @Test
        @DisplayName("missing: a 400 naming optimizer.type and the known types")
        void missing() throws Exception {
            invalid(optimize("{" + X_SQUARED + ", \"optimizer\": {\"learningRate\": 0.1}}"))
                    .andExpect(jsonPath("$.errors[0].field").value("optimizer.type"))
                    .andExpect(jsonPath("$.errors[0].message").value("is required; one of "
                            + String.join(", ", OptimizerKinds.names())));
            invalid(optimize("{" + X_SQUARED + ", \"schedule\": {}}"))
                    .andExpect(jsonPath("$.errors[0].field").value("schedule.type"))
                    .andExpect(jsonPath("$.errors[0].message").value("is required; one of "
                            + String.join(", ", ScheduleKinds.names())));
        }

        @Test
        @DisplayName("unknown: named with its full path in a comparison's run and a job")
        void unknownInNestedRequests() throws Exception {
            invalid(post("/api/v1/comparisons", "{" + X_SQUARED + """
                    , "runs": [{"optimizer": {"type": "gd"}}, {"optimizer": {"type": "sparseAdam"}}]}"""))
                    .andExpect(jsonPath("$.errors[0].field").value("runs[1].optimizer.type"))
                    .andExpect(jsonPath("$.errors[0].message").value("unknown optimizer 'sparseAdam'; known: "
                            + String.join(", ", OptimizerKinds.names())));
            invalid(post("/api/v1/jobs", "{\"optimization\": {" + X_SQUARED + """
                    , "schedule": {"type": "linearly"}}}"""))
                    .andExpect(jsonPath("$.errors[0].field").value("optimization.schedule.type"))
                    .andExpect(jsonPath("$.errors[0].message", containsString("unknown schedule 'linearly'; known: ")));
        }

        @Test
        @DisplayName("not an object: the field must be an object")
        void notAnObject() throws Exception {
            for (String value : new String[] {"\"adam\"", "5", "[\"adam\"]", "[1]"}) {
                optimize("{" + X_SQUARED + ", \"optimizer\": " + value + "}")
                        .andExpect(status().isBadRequest())
                        .andExpect(jsonPath("$.type").value(PROBLEM + "malformed-body"))
                        .andExpect(jsonPath("$.errors[0].field").value("optimizer"))
                        .andExpect(jsonPath("$.errors[0].message").value("must be an object"));
            }
            optimize("{" + X_SQUARED + ", \"schedule\": 5}")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("schedule"));
        }
    }

    @Test
    @DisplayName("every variant runs as the registry configures it, the response naming every value used")
    void everyVariantRuns() throws Exception {
        for (String type : OptimizerKinds.names()) {
            optimize("{" + X_SQUARED + ", \"maxIterations\": 3, \"optimizer\": {\"type\": \"" + type + "\"}}")
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.optimizer.type").value(type))
                    .andExpect(jsonPath("$.optimizer.learningRate").value(OptimizerKinds.byName(type).orElseThrow()
                            .parameters().get(0).defaultValue()));
        }
    }
}
