package dev.descent.comparison;

import dev.descent.engine.run.Result;
import dev.descent.engine.data.Dataset;
import dev.descent.engine.objective.FunctionCatalog;
import dev.descent.optimization.OptimizationMapper;
import dev.descent.optimization.ObjectiveSpec;
import dev.descent.optimization.OptimizationRequest;
import dev.descent.optimization.OptimizerSpec;
import dev.descent.optimization.RegressionSpec;
import dev.descent.optimization.RunPlan;
import dev.descent.system.Echo;
import dev.descent.system.FieldProblem;
import dev.descent.system.InvalidRequestException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.springframework.stereotype.Component;

/**
 * Maps a comparison onto one optimization request per run, and each of those through the one
 * {@link OptimizationMapper}; the field errors of a run are renamed to where they are in the comparison
 * ({@code runs[1].optimizer.learningRate}, {@code learningRates[3]}, {@code starts[0].x}), and an error of the
 * shared settings is reported once.
 */
@Component
public class ComparisonMapper {

    private static final List<String> MODES = List.of("runs", "learningRates", "starts", "randomStarts");

    private final OptimizationMapper mapper;
    private final ComparisonProperties limits;

    ComparisonMapper(OptimizationMapper mapper, ComparisonProperties limits) {
        this.mapper = mapper;
        this.limits = limits;
    }

    /** The plan of every run; throws {@link InvalidRequestException} listing every invalid field. */
    public ComparisonPlan toPlan(ComparisonRequest request) {
        return toPlan(request, mapper.synchronousLimits());
    }

    /** As {@link #toPlan(ComparisonRequest)}, each run within {@code runLimits} (a job's, say). */
    public ComparisonPlan toPlan(ComparisonRequest request, OptimizationMapper.Limits runLimits) {
        List<String> given = new ArrayList<>();
        if (request.runs() != null) {
            given.add("runs");
        }
        if (request.learningRates() != null) {
            given.add("learningRates");
        }
        if (request.starts() != null) {
            given.add("starts");
        }
        if (request.randomStarts() != null) {
            given.add("randomStarts");
        }
        if (given.size() != 1) {
            throw new InvalidRequestException("body", "give exactly one of " + String.join(", ", MODES)
                    + (given.isEmpty() ? "" : "; got " + String.join(", ", given)));
        }
        String mode = given.get(0);
        int size = switch (mode) {
            case "runs" -> request.runs().size();
            case "learningRates" -> request.learningRates().size();
            case "starts" -> request.starts().size();
            default -> request.randomStarts().count();
        };
        if (size > limits.maxRuns()) {
            throw new InvalidRequestException(mode.equals("randomStarts") ? "randomStarts.count" : mode,
                    "asks for " + size + " runs; at most " + limits.maxRuns() + " on this service");
        }
        boolean multiStart = mode.equals("starts") || mode.equals("randomStarts");
        if (request.mergeTolerance() != null && !multiStart) {
            throw new InvalidRequestException("mergeTolerance", "only applies to starts or randomStarts");
        }
        List<Variant> variants = switch (mode) {
            case "runs" -> runs(request);
            case "learningRates" -> sweep(request);
            case "starts" -> starts(request);
            default -> randomStarts(request);
        };

        Set<FieldProblem> errors = new LinkedHashSet<>();
        List<ComparisonPlan.PlannedRun> runs = new ArrayList<>();
        // The runs share their objective spec, so a regression's data set is read once and shared by every run.
        Map<RegressionSpec, Dataset> datasets = new IdentityHashMap<>();
        for (Variant variant : variants) {
            try {
                runs.add(new ComparisonPlan.PlannedRun(variant.label(),
                        mapper.toPlan(variant.request(), datasets, runLimits)));
            } catch (InvalidRequestException e) {
                e.errors().forEach(error -> errors.add(new FieldProblem(variant.rename().apply(error.field()),
                        error.message())));
            }
        }
        // A ranking orders by the best value: from the lowest up, or from the highest down when maximizing; a run that
        // maximizes and one that minimizes have no order between them.
        for (int i = 1; i < runs.size() && errors.isEmpty(); i++) {
            if (runs.get(i).plan().problem().maximize() != runs.get(0).plan().problem().maximize()) {
                errors.add(new FieldProblem("runs[" + i + "].optimizer.maximize", "every run of a comparison must "
                        + "minimize, or every run maximize: their best values are ranked against each other"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(List.copyOf(errors));
        }
        return new ComparisonPlan(runs, multiStart,
                Objects.requireNonNullElse(request.mergeTolerance(), ComparisonRequest.DEFAULT_MERGE_TOLERANCE));
    }

    /** The response for the results of {@code plan}'s runs, in order. */
    public ComparisonResponse toResponse(ComparisonPlan plan, List<Result> results) {
        return toResponse(plan, results, null);
    }

    /**
     * As {@link #toResponse(ComparisonPlan, List)}, with {@code resultHashes} as the runs' result hashes, in order,
     * when they are known (a finished job's, taken from its first answer), else (null) each computed.
     */
    public ComparisonResponse toResponse(ComparisonPlan plan, List<Result> results, List<String> resultHashes) {
        List<ComparisonResponse.RunResult> runs = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            RunPlan run = plan.runs().get(i).plan();
            runs.add(new ComparisonResponse.RunResult(i, plan.runs().get(i).label(),
                    Summaries.point(run.variables(), run.problem().start()), mapper.toResponse(run, results.get(i),
                    resultHashes == null ? null : resultHashes.get(i))));
        }
        return new ComparisonResponse(runs, Summaries.summarize(plan, results));
    }

    /** One run's request, its label, and how to rename its field errors. */
    private record Variant(String label, OptimizationRequest request, UnaryOperator<String> rename) {
    }

    private static List<Variant> runs(ComparisonRequest request) {
        OptimizationRequest shared = request.shared();
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < request.runs().size(); i++) {
            RunSpec run = request.runs().get(i);
            OptimizationRequest own = new OptimizationRequest(shared.objective(),
                    or(run.start(), shared.start()), or(run.optimizer(), shared.optimizer()),
                    or(run.maxIterations(), shared.maxIterations()), or(run.tolerance(), shared.tolerance()),
                    or(run.gradientTolerance(), shared.gradientTolerance()), shared.divergenceBound(),
                    shared.trajectory(), or(run.schedule(), shared.schedule()),
                    or(run.lineSearch(), shared.lineSearch()), or(run.clipping(), shared.clipping()),
                    shared.bounds(), shared.batchSize(), shared.epochs(), shared.shuffle(), shared.seed(), null);
            Set<String> overridden = new LinkedHashSet<>();
            overrideIf(overridden, "start", run.start());
            overrideIf(overridden, "optimizer", run.optimizer());
            overrideIf(overridden, "maxIterations", run.maxIterations());
            overrideIf(overridden, "tolerance", run.tolerance());
            overrideIf(overridden, "gradientTolerance", run.gradientTolerance());
            overrideIf(overridden, "schedule", run.schedule());
            overrideIf(overridden, "lineSearch", run.lineSearch());
            overrideIf(overridden, "clipping", run.clipping());
            String prefix = "runs[" + i + "].";
            variants.add(new Variant(run.label() != null ? run.label() : "run " + i, own,
                    field -> overridden.contains(head(field)) ? prefix + field : field));
        }
        return variants;
    }

    private static List<Variant> sweep(ComparisonRequest request) {
        OptimizationRequest shared = request.shared();
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < request.learningRates().size(); i++) {
            double rate = request.learningRates().get(i);
            OptimizerSpec optimizer = (shared.optimizer() == null ? OptimizerSpec.DEFAULT : shared.optimizer())
                    .withLearningRate(rate);
            String at = "learningRates[" + i + "]";
            variants.add(new Variant("learningRate " + rate, shared.withStartAndOptimizer(shared.start(), optimizer),
                    field -> field.equals("optimizer.learningRate") ? at : field));
        }
        return variants;
    }

