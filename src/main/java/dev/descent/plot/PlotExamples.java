package dev.descent.plot;

import dev.descent.rangetest.RangeTestExamples;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready requests for Swagger UI, by name; {@code http-requests/plots.http} sends each of them (OpenApiDocumentTests
 * checks that each is there).
 */
final class PlotExamples {

    private PlotExamples() {
    }

    /**
     * One ready request.
     *
     * @param summary what it shows, as Swagger UI lists it
     * @param json    the request body
     */
    record Example(String summary, String json) {
    }

    static final String SEED = """
            {"optimization": {"objective": {"expression": "x^2 + 4*x + 9"}, "start": {"x": 5},
             "optimizer": {"type": "gd", "learningRate": 0.1}, "maxIterations": 30, "tolerance": 0}}""";

    static final String ROSENBROCK_ADAM = """
            {"optimization": {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
             "optimizer": {"type": "adam", "learningRate": 0.05}, "maxIterations": 2000, "tolerance": 0,
             "trajectory": {"maxPoints": 300}}}""";

    static final String HIMMELBLAU = """
            {"optimization": {"objective": {"function": "himmelblau"}, "start": {"x1": -0.5, "x2": 4.5},
             "optimizer": {"type": "momentum", "learningRate": 0.002, "momentum": 0.9}, "maxIterations": 500}}""";

    static final String DIVERGING = """
            {"optimization": {"objective": {"expression": "x^2"}, "start": {"x": 3},
             "optimizer": {"type": "gd", "learningRate": 1.1}, "maxIterations": 1000}}""";

    static final String FIVE_VARIABLES = """
            {"optimization": {"objective": {"function": "sphere", "dimension": 5},
             "optimizer": {"type": "adam", "learningRate": 0.1}, "maxIterations": 300}}""";

    static final String LEARNING_RATES = """
            {"comparison": {"objective": {"expression": "x^2"}, "start": {"x": 3},
             "optimizer": {"type": "gd"}, "maxIterations": 100, "learningRates": [0.01, 0.1, 0.9, 1.1]}}""";

    static final String OPTIMIZERS = """
            {"comparison": {"objective": {"function": "rosenbrock"}, "start": {"x1": -1.5, "x2": 2},
             "maxIterations": 3000, "tolerance": 0, "trajectory": {"maxPoints": 300},
             "runs": [{"label": "gd", "optimizer": {"type": "gd", "learningRate": 0.001}},
                      {"label": "momentum", "optimizer": {"type": "momentum", "learningRate": 0.001}},
                      {"label": "adam", "optimizer": {"type": "adam", "learningRate": 0.05}}]}}""";

    static final String RANGE_TEST = "{\"rangeTest\": " + RangeTestExamples.ROSENBROCK + "}";

    /** Every example, by the name Swagger UI shows. */
    static final Map<String, Example> ALL = examples();

    private static Map<String, Example> examples() {
        Map<String, Example> all = new LinkedHashMap<>();
        all.put("seed", new Example("The seed's parabola: 30 steps of gradient descent from x = 5", SEED));
        all.put("rosenbrock-adam", new Example("Rosenbrock from (-1.5, 2) with Adam: contours and path",
                ROSENBROCK_ADAM));
        all.put("himmelblau-momentum", new Example("Himmelblau with momentum, a catalog function", HIMMELBLAU));
        all.put("diverging", new Example("x^2 at learning rate 1.1: DIVERGED (try kind=convergence)", DIVERGING));
        all.put("five-variables", new Example("5-D sphere: kind=convergence only (kind=path is a 400)",
                FIVE_VARIABLES));
        all.put("learning-rates", new Example("The seeds' picture: x^2 at four learning rates (try "
                + "kind=convergence)", LEARNING_RATES));
        all.put("optimizers", new Example("gd, momentum and Adam on Rosenbrock, one picture", OPTIMIZERS));
        all.put("range-test", new Example("A learning-rate range test on Rosenbrock: loss against learning rate "
                + "(kind=rangeTest only)", RANGE_TEST));
        return all;
    }

    /** Ready grid requests, in the order Swagger UI lists them. */
    static final Map<String, Example> GRIDS = grids();

    private static Map<String, Example> grids() {
        Map<String, Example> all = new LinkedHashMap<>();
        all.put("seed-curve", new Example("The seed's parabola on [-6, 6]", """
                {"objective": {"expression": "x^2 + 4*x + 9"}, "ranges": {"x": [-6, 6]}, "steps": 25}"""));
        all.put("rosenbrock", new Example("Rosenbrock on [-2, 2] x [-1, 3], 41 points a side", """
                {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "ranges": {"x": [-2, 2], "y": [-1, 3]},
                 "steps": 41}"""));
        return all;
    }
}
