package dev.descent.optimization;

/** Ready requests shown in Swagger UI; {@code http-requests/optimizations.http} sends the same ones. */
final class OptimizationExamples {

    private OptimizationExamples() {
    }

    static final String SEED = """
            {"objective": {"expression": "x^2 + 4*x + 9"}, "start": {"x": 5},
             "optimizer": {"type": "gd", "learningRate": 0.1}, "maxIterations": 1000, "tolerance": 1e-6}""";

    static final String ROSENBROCK_ADAM = """
            {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
             "optimizer": {"type": "adam", "learningRate": 0.001}, "maxIterations": 50000, "tolerance": 0,
             "trajectory": {"maxPoints": 200}}""";

    static final String CATALOG = """
            {"objective": {"function": "himmelblau"},
             "optimizer": {"type": "momentum", "learningRate": 0.005, "momentum": 0.9}, "maxIterations": 2000}""";

    static final String DIVERGING = """
            {"objective": {"expression": "x^2"}, "start": {"x": 3},
             "optimizer": {"type": "gd", "learningRate": 1.1}, "maxIterations": 1000}""";
}
