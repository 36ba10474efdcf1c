package dev.descent.comparison;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready comparisons for Swagger UI, by name; {@code http-requests/comparisons.http} sends the same ones
 * (OpenApiDocumentTests checks that each is there).
 */
public final class ComparisonExamples {

    private ComparisonExamples() {
    }

    /**
     * One ready request.
     *
     * @param summary what it shows, as Swagger UI lists it
     * @param json    the request body
     */
    public record Example(String summary, String json) {
    }

    public static final String OPTIMIZERS = """
            {"objective": {"function": "rosenbrock"}, "maxIterations": 5000, "tolerance": 0,
             "trajectory": {"maxPoints": 50},
             "runs": [{"label": "gd", "optimizer": {"type": "gd", "learningRate": 0.001}},
                      {"label": "momentum", "optimizer": {"type": "momentum", "learningRate": 0.001, "momentum": 0.9}},
                      {"label": "adam", "optimizer": {"type": "adam", "learningRate": 0.01}}]}""";

    public static final String SWEEP = """
            {"objective": {"expression": "x^2"}, "start": {"x": 3}, "optimizer": {"type": "gd"},
             "maxIterations": 1000, "trajectory": {"maxPoints": 20},
             "learningRates": [0.01, 0.1, 0.9, 1.1]}""";

    public static final String MULTI_START = """
            {"objective": {"expression": "x*cos(x)"}, "optimizer": {"type": "gd", "learningRate": 0.05},
             "maxIterations": 2000, "tolerance": 1e-9, "trajectory": {"include": false},
             "randomStarts": {"count": 40, "seed": 42, "bounds": {"x": [-10, 10]}}, "mergeTolerance": 0.001}""";

    public static final String STARTS = """
            {"objective": {"function": "himmelblau"}, "optimizer": {"type": "gd", "learningRate": 0.01},
             "trajectory": {"maxPoints": 20},
             "starts": [{"x1": 4, "x2": 4}, {"x1": -4, "x2": 4}, {"x1": -4, "x2": -4}, {"x1": 4, "x2": -4},
                        {"x1": 0, "x2": 0}]}""";

    /** Every example, by the name Swagger UI shows. */
    public static final Map<String, Example> ALL = examples();

    private static Map<String, Example> examples() {
        Map<String, Example> all = new LinkedHashMap<>();
        all.put("optimizers", new Example("gd, momentum and Adam on Rosenbrock, ranked", OPTIMIZERS));
        all.put("learning-rate-sweep", new Example("x^2 at learning rates 0.01, 0.1, 0.9, 1.1", SWEEP));
        all.put("multi-start", new Example("40 random starts on x*cos(x) over [-10, 10]: its local minima",
                MULTI_START));
        all.put("starts", new Example("Himmelblau from five starts: its four minima", STARTS));
        return all;
    }
}
