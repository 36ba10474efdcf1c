package dev.descent.job;

import dev.descent.comparison.ComparisonExamples;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready jobs for Swagger UI, by name; {@code http-requests/jobs.http} sends the same ones (OpenApiDocumentTests
 * checks that each is there).
 */
final class JobExamples {

    private JobExamples() {
    }

    /**
     * One ready request.
     *
     * @param summary what it shows, as Swagger UI lists it
     * @param json    the request body
     */
    record Example(String summary, String json) {
    }

    static final String OPTIMIZATION = """
            {"optimization": {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
             "optimizer": {"type": "adam", "learningRate": 0.001}, "maxIterations": 200000, "tolerance": 0,
             "trajectory": {"maxPoints": 200}}}""";

    static final String EXPLAINED = """
            {"optimization": {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
             "optimizer": {"type": "adam", "learningRate": 0.001}, "maxIterations": 200000, "tolerance": 0,
             "trajectory": {"maxPoints": 200}, "explain": {"steps": 3, "from": 150000}}}""";

    static final String REGRESSION = """
            {"optimization": {"objective": {"regression": {"model": "linear", "data": {
               "features": [[0.5], [1.0], [1.5], [2.0], [2.5]], "targets": [5.4, 7.1, 8.4, 10.2, 11.4],
               "featureNames": ["hours"]}}},
             "optimizer": {"type": "gd", "learningRate": 0.02}, "batchSize": 1, "epochs": 2000, "seed": 7,
             "tolerance": 0, "trajectory": {"maxPoints": 100}}}""";

    static final String COMPARISON = "{\"comparison\": " + ComparisonExamples.MULTI_START + "}";

    static final String LONG = """
            {"optimization": {"objective": {"function": "rosenbrock", "dimension": 40},
             "optimizer": {"type": "gd", "learningRate": 1e-7}, "maxIterations": 1000000, "tolerance": 0,
             "trajectory": {"maxPoints": 100}}}""";

    /** Every example, by the name Swagger UI shows. */
    static final Map<String, Example> ALL = examples();

    private static Map<String, Example> examples() {
        Map<String, Example> all = new LinkedHashMap<>();
        all.put("optimization", new Example("Rosenbrock with Adam, 200000 iterations, in the background",
                OPTIMIZATION));
        all.put("explained", new Example("Adam's moments and effective rates at updates 150000 to 150002, in the "
                + "background", EXPLAINED));
        all.put("regression", new Example("A line fitted to inline data by per-sample SGD, 2000 epochs, in the "
                + "background", REGRESSION));
        all.put("comparison", new Example("A multi-start search on x*cos(x) as a job", COMPARISON));
        all.put("long", new Example("A million iterations of 40-D Rosenbrock: one to watch and cancel", LONG));
        return all;
    }
}
