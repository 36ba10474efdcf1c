package dev.descent.optimization;

import dev.descent.engine.data.Dataset;
import dev.descent.engine.expr.ParseException;
import dev.descent.engine.objective.CatalogFunction;
import dev.descent.engine.objective.ExpressionObjective;
import dev.descent.engine.objective.FunctionCatalog;
import dev.descent.engine.objective.Objective;
import dev.descent.engine.objective.RegressionObjective;
import dev.descent.engine.optim.Clipping;
import dev.descent.engine.optim.OptimizerKind;
import dev.descent.engine.run.ArmijoLineSearch;
import dev.descent.engine.run.Box;
import dev.descent.engine.run.Diagnosis;
import dev.descent.engine.run.ExplainRange;
import dev.descent.engine.run.Iterate;
import dev.descent.engine.run.Problem;
import dev.descent.engine.run.Result;
import dev.descent.engine.run.Trajectory;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.system.Echo;
import dev.descent.system.FieldProblem;
import dev.descent.system.InvalidRequestException;
import dev.descent.system.ProblemException;
import dev.descent.system.ProblemType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The one mapping between the HTTP shapes and the engine: a request becomes a {@link RunPlan}, checked field by
 * field (every problem reported at once), and an engine {@link Result} becomes a response.
 */
@Component
public class OptimizationMapper {

    private final Limits synchronous;
    private final Receipts receipts;

    OptimizationMapper(OptimizationProperties properties, Receipts receipts) {
        this.synchronous = Limits.of(properties);
        this.receipts = receipts;
    }

    /**
     * What a request may ask for: the synchronous endpoints' limits ({@code descent.optimization.*}), or a job's
     * ({@code descent.jobs.*}: far more iterations, variables and data, since a job is bounded by its time budget).
     *
     * @param maxIterations       the largest {@code maxIterations} (or epochs × batches)
     * @param maxDimension        the most variables of an objective
     * @param maxExpressionLength the longest expression, in characters
     * @param maxTrajectoryPoints the largest {@code trajectory.maxPoints}
     * @param maxDataCells        the most values (rows × features) of a regression's data set
     */
    public record Limits(int maxIterations, int maxDimension, int maxExpressionLength, int maxTrajectoryPoints,
                         int maxDataCells) {

        static Limits of(OptimizationProperties properties) {
            return new Limits(properties.maxIterations(), properties.maxDimension(), properties.maxExpressionLength(),
                    properties.maxTrajectoryPoints(), properties.maxDataCells());
        }

        /** These limits with a job's iterations, variables, expression length and data set size. */
        public Limits forJobs(int jobIterations, int jobDimension, int jobExpressionLength, int jobDataCells) {
            return new Limits(jobIterations, jobDimension, jobExpressionLength, maxTrajectoryPoints, jobDataCells);
        }
    }

    /** The synchronous endpoints' limits. */
    public Limits synchronousLimits() {
        return synchronous;
    }

    /**
     * Maps a request onto a fresh engine problem: every call compiles its own objective, so plans may run on
     * different threads at once. Throws {@link InvalidRequestException} listing every invalid field (paths as in
     * the request, e.g. {@code optimizer.learningRate}), or a problem of type {@code invalid-expression}.
     */
    public RunPlan toPlan(OptimizationRequest request) {
        return toPlan(request, new IdentityHashMap<>());
    }

    /**
     * As {@link #toPlan(OptimizationRequest)}, reading each regression data set once for requests that share it:
     * {@code datasets} keeps the data set read for each regression spec (by identity), so that the runs of a
     * comparison hold one copy of their data, not one each.
     */
    public RunPlan toPlan(OptimizationRequest request, Map<RegressionSpec, Dataset> datasets) {
        return toPlan(request, datasets, synchronous);
    }