    private static List<Variant> starts(ComparisonRequest request) {
        OptimizationRequest shared = request.shared();
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < request.starts().size(); i++) {
            String at = "starts[" + i + "]";
            variants.add(new Variant("start " + i, shared.withStartAndOptimizer(request.starts().get(i),
                    shared.optimizer()), field -> head(field).equals("start") ? at + field.substring(5) : field));
        }
        return variants;
    }

    private static List<Variant> randomStarts(ComparisonRequest request) {
        RandomStarts random = request.randomStarts();
        // Alphabetical, so that the starts do not depend on the order the bounds are written in.
        TreeMap<String, List<Double>> box = new TreeMap<>(random.bounds() != null ? random.bounds()
                : catalogDomain(request.objective()));
        List<FieldProblem> errors = new ArrayList<>();
        box.forEach((name, interval) -> {
            if (interval.get(0) > interval.get(1)) {
                errors.add(new FieldProblem("randomStarts.bounds." + Echo.of(name), "lower bound " + interval.get(0)
                        + " is above upper bound " + interval.get(1)));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        RandomGenerator generator = new Well19937c(Objects.requireNonNullElse(random.seed(), 0L));
        OptimizationRequest shared = request.shared();
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < random.count(); i++) {
            Map<String, Double> start = new LinkedHashMap<>();
            box.forEach((name, interval) -> start.put(name,
                    interval.get(0) + (interval.get(1) - interval.get(0)) * generator.nextDouble()));
            variants.add(new Variant("start " + i, shared.withStartAndOptimizer(start, shared.optimizer()),
                    field -> head(field).equals("start") ? "randomStarts.bounds" + field.substring(5) : field));
        }
        return variants;
    }

    /**
     * The box random starts are drawn from when the request gives none: a catalog function's usual domain for each of
     * its variables. An objective without one (an expression, a regression) must give the box. A function unknown or
     * of a dimension it lacks gets an empty box here, and its runs' mapping names the objective's error.
     */
    private static Map<String, List<Double>> catalogDomain(ObjectiveSpec objective) {
        if (objective == null || objective.function() == null || objective.expression() != null
                || objective.regression() != null) {
            throw new InvalidRequestException("randomStarts.bounds", "is required unless the objective is a catalog "
                    + "function (whose domain is then the box): give [lower, upper] for every variable");
        }
        Map<String, List<Double>> box = new TreeMap<>();
        FunctionCatalog.byName(objective.function()).ifPresent(function -> {
            int dimension = function.dimension(objective.dimension());
            if (function.definedIn(dimension)) {
                for (int i = 1; i <= dimension; i++) {
                    box.put("x" + i, List.of(function.domainLower(), function.domainUpper()));
                }
            }
        });
        return box;
    }


    private static void overrideIf(Set<String> overridden, String field, Object value) {
        if (value != null) {
            overridden.add(field);
        }
    }

    private static <T> T or(T own, T shared) {
        return own != null ? own : shared;
    }

    /** The top-level field of a path: {@code optimizer} of {@code optimizer.learningRate}. */
    private static String head(String field) {
        int end = field.length();
        for (int i = 0; i < field.length(); i++) {
            if (field.charAt(i) == '.' || field.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return field.substring(0, end);
    }
}
