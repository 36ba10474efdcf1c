package dev.descent.export;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready exports for Swagger UI, by name, for the PyTorch and the Optax export; {@code http-requests/exports.http}
 * sends the same ones (OpenApiDocumentTests checks that each is there).
 */
final class ExportExamples {

    private ExportExamples() {
    }

    /**
     * One ready request.
     *
     * @param summary what it shows, as Swagger UI lists it
     * @param json    the request body
     */
    record Example(String summary, String json) {
    }

    static final String ROSENBROCK_ADAM = """
            {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
             "optimizer": {"type": "adam", "learningRate": 0.02}, "maxIterations": 200}""";

    static final String WARMUP_COSINE = """
            {"objective": {"function": "himmelblau"}, "start": {"x1": -1, "x2": 1},
             "optimizer": {"type": "nadam", "learningRate": 0.05}, "maxIterations": 100, "tolerance": 0,
             "schedule": {"type": "cosine", "tMax": 100, "etaMin": 0.001, "warmup": {"steps": 10, "startFactor": 0.1}}}""";

    static final String REGRESSION_MINI_BATCH = """
            {"objective": {"regression": {"model": "linear", "standardize": true,
              "synthetic": {"samples": 60, "coefficients": [3, -2], "intercept": 4, "noise": 0.5, "seed": 7}}},
             "optimizer": {"type": "adam", "learningRate": 0.1}, "batchSize": 16, "seed": 42, "epochs": 10,
             "tolerance": 0, "clipping": {"maxValue": 5}}""";

    static final String ADAM_WARMUP_COSINE_BOUNDS = """
            {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
             "optimizer": {"type": "adam", "learningRate": 0.05, "weightDecay": 0.001}, "maxIterations": 200,
             "tolerance": 0, "bounds": {"x": [-2, 0.9]},
             "schedule": {"type": "cosine", "tMax": 200, "etaMin": 0.001, "warmup": {"steps": 20}}}""";

    /** Every example of the PyTorch export, by the name Swagger UI shows. */
    static final Map<String, Example> ALL = examples();

    /** Every example of the Optax export (NAdam's momentum schedule is not Optax's: not among them). */
    static final Map<String, Example> OPTAX = optaxExamples();

    private static Map<String, Example> optaxExamples() {
        Map<String, Example> all = new LinkedHashMap<>();
        all.put("rosenbrock-adam", new Example("Rosenbrock from (-1.5, 2) with Adam, 200 updates", ROSENBROCK_ADAM));
        all.put("adam-warmup-cosine-bounds", new Example("Adam with L2 weight decay (add_decayed_weights), a warmup "
                + "and cosine to etaMin (the learning_rate callable), a bound on x (jnp.clip)",
                ADAM_WARMUP_COSINE_BOUNDS));
        all.put("regression-mini-batch", new Example("Linear regression in mini-batches of 16, its data and row "
                + "orders inline, clipped by value", REGRESSION_MINI_BATCH));
        return all;
    }

    private static Map<String, Example> examples() {
        Map<String, Example> all = new LinkedHashMap<>();
        all.put("rosenbrock-adam", new Example("Rosenbrock from (-1.5, 2) with Adam, 200 updates", ROSENBROCK_ADAM));
        all.put("himmelblau-nadam-warmup-cosine", new Example("Himmelblau with NAdam, a warmup and cosine annealing "
                + "to etaMin (a LambdaLR)", WARMUP_COSINE));
        all.put("regression-mini-batch", new Example("Linear regression in mini-batches of 16 with a seed: the data "
                + "and each epoch's row order inline, gradients clipped by value", REGRESSION_MINI_BATCH));
        all.put("adam-warmup-cosine-bounds", new Example("Adam with weight decay, a warmup and cosine to etaMin, a "
                + "bound on x (a clamp after each step)", ADAM_WARMUP_COSINE_BOUNDS));
        return all;
    }
}
