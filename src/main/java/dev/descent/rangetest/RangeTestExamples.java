package dev.descent.rangetest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready range tests for Swagger UI, by name; {@code http-requests/range-tests.http} sends the same ones
 * (OpenApiDocumentTests checks that each is there), and the plot examples draw the first.
 */
public final class RangeTestExamples {

    private RangeTestExamples() {
    }

    /**
     * One ready request.
     *
     * @param summary what it shows, as Swagger UI lists it
     * @param json    the request body
     */
    public record Example(String summary, String json) {
    }

    public static final String ROSENBROCK = """
            {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
             "optimizer": {"type": "gd"}, "range": {"min": 1e-7, "max": 1, "steps": 100}}""";

    public static final String REGRESSION = """
            {"objective": {"regression": {"model": "linear", "synthetic": {"samples": 200, "coefficients": [3, -2], "intercept": 4,
             "noise": 0.5, "seed": 7}}},
             "optimizer": {"type": "gd"}, "batchSize": 20, "seed": 42,
             "range": {"min": 1e-5, "max": 10, "steps": 100}}""";

    public static final String ADAM = """
            {"objective": {"function": "rosenbrock"}, "optimizer": {"type": "adam"},
             "range": {"min": 1e-6, "max": 100, "steps": 300}}""";

    /** Every example, by the name Swagger UI shows. */
    public static final Map<String, Example> ALL = examples();

    private static Map<String, Example> examples() {
        Map<String, Example> all = new LinkedHashMap<>();
        all.put("rosenbrock", new Example("Rosenbrock from (-1.5, 2), plain gradient descent, 1e-7 to 1",
                ROSENBROCK));
        all.put("regression-mini-batches", new Example("Linear regression on 200 synthetic rows, batches of 20",
                REGRESSION));
        all.put("rosenbrock-adam", new Example("Rosenbrock with Adam, 1e-6 to 100 in 300 points", ADAM));
        return all;
    }
}
