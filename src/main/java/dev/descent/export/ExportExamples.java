package dev.descent.export;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready exports for Swagger UI, by name; {@code http-requests/exports.http} sends the same ones (OpenApiDocumentTests
 * checks that each is there).
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

    /** Every example, by the name Swagger UI shows. */
    static final Map<String, Example> ALL = examples();

    private static Map<String, Example> examples() {
        Map<String, Example> all = new LinkedHashMap<>();
        all.put("rosenbrock-adam", new Example("Rosenbrock from (-1.5, 2) with Adam, 200 updates", ROSENBROCK_ADAM));
        all.put("himmelblau-nadam-warmup-cosine", new Example("Himmelblau with NAdam, a warmup and cosine annealing "
                + "to etaMin (a LambdaLR)", WARMUP_COSINE));
        return all;
    }
}
