package dev.descent.optimization;

import dev.descent.engine.expr.ParseException;
import dev.descent.engine.objective.CatalogFunction;
import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.objective.FunctionCatalog;
import dev.descent.engine.objective.Objective;
import dev.descent.engine.optim.Clipping;
import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.optim.OptimizerKinds;
import dev.descent.engine.param.InvalidHyperparameterException;
import dev.descent.engine.run.ArmijoLineSearch;
import dev.descent.engine.run.Box;
import dev.descent.engine.run.Iterate;
import dev.descent.engine.run.Problem;
import dev.descent.engine.run.Result;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.schedule.ScheduleKind;
import dev.descent.engine.schedule.ScheduleKinds;
import dev.descent.engine.stop.StoppingRule;
import dev.descent.system.FieldProblem;
import dev.descent.system.InvalidRequestException;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The one mapping between the HTTP shapes and the engine: a request becomes a {@link RunPlan}, checked field by
 * field (every problem reported at once), and an engine {@link Result} becomes a response.
 */
@Component
public class OptimizationMapper {

    private final OptimizationProperties limits;

    OptimizationMapper(OptimizationProperties limits) {
        this.limits = limits;
    }

    /** The request as a run of the engine, every field checked; throws a problem listing every invalid one. */
    public RunPlan toPlan(OptimizationRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ParseException parseError = null;
        ResolvedObjective objective = null;
        try {
            objective = resolveObjective(request.objective(), errors);
        } catch (ParseException e) {
            parseError = e;
            errors.add(new FieldProblem("objective.expression", e.getMessage()));
        }
        double[] start = objective == null ? null : resolveStart(objective, request.start(), errors);
        OptimizerKind.Configured optimizer = configureOptimizer(request.optimizer(), errors);

        int maxIterations = Objects.requireNonNullElse(request.maxIterations(),
                OptimizationRequest.DEFAULT_MAX_ITERATIONS);
        if (maxIterations > limits.maxIterations()) {
            errors.add(new FieldProblem("maxIterations", "must be at most " + limits.maxIterations()
                    + " on this service"));
        }
        TrajectoryOptions trajectory = request.trajectory() == null ? new TrajectoryOptions(null, null)
                : request.trajectory();
        if (trajectory.effectiveMaxPoints() > limits.maxTrajectoryPoints()) {
            errors.add(new FieldProblem("trajectory.maxPoints", "must be at most " + limits.maxTrajectoryPoints()
                    + " on this service"));
        }

        LearningRateSchedule schedule = optimizer == null ? null
                : configureSchedule(request.schedule(), optimizer.learningRate(), errors);
        ArmijoLineSearch lineSearch = lineSearch(request, optimizer, errors);
        Clipping clipping = clipping(request.clipping(), errors);
        Box bounds = objective == null ? null : bounds(objective.objective().variables(), request.bounds(), start,
                errors);

        if (parseError != null) {
            throw invalidExpression(parseError, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }

        Problem problem = Problem.of(objective.objective(), start, optimizer.optimizer(), schedule,
                        stoppingRule(request, maxIterations))
                .withClipping(clipping)
                .withBounds(bounds)
                .withLineSearch(lineSearch);
        return new RunPlan(problem, objective.formula(), objective.objective().variables(), optimizer, trajectory);
    }

    /**
     * The objective of {@code spec} alone, checked as {@link #toPlan} checks it, for features that evaluate an
     * objective without running a descent (the plots' grid).
     */
    public Objective toObjective(ObjectiveSpec spec) {
        List<FieldProblem> errors = new ArrayList<>();
        ResolvedObjective objective;
        try {
            objective = resolveObjective(spec, errors);
        } catch (ParseException e) {
            throw invalidExpression(e, List.of(new FieldProblem("objective.expression", e.getMessage())));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return objective.objective();
    }

    private static ProblemException invalidExpression(ParseException e, List<FieldProblem> errors) {
        return new ProblemException(ProblemType.INVALID_EXPRESSION, e.getMessage(), errors)
                .with("column", e.column())
                .with("expected", e.expected());
    }

    OptimizationResponse toResponse(RunPlan plan, Result result) {
        List<String> variables = plan.variables();
        List<IterateView> trajectory = null;
        if (plan.trajectory().included()) {
            trajectory = result.trajectory().thin(plan.trajectory().effectiveMaxPoints()).stream()
                    .map(iterate -> view(variables, iterate))
                    .toList();
        }
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("type", plan.optimizer().kind().name());
        optimizer.putAll(plan.optimizer().values().byName());
        return new OptimizationResponse(result.stopReason().status(), result.stopReason().description(),
                result.iterations(), view(variables, result.last()), trajectory, result.functionEvaluations(),
                result.gradientEvaluations(), result.elapsed().toNanos() / 1e6,
                new OptimizationResponse.ObjectiveView(plan.formula(), variables), optimizer);
    }

    static IterateView view(List<String> variables, Iterate iterate) {
        double[] x = iterate.point();
        Map<String, Double> point = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) {
            point.put(variables.get(i), finiteOrNull(x[i]));
        }
        return new IterateView(iterate.iteration(), point, finiteOrNull(iterate.value()),
                finiteOrNull(iterate.gradientNorm()), finiteOrNull(iterate.learningRate()));
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** The objective for this run, its formula and its default start (null when it has none). */
    private record ResolvedObjective(Objective objective, String formula, double[] defaultStart) {
    }

    private ResolvedObjective resolveObjective(ObjectiveSpec spec, List<FieldProblem> errors) {
        boolean hasExpression = spec.expression() != null;
        boolean hasFunction = spec.function() != null;
        if (hasExpression == hasFunction) {
            errors.add(new FieldProblem("objective", "give exactly one of 'expression' and 'function'"));
            return null;
        }
        if (hasExpression) {
            if (spec.dimension() != null) {
                errors.add(new FieldProblem("objective.dimension", "only applies to a catalog function"));
            }
            if (spec.expression().length() > limits.maxExpressionLength()) {
                errors.add(new FieldProblem("objective.expression", "is longer than "
                        + limits.maxExpressionLength() + " characters"));
                return null;
            }
            ExpressionObjective objective = ExpressionObjective.compile(spec.expression());
            if (objective.dimension() == 0) {
                errors.add(new FieldProblem("objective.expression", "has no variables: there is nothing to vary"));
                return null;
            }
            if (objective.dimension() > limits.maxDimension()) {
                errors.add(new FieldProblem("objective.expression", "has " + objective.dimension()
                        + " variables; at most " + limits.maxDimension() + " on this service"));
                return null;
            }
            return new ResolvedObjective(objective, spec.expression(), null);
        }
        CatalogFunction function = FunctionCatalog.byName(spec.function()).orElse(null);
        if (function == null) {
            errors.add(new FieldProblem("objective.function", "unknown function '" + spec.function()
                    + "'; known: " + String.join(", ", FunctionCatalog.names())));
            return null;
        }
        int dimension = spec.dimension() == null ? function.defaultDimension() : spec.dimension();
        int maxDimension = Math.min(function.maxDimension(), limits.maxDimension());
        if (dimension < function.minDimension() || dimension > maxDimension) {
            errors.add(new FieldProblem("objective.dimension", function.minDimension() == function.maxDimension()
                    ? function.name() + " has dimension " + function.minDimension() + " only"
                    : "must be between " + function.minDimension() + " and " + maxDimension + " for "
                            + function.name()));
            return null;
        }
        return new ResolvedObjective(function.objective(dimension), function.formula(dimension),
                function.defaultStart(dimension));
    }

    private static double[] resolveStart(ResolvedObjective objective, Map<String, Double> given,
                                         List<FieldProblem> errors) {
        List<String> variables = objective.objective().variables();
        if (given == null) {
            if (objective.defaultStart() == null) {
                errors.add(new FieldProblem("start", "is required for an expression: give a value for "
                        + String.join(", ", variables)));
            }
            return objective.defaultStart();
        }
        Set<String> unknown = new TreeSet<>(given.keySet());
        variables.forEach(unknown::remove);
        for (String name : unknown) {
            errors.add(new FieldProblem("start." + name, "is not a variable of the objective; its variables are "
                    + String.join(", ", variables)));
        }
        double[] start = new double[variables.size()];
        for (int i = 0; i < start.length; i++) {
            Double value = given.get(variables.get(i));
            if (value == null) {
                errors.add(new FieldProblem("start." + variables.get(i), "is missing: the start needs a value for "
                        + "every variable (" + String.join(", ", variables) + ")"));
            } else {
                start[i] = value;
            }
        }
        return start;
    }

    private static OptimizerKind.Configured configureOptimizer(Map<String, Object> spec, List<FieldProblem> errors) {
        Map<String, Object> given = spec == null ? Map.of("type", "gd") : spec;
        Object type = given.get("type");
        if (!(type instanceof String name)) {
            errors.add(new FieldProblem("optimizer.type", (type == null ? "is required" : "must be a string")
                    + "; one of " + String.join(", ", OptimizerKinds.names())));
            return null;
        }
        OptimizerKind kind = OptimizerKinds.byName(name).orElse(null);
        if (kind == null) {
            errors.add(new FieldProblem("optimizer.type", "unknown optimizer '" + name + "'; known: "
                    + String.join(", ", OptimizerKinds.names())));
            return null;
        }
        Map<String, Object> hyperparameters = new LinkedHashMap<>(given);
        hyperparameters.remove("type");
        try {
            return kind.configure(hyperparameters);
        } catch (InvalidHyperparameterException e) {
            e.violations().forEach(v -> errors.add(new FieldProblem("optimizer." + v.parameter(), v.reason())));
            return null;
        }
    }

    private static LearningRateSchedule configureSchedule(Map<String, Object> spec, double baseLearningRate,
                                                          List<FieldProblem> errors) {
        if (spec == null) {
            return LearningRateSchedule.constant(baseLearningRate);
        }
        Object type = spec.get("type");
        ScheduleKind kind = type instanceof String name ? ScheduleKinds.byName(name).orElse(null) : null;
        if (kind == null) {
            errors.add(new FieldProblem("schedule.type", (type == null ? "is required" : "unknown schedule '" + type
                    + "'") + "; known: " + String.join(", ", ScheduleKinds.names())));
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>(spec);
        values.remove("type");
        try {
            return ScheduleKinds.configure(kind, baseLearningRate, values);
        } catch (InvalidHyperparameterException e) {
            e.violations().forEach(v -> errors.add(new FieldProblem("schedule." + v.parameter(), v.reason())));
            return null;
        }
    }

    private static ArmijoLineSearch lineSearch(OptimizationRequest request, OptimizerKind.Configured optimizer,
                                               List<FieldProblem> errors) {
        LineSearchSpec spec = request.lineSearch();
        if (spec == null) {
            return null;
        }
        if (optimizer != null && !(optimizer.kind().name().equals("gd")
                && optimizer.values().real("weightDecay") == 0)) {
            errors.add(new FieldProblem("lineSearch", "works with optimizer type 'gd' without weight decay only"));
        }
        if (request.schedule() != null) {
            errors.add(new FieldProblem("lineSearch", "cannot be combined with a schedule: it chooses every step"));
        }
        ArmijoLineSearch standard = ArmijoLineSearch.standard();
        return new ArmijoLineSearch(Objects.requireNonNullElse(spec.c1(), standard.c1()),
                Objects.requireNonNullElse(spec.shrink(), standard.shrink()),
                Objects.requireNonNullElse(spec.initialStep(), standard.initialStep()));
    }

    private static Clipping clipping(ClippingSpec spec, List<FieldProblem> errors) {
        if (spec == null) {
            return Clipping.NONE;
        }
        if ((spec.maxNorm() == null) == (spec.maxValue() == null)) {
            errors.add(new FieldProblem("clipping", "give exactly one of 'maxNorm' and 'maxValue'"));
            return Clipping.NONE;
        }
        return spec.maxNorm() != null ? new Clipping.ByNorm(spec.maxNorm()) : new Clipping.ByValue(spec.maxValue());
    }

    private static Box bounds(List<String> variables, Map<String, List<Double>> given, double[] start,
                              List<FieldProblem> errors) {
        Box unbounded = Box.unbounded(variables.size());
        if (given == null) {
            return unbounded;
        }
        double[] lower = unbounded.lower();
        double[] upper = unbounded.upper();
        boolean valid = true;
        for (Map.Entry<String, List<Double>> entry : given.entrySet()) {
            int i = variables.indexOf(entry.getKey());
            List<Double> interval = entry.getValue();
            if (i < 0) {
                errors.add(new FieldProblem("bounds." + entry.getKey(), "is not a variable of the objective; its "
                        + "variables are " + String.join(", ", variables)));
                valid = false;
            } else if (interval.get(0) > interval.get(1)) {
                errors.add(new FieldProblem("bounds." + entry.getKey(), "lower bound " + interval.get(0)
                        + " is above upper bound " + interval.get(1)));
                valid = false;
            } else {
                lower[i] = interval.get(0);
                upper[i] = interval.get(1);
                if (start != null && !(start[i] >= lower[i] && start[i] <= upper[i])) {
                    errors.add(new FieldProblem("start." + entry.getKey(), start[i] + " lies outside its bounds ["
                            + lower[i] + ", " + upper[i] + "]"));
                    valid = false;
                }
            }
        }
        return valid ? new Box(lower, upper) : unbounded;
    }

    private static StoppingRule stoppingRule(OptimizationRequest request, int maxIterations) {
        List<StoppingRule> rules = new ArrayList<>();
        rules.add(StoppingRule.divergence(Objects.requireNonNullElse(request.divergenceBound(),
                OptimizationRequest.DEFAULT_DIVERGENCE_BOUND)));
        double gradientTolerance = Objects.requireNonNullElse(request.gradientTolerance(), 0.0);
        if (gradientTolerance > 0) {
            rules.add(StoppingRule.gradientTolerance(gradientTolerance));
        }
        double tolerance = Objects.requireNonNullElse(request.tolerance(), OptimizationRequest.DEFAULT_TOLERANCE);
        if (tolerance > 0) {
            rules.add(StoppingRule.stepTolerance(tolerance));
        }
        rules.add(StoppingRule.maxIterations(maxIterations));
        return StoppingRule.firstOf(rules);
    }
}
