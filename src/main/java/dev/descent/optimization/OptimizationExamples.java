package dev.descent.optimization;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready requests for Swagger UI, by name; {@code http-requests/optimizations.http} and
 * {@code http-requests/optimizers.http} send the same ones (OpenApiDocumentTests checks that each is there).
 */
final class OptimizationExamples {

    private OptimizationExamples() {
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

    static final String LINE_SEARCH = """
            {"objective": {"expression": "x^2 + 4*x + 9"}, "start": {"x": 250},
             "optimizer": {"type": "gd"}, "lineSearch": {"c1": 0.0001, "shrink": 0.5, "initialStep": 1}}""";

    static final String SCHEDULE = """
            {"objective": {"function": "rosenbrock"},
             "optimizer": {"type": "adam", "learningRate": 0.05},
             "schedule": {"type": "cosine", "tMax": 3000, "etaMin": 0.0001, "warmup": {"steps": 100, "startFactor": 0.1}},
             "maxIterations": 3000, "tolerance": 0, "trajectory": {"maxPoints": 100}}""";

    static final String CLIPPING_AND_BOUNDS = """
            {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
             "optimizer": {"type": "momentum", "learningRate": 0.002, "momentum": 0.9},
             "clipping": {"maxNorm": 10}, "bounds": {"x": [-2, 0.5], "y": [-1, 3]},
             "maxIterations": 5000, "trajectory": {"maxPoints": 100}}""";

    static final String EXPLAIN = """
            {"objective": {"expression": "x^2 + 3*y^2"}, "start": {"x": 1, "y": -2},
             "optimizer": {"type": "adam", "learningRate": 0.1}, "maxIterations": 200,
             "trajectory": {"maxPoints": 20}, "explain": {"steps": 3}}""";

    static final String REGRESSION_INLINE = """
            {"objective": {"regression": {"model": "linear", "data": {
               "features": [[0.5], [1.0], [1.5], [2.0], [2.5]], "targets": [5.4, 7.1, 8.4, 10.2, 11.4],
               "featureNames": ["hours"]}}},
             "optimizer": {"type": "gd", "learningRate": 0.1}, "epochs": 2000, "tolerance": 1e-12,
             "trajectory": {"maxPoints": 50}}""";

    static final String REGRESSION_CSV = """
            {"objective": {"regression": {"model": "logistic", "l2": 0.01, "csv": {
               "text": "hours,passed\\n0.5,0\\n1.0,0\\n1.5,0\\n2.0,1\\n2.5,0\\n3.0,1\\n3.5,1\\n4.0,1\\n",
               "target": "passed"}}},
             "optimizer": {"type": "adam", "learningRate": 0.1}, "epochs": 500, "trajectory": {"maxPoints": 50}}""";

    static final String REGRESSION_SYNTHETIC = """
            {"objective": {"regression": {"model": "linear", "standardize": true, "synthetic": {
               "samples": 100, "coefficients": [3], "intercept": 4, "noise": 1, "seed": 42}}},
             "optimizer": {"type": "gd", "learningRate": 0.05}, "batchSize": 10, "epochs": 50, "seed": 7,
             "tolerance": 0, "trajectory": {"maxPoints": 100}}""";

    // ---- maximize and decoupledWeightDecay (PyTorch 2's flags) ----
    static final String MAXIMIZE = """
            {"objective": {"expression": "-(x-3)^2 - (y+1)^2 + 5"}, "start": {"x": 0, "y": 0},
             "optimizer": {"type": "adam", "learningRate": 0.1, "maximize": true}, "maxIterations": 2000,
             "tolerance": 1e-9, "trajectory": {"maxPoints": 20}}""";

    static final String DECOUPLED_WEIGHT_DECAY = """
            {"objective": {"function": "rosenbrock"},
             "optimizer": {"type": "nadam", "learningRate": 0.01, "weightDecay": 0.01, "decoupledWeightDecay": true},
             "maxIterations": 2000, "tolerance": 0, "trajectory": {"maxPoints": 20}}""";

    /** Every example, by the name Swagger UI shows. */
    static final Map<String, Example> ALL = examples();

    private static Map<String, Example> examples() {
        Map<String, Example> all = new LinkedHashMap<>();
        all.put("seed", new Example("Seed tutorial: x^2 + 4x + 9 by plain gradient descent", SEED));
        all.put("rosenbrock-adam", new Example("Rosenbrock from (-1.5, 2) with Adam", ROSENBROCK_ADAM));
        all.put("catalog-function", new Example("A catalog function from its default start", CATALOG));
        all.put("diverging", new Example("x^2 with learning rate 1.1: DIVERGED", DIVERGING));
        all.put("line-search", new Example("No learning rate: backtracking Armijo line search", LINE_SEARCH));
        all.put("schedule", new Example("Cosine schedule with linear warmup", SCHEDULE));
        all.put("clipping-and-bounds", new Example("Gradient clipping and box bounds", CLIPPING_AND_BOUNDS));
        all.put("explain", new Example("Explain the first 3 updates of Adam: moments, bias corrections, "
                + "effective learning rates, steps", EXPLAIN));
        all.put("regression-inline", new Example("Linear regression on inline data, full batch", REGRESSION_INLINE));
        all.put("regression-csv", new Example("Logistic regression on CSV data", REGRESSION_CSV));
        all.put("regression-synthetic", new Example("Mini-batch linear regression on generated data (the seeds' "
                + "y = 4 + 3x + noise)", REGRESSION_SYNTHETIC));
        variant(all, "gd", "{\"type\": \"gd\", \"learningRate\": 0.001}");
        variant(all, "momentum", "{\"type\": \"momentum\", \"learningRate\": 0.001, \"momentum\": 0.9, "
                + "\"dampening\": 0}");
        variant(all, "nesterov", "{\"type\": \"nesterov\", \"learningRate\": 0.001, \"momentum\": 0.9}");
        variant(all, "adagrad", "{\"type\": \"adagrad\", \"learningRate\": 0.5, \"lrDecay\": 0, "
                + "\"initialAccumulatorValue\": 0}");
        variant(all, "rmsprop", "{\"type\": \"rmsprop\", \"learningRate\": 0.001, \"alpha\": 0.99, "
                + "\"centered\": false}");
        variant(all, "adadelta", "{\"type\": \"adadelta\", \"learningRate\": 1.0, \"rho\": 0.9}");
        variant(all, "adam", "{\"type\": \"adam\", \"learningRate\": 0.01, \"beta1\": 0.9, \"beta2\": 0.999}");
        variant(all, "adamw", "{\"type\": \"adamw\", \"learningRate\": 0.01, \"weightDecay\": 0.01}");
        variant(all, "adamax", "{\"type\": \"adamax\", \"learningRate\": 0.02}");
        variant(all, "nadam", "{\"type\": \"nadam\", \"learningRate\": 0.01, \"momentumDecay\": 0.004}");
        variant(all, "radam", "{\"type\": \"radam\", \"learningRate\": 0.001}");
        variant(all, "rprop", "{\"type\": \"rprop\", \"learningRate\": 0.01}");
        variant(all, "asgd", "{\"type\": \"asgd\", \"learningRate\": 0.001}");
        // ---- maximize and decoupledWeightDecay ----
        all.put("maximize", new Example("Maximize -(x-3)^2 - (y+1)^2 + 5 with Adam: climbs to (3, -1), f = 5",
                MAXIMIZE));
        all.put("decoupled-weight-decay", new Example("NAdam with decoupled weight decay (PyTorch 2's "
                + "decoupled_weight_decay) on Rosenbrock", DECOUPLED_WEIGHT_DECAY));
        // lbfgs: one iteration is a whole torch LBFGS step (up to 20 quasi-Newton iterations), a few suffice.
        all.put("variant-lbfgs", new Example("Optimizer variant 'lbfgs' on Rosenbrock, with the strong Wolfe line "
                + "search", "{\"objective\": {\"function\": \"rosenbrock\"}, \"optimizer\": {\"type\": \"lbfgs\", "
                + "\"lineSearchFn\": \"strong_wolfe\"}, \"maxIterations\": 20, \"tolerance\": 1e-9}"));
        // Issue 14: one example per new schedule.
        schedule(all, "oneCycle", "Momentum SGD under oneCycle: the rate up to 0.005 and down, the momentum cycled the other way",
                "{\"type\": \"momentum\", \"learningRate\": 0.001, \"momentum\": 0.9}",
                "{\"type\": \"oneCycle\", \"maxLearningRate\": 0.005, \"totalSteps\": 3000}");
        schedule(all, "cyclic", "Adam under cyclic (triangular2): the rate between 0.001 and 0.05, beta1 cycled",
                "{\"type\": \"adam\", \"learningRate\": 0.001}",
                "{\"type\": \"cyclic\", \"maxLearningRate\": 0.05, \"stepSizeUp\": 250, \"mode\": \"triangular2\"}");
        schedule(all, "cosineWarmRestarts", "Adam under cosine annealing with warm restarts every 100, 200, 400, ... updates",
                "{\"type\": \"adam\", \"learningRate\": 0.05}",
                "{\"type\": \"cosineWarmRestarts\", \"t0\": 100, \"tMult\": 2, \"etaMin\": 0.0001}");
        schedule(all, "polynomial", "Adam with the rate decaying to 0 as (1 - t/3000)^2",
                "{\"type\": \"adam\", \"learningRate\": 0.05}",
                "{\"type\": \"polynomial\", \"totalIters\": 3000, \"power\": 2}");
        schedule(all, "linear", "Adam with the rate going linearly from 0.05 to 0.005 over 2000 updates",
                "{\"type\": \"adam\", \"learningRate\": 0.05}",
                "{\"type\": \"linear\", \"startFactor\": 1, \"endFactor\": 0.1, \"totalIters\": 2000}");
        schedule(all, "sequential", "Adam under sequential: a linear warmup for 100 updates, then cosine annealing",
                "{\"type\": \"adam\", \"learningRate\": 0.05}",
                "{\"type\": \"sequential\", \"milestones\": [100], \"schedules\": [{\"type\": \"linear\", \"startFactor\": 0.1, \"totalIters\": 100}, {\"type\": \"cosine\", \"tMax\": 2900, \"etaMin\": 0.0001}]}");
        return all;
    }

    private static void schedule(Map<String, Example> all, String type, String summary, String optimizer,
                                 String schedule) {
        all.put("schedule-" + type, new Example(summary, "{\"objective\": {\"function\": \"rosenbrock\"}, "
                + "\"optimizer\": " + optimizer + ", \"schedule\": " + schedule + ", \"maxIterations\": 3000, "
                + "\"tolerance\": 0, \"trajectory\": {\"maxPoints\": 50}}"));
    }

    private static void variant(Map<String, Example> all, String type, String optimizer) {
        all.put("variant-" + type, new Example("Optimizer variant '" + type + "' on Rosenbrock",
                "{\"objective\": {\"function\": \"rosenbrock\"}, \"optimizer\": " + optimizer
                        + ", \"maxIterations\": 5000, \"tolerance\": 0, \"trajectory\": {\"maxPoints\": 50}}"));
    }
}