    /** As {@link #toPlan(OptimizationRequest, Map)}, within {@code limits} (a job's, say). */
    public RunPlan toPlan(OptimizationRequest request, Map<RegressionSpec, Dataset> datasets, Limits limits) {
        List<FieldProblem> errors = new ArrayList<>();
        ParseException parseError = null;
        ResolvedObjective objective = null;
        try {
            objective = resolveObjective(request.objective(), request, datasets, limits, errors);
        } catch (ParseException e) {
            parseError = e;
            errors.add(new FieldProblem("objective.expression", e.getMessage()));
        }
        double[] start = objective == null ? null : resolveStart(objective, request.start(), errors);
        OptimizerKind.Configured optimizer = RunSettings.optimizer(request.optimizer(), errors);

        RegressionObjective regression = objective == null ? null : objective.regression();
        batchingOnlyForRegression(request, objective, errors);
        if (regression != null && optimizer != null && optimizer.maximize()) {
            errors.add(new FieldProblem("optimizer.maximize", "a regression's loss is minimized, not maximized: "
                    + "maximize applies to an expression or a catalog function"));
        }
        int maxIterations = Objects.requireNonNullElse(request.maxIterations(),
                OptimizationRequest.DEFAULT_MAX_ITERATIONS);
        if (request.epochs() != null && regression != null) {
            if (request.maxIterations() != null) {
                errors.add(new FieldProblem("epochs", "give either epochs or maxIterations, not both"));
            }
            long updates = (long) request.epochs() * regression.batchesPerEpoch();
            maxIterations = (int) Math.min(updates, Integer.MAX_VALUE);
            if (updates > limits.maxIterations()) {
                errors.add(new FieldProblem("epochs", request.epochs() + " epochs of "
                        + regression.batchesPerEpoch() + " batches make " + updates + " updates; at most "
                        + limits.maxIterations() + " on this service"));
            }
        }
        if (request.epochs() == null && maxIterations > limits.maxIterations()) {
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
                : RunSettings.schedule(request.schedule(), optimizer.learningRate(), errors);
        RunSettings.scheduleFits(schedule, optimizer, maxIterations,
                request.epochs() != null && regression != null ? "epochs" : "maxIterations", errors);
        ArmijoLineSearch lineSearch = RunSettings.lineSearch(request, optimizer, errors);
        Clipping clipping = RunSettings.clipping(request.clipping(), errors);
        ExplainRange explain = RunSettings.explain(request.explain(), errors);
        Box bounds = objective == null ? null
                : RunSettings.bounds(objective.objective().variables(), request.bounds(), start, errors);
        RunSettings.closureOptimizer(request, optimizer, regression, errors);

        if (parseError != null) {
            throw invalidExpression(parseError, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }

        Problem problem = Problem.of(objective.objective(), start, optimizer.optimizer(), schedule,
                        RunSettings.stoppingRule(request, maxIterations, regression != null, optimizer.optimizer()))
                .withClipping(clipping)
                .withBounds(bounds)
                .withLineSearch(lineSearch)
                .withExplain(explain)
                .withMaximize(optimizer.maximize());
        RunPlan plan = new RunPlan(problem, objective.formula(), objective.objective().variables(), optimizer,
                trajectory, maxIterations, regression, request.objective().regression() != null
                        && Boolean.TRUE.equals(request.objective().regression().standardize()), null);
        return new RunPlan(problem.withRecordLimit(plan.recordLimit()), plan.formula(), plan.variables(),
                optimizer, trajectory, maxIterations, regression, plan.standardize(), Receipts.withoutData(request));
    }

    /**
     * The objective of {@code spec} alone, checked as {@link #toPlan} checks it, for features that evaluate an
     * objective without running a descent (the plots' grid).
     */
    public Objective toObjective(ObjectiveSpec spec) {
        List<FieldProblem> errors = new ArrayList<>();
        ResolvedObjective objective;
        try {
            objective = resolveObjective(spec, null, new IdentityHashMap<>(), synchronous, errors);
        } catch (ParseException e) {
            throw invalidExpression(e, List.of(new FieldProblem("objective.expression", e.getMessage())));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return objective.objective();
    }

    /**
     * The schedule of {@code spec} on the base rate {@code baseLearningRate}, checked as {@link #toPlan} checks a
     * request's {@code schedule} (fields named {@code schedule.*}), for features that look at a schedule without
     * running a descent (the schedule preview). A fresh instance: the same rates, step for step, as a run with this
     * schedule and this base rate is given.
     *
     * @throws InvalidRequestException naming every invalid value
     */
    public LearningRateSchedule toSchedule(ScheduleSpec spec, double baseLearningRate) {
        List<FieldProblem> errors = new ArrayList<>();
        LearningRateSchedule schedule = RunSettings.schedule(spec, baseLearningRate, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return schedule;
    }

    private static ProblemException invalidExpression(ParseException e, List<FieldProblem> errors) {
        return new ProblemException(ProblemType.INVALID_EXPRESSION, e.getMessage(), errors)
                .with("column", e.column())
                .with("expected", e.expected());
    }

    /** The response for {@code plan}'s {@code result}, with its {@link Receipt} when the plan has its request. */
    public OptimizationResponse toResponse(RunPlan plan, Result result) {
        return toResponse(plan, result, true);
    }

    /**
     * As {@link #toResponse(RunPlan, Result)}, with {@code resultHash} as its receipt's result hash when it is known
     * (a finished job's, taken from its first answer: the same result has the same hash), else computed.
     */
    public OptimizationResponse toResponse(RunPlan plan, Result result, String resultHash) {
        if (resultHash == null) {
            return toResponse(plan, result, true);
        }
        Receipt receipt = receipts.unsealed(plan);
        return toResponse(plan, result, false).withReceipt(receipt == null ? null : receipt.withResultHash(resultHash));
    }

    /**
     * The answer to a POST for {@code plan}'s {@code result}, to be written by {@link CanonicalAnswerConverter} (as
     * JSON) or {@link TrajectoryTableConverter} (as a table): with its receipt (when the plan has its request) only
     * if {@code receipt}, and that receipt unsealed ({@link Receipts#unsealed}): the converter writes the answer once,
     * hashing it as it goes, and fills in the result hash. An answer written as a table shows the trajectory alone.
     */
    OptimizationResponse toAnswer(RunPlan plan, Result result, boolean receipt) {
        OptimizationResponse response = toResponse(plan, result, false);
        return receipt ? response.withReceipt(receipts.unsealed(plan)) : response;
    }

    /**
     * The response for {@code plan}'s {@code result}; with its {@link Receipt} (when the plan has its request) only
     * if {@code receipt}. Its result hash costs a second serialization of the whole answer: an answer written to the
     * client on its own is {@link #toAnswer}'s.
     */
    private OptimizationResponse toResponse(RunPlan plan, Result result, boolean receipt) {
        List<String> variables = plan.variables();
        IntToDoubleFunction momentum = momenta(plan);
        Trajectory thinned = plan.trajectory().included()
                ? result.trajectory().thinned(plan.trajectory().effectiveMaxPoints()) : null;
        TrajectoryView trajectory = thinned == null ? null : new TrajectoryView(variables, thinned, 0,
                thinned.size(), plan.trajectory().effectiveLayout(), momentum);
        // The optimizer as run, every hyperparameter given (defaults included), as the request's own type.
        OptimizerSpec optimizer = OptimizerSpec.of(plan.optimizer().kind().name(), plan.optimizer().values().byName())
                .orElseThrow();
        RegressionObjective regression = plan.regression();
        boolean miniBatch = regression != null && regression.batchesPerEpoch() > 1;
        ModelView model = null;
        Map<String, Double> metrics = null;
        ModelView.StandardizationView standardization = null;
        if (regression != null) {
            // The model of the minimum reported: the best point (for a mini-batch run, the lowest epoch loss).
            double[] theta = result.best().point();
            List<String> features = variables.subList(variables.size() - regression.means().length,
                    variables.size());
            model = new ModelView(regression.intercept(theta), byName(features, regression.coefficients(theta)));
            metrics = new LinkedHashMap<>(regression.metrics(theta));
            metrics.replaceAll((name, value) -> finiteOrNull(value));
            if (plan.standardize()) {
                standardization = new ModelView.StandardizationView(byName(features, regression.means()),
                        byName(features, regression.scales()));
            }
        }
        OptimizationResponse response = new OptimizationResponse(result.stopReason().status(),
                result.stopReason().description(), result.iterations(), view(variables, result.best(), momentum),
                view(variables, result.last(), momentum),
                result.averagedPoint() == null ? null : byName(variables, result.averagedPoint()), trajectory,
                DiagnosisView.of(Diagnosis.of(result, miniBatch, plan.problem().maximize(), plan.problem().bounds())),
                CurvatureView.of(result.curvature(), plan.optimizer().kind().name(), plan.optimizer().optimizer(),
                        plan.optimizer().learningRate(), plan.problem().lineSearch() != null,
                        plan.problem().maximize()),
                result.functionEvaluations(),
                result.gradientEvaluations(), result.elapsed().toNanos() / 1e6,
                new OptimizationResponse.ObjectiveView(plan.formula(), variables), optimizer, model,
                regression == null ? null : new NumbersView(result.epochLosses()), metrics, standardization,
                ExplanationView.of(result.explanation(), variables, plan.problem().explain().any()), null,
                momentum != null);
        return receipt ? response.withReceipt(receipts.of(plan, response)) : response;
    }

    private static Map<String, Double> byName(List<String> names, double[] values) {
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            byName.put(names.get(i), finiteOrNull(values[i]));
        }
        return byName;
    }

    /**
     * The momentum (or β1) of the update that led to the point of an iteration k ≥ 1 of {@code plan}'s run, the
     * schedule's for update k - 1 (the index of its learning rate), when the schedule cycles it; null otherwise. A
     * cycling schedule's momentum is a function of the step alone, so it is read from the schedule, not kept per
     * point.
     */
    public static IntToDoubleFunction momenta(RunPlan plan) {
        LearningRateSchedule schedule = plan.problem().schedule();
        return schedule.cyclesMomentum() ? iteration -> schedule.momentum(iteration - 1) : null;
    }

    /** One iterate as the API shows it, with its momentum when {@code momentum} is not null. */
    static IterateView view(List<String> variables, Iterate iterate, IntToDoubleFunction momentum) {
        double[] x = iterate.point();
        Map<String, Double> point = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) {
            point.put(variables.get(i), finiteOrNull(x[i]));
        }
        Double cycled = momentum == null || iterate.iteration() == 0 ? null
                : finiteOrNull(momentum.applyAsDouble(iterate.iteration()));
        return new IterateView(iterate.iteration(), point, finiteOrNull(iterate.value()),
                finiteOrNull(iterate.gradientNorm()), finiteOrNull(iterate.learningRate()), cycled);
    }

    /** One iterate as the API shows it. */
    public static IterateView view(List<String> variables, Iterate iterate) {
        return view(variables, iterate, null);
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /**
     * The objective for this run, its formula and its default start (null when it has none), and, for a
     * regression, the regression objective.
     */
    private record ResolvedObjective(Objective objective, String formula, double[] defaultStart,
                                     RegressionObjective regression) {
    }

    private ResolvedObjective resolveRegression(RegressionSpec spec, OptimizationRequest request,
                                                Map<RegressionSpec, Dataset> datasets, Limits limits,
                                                List<FieldProblem> errors) {
        Dataset data = datasets.get(spec);
        if (data == null) {
            data = Datasets.read(spec, "objective.regression", limits.maxDataCells(), errors);
            if (data == null) {
                return null;
            }
            datasets.put(spec, data);
        }
        RegressionObjective objective = new RegressionObjective(data,
                spec.model() == RegressionSpec.Model.LOGISTIC ? RegressionObjective.Model.LOGISTIC
                        : RegressionObjective.Model.LINEAR,
                Objects.requireNonNullElse(spec.fitIntercept(), true), Objects.requireNonNullElse(spec.l1(), 0.0),
                Objects.requireNonNullElse(spec.l2(), 0.0), Objects.requireNonNullElse(spec.standardize(), false),
                request == null ? 0 : Objects.requireNonNullElse(request.batchSize(), 0),
                request == null || Objects.requireNonNullElse(request.shuffle(), true),
                request == null ? 0L : Objects.requireNonNullElse(request.seed(), 0L));
        String formula = spec.model() == RegressionSpec.Model.LOGISTIC
                ? "mean log-loss of logistic regression on " + data.rows() + " rows"
                : "mean squared error of linear regression on " + data.rows() + " rows";
        return new ResolvedObjective(objective, formula, new double[objective.dimension()], objective);
    }

    private ResolvedObjective resolveObjective(ObjectiveSpec spec, OptimizationRequest request,
                                               Map<RegressionSpec, Dataset> datasets, Limits limits,
                                               List<FieldProblem> errors) {
        boolean hasExpression = spec.expression() != null;
        boolean hasFunction = spec.function() != null;
        if ((hasExpression ? 1 : 0) + (hasFunction ? 1 : 0) + (spec.regression() == null ? 0 : 1) != 1) {
            errors.add(new FieldProblem("objective", "give exactly one of 'expression', 'function' and "
                    + "'regression'"));
            return null;
        }
        if (spec.regression() != null) {
            return resolveRegression(spec.regression(), request, datasets, limits, errors);
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
            return new ResolvedObjective(objective, spec.expression(), null, null);
        }
        CatalogFunction function = FunctionCatalog.byName(spec.function()).orElse(null);
        if (function == null) {
            errors.add(new FieldProblem("objective.function", "unknown function '" + Echo.of(spec.function())
                    + "'; known: " + String.join(", ", FunctionCatalog.names())));
            return null;
        }
        int dimension = function.dimension(spec.dimension());
        int maxDimension = Math.min(function.maxDimension(), limits.maxDimension());
        if (dimension < function.minDimension() || dimension > maxDimension) {
            errors.add(new FieldProblem("objective.dimension", function.minDimension() == function.maxDimension()
                    ? function.name() + " has dimension " + function.minDimension() + " only"
                    : "must be between " + function.minDimension() + " and " + maxDimension + " for "
                            + function.name()));
            return null;
        }
        ExpressionObjective objective = function.objective(dimension);
        return new ResolvedObjective(objective, objective.formula(), function.defaultStart(dimension), null);
    }

    private static double[] resolveStart(ResolvedObjective objective, Map<String, Double> given,
                                         List<FieldProblem> errors) {
        List<String> variables = objective.objective().variables();
        if (given == null) {
            if (objective.defaultStart() == null) {
                errors.add(new FieldProblem("start", "is required for an expression: give a value for "
                        + Echo.list(variables)));
            }
            return objective.defaultStart();
        }
        Set<String> unknown = new TreeSet<>(given.keySet());
        variables.forEach(unknown::remove);
        for (String name : unknown) {
            errors.add(new FieldProblem("start." + Echo.of(name), "is not a variable of the objective; its "
                    + "variables are " + Echo.list(variables)));
        }
        double[] start = new double[variables.size()];
        for (int i = 0; i < start.length; i++) {
            Double value = given.get(variables.get(i));
            if (value == null) {
                errors.add(new FieldProblem("start." + Echo.of(variables.get(i)), "is missing: the start needs a "
                        + "value for every variable (" + Echo.list(variables) + ")"));
            } else {
                start[i] = value;
            }
        }
        return start;
    }

    private static void batchingOnlyForRegression(OptimizationRequest request, ResolvedObjective objective,
                                                  List<FieldProblem> errors) {
        if (objective == null || objective.regression() != null) {
            return;
        }
        Map<String, Object> batching = new LinkedHashMap<>();
        batching.put("batchSize", request.batchSize());
        batching.put("epochs", request.epochs());
        batching.put("shuffle", request.shuffle());
        batching.put("seed", request.seed());
        batching.forEach((field, value) -> {
            if (value != null) {
                errors.add(new FieldProblem(field, "only applies to a regression objective"));
            }
        });
    }
}
